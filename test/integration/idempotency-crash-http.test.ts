/**
 * Issue 13 §13: a decision that succeeded just before the service crashed (applied by the workflow,
 * but its answer never stored or sent) is retried with the same Idempotency-Key after a restart:
 * the retry gets the original outcome (200, the case as it was left), not 409 CASE_CLOSED.
 * Real service, restarted between the two calls; real Temporal dev server and PostgreSQL.
 */
import { randomUUID } from 'node:crypto';
import { addDays, shanghaiDate } from '../../domain/dates';
import { actUpdate } from '../../workflows/service-case';
import { certificationActUpdate } from '../../workflows/special-disease-certification';
import { newIdNumber } from '../support/care';
import { applicationNo, testPrisma } from '../support/env';
import { startTestService, type TestService } from '../support/service';

const prisma = testPrisma();
const taskQueue = `it-idem-crash-${randomUUID()}`;
let svc: TestService;
const tokens: Record<string, string> = {};
const users = ['taishan.clerk', 'taishan.reviewer', 'taishan.approver', 'kaiping.hospital'];

async function start() {
  svc = await startTestService(prisma, taskQueue);
  for (const u of users) tokens[u] = await svc.login(u);
}

beforeAll(start, 120_000);
afterAll(async () => {
  await svc?.stop();
  await prisma.$disconnect();
});

const act = (user: string, id: string, body: object, key?: string) =>
  svc.call(tokens[user]!, 'POST', `/cases/${encodeURIComponent(id)}/actions`, body, key ? { 'idempotency-key': key } : {});

async function caseAwaitingCompletion(): Promise<string> {
  const created = await svc.call(tokens['taishan.clerk']!, 'POST', '/cases', {
    itemCode: '442189209003',
    applicationNo: applicationNo('CR'),
    jurisdiction: 'taishan',
    applicant: { name: '王五', idNumber: '440781195801011238' },
  });
  expect(created.status).toBe(201);
  expect((await act('taishan.clerk', created.body.id, { action: 'accept' })).status).toBe(200);
  expect((await act('taishan.reviewer', created.body.id, { action: 'review' })).status).toBe(200);
  return created.body.id as string;
}

test('a complete applied just before a crash, retried with its key after a restart, answers 200 with the completed case', async () => {
  const id = await caseAwaitingCompletion();
  const key = `complete-${randomUUID()}`;
  // What the API had done when it died: the Update (its ID derived from the key) was applied and
  // the workflow finished; the answer was neither stored nor sent.
  await svc.api.client.workflow.getHandle(id).executeUpdate(actUpdate, {
    args: [{ action: 'complete', actor: { username: 'taishan.approver', role: 'approver', jurisdiction: 'taishan' } }],
    updateId: `taishan.approver:${key}`,
  });
  await svc.api.client.workflow.getHandle(id).result();
  expect(await prisma.idempotencyRecord.count({ where: { actor: 'taishan.approver', key } })).toBe(0);

  await svc.stop();
  await start();

  const retried = await act('taishan.approver', id, { action: 'complete' }, key);
  expect(retried.status).toBe(200);
  expect(retried.body).toMatchObject({ id, status: 'completed', pendingStep: null });
  // Applied once: one 'complete' in the history.
  const history = await prisma.auditEvent.findMany({ where: { caseId: id, action: 'complete' } });
  expect(history).toHaveLength(1);

  // From now on the stored answer is replayed; a new key is an honest new request, refused.
  const again = await act('taishan.approver', id, { action: 'complete' }, key);
  expect(again.status).toBe(200);
  expect(again.headers.get('idempotent-replayed')).toBe('true');
  const fresh = await act('taishan.approver', id, { action: 'complete' }, `complete-${randomUUID()}`);
  expect(fresh.status).toBe(409);
  expect(fresh.body.code).toBe('CASE_CLOSED');
}, 120_000);

test('an answer already stored survives the restart too', async () => {
  const id = await caseAwaitingCompletion();
  const key = `complete-${randomUUID()}`;
  const first = await act('taishan.approver', id, { action: 'complete' }, key);
  expect(first.status).toBe(200);

  await svc.stop();
  await start();

  const retried = await act('taishan.approver', id, { action: 'complete' }, key);
  expect(retried.status).toBe(200);
  expect(retried.headers.get('idempotent-replayed')).toBe('true');
  expect(retried.body).toEqual(first.body);
}, 120_000);

test('a renewal applied just before a crash (the certification then continued as new) answers 200 on retry, not 409', async () => {
  const today = shanghaiDate(Date.now());
  // a 12-month period whose renewal window (its last 30 days) is open today
  const created = await svc.call(tokens['kaiping.hospital']!, 'POST', '/special-disease/certifications', {
    person: { name: '赵六', idNumber: newIdNumber() },
    insuredPlace: 'kaiping',
    diseaseCode: 'MT001',
    institutionCode: 'H44078301',
    periodStart: addDays(today, -355),
  });
  expect(created.status).toBe(201);
  const { id } = created.body;
  const lastDay = created.body.period.end as string;
  expect(created.body.windows.windowOpens <= today && today <= lastDay).toBe(true);

  const key = `renew-${randomUUID()}`;
  await svc.api.client.workflow.getHandle(id).executeUpdate(certificationActUpdate, {
    args: [{ action: 'renew', actor: { username: 'kaiping.hospital', role: 'institution', jurisdiction: 'kaiping' } }],
    updateId: `kaiping.hospital:${key}`,
  });

  await svc.stop();
  await start();

  const path = `/special-disease/certifications/${encodeURIComponent(id)}/actions`;
  const retried = await svc.call(tokens['kaiping.hospital']!, 'POST', path, { action: 'renew' }, { 'idempotency-key': key });
  expect(retried.status).toBe(200);
  expect(retried.body.period.start).toBe(addDays(lastDay, 1)); // renewed once, from E+1
  // a renewal with a new key is a new request: the new period's window is not open
  const fresh = await svc.call(
    tokens['kaiping.hospital']!,
    'POST',
    path,
    { action: 'renew' },
    { 'idempotency-key': `renew-${randomUUID()}` },
  );
  expect(fresh.status).toBe(409);
  expect(fresh.body.code).toBe('RENEWAL_WINDOW_CLOSED');
}, 120_000);
