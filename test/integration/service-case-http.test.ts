/**
 * The whole service over HTTP: real Temporal dev server, real PostgreSQL, real worker and API.
 */
import { randomUUID } from 'node:crypto';
import { applicationNo, testPrisma } from '../support/env';
import { startTestService, type TestService } from '../support/service';

const prisma = testPrisma();
let svc: TestService;
const tokens: Record<string, string> = {};
const as = (user: string) => tokens[user]!;

beforeAll(async () => {
  svc = await startTestService(prisma, `it-service-case-${randomUUID()}`);
  for (const u of [
    'taishan.clerk',
    'taishan.reviewer',
    'taishan.approver',
    'taishan.finance',
    'taishan.supervisor',
    'kaiping.clerk',
    'kaiping.supervisor',
    'municipal.supervisor',
    'municipal.admin',
    'taishan.hospital',
  ]) {
    tokens[u] = await svc.login(u);
  }
}, 120_000);

afterAll(async () => {
  await svc?.stop();
  await prisma.$disconnect();
});

const RETIREMENT = '442189209003'; // 职工医保退休待遇核定: 申请-受理-审核-办结, 5 working days
const applicant = { name: '李四', idNumber: '44078119580308123X', phone: '13800138000' };

async function createCase(itemCode = RETIREMENT, extra: Record<string, unknown> = {}) {
  const res = await svc.call(as('taishan.clerk'), 'POST', '/cases', {
    itemCode,
    applicationNo: applicationNo('IT'),
    jurisdiction: 'taishan',
    applicant,
    ...extra,
  });
  expect(res.status).toBe(201);
  return res.body;
}

const act = (user: string, id: string, body: object, headers?: Record<string, string>) =>
  svc.call(as(user), 'POST', `/cases/${encodeURIComponent(id)}/actions`, body, headers);

test('create → accept → review → complete, with the deadline and the audit trail', async () => {
  const created = await createCase();
  expect(created).toMatchObject({ status: 'open', pendingStep: 'accept', applicant: { idNumber: applicant.idNumber } });

  const accepted = await act('taishan.clerk', created.id, { action: 'accept' });
  expect(accepted.status).toBe(200);
  expect(accepted.body).toMatchObject({ pendingStep: 'review', assignee: 'taishan.clerk', deadline: { overdue: false } });
  expect(accepted.body.deadline.dueDate > accepted.body.acceptedOn).toBe(true);

  expect((await act('taishan.reviewer', created.id, { action: 'review', note: '材料齐全' })).status).toBe(200);
  const done = await act('taishan.approver', created.id, { action: 'complete' });
  expect(done.body).toMatchObject({ status: 'completed', pendingStep: null });

  const detail = await svc.call(as('taishan.supervisor'), 'GET', `/cases/${encodeURIComponent(created.id)}`);
  expect(detail.status).toBe(200);
  expect(detail.body.applicant.idNumber).toBe('440781********123X'); // a supervisor sees it masked
  expect(detail.body.history.map((e: any) => [e.action, e.actor, e.role, e.office])).toEqual([
    ['applied', 'taishan.clerk', 'window_clerk', 'taishan'],
    ['accept', 'taishan.clerk', 'window_clerk', 'taishan'],
    ['review', 'taishan.reviewer', 'reviewer', 'taishan'],
    ['complete', 'taishan.approver', 'approver', 'taishan'],
  ]);
  expect(detail.body.history[2]).toMatchObject({
    reason: null,
    note: '材料齐全',
    before: { pendingStep: 'review' },
    after: { pendingStep: 'complete' },
  });
});

