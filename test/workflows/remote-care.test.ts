/**
 * Remote-care filings on the time-skipping server with real activities and PostgreSQL: a temporary
 * filing's notices before and on expiry (000 §30), the online review's reminder and breach (000
 * §29), the 6-month lock of a long-term filing (000 §30) and the register's answer before and after
 * a cancellation and a promise's materials (000 §32).
 */
import { personKeyOf } from '../../api/routes/care';
import { filingStatusOf } from '../../activities/remote-care';
import { addDays, shanghaiDate, startOfShanghaiDay } from '../../domain/dates';
import type { Actor } from '../../domain/people';
import { type OpenFilingInput, openFiling } from '../../domain/remote-care-filing';
import { calendarFrom } from '../../domain/working-days';
import { filingActUpdate, filingOpenedUpdate, filingStateQuery, remoteCareFiling } from '../../workflows/remote-care-filing';
import { newIdNumber } from '../support/care';
import { hasPatchInForce } from '../support/patches';
import { applicationNo, testPrisma } from '../support/env';
import { useTimeSkipping } from '../support/time-skipping';

const prisma = testPrisma();
const taskQueue = 'remote-care-time-skipping';
const ts = useTimeSkipping(prisma, taskQueue);
const clerk: Actor = { username: 'kaiping.clerk', role: 'window_clerk', jurisdiction: 'kaiping' };
const reviewer: Actor = { ...clerk, username: 'kaiping.reviewer', role: 'reviewer' };
const shanghai = { province: '上海市', city: '上海市' };
const at0900 = (d: string) => startOfShanghaiDay(d) + 9 * 3_600_000;

async function sleepUntil(epochMs: number) {
  const now = await ts.env.currentTimeMs();
  if (epochMs > now) await ts.env.sleep(epochMs - now);
}

async function file(over: Partial<OpenFilingInput>) {
  const idNumber = newIdNumber();
  const receivedOn = shanghaiDate(await ts.env.currentTimeMs());
  const state = openFiling(
    {
      personKey: personKeyOf(idNumber),
      person: { name: '关小明', idNumber },
      filingNo: applicationNo('RC'),
      insuredPlace: 'jiangmen',
      type: 'other_temporary',
      place: shanghai,
      materials: ['id_document'],
      personalPromise: false,
      jurisdiction: 'kaiping',
      channel: 'counter',
      createdBy: clerk,
      receivedOn,
      ...over,
    },
    calendarFrom([]),
  );
  const handle = await ts.env.client.workflow.start(remoteCareFiling, { workflowId: state.filingId, taskQueue, args: [{ state }] });
  await handle.executeUpdate(filingOpenedUpdate);
  return { handle, state, receivedOn };
}

test('an online filing is reminded and breached at 2 working days, then approved from the approval day', async () => {
  const { handle, state } = await file({
    channel: 'online',
    type: 'long_term_residence',
    materials: ['id_document', 'filing_form', 'residence_permit'],
  });
  const opened = await handle.query(filingStateQuery);
  expect(opened).toMatchObject({ status: 'under_review', deadline: { workingDays: 2 } });
  await sleepUntil(opened.deadline!.dueAtMs + 60_000);
  const breached = await handle.query(filingStateQuery);
  expect(breached.remindedAt).not.toBeNull();
  expect(breached.breachedAt).toBe(new Date(opened.deadline!.dueAtMs).toISOString());
  const notified = await prisma.notification.findMany({ where: { caseId: state.filingId } });
  expect(notified.map((n) => n.kind).sort()).toEqual(expect.arrayContaining(['deadline_breached', 'deadline_reminder']));
  // A new filing runs on the shared deadline watcher: its history has the patch in force (issue 11).
  expect(hasPatchInForce((await handle.fetchHistory()).events ?? [], 'remote-care-deadline-watcher')).toBe(true);
  const approvedOn = shanghaiDate(await ts.env.currentTimeMs());
  const approved = await handle.executeUpdate(filingActUpdate, { args: [{ action: 'review', approve: true, actor: reviewer }] });
  expect(approved).toMatchObject({ status: 'active', filedOn: approvedOn, validity: { from: approvedOn, until: null } });
  expect((await prisma.remoteCareFiling.findUniqueOrThrow({ where: { id: state.filingId } })).validFrom).toBe(approvedOn);
});

