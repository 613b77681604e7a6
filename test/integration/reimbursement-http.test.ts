/**
 * Manual reimbursement over HTTP with the real worker, dev server and PostgreSQL (issue 15): a basic
 * inpatient claim (a line out of the 3-year limit refused with its dates, a duplicate invoice
 * refused naming the claim that holds it, per-line review with reasons, payment of the decided
 * amount, the bank account masked outside finance), then its assistance claim through the four
 * signatures of 附件1 by four different people, with the ledger posting from 支出户 to 住院救助支出.
 */
import { randomUUID } from 'node:crypto';
import { addDays, shanghaiDate } from '../../domain/dates';
import { newIdNumber } from '../support/care';
import { applicationNo, testPrisma } from '../support/env';
import { ensureUsers } from '../support/users';
import { startTestService, type TestService } from '../support/service';
import { pdfText } from '../support/pdf';

const prisma = testPrisma();
let svc: TestService;
const tokens: Record<string, string> = {};
const as = (user: string) => tokens[user]!;
/** a second reviewer of 台山: 初审 and 复审 are signed by different persons */
const SECOND_REVIEWER = 'taishan.reviewer.b';

beforeAll(async () => {
  svc = await startTestService(prisma, `it-reimbursement-${randomUUID()}`);
  await ensureUsers(prisma, [{ username: SECOND_REVIEWER, displayName: '台山复审人', role: 'reviewer', jurisdiction: 'taishan' }]);
  for (const u of [
    'taishan.clerk',
    'taishan.reviewer',
    SECOND_REVIEWER,
    'taishan.approver',
    'taishan.finance',
    'kaiping.clerk',
    'taishan.hospital',
  ])
    tokens[u] = await svc.login(u);
}, 120_000);

afterAll(async () => {
  await svc?.stop();
  await prisma.$disconnect();
});

const create = (body: object, user = 'taishan.clerk') => svc.call(as(user), 'POST', '/reimbursement/claims', body);
const act = (id: string, body: object, user: string, key?: string) =>
  svc.call(as(user), 'POST', `/reimbursement/claims/${encodeURIComponent(id)}/actions`, body, key ? { 'idempotency-key': key } : {});
/** 004 items 27, 28, 35: the materials the counter checks (domain/reimbursement-materials.ts) */
const INPATIENT_DOCS = ['医保电子凭证', '医院收费票据', '住院费用清单', '诊断证明', '出院小结'];
const OUTPATIENT_DOCS = ['社保卡', '医院收费票据', '门诊费用清单'];
const ASSISTANCE_DOCS = ['有效身份证件', '《医疗救助申请表》'];
const read = (id: string, user: string) => svc.call(as(user), 'GET', `/reimbursement/claims/${encodeURIComponent(id)}`);