test('a clerk of another county can neither see nor act on the case (403, logged)', async () => {
  const created = await createCase();
  const path = `/cases/${encodeURIComponent(created.id)}`;
  const seen = await svc.call(as('kaiping.clerk'), 'GET', path);
  expect(seen.status).toBe(403);
  expect(seen.body.code).toBe('OUT_OF_JURISDICTION');
  const acted = await act('kaiping.clerk', created.id, { action: 'accept' });
  expect(acted.status).toBe(403);
  const listed = await svc.call(as('kaiping.clerk'), 'GET', '/cases?county=taishan');
  expect(listed.status).toBe(403);
  const logged = await prisma.securityEvent.findMany({ where: { actor: 'kaiping.clerk', target: created.id } });
  expect(logged.map((e) => e.code)).toEqual(['OUT_OF_JURISDICTION', 'OUT_OF_JURISDICTION']);
  // The case did not move.
  const mine = await svc.call(as('taishan.clerk'), 'GET', path);
  expect(mine.body).toMatchObject({ status: 'open', pendingStep: 'accept', version: 1 });
  // The municipal supervisor oversees every county.
  expect((await svc.call(as('municipal.supervisor'), 'GET', path)).status).toBe(200);
});

test('an action the current step does not allow is 409 with the current state; wrong role is 403', async () => {
  const created = await createCase();
  const early = await act('taishan.approver', created.id, { action: 'complete' });
  expect(early.status).toBe(409);
  expect(early.body).toMatchObject({ code: 'CASE_WRONG_STATE', facts: { status: 'open', pendingStep: 'accept' } });
  const wrongRole = await act('taishan.reviewer', created.id, { action: 'accept' });
  expect(wrongRole.status).toBe(403);
  expect(wrongRole.body.code).toBe('ROLE_NOT_ALLOWED');
  const noReason = await act('taishan.clerk', created.id, { action: 'reject' });
  expect(noReason).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } }); // a reason is part of the command

  const rejected = await act('taishan.clerk', created.id, { action: 'reject', reason: '材料不全', returnedMaterials: ['退休审批表'] });
  expect(rejected.body).toMatchObject({ status: 'rejected', rejection: { reason: '材料不全', returnedMaterials: ['退休审批表'] } });
  const afterReject = await act('taishan.clerk', created.id, { action: 'accept' });
  expect(afterReject.status).toBe(409);
  expect(afterReject.body).toMatchObject({ code: 'CASE_CLOSED', facts: { status: 'rejected' } });
});

test('a repeated request with the same Idempotency-Key is applied once', async () => {
  const key = `k-${randomUUID()}`;
  const body = { itemCode: RETIREMENT, applicationNo: applicationNo('IDEM'), jurisdiction: 'taishan', applicant };
  const first = await svc.call(as('taishan.clerk'), 'POST', '/cases', body, { 'idempotency-key': key });
  const again = await svc.call(as('taishan.clerk'), 'POST', '/cases', body, { 'idempotency-key': key });
  expect(first.status).toBe(201);
  expect(again.status).toBe(201);
  expect(again.headers.get('idempotent-replayed')).toBe('true');
  expect(again.body).toEqual(first.body);
  const reused = await svc.call(
    as('taishan.clerk'),
    'POST',
    '/cases',
    { ...body, applicationNo: applicationNo('OTHER') },
    { 'idempotency-key': key },
  );
  expect(reused).toMatchObject({ status: 422, body: { code: 'IDEMPOTENCY_KEY_REUSED' } });

  const actKey = `a-${randomUUID()}`;
  const [a, b] = await Promise.all([
    act('taishan.clerk', first.body.id, { action: 'accept' }, { 'idempotency-key': actKey }),
    act('taishan.clerk', first.body.id, { action: 'accept' }, { 'idempotency-key': actKey }),
  ]);
  expect([a.status, b.status]).toEqual([200, 200]);
  expect(b.body).toEqual(a.body);
  const events = await prisma.auditEvent.findMany({ where: { caseId: first.body.id } });
  expect(events.map((e) => e.action).sort()).toEqual(['accept', 'applied']);
  // Without a key, the same business key still gives the one existing case.
  const sameCase = await svc.call(as('taishan.clerk'), 'POST', '/cases', body);
  expect(sameCase.status).toBe(200);
  expect(sameCase.body.id).toBe(first.body.id);
});

