/**
 * Special-disease certifications on the time-skipping server with real activities and PostgreSQL:
 * the five notices land on their days, renewals start on E+1 with nothing sent after them, and
 * renewals keep each run's history small (continue-as-new).
 */
import { certificationId } from '../../domain/certification';
import { addDays, shanghaiDate, startOfShanghaiDay } from '../../domain/dates';
import type { Actor } from '../../domain/people';
import { DEFAULT_NOTICE_SPREAD_MINUTES, noticeInstant, noticeSendAt, periodFrom } from '../../domain/special-disease';
import {
  certificationActUpdate,
  certificationOpenedUpdate,
  certificationStateQuery,
  noticeSpreadKey,
  specialDiseaseCertification,
} from '../../workflows/special-disease-certification';
import { personKeyOf } from '../../api/routes/care';
import { newIdNumber } from '../support/care';
import { newCertification } from '../support/certification';
import { testPrisma } from '../support/env';
import { useTimeSkipping } from '../support/time-skipping';

const prisma = testPrisma();
const taskQueue = 'special-disease-time-skipping';
const ts = useTimeSkipping(prisma, taskQueue);
const hospital: Actor = { username: 'enping.hospital', role: 'institution', jurisdiction: 'enping' };
const MONTHS = 2; // a short period keeps the skipped time small

/** A minute after the send window of day `on` closes: every notice due that day has gone. */
const afterSendWindow = (on: string) => noticeInstant(on) + DEFAULT_NOTICE_SPREAD_MINUTES * 60_000 + 60_000;

async function sleepUntil(epochMs: number) {
  const now = await ts.env.currentTimeMs();
  if (epochMs > now) await ts.env.sleep(epochMs - now);
}

async function certify() {
  const idNumber = newIdNumber();
  const personKey = personKeyOf(idNumber);
  const id = certificationId(personKey, 'MT002');
  const start = shanghaiDate(await ts.env.currentTimeMs());
  const period = periodFrom(start, MONTHS);
  const state = newCertification({ idNumber, name: '陈二', period, createdBy: hospital, jurisdiction: 'enping', periodMonths: MONTHS });
  const handle = await ts.env.client.workflow.start(specialDiseaseCertification, {
    workflowId: id,
    taskQueue,
    args: [{ state, recordCreation: true }],
  });
  await handle.executeUpdate(certificationOpenedUpdate);
  return { id, handle, E: period.end };
}

const noticeEvents = async (id: string) =>
  (await prisma.auditEvent.findMany({ where: { caseId: id }, orderBy: { seq: 'asc' } })).filter(
    (e) => e.action.startsWith('notice_') || e.action === 'lapsed',
  );

test('a certification left alone gets exactly the five notices on their days and lapses on E+31', async () => {
  const { id, handle, E } = await certify();
  await sleepUntil(afterSendWindow(addDays(E, 31)));
  const state = await handle.query(certificationStateQuery);
  expect(state).toMatchObject({ status: 'lapsed', lapsedOn: addDays(E, 31) });
  const events = await noticeEvents(id);
  // To the minute: each timer fires at its own moment of the 09:00–11:00 send window (issue 19),
  // derived from the notice's business key; the activation records it a few ms later.
  const minute = (ms: number) => new Date(ms).toISOString().slice(0, 16);
  const at = (kind: Parameters<typeof noticeSpreadKey>[1], day: string) => minute(noticeSendAt(day, noticeSpreadKey(state, kind)));
  expect(events.map((e) => [e.action, minute(e.at.getTime())])).toEqual([
    ['notice_window_opens_soon', at('window_opens_soon', addDays(E, -29 - 7))],
    ['notice_window_open', at('window_open', addDays(E, -29))],
    ['notice_expiring_soon', at('expiring_soon', addDays(E, -7))],
    ['notice_expired_grace', at('expired_grace', addDays(E, 1))],
    ['lapsed', at('lapsed', addDays(E, 31))],
  ]);
  // Not all at 09:00 sharp: the five moments differ (a city's notices of one day are spread likewise).
  expect(new Set(events.map((e) => e.at.getTime() % 86_400_000)).size).toBeGreaterThan(1);
  const notices = await prisma.notice.findMany({ where: { caseId: id }, orderBy: { id: 'asc' } });
  expect(notices.map((n) => n.template)).toEqual(
    ['window_opens_soon', 'window_open', 'expiring_soon', 'expired_grace', 'lapsed'].map((k) => `special_disease.${k}`),
  );
  expect(notices[3]!.body).toContain(chinese(addDays(E, 30))); // late renewal possible until E+30, written out
  const row = await prisma.certification.findUniqueOrThrow({ where: { id } });
  expect(row.status).toBe('lapsed');
  // A renewal after the lapse is refused: the workflow has ended (the API answers CASE_CLOSED).
  await expect(handle.executeUpdate(certificationActUpdate, { args: [{ action: 'renew', actor: hospital }] })).rejects.toThrow();
});