test('a basic inpatient claim, then its assistance claim through all four signatures, posted to 住院救助支出', async () => {
  const today = shanghaiDate(Date.now());
  const idNumber = newIdNumber();
  const person = { name: '陈救助', idNumber };
  const admittedOn = addDays(today, -20);
  const dischargedOn = addDays(today, -10);
  const inv = (n: string) => `INV-${n}-${randomUUID().slice(0, 8)}`;
  const hospital = { institutionCode: 'H44078101', institutionName: '台山市人民医院' };
  const [inv1, inv2, inv3] = [inv('1'), inv('2'), inv('3')];
  const account = { kind: 'bank_card', number: '6222021234567890123', bank: '中国工商银行台山支行', holder: '陈救助' };
  const basicNo = applicationNo('LX');
  // 004 item 28's materials: without the discharge summary the counter does not accept; nothing is started
  const incomplete = await create({
    claimNo: basicNo,
    kind: 'basic_inpatient',
    person,
    admission: { admittedOn, dischargedOn, institutionCode: 'H44078101', injury: false },
    lines: [{ lineNo: 1, category: 'inpatient', serviceDate: dischargedOn, ...hospital, invoiceNo: inv1, amountFen: 100_000 }],
    account,
    documents: INPATIENT_DOCS.filter((d) => d !== '出院小结'),
  });
  expect(incomplete).toMatchObject({ status: 400, body: { code: 'DOCUMENTS_MISSING' } });
  expect(incomplete.body.facts.missing).toEqual([
    { key: 'discharge_summary', anyOf: ['出院小结', '出院记录'], article: '004 第28项 办理材料5' },
  ]);
  expect(await prisma.reimbursementClaim.count({ where: { claimNo: basicNo } })).toBe(0);
  expect(await prisma.reimbursementInvoice.count({ where: { invoiceNo: inv1 } })).toBe(0);
  const basic = await create({
    claimNo: basicNo,
    kind: 'basic_inpatient',
    person,
    admission: { admittedOn, dischargedOn, institutionCode: 'H44078101', injury: false },
    lines: [
      { lineNo: 1, category: 'inpatient', serviceDate: dischargedOn, ...hospital, invoiceNo: inv1, amountFen: 100_000 },
      // discharged four years ago: out of 000 §23's 3 years, refused with its dates; the rest goes on
      { lineNo: 2, category: 'inpatient', serviceDate: addDays(today, -4 * 365), ...hospital, invoiceNo: inv2, amountFen: 30_000 },
      { lineNo: 3, category: 'inpatient', serviceDate: dischargedOn, ...hospital, invoiceNo: inv3, amountFen: 50_000 },
    ],
    account,
    documents: INPATIENT_DOCS,
  });
  expect(basic.status).toBe(201);
  expect(basic.body).toMatchObject({
    kind: 'basic_inpatient',
    itemCode: '442189212002',
    status: 'open',
    pendingStep: 'review',
    claimedFen: 150_000,
  });
  expect(basic.body.lines[1].refusal).toMatchObject({ code: 'APPLICATION_PERIOD_EXPIRED', article: '000 §23' });
  expect(basic.body.lines[1].refusal.facts.lastDay < today).toBe(true);
  expect(basic.body.account).toMatchObject({ number: '***************0123', masked: true }); // the clerk is not finance
  expect(basic.body.dueDate > today).toBe(true);
  const basicId = basic.body.id as string;

  // The same invoice in another claim: refused, naming the claim that holds it; nothing is started.
  const dupNo = applicationNo('LX');
  const dup = await create({
    claimNo: dupNo,
    kind: 'basic_inpatient',
    person,
    admission: { admittedOn, dischargedOn, institutionCode: 'H44078101', injury: false },
    lines: [{ lineNo: 1, category: 'inpatient', serviceDate: dischargedOn, ...hospital, invoiceNo: inv1, amountFen: 100_000 }],
    account,
    documents: INPATIENT_DOCS,
  });
  expect(dup).toMatchObject({ status: 409, body: { code: 'NO_ADMISSIBLE_LINE' } });
  expect(dup.body.facts.lines[0]).toMatchObject({ code: 'INVOICE_ALREADY_CLAIMED', facts: { claimId: basicId } });
  expect(await prisma.reimbursementClaim.count({ where: { claimNo: dupNo } })).toBe(0);

  // Assistance before the basic claim is paid: refused (001 §13).
  const assistance = {
    recipientCategory: 'subsistence_allowance',
    insuredStatus: 'insured_here',
    basicClaimId: basicId,
    identities: [{ category: 'subsistence_allowance', from: addDays(today, -400), to: null, evidence: '台山市民政局低保证 TS-001' }],
  };
  const early = await create({ claimNo: applicationNo('JZ'), kind: 'assistance', person, account, assistance, documents: ASSISTANCE_DOCS });
  expect(early).toMatchObject({ status: 409, body: { code: 'BASIC_CLAIM_NOT_SETTLED' } });

  // 审核: a reduction without its reason is refused; then each line with its payable amount.
  const noReason = await act(
    basicId,
    {
      action: 'review',
      lines: [
        { lineNo: 1, payableFen: 80_000 },
        { lineNo: 3, payableFen: 50_000 },
      ],
    },
    'taishan.reviewer',
  );
  expect(noReason).toMatchObject({ status: 400, body: { code: 'REASON_REQUIRED' } });
  const reviewed = await act(
    basicId,
    {
      action: 'review',
      lines: [
        { lineNo: 1, payableFen: 80_000, reason: '乙类药品个人先行自付20%' },
        { lineNo: 3, payableFen: 50_000 },
      ],
    },
    'taishan.reviewer',
  );
  expect(reviewed).toMatchObject({ status: 200, body: { pendingStep: 'disburse', decidedFen: 130_000 } });
  expect(reviewed.body.lines[0]).toMatchObject({ payableFen: 80_000, reductionReason: '乙类药品个人先行自付20%' });
  // Finance sees the account in full, on the claim's page only.
  expect((await read(basicId, 'taishan.finance')).body.account).toMatchObject({ number: account.number, masked: false });
  expect((await read(basicId, 'taishan.reviewer')).body.account.masked).toBe(true);
  const list = await svc.call(as('taishan.finance'), 'GET', '/reimbursement/claims?pendingStep=disburse&pageSize=200');
  expect(list.body.items.find((c: any) => c.id === basicId).account.masked).toBe(true);
  // 拨付 pays the decided amount; nothing is typed (an amount is not even accepted).
  expect((await act(basicId, { action: 'disburse', amountFen: 999 }, 'taishan.finance')).status).toBe(400);
  const paid = await act(basicId, { action: 'disburse' }, 'taishan.finance');
  expect(paid).toMatchObject({ status: 200, body: { paidFen: 130_000, entryId: null, pendingStep: 'complete' } });
  expect((await act(basicId, { action: 'complete' }, 'taishan.approver')).body).toMatchObject({ status: 'completed' });

  // The assistance claim on the settled basic claim: its costs and what basic insurance paid come from it.
  const claim = await create({ claimNo: applicationNo('JZ'), kind: 'assistance', person, account, assistance, documents: ASSISTANCE_DOCS });
  expect(claim.status).toBe(201);
  expect(claim.body).toMatchObject({ itemCode: '442189214002', pendingStep: 'first_review', basicClaimId: basicId, claimedFen: 150_000 });
  expect(claim.body.assistance.assessedCategory).toMatchObject({ category: 'subsistence_allowance', article: '001 §11' });
  const id = claim.body.id as string;
  // A second assistance claim for the same costs holds no invoice.
  const again = await create({ claimNo: applicationNo('JZ'), kind: 'assistance', person, account, assistance, documents: ASSISTANCE_DOCS });
  expect(again).toMatchObject({ status: 409, body: { code: 'NO_ADMISSIBLE_LINE' } });

  // 初审: the amount within the personal share (150,000 − 130,000 fen)
  expect((await act(id, { action: 'first_review', assistanceFen: 25_000 }, 'taishan.reviewer')).body.code).toBe('AMOUNT_EXCEEDS_BASE');
  const first = await act(id, { action: 'first_review', assistanceFen: 15_000, note: '低保对象住院救助' }, 'taishan.reviewer');
  expect(first.body.assistance).toMatchObject({ assistanceFen: 15_000, assessment: { baseFen: 20_000, basicShareFen: 130_000 } });
  // 复审 by the same person is refused; by another reviewer it goes on. 核准 before 复审 was refused meanwhile.
  expect((await act(id, { action: 'approve' }, 'taishan.approver')).body.code).toBe('CASE_WRONG_STATE');
  expect((await act(id, { action: 'second_review' }, 'taishan.reviewer')).body.code).toBe('SIGNER_ALREADY_SIGNED');
  expect((await act(id, { action: 'second_review' }, SECOND_REVIEWER)).body.pendingStep).toBe('approve');
  expect((await act(id, { action: 'disburse' }, 'taishan.finance')).body.code).toBe('CASE_WRONG_STATE'); // no money before 核准
  expect((await act(id, { action: 'approve' }, 'taishan.approver')).body.pendingStep).toBe('disburse');
  const key = randomUUID();
  const payment = await act(id, { action: 'disburse' }, 'taishan.finance', key);
  expect(payment).toMatchObject({ status: 200, body: { paidFen: 15_000, pendingStep: 'complete' } });
  expect(payment.body.entryId).not.toBeNull();
  // A retry of the payment with the same key is the same payment, posted once.
  expect((await act(id, { action: 'disburse' }, 'taishan.finance', key)).body.entryId).toBe(payment.body.entryId);
  const entries = await prisma.journalEntry.findMany({
    where: { sourceKind: 'assistance_reimbursement', sourceKey: id },
    include: { lines: true },
  });
  expect(entries).toHaveLength(1);
  expect(entries[0]).toMatchObject({ agency: 'taishan', date: today, postedBy: 'taishan.finance' });
  const lines = entries[0]!.lines.map((l) => ({ account: l.account, side: l.side, amountFen: Number(l.amountFen) }));
  expect(lines.sort((a, b) => a.side.localeCompare(b.side))).toEqual([
    { account: 'expenditure_account_deposit', side: 'credit', amountFen: 15_000 }, // 支出户存款
    { account: 'assistance_benefit_expense.inpatient', side: 'debit', amountFen: 15_000 }, // 住院救助支出
  ]);
  const done = await act(id, { action: 'complete' }, 'taishan.approver');
  expect(done.body.status).toBe('completed');
  // The form's four signatures, each by a different person, dated.
  const form = done.body.signatures.filter((s: any) => ['accept', 'first_review', 'second_review', 'approve'].includes(s.step));
  expect(form.map((s: any) => s.username)).toEqual(['taishan.clerk', 'taishan.reviewer', SECOND_REVIEWER, 'taishan.approver']);
  expect(form.every((s: any) => s.on === today)).toBe(true);
  // 附件1 and the decision as PDF, read back: the amount, the four signers' names, the per-line reasons.
  const pdf = async (form: string) => {
    const res = await fetch(`${svc.api.url}/reimbursement/claims/${encodeURIComponent(id)}/documents/${form}.pdf`, {
      headers: { authorization: `Bearer ${as('taishan.reviewer')}` },
    });
    expect(res.headers.get('content-type')).toBe('application/pdf');
    return pdfText(Buffer.from(await res.arrayBuffer())).replace(/\s+/g, '');
  };
  const formText = await pdf('application-form');
  expect(formText).toContain('江门市医疗救助零星报销申请表');
  expect(formText).toContain('本次予以医疗救助150.00元');
  expect(formText).toContain('台山复审人');
  expect(formText).toContain(today.slice(0, 4));
  const basicDecision = await fetch(`${svc.api.url}/reimbursement/claims/${encodeURIComponent(basicId)}/documents/decision.pdf`, {
    headers: { authorization: `Bearer ${as('taishan.reviewer')}` },
  });
  const decisionText = pdfText(Buffer.from(await basicDecision.arrayBuffer())).replace(/\s+/g, '');
  expect(decisionText).toContain('乙类药品个人先行自付'); // the cell wraps
  expect(decisionText).toContain('已超过期限（000§23）');
  expect(decisionText).toContain('1,300.00');
  const history = (await read(id, 'taishan.approver')).body.history.map((h: any) => h.action);
  expect(history).toEqual(['accepted', 'first_review', 'second_review', 'approve', 'disburse', 'complete']);
});

