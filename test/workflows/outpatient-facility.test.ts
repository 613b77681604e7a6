/**
 * A person's outpatient-facility workflow on the time-skipping server with real activities and
 * PostgreSQL: a next-year change takes effect on 1 January without anything running that day, and
 * the run continues as new carrying the whole history.
 */
import { startOfShanghaiDay, shanghaiDate, yearOf } from '../../domain/dates';
import {
  type FacilityCommand,
  type FacilityRef,
  type OutpatientFacilityState,
  facilitiesOn,
  outpatientFacilityId,
} from '../../domain/outpatient-facility';
import type { Actor } from '../../domain/people';
import { personKeyOf } from '../../api/routes/care';
import { facilityActUpdate, facilityStateQuery, outpatientFacility } from '../../workflows/outpatient-facility';
import { newIdNumber } from '../support/care';
import { testPrisma } from '../support/env';
import { useTimeSkipping } from '../support/time-skipping';

const prisma = testPrisma();
const taskQueue = 'outpatient-facility-time-skipping';
const ts = useTimeSkipping(prisma, taskQueue);
const clerk: Actor = { username: 'taishan.clerk', role: 'window_clerk', jurisdiction: 'taishan' };
const community: FacilityRef = { code: 'H44078111', name: '台山市台城街道社区卫生服务中心', county: '台山市', grade: 1, offsite: false };
const hospital: FacilityRef = { code: 'H44078101', name: '台山市人民医院', county: '台山市', grade: 3, offsite: false };

const command = (action: 'choose' | 'change_next_year', f: FacilityRef): FacilityCommand => ({
  action,
  actor: clerk,
  channel: 'counter',
  formRef: 'F-1',
  insuranceKind: 'employee',
  facilities: [f],
});

async function sleepUntil(epochMs: number) {
  const now = await ts.env.currentTimeMs();
  if (epochMs > now) await ts.env.sleep(epochMs - now);
}

/** Into the next change window (1 October) unless the server's today is already in one. */
async function intoChangeWindow(): Promise<string> {
  const today = shanghaiDate(await ts.env.currentTimeMs());
  if (today.slice(5) >= '10-01') return today;
  await sleepUntil(startOfShanghaiDay(`${yearOf(today)}-10-01`) + 3_600_000);
  return shanghaiDate(await ts.env.currentTimeMs());
}

function start(decisionsPerRun?: number) {
  const idNumber = newIdNumber();
  const personKey = personKeyOf(idNumber);
  const state: OutpatientFacilityState = {
    recordId: outpatientFacilityId(personKey),
    personKey,
    person: { name: '选点', idNumber },
    jurisdiction: 'taishan',
    choices: [],
    version: 0,
  };
  return ts.env.client.workflow.start(outpatientFacility, { workflowId: state.recordId, taskQueue, args: [{ state, decisionsPerRun }] });
}

test('a next-year change applies from 1 January with nothing recorded that day; the choice carries over after it', async () => {
  const today = await intoChangeWindow();
  const handle = await start();
  await handle.executeUpdate(facilityActUpdate, { args: [command('choose', community)] });
  await handle.executeUpdate(facilityActUpdate, { args: [command('change_next_year', hospital)] });
  const nextYear = yearOf(today) + 1;
  await sleepUntil(startOfShanghaiDay(`${nextYear}-03-01`)); // 1 January passes: no timer, no roll-over to miss

  const row = await prisma.outpatientFacility.findUniqueOrThrow({ where: { id: handle.workflowId } });
  const choices = row.choices as unknown as OutpatientFacilityState['choices'];
  const codes = (date: string) => facilitiesOn(choices, date).facilities.map((f) => f.code);
  expect(codes(`${nextYear - 1}-12-31`)).toEqual([community.code]);
  expect(codes(`${nextYear}-01-01`)).toEqual([hospital.code]);
  expect(facilitiesOn(choices, `${nextYear + 2}-06-01`)).toMatchObject({ carriedOver: true, facilities: [{ code: hospital.code }] });
  const events = await prisma.auditEvent.findMany({ where: { caseId: handle.workflowId }, orderBy: { seq: 'asc' } });
  expect(events.map((e) => e.action)).toEqual(['choose', 'change_next_year']);
  expect((await handle.query(facilityStateQuery)).version).toBe(row.version);

  // Outside the window (March) a next-year change is refused with the window's dates.
  await expect(handle.executeUpdate(facilityActUpdate, { args: [command('change_next_year', community)] })).rejects.toMatchObject({
    cause: { type: 'CHANGE_WINDOW_CLOSED' },
  });
});

test('the run continues as new when it has decided enough, carrying the whole history', async () => {
  await intoChangeWindow();
  const handle = await start(2);
  await handle.executeUpdate(facilityActUpdate, { args: [command('choose', community)] });
  await handle.executeUpdate(facilityActUpdate, { args: [command('change_next_year', hospital)] });
  const firstRun = ts.env.client.workflow.getHandle(handle.workflowId, handle.firstExecutionRunId);
  for (let i = 0; i < 100 && (await firstRun.describe()).status.name !== 'CONTINUED_AS_NEW'; i++)
    await new Promise((r) => setTimeout(r, 100));
  expect((await firstRun.describe()).status.name).toBe('CONTINUED_AS_NEW');
  const latest = ts.env.client.workflow.getHandle(handle.workflowId);
  const after = await latest.executeUpdate(facilityActUpdate, { args: [command('change_next_year', community)] });
  expect(after.choices.map((c) => c.action)).toEqual(['choose', 'change_next_year', 'change_next_year']);
  expect(after.version).toBe(3);
  const audit = await prisma.auditEvent.findMany({ where: { caseId: handle.workflowId }, orderBy: { seq: 'asc' }, select: { seq: true } });
  expect(audit.map((a) => a.seq)).toEqual([1, 2, 3]);
});