test('renewals on E−3 and on E+12 both start the new period on E+1, and nothing is sent after them', async () => {
  const early = await certify();
  const late = await certify();
  const E = early.E;
  expect(late.E).toBe(E);
  await sleepUntil(startOfShanghaiDay(addDays(E, -30)) + 10 * 3_600_000);
  await expect(early.handle.executeUpdate(certificationActUpdate, { args: [{ action: 'renew', actor: hospital }] })).rejects.toMatchObject({
    cause: { type: 'RENEWAL_WINDOW_CLOSED' },
  });
  await sleepUntil(startOfShanghaiDay(addDays(E, -3)) + 10 * 3_600_000);
  const renewedEarly = await early.handle.executeUpdate(certificationActUpdate, { args: [{ action: 'renew', actor: hospital }] });
  expect(renewedEarly.period).toEqual(periodFrom(addDays(E, 1), MONTHS));

  await sleepUntil(startOfShanghaiDay(addDays(E, 12)) + 10 * 3_600_000);
  const renewedLate = await late.handle.executeUpdate(certificationActUpdate, { args: [{ action: 'renew', actor: hospital }] });
  expect(renewedLate.period.start).toBe(addDays(E, 1));
  await sleepUntil(afterSendWindow(addDays(E, 31)));

  const renewAt = (await prisma.auditEvent.findFirstOrThrow({ where: { caseId: early.id, action: 'renew' } })).at;
  // Nothing more about the renewed period E (the new period's own notices come in their time).
  const ofOldPeriod = (e: { after: unknown }) => (e.after as { periodEnd: string }).periodEnd === E;
  expect((await noticeEvents(early.id)).filter((e) => e.at > renewAt && ofOldPeriod(e))).toEqual([]);
  const lateNotices = (await noticeEvents(late.id)).filter((e) => (e.before as { periodEnd: string }).periodEnd === E).map((e) => e.action);
  expect(lateNotices).toEqual(['notice_window_opens_soon', 'notice_window_open', 'notice_expiring_soon', 'notice_expired_grace']);
  expect((await prisma.auditEvent.findFirstOrThrow({ where: { caseId: late.id, action: { startsWith: 'renew' } } })).action).toBe(
    'renew_late',
  );
  expect(await ts.env.client.workflow.getHandle(late.id).query(certificationStateQuery)).toMatchObject({
    status: 'active',
    period: { start: addDays(E, 1) },
    renewals: 1,
  });
});

test('three consecutive renewals keep each run of the workflow small', async () => {
  const { handle } = await certify();
  const runs = new Set<string>();
  for (let i = 0; i < 3; i++) {
    const latest = ts.env.client.workflow.getHandle(handle.workflowId);
    const state = await latest.query(certificationStateQuery);
    await sleepUntil(startOfShanghaiDay(addDays(state.period.end, -1)) + 10 * 3_600_000);
    await latest.executeUpdate(certificationActUpdate, { args: [{ action: 'renew', actor: hospital }] });
    const described = await ts.env.client.workflow.getHandle(handle.workflowId).describe();
    runs.add(described.runId);
  }
  const final = await ts.env.client.workflow.getHandle(handle.workflowId).query(certificationStateQuery);
  expect(final.renewals).toBe(3);
  expect(final.history.periods).toHaveLength(4);
  const described = await ts.env.client.workflow.getHandle(handle.workflowId).describe();
  expect(described.historyLength).toBeLessThan(60);
  expect(runs.size).toBeGreaterThanOrEqual(2);
});

function chinese(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

test('nothing is sent during a suspension; notices resume after it', async () => {
  const { id, handle, E } = await certify();
  const clerk: Actor = { username: 'enping.clerk', role: 'window_clerk', jurisdiction: 'enping' };
  await handle.executeUpdate(certificationActUpdate, { args: [{ action: 'suspend', actor: clerk, reason: '住院期间暂停' }] });
  await sleepUntil(afterSendWindow(addDays(E, -29))); // past "window opens soon" and "window open"
  expect(await prisma.notice.count({ where: { caseId: id } })).toBe(0);
  await handle.executeUpdate(certificationActUpdate, { args: [{ action: 'resume', actor: clerk, reason: '出院恢复' }] });
  await sleepUntil(afterSendWindow(addDays(E, -7)));
  const notices = await prisma.notice.findMany({ where: { caseId: id }, orderBy: { id: 'asc' } });
  expect(notices.map((n) => n.template)).toEqual(['special_disease.expiring_soon']);
});