test('an invoice the institution settled directly (一站式) cannot be claimed by hand; a settlement of a claimed invoice is flagged', async () => {
  const today = shanghaiDate(Date.now());
  const person = { name: '李直结', idNumber: newIdNumber() };
  const admittedOn = addDays(today, -20);
  const dischargedOn = addDays(today, -10);
  const hospital = { institutionCode: 'H44078101', institutionName: '台山市人民医院' };
  const [settled, claimed] = [`ZJ-${randomUUID().slice(0, 8)}`, `SG-${randomUUID().slice(0, 8)}`];
  const report = (invoices: object[], user = 'taishan.hospital') =>
    svc.call(as(user), 'POST', '/reimbursement/one-stop-invoices', { invoices });
  expect(
    (await report([{ invoiceNo: settled, settledOn: dischargedOn, amountFen: 80_000, assistance: true }], 'taishan.clerk')).status,
  ).toBe(403);
  expect((await report([])).status).toBe(400);
  const first = await report([{ invoiceNo: settled, settledOn: dischargedOn, amountFen: 80_000, assistance: true }]);
  expect(first).toMatchObject({ status: 200, body: { newlyHeld: 2, claimedByHand: [] } }); // basic and assistance
  const again = await report([{ invoiceNo: settled, settledOn: dischargedOn, amountFen: 80_000, assistance: true }]);
  expect(again.body).toEqual({ newlyHeld: 0, claimedByHand: [] });

  const claim = (claimNo: string, invoiceNo: string) =>
    create({
      claimNo,
      kind: 'basic_inpatient',
      person,
      admission: { admittedOn, dischargedOn, institutionCode: 'H44078101', injury: false },
      lines: [{ lineNo: 1, category: 'inpatient', serviceDate: dischargedOn, ...hospital, invoiceNo, amountFen: 80_000 }],
      account: { kind: 'bank_card', number: '6222021234567890123', bank: '中国工商银行台山支行', holder: '李直结' },
      documents: INPATIENT_DOCS,
    });
  const refusedNo = applicationNo('LX');
  const refused = await claim(refusedNo, settled);
  expect(refused).toMatchObject({ status: 409, body: { code: 'NO_ADMISSIBLE_LINE' } });
  expect(refused.body.facts.lines[0]).toMatchObject({ code: 'INVOICE_ALREADY_CLAIMED', article: '000 §23' });
  expect(refused.body.facts.lines[0].message).toContain('已在定点医疗机构直接结算');
  expect(await prisma.reimbursementClaim.count({ where: { claimNo: refusedNo } })).toBe(0);

  // the other way round: claimed by hand first, then reported as settled: held by the claim, and named
  const byHand = await claim(applicationNo('LX'), claimed);
  expect(byHand.status).toBe(201);
  const late = await report([{ invoiceNo: claimed, settledOn: dischargedOn, amountFen: 80_000, assistance: false }]);
  expect(late.body).toEqual({ newlyHeld: 0, claimedByHand: [{ invoiceNo: claimed, scheme: 'basic', claimId: byHand.body.id }] });
});

