/**
 * The one work queue over HTTP (issue 18): GET /tasks across processes, waiting on my role in my
 * jurisdiction, sorted by deadline and paged by keyset with totals, correct with more than 1,000 open
 * cases; claim, a decision by another refused, a supervisor's reassignment, comments, all in the
 * case's history. 鹤山 (heshan) is this file's own county: no other test file uses it.
 */
import { randomUUID } from 'node:crypto';
import { applicationNo, testPrisma } from '../support/env';
import { startTestService, type TestService } from '../support/service';
import { ensureUsers } from '../support/users';
import { idNumberOf } from '../support/id-number';
import { RETIREMENT, insertOpenCases } from '../support/tasks';

const prisma = testPrisma();
let svc: TestService;
const tokens: Record<string, string> = {};
const as = (user: string) => tokens[user]!;
const BULK = 1_050;

beforeAll(async () => {
  await ensureUsers(prisma, [
    { username: 'heshan.clerk', displayName: '鹤山窗口受理人员', role: 'window_clerk', jurisdiction: 'heshan' },
    { username: 'heshan.reviewer', displayName: '鹤山审核员甲', role: 'reviewer', jurisdiction: 'heshan' },
    { username: 'heshan.reviewer2', displayName: '鹤山审核员乙', role: 'reviewer', jurisdiction: 'heshan' },
    { username: 'heshan.approver', displayName: '鹤山核准人员', role: 'approver', jurisdiction: 'heshan' },
  ]);
  svc = await startTestService(prisma, `it-tasks-${randomUUID()}`);
  for (const u of [
    'heshan.clerk',
    'heshan.reviewer',
    'heshan.reviewer2',
    'heshan.approver',
    'heshan.supervisor',
    'taishan.reviewer',
    'taishan.supervisor',
  ]) {
    tokens[u] = await svc.login(u);
  }
  // 1,050 open cases waiting on 审核 in 鹤山, due three a day from 2025-01-06 (all overdue)
  await insertOpenCases(prisma, 'heshan', 'HS-BULK', BULK);
}, 120_000);

afterAll(async () => {
  await svc?.stop();
  await prisma.$disconnect();
});

const get = (user: string, path: string) => svc.call(as(user), 'GET', path);
const post = (user: string, path: string, body?: object) => svc.call(as(user), 'POST', path, body ?? {});
const enc = encodeURIComponent;

test('a reviewer pages through more than 1,000 open cases by deadline: every one once, in order, with the totals', async () => {
  const first = await get('heshan.reviewer', '/tasks?pageSize=200');
  expect(first.status).toBe(200);
  expect(first.body.total).toBeGreaterThanOrEqual(BULK);
  const seen: { id: string; dueDate: string | null }[] = [];
  let page = first.body;
  let pages = 1;
  for (;;) {
    seen.push(...page.items);
    if (!page.nextCursor) break;
    page = (await get('heshan.reviewer', `/tasks?pageSize=200&cursor=${page.nextCursor}`)).body;
    expect(page.total).toBe(first.body.total);
    pages++;
  }
  expect(seen).toHaveLength(first.body.total);
  expect(new Set(seen.map((t) => t.id)).size).toBe(seen.length);
  expect(pages).toBe(Math.ceil(first.body.total / 200));
  const order = seen.map((t) => `${t.dueDate ?? '9999-99-99'} ${t.id}`);
  expect(order).toEqual([...order].sort());
  // the most urgent case is the first of the first page
  expect(first.body.items[0]).toMatchObject({
    id: `service-case:${RETIREMENT}:HS-BULK-00000`,
    dueDate: '2025-01-06',
    overdue: true,
    process: 'service_case',
    processTitle: '政务服务事项',
    stage: 'review',
    stageName: '待审核',
    subject: '申请人0',
    reference: 'HS-BULK-00000',
    assignee: null,
  });
  expect(first.body.overdue).toBeGreaterThanOrEqual(BULK);
});

test('the queue waits on my role in my jurisdiction: the clerk and another county see none of them; filters narrow it', async () => {
  const clerk = await get('heshan.clerk', '/tasks?pageSize=200');
  expect(clerk.body.items.some((t: { id: string }) => t.id.includes('HS-BULK'))).toBe(false);
  const taishan = await get('taishan.reviewer', '/tasks?pageSize=200');
  expect(taishan.body.items.every((t: { jurisdiction: string }) => t.jurisdiction === 'taishan')).toBe(true);
  expect((await get('taishan.reviewer', '/tasks?county=heshan')).status).toBe(403);
  // the supervisor of 鹤山 sees all open work of the county (waiting=all), none waits on them
  expect((await get('heshan.supervisor', '/tasks')).body.total).toBe(0);
  expect((await get('heshan.supervisor', '/tasks?waiting=all&process=service_case')).body.total).toBeGreaterThanOrEqual(BULK);

  const byItem = await get('heshan.reviewer', `/tasks?itemCode=442189208003`);
  expect(byItem.body.items.some((t: { id: string }) => t.id.includes('HS-BULK'))).toBe(false);
  const notOverdue = await get('heshan.reviewer', '/tasks?overdue=false&pageSize=200');
  expect(notOverdue.body.items.some((t: { id: string }) => t.id.includes('HS-BULK'))).toBe(false);
  const funds = await get('heshan.reviewer', '/tasks?process=fund_request');
  expect(funds.body.total).toBe(0);
  expect((await get('heshan.reviewer', '/tasks?process=nonsense')).body.code).toBe('VALIDATION_FAILED');
  expect((await get('heshan.reviewer', '/tasks?cursor=garbage')).body.code).toBe('VALIDATION_FAILED');
});

