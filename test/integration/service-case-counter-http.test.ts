/**
 * The counter and the decisions of a service case over HTTP (000 §29; document 004): 不予受理 on the
 * spot, 退回补正 and resubmission, no withdrawal after 拨付, one application number per person, a
 * note beside the reason, and each step's 经办人 by display name.
 */
import { randomUUID } from 'node:crypto';
import { applicationNo, testPrisma } from '../support/env';
import { startTestService, type TestService } from '../support/service';

const prisma = testPrisma();
let svc: TestService;
const tokens: Record<string, string> = {};
const as = (user: string) => tokens[user]!;

beforeAll(async () => {
  svc = await startTestService(prisma, `it-service-case-counter-${randomUUID()}`);
  for (const u of [
    'taishan.clerk',
    'taishan.reviewer',
    'taishan.approver',
    'taishan.finance',
    'taishan.supervisor',
    'taishan.hospital',
    'municipal.admin',
  ]) {
    tokens[u] = await svc.login(u);
  }
}, 120_000);

afterAll(async () => {
  await svc?.stop();
  await prisma.$disconnect();
});

const WITHDRAWAL = '442189208003'; // 个人账户一次性支取: 申请-受理-审核-拨付-办结, 15 working days
const RETIREMENT = '442189209003'; // 职工医保退休待遇核定: 申请-受理-审核-办结
const CERTIFICATE = '442189209001'; // 出具《参保凭证》: 即时办结
const applicant = { name: '黄五', idNumber: '440781195803041238' };
const otherPerson = { name: '梁六', idNumber: '440781196512120029' };

const create = (body: Record<string, unknown>, user = 'taishan.clerk') =>
  svc.call(as(user), 'POST', '/cases', { jurisdiction: 'taishan', applicant, ...body });
const act = (user: string, id: string, body: object) => svc.call(as(user), 'POST', `/cases/${encodeURIComponent(id)}/actions`, body);
const read = (id: string, user = 'taishan.clerk') => svc.call(as(user), 'GET', `/cases/${encodeURIComponent(id)}`);

test('an application number already used for another person is 409 naming that case, masked; the same person gets their case', async () => {
  const appNo = applicationNo('DUP');
  const first = await create({ itemCode: RETIREMENT, applicationNo: appNo });
  expect(first.status).toBe(201);

  const other = await create({ itemCode: RETIREMENT, applicationNo: appNo, applicant: otherPerson });
  expect(other.status).toBe(409);
  expect(other.body).toMatchObject({
    code: 'APPLICATION_NO_TAKEN',
    facts: { existingCaseId: first.body.id, existingApplicantIdNumber: '440781********1238' },
  });
  expect(other.body.message).toContain(first.body.id);
  expect(other.body.message).not.toContain(applicant.idNumber);
  // Also under another item: the number names one person's application.
  const otherItem = await create({ itemCode: WITHDRAWAL, applicationNo: appNo, applicant: otherPerson });
  expect(otherItem).toMatchObject({ status: 409, body: { code: 'APPLICATION_NO_TAKEN' } });
  expect(await prisma.serviceCase.count({ where: { applicationNo: appNo } })).toBe(1);

  const again = await create({ itemCode: RETIREMENT, applicationNo: appNo });
  expect(again.status).toBe(200);
  expect(again.body).toMatchObject({ id: first.body.id, applicant: { idNumber: applicant.idNumber } });
});

test('two requests at once with the same number for two people (two items) open one case; the other is 409', async () => {
  const appNo = applicationNo('RACE');
  const answers = await Promise.all([
    create({ itemCode: RETIREMENT, applicationNo: appNo }),
    create({ itemCode: WITHDRAWAL, applicationNo: appNo, applicant: otherPerson }),
  ]);
  expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
  expect(answers.find((a) => a.status === 409)!.body.code).toBe('APPLICATION_NO_TAKEN');
  expect(await prisma.serviceCase.count({ where: { applicationNo: appNo } })).toBe(1);
});