test('another county cannot read a claim; items 27, 28 and 35 are no longer generic service cases', async () => {
  const idNumber = newIdNumber();
  const claim = await create({
    claimNo: applicationNo('LX'),
    kind: 'basic_outpatient',
    person: { name: '李门诊', idNumber },
    lines: [
      {
        lineNo: 1,
        category: 'special_disease_outpatient',
        serviceDate: addDays(shanghaiDate(Date.now()), -3),
        institutionCode: 'H44078101',
        institutionName: '台山市人民医院',
        invoiceNo: `MZ-${randomUUID().slice(0, 8)}`,
        amountFen: 12_345,
      },
    ],
    account: { kind: 'social_security_card', number: '100012345678', bank: '台山农商银行', holder: '李门诊' },
    documents: OUTPATIENT_DOCS,
  });
  expect(claim.status).toBe(201);
  expect((await read(claim.body.id, 'kaiping.clerk')).status).toBe(403);
  for (const itemCode of ['442189212001', '442189212002', '442189214002']) {
    const res = await svc.call(as('taishan.clerk'), 'POST', '/cases', {
      itemCode,
      applicationNo: applicationNo('GEN'),
      jurisdiction: 'taishan',
      applicant: { name: '李门诊', idNumber },
    });
    expect(res).toMatchObject({ status: 409, body: { code: 'ITEM_HAS_OWN_PROCESS', facts: { process: 'reimbursement' } } });
  }
});