test('a long-term filing on promise: locked for 6 months (the refusal says from when), materials change the level, cancelled after', async () => {
  const { handle, state } = await file({ type: 'stationed_work', materials: ['id_document', 'filing_form'], personalPromise: true });
  expect(state.personalPromise).toBe(true);
  const from = state.validity!.changeableFrom!;
  const q = {
    personKey: state.personKey,
    insuredPlace: 'jiangmen' as const,
    place: shanghai,
    care: 'inpatient' as const,
    date: state.receivedOn,
  };
  expect((await filingStatusOf(prisma, q)).home).toMatchObject({ inpatientPoints: -20, generalOutpatient: false });

  const locked = handle.executeUpdate(filingActUpdate, { args: [{ action: 'cancel', reason: '已回江门居住', actor: clerk }] });
  await expect(locked).rejects.toMatchObject({ cause: { type: 'FILING_LOCKED', message: expect.stringContaining(`${from} 起可以取消`) } });
  const still = await handle.executeUpdate(filingActUpdate, {
    args: [{ action: 'deliver_materials', materials: ['posting_letter'], actor: clerk }],
  });
  expect(still.materialsDeliveredOn).toBe(state.receivedOn);
  expect((await filingStatusOf(prisma, q)).home).toMatchObject({ inpatientPoints: -10, generalOutpatient: true });

  await sleepUntil(startOfShanghaiDay(from) + 10 * 3_600_000);
  const cancelled = await handle.executeUpdate(filingActUpdate, { args: [{ action: 'cancel', reason: '已回江门居住', actor: clerk }] });
  expect(cancelled).toMatchObject({ status: 'cancelled', cancelledOn: from });
  expect((await filingStatusOf(prisma, { ...q, care: 'outpatient', date: addDays(from, -1) })).filed).toBe(true);
  expect((await filingStatusOf(prisma, { ...q, care: 'outpatient', date: from })).filed).toBe(false);
  const actions = (await prisma.auditEvent.findMany({ where: { caseId: state.filingId }, orderBy: { seq: 'asc' } })).map((e) => e.action);
  expect(actions).toEqual(['filed', 'deliver_materials', 'cancel']); // the refused cancellation changed nothing
});

// Last: the test server's clock may jump far ahead once workflows end (TOOLCHAIN).
test('a temporary filing: notice 7 days before expiry, expiry 6 months on, both through the outbox', async () => {
  const { handle, state, receivedOn } = await file({});
  expect(state.validity?.until).toBeDefined();
  const expires = addDays(state.validity!.until!, 1);
  await sleepUntil(at0900(expires) - 60_000);
  expect((await handle.query(filingStateQuery)).status).toBe('active');
  await sleepUntil(at0900(expires) + 60_000);
  expect(await handle.query(filingStateQuery)).toMatchObject({ status: 'expired', noticesDone: ['expiring_soon', 'expired'] });
  const events = await prisma.auditEvent.findMany({ where: { caseId: state.filingId }, orderBy: { seq: 'asc' } });
  const minute = (ms: number) => new Date(ms).toISOString().slice(0, 16);
  expect(events.map((e) => [e.action, minute(e.at.getTime())])).toEqual([
    ['filed', expect.any(String)],
    ['notice_expiring_soon', minute(at0900(addDays(expires, -7)))],
    ['expired', minute(at0900(expires))],
  ]);
  const notices = await prisma.notice.findMany({ where: { caseId: state.filingId }, orderBy: { id: 'asc' } });
  expect(notices.map((n) => n.template)).toEqual(['remote_care.expiring_soon', 'remote_care.expired']);
  const row = await prisma.remoteCareFiling.findUniqueOrThrow({ where: { id: state.filingId } });
  expect(row).toMatchObject({ status: 'expired', validFrom: receivedOn, validUntil: state.validity!.until });
  const q = { personKey: state.personKey, insuredPlace: 'jiangmen' as const, place: shanghai, care: 'outpatient' as const };
  expect((await filingStatusOf(prisma, { ...q, date: state.validity!.until! })).filed).toBe(true);
  expect((await filingStatusOf(prisma, { ...q, date: expires })).filed).toBe(false);
  // 000 §31: an admission on the last valid day is still settled normally
  expect(
    (await filingStatusOf(prisma, { ...q, care: 'inpatient', date: addDays(expires, 5), admittedOn: state.validity!.until! })).filed,
  ).toBe(true);
});

test('an emergency filing ends its run once filed: it covers its admission only and nothing can change it', async () => {
  const admittedOn = shanghaiDate(await ts.env.currentTimeMs());
  const { handle, state } = await file({
    type: 'emergency',
    channel: 'emergency_flag',
    materials: [],
    validityFacts: { admission: { admittedOn } },
  });
  const ended = await Promise.race([
    handle.result(),
    new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 10_000)),
  ]);
  expect(ended).toMatchObject({ status: 'active', validity: { from: admittedOn, admissionOnly: true } });
  expect((await handle.describe()).status.name).toBe('COMPLETED');
  expect(hasPatchInForce((await handle.fetchHistory()).events ?? [], 'remote-care-emergency-ends')).toBe(true);
  // the register still answers for the admission (000 §27(二))
  const q = { personKey: state.personKey, insuredPlace: 'jiangmen' as const, place: shanghai, care: 'inpatient' as const };
  expect((await filingStatusOf(prisma, { ...q, date: addDays(admittedOn, 3), admittedOn })).filed).toBe(true);
});