test('the counter clerk records 不予受理 on the spot for an immediate item, with reason and returned materials', async () => {
  const refusal = { reason: '身份证已过有效期', returnedMaterials: ['居民身份证', '参保登记表'], note: '已告知换证后再来' };
  const refused = await create({ itemCode: CERTIFICATE, applicationNo: applicationNo('REF'), counterRefusal: refusal });
  expect(refused.status).toBe(201);
  expect(refused.body).toMatchObject({
    status: 'rejected',
    pendingStep: null,
    completedSteps: ['apply'],
    rejection: { reason: '身份证已过有效期', returnedMaterials: ['居民身份证', '参保登记表'], note: '已告知换证后再来' },
  });
  const detail = await read(refused.body.id);
  expect(detail.body.history.map((e: any) => [e.action, e.actor, e.reason, e.note])).toEqual([
    ['refused_on_creation', 'taishan.clerk', '身份证已过有效期', '已告知换证后再来'],
  ]);
  // Without a refusal the immediate item still completes in one step.
  const done = await create({ itemCode: CERTIFICATE, applicationNo: applicationNo('IMM') });
  expect(done.body).toMatchObject({ status: 'completed' });

  // Not an immediate item: refused at 受理 instead, and nothing is opened.
  const appNo = applicationNo('REF');
  const wrong = await create({ itemCode: RETIREMENT, applicationNo: appNo, counterRefusal: refusal });
  expect(wrong).toMatchObject({ status: 409, body: { code: 'CASE_WRONG_STATE' } });
  expect(await prisma.serviceCase.count({ where: { applicationNo: appNo } })).toBe(0);
  const noReason = await create({ itemCode: CERTIFICATE, applicationNo: applicationNo('REF'), counterRefusal: { returnedMaterials: [] } });
  expect(noReason).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
});