describe('000 §4–§5: the inpatient verification the claims rest on', () => {
  const today = shanghaiDate(Date.now());
  const admittedOn = addDays(today, -15);
  const dischargedOn = addDays(today, -8);
  const verify = (body: object, user = 'taishan.clerk') => svc.call(as(user), 'POST', '/inpatient/verifications', body);
  const base = (idNumber: string) => ({
    person: { name: '黄受伤', idNumber },
    institutionCode: 'H44078101',
    admittedOn,
    identityChecked: true,
    documentsSeen: ['医保电子凭证', '入院记录'],
    circumstances: '参保人于骑车时摔伤入院',
  });
  const injuryClaim = (idNumber: string, verificationId?: string) =>
    create({
      claimNo: applicationNo('LX'),
      kind: 'basic_inpatient',
      person: { name: '黄受伤', idNumber },
      admission: { admittedOn, dischargedOn, institutionCode: 'H44078101', injury: true, ...(verificationId ? { verificationId } : {}) },
      lines: [
        {
          lineNo: 1,
          category: 'inpatient',
          serviceDate: dischargedOn,
          institutionCode: 'H44078101',
          institutionName: '台山市人民医院',
          invoiceNo: `ZY-${randomUUID().slice(0, 8)}`,
          amountFen: 60_000,
        },
      ],
      account: { kind: 'bank_card', number: '6222020000005555', bank: '工商银行', holder: '黄受伤' },
      documents: [...INPATIENT_DOCS, '个人承诺书'],
    });
  const reviewAll = (id: string) => act(id, { action: 'review', lines: [{ lineNo: 1, payableFen: 60_000 }] }, 'taishan.reviewer');

  test('an injury registration needs its form and the documents or a promise; an injury claim is not paid without it', async () => {
    const idNumber = newIdNumber();
    const missing = await verify({ ...base(idNumber), injury: { cause: '摔伤', compensation: '无第三方' } });
    expect(missing).toMatchObject({ status: 400, body: { code: 'DOCUMENTS_MISSING' } });
    expect(missing.body.facts.missing).toHaveLength(2);
    // No verification for this admission: the claim is accepted and reviewed, but not paid.
    const claim = await injuryClaim(idNumber);
    expect(claim.status).toBe(201);
    expect((await read(claim.body.id, 'taishan.reviewer')).body.verification).toBeNull(); // the claim shows there is none
    await reviewAll(claim.body.id);
    expect((await act(claim.body.id, { action: 'disburse' }, 'taishan.finance')).body).toMatchObject({
      code: 'INJURY_REGISTRATION_MISSING',
    });
    const registered = await verify({
      ...base(idNumber),
      injury: { registrationFormNo: 'YW-2026-001', cause: '骑车摔伤', compensation: '无第三方赔偿', personalPromiseNo: 'CN-001' },
    });
    expect(registered).toMatchObject({ status: 201, body: { status: 'verified', injuryRegistered: true, paymentLocked: false } });
    // the claim shows the record it rests on (000 §4–§5)
    expect((await read(claim.body.id, 'taishan.finance')).body.verification).toMatchObject({
      id: registered.body.id,
      status: 'verified',
      injuryRegistered: true,
      registrationFormNo: 'YW-2026-001',
      paymentLocked: false,
    });
    // the record of the same admission is found: now it is paid
    expect((await act(claim.body.id, { action: 'disburse' }, 'taishan.finance')).body).toMatchObject({ paidFen: 60_000 });
  });

  test('a fraud referral locks payment until the decision; two decisions at once: one applies', async () => {
    const idNumber = newIdNumber();
    const referred = await verify({
      ...base(idNumber),
      injury: {
        registrationFormNo: 'YW-2026-002',
        cause: '摔伤',
        compensation: '无',
        evidence: [{ kind: 'traffic_police_finding', documentNo: 'JJ-88' }],
      },
      fraudSuspicion: { grounds: '事故认定书印章与交警大队备案不符' },
    });
    expect(referred).toMatchObject({ status: 201, body: { status: 'referred', paymentLocked: true, article: '000 §5' } });
    const claim = await injuryClaim(idNumber, referred.body.id);
    await reviewAll(claim.body.id);
    expect((await act(claim.body.id, { action: 'disburse' }, 'taishan.finance')).body).toMatchObject({ code: 'PAYMENT_LOCKED' });
    const path = `/inpatient/verifications/${encodeURIComponent(referred.body.id)}/referral-decision`;
    const decisions = await Promise.all([
      svc.call(as('taishan.approver'), 'POST', path, {
        outcome: 'cleared',
        decisionRef: 'JMYB-2026-1',
        reason: '经核实印章无误',
        version: 1,
      }),
      svc.call(as('taishan.approver'), 'POST', path, { outcome: 'upheld', decisionRef: 'JMYB-2026-2', reason: '伪造', version: 1 }),
    ]);
    expect(decisions.map((d) => d.status).sort()).toEqual([200, 409]);
    const won = decisions.find((d) => d.status === 200)!.body;
    const paid = await act(claim.body.id, { action: 'disburse' }, 'taishan.finance');
    if (won.status === 'referral_cleared') expect(paid.body).toMatchObject({ paidFen: 60_000 });
    else expect(paid.body).toMatchObject({ code: 'PAYMENT_LOCKED' });
    const history = (await svc.call(as('taishan.clerk'), 'GET', `/inpatient/verifications/${encodeURIComponent(referred.body.id)}`)).body
      .history;
    expect(history.map((h: any) => h.action)).toEqual(['referred', won.status]);
  });

  test('a work injury is redirected to work-injury insurance: no basic claim for that stay', async () => {
    const idNumber = newIdNumber();
    const redirected = await verify({ ...base(idNumber), workInjury: { status: 'applied', reference: '工伤认定申请 GS-01' } });
    expect(redirected.body).toMatchObject({ status: 'redirected_work_injury', article: '000 §4(二)' });
    expect((await injuryClaim(idNumber, redirected.body.id)).body).toMatchObject({ code: 'WORK_INJURY_REDIRECT' });
    // the same stay's record is found when the claim does not name it; nothing is started
    const unnamed = await injuryClaim(idNumber);
    expect(unnamed).toMatchObject({ status: 409, body: { code: 'WORK_INJURY_REDIRECT', facts: { verificationId: redirected.body.id } } });
    expect(await prisma.reimbursementClaim.count({ where: { idNumber } })).toBe(0);
  });
});