test('claim, a decision by another reviewer refused, a supervisor reassigns, the new assignee decides; all in the history with a comment', async () => {
  const created = await post('heshan.clerk', '/cases', {
    itemCode: RETIREMENT,
    applicationNo: applicationNo('HSC'),
    jurisdiction: 'heshan',
    applicant: { name: '何七', idNumber: idNumberOf('440784', '1960-01-01', 123) },
  });
  expect(created.status).toBe(201);
  const id = created.body.id as string;
  expect((await post('heshan.clerk', `/cases/${enc(id)}/actions`, { action: 'accept' })).status).toBe(200);

  // unclaimed: visible to both reviewers, claimed by neither
  for (const r of ['heshan.reviewer', 'heshan.reviewer2']) {
    const mine = await get(r, `/tasks?overdue=false&pageSize=200`);
    expect(mine.body.items.find((t: { id: string }) => t.id === id)).toMatchObject({ assignee: null, stage: 'review' });
  }
  expect((await post('heshan.clerk', `/tasks/${enc(id)}/claim`)).status).toBe(403); // not the clerk's stage

  const claimed = await post('heshan.reviewer', `/tasks/${enc(id)}/claim`);
  expect(claimed.status).toBe(200);
  expect(claimed.body).toMatchObject({ assignee: 'heshan.reviewer', assigneeName: '鹤山审核员甲', stage: 'review' });
  const taken = await post('heshan.reviewer2', `/tasks/${enc(id)}/claim`);
  expect(taken).toMatchObject({ status: 409, body: { code: 'TASK_ALREADY_CLAIMED' } });
  expect(taken.body.message).toContain('鹤山审核员甲');
  // still visible to the other reviewer, with its assignee; "mine" only to the claimer
  const other = await get('heshan.reviewer2', `/tasks?overdue=false&pageSize=200`);
  expect(other.body.items.find((t: { id: string }) => t.id === id)).toMatchObject({
    assignee: 'heshan.reviewer',
    assigneeName: '鹤山审核员甲',
  });
  expect((await get('heshan.reviewer', `/tasks?mine=true`)).body.items.map((t: { id: string }) => t.id)).toEqual([id]);
  expect((await get('heshan.reviewer2', `/tasks?mine=true`)).body.total).toBe(0);

  const refused = await post('heshan.reviewer2', `/cases/${enc(id)}/actions`, { action: 'review' });
  expect(refused).toMatchObject({ status: 409, body: { code: 'TASK_HELD_BY_OTHER' } });
  expect((await get('heshan.reviewer2', `/cases/${enc(id)}`)).body.pendingStep).toBe('review'); // nothing changed

  expect((await post('heshan.reviewer', `/tasks/${enc(id)}/assign`, { assignee: 'heshan.reviewer2' })).status).toBe(403);
  expect((await post('taishan.supervisor', `/tasks/${enc(id)}/assign`, { assignee: 'heshan.reviewer2' })).status).toBe(403);
  const notEligible = await post('heshan.supervisor', `/tasks/${enc(id)}/assign`, { assignee: 'heshan.clerk' });
  expect(notEligible).toMatchObject({ status: 409, body: { code: 'ASSIGNEE_NOT_ELIGIBLE' } });
  const reassigned = await post('heshan.supervisor', `/tasks/${enc(id)}/assign`, { assignee: 'heshan.reviewer2', reason: '甲休假' });
  expect(reassigned.body).toMatchObject({ assignee: 'heshan.reviewer2', assigneeName: '鹤山审核员乙' });

  expect((await post('heshan.reviewer', `/cases/${enc(id)}/actions`, { action: 'review' })).body.code).toBe('TASK_HELD_BY_OTHER');
  const comment = await post('heshan.reviewer2', `/records/${enc(id)}/comments`, { text: '已电话核实缴费年限' });
  expect(comment.status).toBe(201);
  expect((await post('heshan.reviewer2', `/records/${enc(id)}/comments`, { text: '   ' })).body.code).toBe('VALIDATION_FAILED');
  const reviewed = await post('heshan.reviewer2', `/cases/${enc(id)}/actions`, { action: 'review' });
  expect(reviewed.status).toBe(200);
  expect(reviewed.body.pendingStep).toBe('complete');

  // the next stage is unclaimed again: the approver decides without a claim
  const approverTask = (await get('heshan.approver', `/tasks?overdue=false&pageSize=200`)).body.items.find(
    (t: { id: string }) => t.id === id,
  );
  expect(approverTask).toMatchObject({ stage: 'complete', assignee: null });

  const page = await get('heshan.reviewer2', `/cases/${enc(id)}`);
  const history = page.body.history as { action: string; actor: string; note: string | null; before: unknown; after: unknown }[];
  const actions = history.map((h) => h.action);
  expect(actions).toEqual(['applied', 'accept', 'claim', 'reassign', 'comment', 'review']);
  expect(history.find((h) => h.action === 'reassign')).toMatchObject({
    actor: 'heshan.supervisor',
    before: { assignee: 'heshan.reviewer' },
    after: { assignee: 'heshan.reviewer2', stage: 'review' },
  });
  expect(history.find((h) => h.action === 'comment')).toMatchObject({ actor: 'heshan.reviewer2', note: '已电话核实缴费年限' });
  expect(await prisma.securityEvent.count({ where: { code: 'TASK_HELD_BY_OTHER', target: id } })).toBe(2);
});