test('退回补正 keeps the case going after resubmission; 不予受理 ends it', async () => {
  const created = await create({ itemCode: RETIREMENT, applicationNo: applicationNo('COR') });
  await act('taishan.clerk', created.body.id, { action: 'accept' });
  const noList = await act('taishan.reviewer', created.body.id, { action: 'request_correction', reason: '材料不全' });
  expect(noList).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
  const sentBack = await act('taishan.reviewer', created.body.id, {
    action: 'request_correction',
    reason: '材料不全',
    missingMaterials: ['退休审批表', '户口簿首页'],
  });
  expect(sentBack.status).toBe(200);
  expect(sentBack.body).toMatchObject({
    status: 'open',
    pendingStep: 'review',
    deadline: null,
    correction: { step: 'review', by: 'taishan.reviewer', missingMaterials: ['退休审批表', '户口簿首页'] },
  });
  expect(sentBack.body.correction.pausedDueDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  const blocked = await act('taishan.reviewer', created.body.id, { action: 'review' });
  expect(blocked).toMatchObject({
    status: 409,
    body: { code: 'CASE_AWAITING_CORRECTION', facts: { missingMaterials: ['退休审批表', '户口簿首页'] } },
  });
  const resubmitted = await act('taishan.clerk', created.body.id, { action: 'resubmit', note: '已补交' });
  expect(resubmitted.body).toMatchObject({ status: 'open', pendingStep: 'review', correction: null, deadline: { workingDays: 5 } });
  expect((await act('taishan.reviewer', created.body.id, { action: 'review' })).body.pendingStep).toBe('complete');
});

test('a withdrawal after 拨付 is refused and changes nothing', async () => {
  const created = await create({ itemCode: WITHDRAWAL, applicationNo: applicationNo('PAY') });
  await act('taishan.clerk', created.body.id, { action: 'accept' });
  await act('taishan.reviewer', created.body.id, { action: 'review' });
  const paid = await act('taishan.finance', created.body.id, { action: 'disburse', amountFen: 523_00 });
  expect(paid.body).toMatchObject({ pendingStep: 'complete', disbursedFen: 52300 });
  const withdrawn = await act('taishan.clerk', created.body.id, { action: 'withdraw', reason: '申请人要求撤回' });
  expect(withdrawn).toMatchObject({ status: 409, body: { code: 'PAYMENT_ALREADY_MADE' } });
  expect((await read(created.body.id)).body).toMatchObject({ status: 'open', pendingStep: 'complete', version: paid.body.version });
});

test('a decision keeps both its reason and its note; each step shows who took it, by display name', async () => {
  const created = await create({ itemCode: RETIREMENT, applicationNo: applicationNo('NOTE') });
  await act('taishan.clerk', created.body.id, { action: 'accept', note: '材料齐全' });
  await act('taishan.reviewer', created.body.id, { action: 'review', note: '核对缴费年限' });
  const rejected = await act('taishan.approver', created.body.id, { action: 'reject', reason: '缴费年限不足', note: '可补缴后再申请' });
  expect(rejected.body.rejection).toMatchObject({ reason: '缴费年限不足', note: '可补缴后再申请' });

  const detail = (await read(created.body.id)).body;
  expect(detail.history.at(-1)).toMatchObject({
    action: 'reject',
    reason: '缴费年限不足',
    note: '可补缴后再申请',
    actorName: '台山核准人员',
  });
  expect(detail.steps.map((s: any) => [s.step, s.by, s.byName, s.note ?? null])).toEqual([
    ['apply', 'taishan.clerk', '台山窗口受理人员', null],
    ['accept', 'taishan.clerk', '台山窗口受理人员', '材料齐全'],
    ['review', 'taishan.reviewer', '台山审核人员', '核对缴费年限'],
  ]);
  const audit = await prisma.auditEvent.findFirstOrThrow({ where: { caseId: created.body.id, action: 'reject' } });
  expect(audit).toMatchObject({ reason: '缴费年限不足', note: '可补缴后再申请' });
});

test('a deadline reaching into a year whose calendar is not loaded is marked provisional in the list and on the page', async () => {
  const status = await svc.call(as('municipal.admin'), 'GET', '/calendar/status');
  expect(status.status).toBe(200);
  expect(status.body.loadedYears).toEqual(expect.arrayContaining([2025, 2026]));
  const year = Math.max(...status.body.loadedYears) + 3; // a year nobody loads
  // A case whose recorded flag says "not provisional" (recorded before a year was removed, say).
  const id = `service-case:442189208011:${applicationNo('PRV')}`;
  const appNo = id.split(':')[2]!;
  const at = new Date();
  await prisma.serviceCase.create({
    data: {
      id,
      itemCode: '442189208011',
      applicationNo: appNo,
      jurisdiction: 'taishan',
      channel: 'counter',
      applicantName: applicant.name,
      applicantIdNumber: applicant.idNumber,
      status: 'open',
      pendingStep: 'review',
      completedSteps: ['apply', 'accept'],
      createdBy: 'taishan.clerk',
      appliedAt: at,
      acceptedOn: `${year}-12-01`,
      dueFrom: `${year}-12-01`,
      dueDate: `${year + 1}-01-13`,
      dueAt: new Date(`${year + 1}-01-13T16:00:00Z`),
      dueProvisional: false,
      returnedMaterials: [],
      version: 2,
      updatedAt: at,
    },
  });
  const listed = await svc.call(as('taishan.supervisor'), 'GET', '/cases?itemCode=442189208011&pageSize=200');
  expect(listed.body.items.find((c: any) => c.id === id).deadline.provisional).toBe(true);
  expect((await read(id, 'taishan.supervisor')).body.deadline).toMatchObject({ provisional: true, countedFrom: `${year}-12-01` });
  // A deadline inside loaded years stays firm.
  const loaded = await create({ itemCode: RETIREMENT, applicationNo: applicationNo('PRV') });
  const accepted = await act('taishan.clerk', loaded.body.id, { action: 'accept' });
  const firm = status.body.loadedYears.includes(Number(accepted.body.deadline.dueDate.slice(0, 4)));
  expect((await read(loaded.body.id)).body.deadline.provisional).toBe(!firm);
});