test('the assistance-recipient register answers 001 §10–§11 where it holds the person: an expense-type identity reaches back 12 months', async () => {
  const today = shanghaiDate(Date.now());
  const idNumber = newIdNumber();
  const person = { name: '周支出', idNumber };
  const pushed = await svc.call(as('taishan.clerk'), 'POST', '/assistance/identities', {
    person,
    category: 'expense_type_illness',
    recognizedOn: addDays(today, -5),
    department: 'civil_affairs',
    departmentRef: 'ZC-2026-9',
  });
  expect([200, 201]).toContain(pushed.status);
  const claim = await create({
    claimNo: applicationNo('JZ'),
    kind: 'assistance',
    person,
    lines: [
      {
        lineNo: 1,
        category: 'special_disease_outpatient',
        serviceDate: addDays(today, -40), // before the recognition: covered by 001 §10(二)'s 12 months
        institutionCode: 'H44078101',
        institutionName: '台山市人民医院',
        invoiceNo: `MZ-${randomUUID().slice(0, 8)}`,
        amountFen: 20_000,
      },
    ],
    account: { kind: 'bank_card', number: '6222020000007777', bank: '工商银行', holder: '周支出' },
    // the form records nothing of the identity: the register's answer stands
    assistance: {
      recipientCategory: 'expense_type_illness',
      insuredStatus: 'insured_elsewhere',
      insuredPlaceSettlement: { documentNo: 'YJ-JS-1', paidFen: 12_000 },
    },
    documents: [...ASSISTANCE_DOCS, '基本医保、大病保险报销后的结算单'],
  });
  expect(claim.status).toBe(201);
  expect(claim.body.assistance.assessedCategory).toMatchObject({
    category: 'expense_type_illness',
    source: 'register',
    article: '001 §11',
  });
  const first = await act(claim.body.id, { action: 'first_review', assistanceFen: 8_000 }, 'taishan.reviewer');
  expect(first.body.assistance.assessment).toMatchObject({ basicShareBasis: 'insured_place_settlement', baseFen: 8_000 });
});