test('the case carries on when the worker restarts in the middle of it', async () => {
  const created = await createCase();
  await act('taishan.clerk', created.id, { action: 'accept' });
  await svc.worker.stop();
  // Sent while no worker runs: Temporal holds it until a worker is back.
  const review = act('taishan.reviewer', created.id, { action: 'review' });
  await new Promise((r) => setTimeout(r, 500));
  await svc.restartWorker();
  expect((await review).status).toBe(200);
  const done = await act('taishan.approver', created.id, { action: 'complete' });
  expect(done.body).toMatchObject({ status: 'completed' });
  expect(await prisma.auditEvent.count({ where: { caseId: created.id } })).toBe(4);
});

test('bad input is 400 with field paths and changes nothing; no token is 401', async () => {
  const appNo = applicationNo('BAD');
  const bad = await svc.call(as('taishan.clerk'), 'POST', '/cases', {
    itemCode: RETIREMENT,
    applicationNo: appNo,
    jurisdiction: 'taishan',
    applicant: { name: '王五', idNumber: '123' },
  });
  expect(bad.status).toBe(400);
  expect(bad.body.code).toBe('VALIDATION_FAILED');
  expect(bad.body.issues.map((i: any) => i.path)).toContain('body.applicant.idNumber');
  expect(await prisma.serviceCase.count({ where: { applicationNo: appNo } })).toBe(0);
  const anonymous = await svc.call(null, 'GET', '/cases');
  expect(anonymous).toMatchObject({ status: 401, body: { code: 'UNAUTHENTICATED' } });
  const unknownItem = await svc.call(as('taishan.clerk'), 'POST', '/cases', {
    itemCode: '442189299999',
    applicationNo: appNo,
    jurisdiction: 'taishan',
    applicant,
  });
  expect(unknownItem).toMatchObject({ status: 404, body: { code: 'ITEM_NOT_FOUND' } });
  const otherCounty = await svc.call(as('taishan.clerk'), 'POST', '/cases', {
    itemCode: RETIREMENT,
    applicationNo: appNo,
    jurisdiction: 'kaiping',
    applicant,
  });
  expect(otherCounty).toMatchObject({ status: 403, body: { code: 'OUT_OF_JURISDICTION' } });
});

test('an immediate item taken at the counter completes in one step', async () => {
  const created = await createCase('442189209001'); // 出具《参保凭证》: 即时办结
  expect(created).toMatchObject({ status: 'completed', pendingStep: null, deadline: null });
  expect(created.completedSteps).toEqual(['apply', 'accept', 'review', 'complete']);
});

test('lists filter by county, status and item, paginate, and mask personal numbers', async () => {
  const created = await createCase();
  const page = await svc.call(as('taishan.supervisor'), 'GET', `/cases?itemCode=${RETIREMENT}&status=open&pageSize=2`);
  expect(page.status).toBe(200);
  expect(page.body.items.length).toBeLessThanOrEqual(2);
  const list = await svc.call(as('taishan.supervisor'), 'GET', `/cases?itemCode=${RETIREMENT}&status=open&pageSize=200`);
  expect(list.body.total).toBeGreaterThanOrEqual(page.body.items.length);
  for (const item of list.body.items) {
    expect(item).toMatchObject({ jurisdiction: 'taishan', status: 'open', itemCode: RETIREMENT });
    expect(item.applicant.idNumber).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
  }
  const mine = list.body.items.find((i: any) => i.id === created.id);
  expect(mine.applicant).toEqual({ name: applicant.name, idNumber: '440781********123X', phone: '138****8000' });
  const kaiping = await svc.call(as('kaiping.supervisor'), 'GET', '/cases');
  expect(kaiping.body.items.map((i: any) => i.id)).not.toContain(created.id);
  const overdue = await svc.call(as('taishan.supervisor'), 'GET', '/cases?overdue=true');
  expect(overdue.body.items.every((i: any) => i.deadline?.overdue)).toBe(true);
});

