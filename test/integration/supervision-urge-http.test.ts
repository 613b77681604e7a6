/**
 * 督办 (issue 18): a supervisor urges the assignee of an open case — audited under urge:<case>,
 * a staff notification and a notice in the outbox (template supervision.urge) for the assignee —
 * and, on a case nobody has taken yet, the users of the role its step waits on. Refused, with
 * nothing written: another role, another county's case, a closed case. The drill-down's filter of
 * breached cases (GET /cases?breached=true) lists only those.
 */
import { randomUUID } from 'node:crypto';
import { applicationNo, testPrisma } from '../support/env';
import { startTestService, type TestService } from '../support/service';

const prisma = testPrisma();
let svc: TestService;
const tokens: Record<string, string> = {};
const as = (user: string) => tokens[user]!;

beforeAll(async () => {
  svc = await startTestService(prisma, `it-urge-${randomUUID()}`);
  for (const u of ['taishan.clerk', 'taishan.reviewer', 'taishan.supervisor', 'kaiping.supervisor', 'municipal.supervisor']) {
    tokens[u] = await svc.login(u);
  }
}, 120_000);

afterAll(async () => {
  await svc?.stop();
  await prisma.$disconnect();
});

const RETIREMENT = '442189209003'; // 申请-受理-审核-办结
async function createCase() {
  const res = await svc.call(as('taishan.clerk'), 'POST', '/cases', {
    itemCode: RETIREMENT,
    applicationNo: applicationNo('URGE'),
    jurisdiction: 'taishan',
    applicant: { name: '李四', idNumber: '44078119580308123X', phone: '13800138000' },
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
}
const urge = (user: string, recordId: string, note = '请今日内办结') => svc.call(as(user), 'POST', '/supervision/urge', { recordId, note });
const written = async (recordId: string) => ({
  audit: await prisma.auditEvent.findMany({ where: { caseId: `urge:${recordId}` }, orderBy: { seq: 'asc' } }),
  notices: await prisma.notice.findMany({ where: { caseId: recordId, template: 'supervision.urge' }, orderBy: { id: 'asc' } }),
  notifications: await prisma.notification.findMany({ where: { caseId: recordId, kind: 'urge' }, orderBy: { id: 'asc' } }),
});

test("urges an accepted case's assignee: audited, a notification and an outbox notice for the assignee", async () => {
  const id = await createCase();
  expect((await svc.call(as('taishan.clerk'), 'POST', `/cases/${encodeURIComponent(id)}/actions`, { action: 'accept' })).status).toBe(200);

  const res = await urge('taishan.supervisor', id);
  expect(res.status).toBe(201);
  expect(res.body).toMatchObject({ recordId: id, recipients: ['taishan.clerk'], seq: 1 });

  const w = await written(id);
  expect(w.audit.map((e) => [e.action, e.actor, e.actorRole, e.office, e.reason])).toEqual([
    ['urge', 'taishan.supervisor', 'supervisor', 'taishan', '请今日内办结'],
  ]);
  expect(w.notifications.map((n) => n.recipient)).toEqual(['taishan.clerk']);
  expect(w.notices).toHaveLength(1);
  expect(w.notices[0]).toMatchObject({ personKey: 'staff:taishan.clerk', jurisdiction: 'taishan' });
  expect(w.notices[0]!.subject).toContain('督办');
  expect(w.notices[0]!.body).toContain('请今日内办结');
  expect(res.body.noticeIds).toEqual([String(w.notices[0]!.id)]);
  // the supervisor's outbox shows it
  const outbox = await svc.call(as('taishan.supervisor'), 'GET', `/notices?caseId=${encodeURIComponent(id)}`);
  expect(outbox.body.items.map((n: any) => n.template)).toEqual(['supervision.urge']);

  // a second urge is a second event, not a repeat of the first
  expect((await urge('taishan.supervisor', id, '再次督办')).body.seq).toBe(2);
  expect((await written(id)).audit.map((e) => e.reason)).toEqual(['请今日内办结', '再次督办']);
}, 60_000);

test('urges the role a case waits on when nobody has taken it yet', async () => {
  const id = await createCase(); // waits on acceptance: window clerks of 台山
  const res = await urge('municipal.supervisor', id);
  expect(res.status).toBe(201);
  const clerks = (await prisma.user.findMany({ where: { role: 'window_clerk', jurisdiction: 'taishan', disabledAt: null } })).map(
    (u) => u.username,
  );
  expect(res.body.recipients).toEqual(clerks.sort());
  expect((await written(id)).notifications.map((n) => n.recipient).sort()).toEqual(clerks.sort());
}, 60_000);

test("refuses another role, another county's supervisor and a closed case, writing nothing", async () => {
  const id = await createCase();
  const byReviewer = await urge('taishan.reviewer', id);
  expect(byReviewer.status).toBe(403);
  expect(byReviewer.body.code).toBe('ROLE_NOT_ALLOWED');

  const byKaiping = await urge('kaiping.supervisor', id);
  expect(byKaiping.status).toBe(403);
  expect(byKaiping.body).toMatchObject({ code: 'OUT_OF_JURISDICTION', message: '该办件属于台山，不在您的督办范围内' });

  const withdrawn = await svc.call(as('taishan.clerk'), 'POST', `/cases/${encodeURIComponent(id)}/actions`, {
    action: 'withdraw',
    reason: '申请人撤回',
  });
  expect(withdrawn.status).toBe(200);
  const closed = await urge('taishan.supervisor', id);
  expect(closed.status).toBe(409);
  expect(closed.body.code).toBe('CASE_WRONG_STATE');

  const blank = await urge('taishan.supervisor', id, '  ');
  expect(blank.status).toBe(400);
  const unknown = await urge('taishan.supervisor', 'fund-request:turnover:taishan:2026-01');
  expect(unknown.status).toBe(400);

  const w = await written(id);
  expect([w.audit.length, w.notices.length, w.notifications.length]).toEqual([0, 0, 0]);
}, 60_000);

test('the drill-down lists breached cases only with breached=true', async () => {
  const breachedId = await createCase();
  const fineId = await createCase();
  await prisma.serviceCase.update({ where: { id: breachedId }, data: { breachedAt: new Date() } });
  const list = await svc.call(as('taishan.supervisor'), 'GET', '/cases?county=taishan&breached=true&pageSize=200');
  expect(list.status).toBe(200);
  const ids = list.body.items.map((c: any) => c.id);
  expect(ids).toContain(breachedId);
  expect(ids).not.toContain(fineId);
  expect(list.body.items.every((c: any) => c.deadline === null || c.deadline.breachedAt !== null)).toBe(true);
}, 60_000);