test('an administrator corrects a year of the calendar and open deadlines are recomputed', async () => {
  const created = await createCase('442189208011'); // 个人账户资金归集: 30 working days, runs into next year
  const accepted = await act('taishan.clerk', created.id, { action: 'accept' });
  const before = accepted.body.deadline;
  const nextYear = Number(before.dueDate.slice(0, 4));
  expect(nextYear).toBeGreaterThanOrEqual(Number(accepted.body.acceptedOn.slice(0, 4)));

  const notAdmin = await svc.call(as('taishan.clerk'), 'PUT', `/calendar/${nextYear}`, { notice: 'x', holidays: [], makeupWorkdays: [] });
  expect(notAdmin.status).toBe(403);
  const invalid = await svc.call(as('municipal.admin'), 'PUT', `/calendar/${nextYear}`, {
    notice: '测试',
    holidays: [{ date: `${nextYear + 1}-01-01`, name: '元旦' }],
    makeupWorkdays: [],
  });
  expect(invalid).toMatchObject({ status: 400, body: { code: 'CALENDAR_INVALID' } });

  // Declare the due date itself a holiday in a correction of that year (keeping what was there).
  const current = await svc.call(as('municipal.admin'), 'GET', `/calendar/${nextYear}`);
  const year = current.status === 200 ? current.body : { notice: '测试', holidays: [], makeupWorkdays: [] };
  try {
    const corrected = await svc.call(as('municipal.admin'), 'PUT', `/calendar/${nextYear}`, {
      notice: year.notice,
      holidays: [...year.holidays, { date: before.dueDate, name: '测试更正' }],
      makeupWorkdays: year.makeupWorkdays,
    });
    expect(corrected.status).toBe(200);
    expect(corrected.body.casesRecomputing).toBeGreaterThanOrEqual(1);
    // told by a workflow of its own, which ends once every open case on its pages has heard
    const told = await svc.api.client.workflow.getHandle(corrected.body.broadcastWorkflowId).result();
    expect(told.told).toBeGreaterThanOrEqual(1);
    const path = `/cases/${encodeURIComponent(created.id)}`;
    let after = before;
    for (let i = 0; i < 50 && after.dueDate === before.dueDate; i++) {
      await new Promise((r) => setTimeout(r, 100));
      after = (await svc.call(as('taishan.clerk'), 'GET', path)).body.deadline;
    }
    expect(after.dueDate > before.dueDate).toBe(true);
    const history = (await svc.call(as('taishan.clerk'), 'GET', path)).body.history;
    expect(history.at(-1)).toMatchObject({
      action: 'deadline_recomputed',
      actor: 'system',
      before: { dueDate: before.dueDate },
      after: { dueDate: after.dueDate },
    });
  } finally {
    // Put the year back as it was, so other tests see the official calendar.
    if (current.status === 200) {
      await svc.call(as('municipal.admin'), 'PUT', `/calendar/${nextYear}`, {
        notice: year.notice,
        holidays: year.holidays,
        makeupWorkdays: year.makeupWorkdays,
      });
    } else {
      await prisma.calendarYear.delete({ where: { year: nextYear } });
    }
  }
});

test('two administrators load the same year at once: both are applied in turn, each an audit line of the year', async () => {
  // The year as loaded, sent twice at once: nothing changes for other tests, but the two loads meet.
  const year = 2025; // loaded by the seed; few open deadlines reach back into it
  const current = await svc.call(as('municipal.admin'), 'GET', `/calendar/${year}`);
  expect(current.status).toBe(200);
  const body = { notice: current.body.notice, holidays: current.body.holidays, makeupWorkdays: current.body.makeupWorkdays };
  const lines = () => prisma.auditEvent.findMany({ where: { caseId: `calendar:${year}` }, orderBy: { seq: 'asc' } });
  const before = (await lines()).length;
  const both = await Promise.all([1, 2].map(() => svc.call(as('municipal.admin'), 'PUT', `/calendar/${year}`, body)));
  expect(both.map((r) => r.status)).toEqual([200, 200]); // before, one of them failed on the days' key
  const after = await lines();
  expect(after).toHaveLength(before + 2);
  const days = { holidays: body.holidays.map((d: { date: string }) => d.date).sort(), notice: body.notice };
  for (const line of after.slice(-2)) {
    expect(line).toMatchObject({ action: 'calendar_corrected', actor: 'municipal.admin', office: 'municipal', reason: body.notice });
    expect(line.before).toMatchObject(days);
    expect(line.after).toMatchObject(days);
  }
  expect((await svc.call(as('municipal.admin'), 'GET', `/calendar/${year}`)).body.holidays).toEqual(current.body.holidays);
});

test('health and readiness answer; the catalogue has the 39 items; OpenAPI is served', async () => {
  expect((await svc.call(null, 'GET', '/healthz')).status).toBe(200);
  expect(await svc.call(null, 'GET', '/readyz')).toMatchObject({ status: 200, body: { checks: { database: 'ok', temporal: 'ok' } } });
  const catalogue = await svc.call(as('taishan.clerk'), 'GET', '/catalogue');
  expect(catalogue.body.items).toHaveLength(39);
  const openapi = await svc.call(null, 'GET', '/docs/json');
  expect(Object.keys(openapi.body.paths)).toEqual(expect.arrayContaining(['/cases', '/cases/{id}/actions', '/calendar/{year}']));
});

test('an institution submits online and the applicant withdraws before completion', async () => {
  const submitted = await svc.call(as('taishan.hospital'), 'POST', '/cases', {
    // 个人账户资金归集 (item 14); reimbursement (items 27, 28, 35) and remote-care filings (items 20–25) have their own processes
    itemCode: '442189208011',
    applicationNo: applicationNo('ONL'),
    jurisdiction: 'taishan',
    channel: 'online',
    applicant,
  });
  expect(submitted.status).toBe(201);
  const accepted = await act('taishan.clerk', submitted.body.id, { action: 'accept' });
  // An online application: its clock runs from receipt (DOMAIN §11), 30 working days (004 item 14).
  expect(accepted.body).toMatchObject({ status: 'open', pendingStep: 'review' });
  expect(accepted.body.deadline.dueDate > accepted.body.acceptedOn).toBe(true);
  const noReason = await act('taishan.hospital', submitted.body.id, { action: 'withdraw' });
  expect(noReason).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } }); // a reason is part of the command
  const withdrawn = await act('taishan.hospital', submitted.body.id, { action: 'withdraw', reason: '患者已出院，不再转诊' });
  expect(withdrawn.body).toMatchObject({ status: 'withdrawn', pendingStep: null });
  const history = (await svc.call(as('taishan.clerk'), 'GET', `/cases/${encodeURIComponent(submitted.body.id)}`)).body.history;
  // The case page shows the item's online limit: the detail carries it as the catalogue has it.
  const item = (await svc.call(as('taishan.clerk'), 'GET', '/catalogue/442189212002')).body;
  const detail = (await svc.call(as('taishan.clerk'), 'GET', `/cases/${encodeURIComponent(submitted.body.id)}`)).body;
  expect(detail.item).toHaveProperty('onlineTimeLimitDays', item.onlineTimeLimitDays);
  expect(history.at(-1)).toMatchObject({
    action: 'withdraw',
    actor: 'taishan.hospital',
    role: 'institution',
    reason: '患者已出院，不再转诊',
  });
  // Other institutions' cases are not in the hospital's list.
  const list = await svc.call(as('taishan.hospital'), 'GET', '/cases');
  expect(list.body.items.every((i: any) => i.createdBy === 'taishan.hospital')).toBe(true);
});

test('the supervision summary counts open work and breaches per county the supervisor may see', async () => {
  const created = await createCase();
  await act('taishan.clerk', created.id, { action: 'accept' });
  const county = await svc.call(as('taishan.supervisor'), 'GET', '/supervision/summary');
  expect(county.status).toBe(200);
  expect(county.body.counties.map((c: any) => c.county)).toEqual(['taishan']);
  expect(county.body.counties[0].service_case.open).toBeGreaterThanOrEqual(1);
  const city = await svc.call(as('municipal.supervisor'), 'GET', '/supervision/summary');
  expect(city.body.counties).toHaveLength(8);
  expect((await svc.call(as('taishan.clerk'), 'GET', '/supervision/summary')).status).toBe(403);
});
