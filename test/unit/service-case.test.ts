/**
 * The service-case rules of document 004 and 000 §29 as pure functions: 退回补正 is not 不予受理,
 * no withdrawal after 拨付, 不予受理 on the spot at the counter, online clocks from receipt, and a
 * note kept beside the reason.
 */
import { serviceCatalogue } from '../../domain/catalogue-data';
import type { Actor } from '../../domain/people';
import {
  type CaseCommand,
  type ServiceCaseState,
  applyAction,
  caseCommandSchema,
  checkAction,
  checkCounterRefusal,
  clockStartsOnReceipt,
  initialState,
  limitStartingWith,
  reminderRecipients,
  serviceItemRef,
} from '../../domain/service-case';
import { calendarFrom, resumedDeadline, statutoryDeadline } from '../../domain/working-days';
import { seeded2025, seeded2026 } from '../support/calendars';

const calendar = calendarFrom([seeded2025, seeded2026]);
const clerk: Actor = { username: 'taishan.clerk', role: 'window_clerk', jurisdiction: 'taishan' };
const reviewer: Actor = { username: 'taishan.reviewer', role: 'reviewer', jurisdiction: 'taishan' };
const finance: Actor = { username: 'taishan.finance', role: 'finance', jurisdiction: 'taishan' };
const hospital: Actor = { username: 'taishan.hospital', role: 'institution', jurisdiction: 'taishan' };
const item = (code: string) => serviceCatalogue.find((i) => i.code === code)!;
// 个人账户一次性支取: 申请-受理-审核-拨付-办结, 15 working days
const withdrawalItem = item('442189208003');
// 异地安置退休人员备案: counter immediate, online ≤ 2 working days
const remoteCareItem = item('442189210001');
// 城乡居民参保登记: immediate, 申请-受理-审核-办结
const enrolmentItem = item('442189207003');
// 医保经办机构查询: 查询-办结 (item 9, also 查询-办结, is owned by the outpatient-facility process)
const queryItem = item('442189208008');
const t0 = Date.parse('2026-03-02T02:00:00Z'); // Monday 10:00 in Shanghai

function open(code: string, channel: 'counter' | 'online' = 'counter', creator: Actor = clerk): ServiceCaseState {
  const it = item(code);
  return {
    ...initialState(
      {
        caseId: `service-case:${code}:T-1`,
        applicationNo: 'T-1',
        item: serviceItemRef(it, channel),
        jurisdiction: 'taishan',
        channel,
        applicant: { name: '陈一', idNumber: '440781196001011234' },
        createdBy: creator,
      },
      t0,
    ),
    version: 1,
  };
}

function act(state: ServiceCaseState, cmd: CaseCommand, at = t0): ServiceCaseState {
  const refusal = checkAction(state, cmd);
  if (refusal) throw refusal;
  return applyAction(state, cmd, at);
}

describe('withdrawal after 拨付', () => {
  const paid = () => {
    let s = open(withdrawalItem.code);
    s = act(s, { action: 'accept', actor: clerk });
    s = act(s, { action: 'review', actor: reviewer });
    return act(s, { action: 'disburse', actor: finance, amountFen: 123_45 });
  };

  test('is refused once the money has been paid, and so is a rejection', () => {
    const s = paid();
    expect(s.pendingStep).toBe('complete');
    expect(checkAction(s, { action: 'withdraw', actor: clerk, reason: '申请人要求撤回' })).toMatchObject({
      code: 'PAYMENT_ALREADY_MADE',
      facts: { disbursedFen: 12345 },
    });
    expect(
      checkAction(s, { action: 'reject', actor: { ...clerk, username: 'taishan.approver', role: 'approver' }, reason: '材料不符' }),
    ).toMatchObject({ code: 'PAYMENT_ALREADY_MADE' });
  });

  test('is still allowed before the payment', () => {
    let s = open(withdrawalItem.code);
    s = act(s, { action: 'accept', actor: clerk });
    s = act(s, { action: 'review', actor: reviewer });
    expect(checkAction(s, { action: 'withdraw', actor: clerk, reason: '申请人要求撤回' })).toBeNull();
  });
});

describe('退回补正 (send back for correction) is not 不予受理', () => {
  const accepted = () => act(open(withdrawalItem.code), { action: 'accept', actor: clerk });
  const withDeadline = (s: ServiceCaseState): ServiceCaseState => ({ ...s, deadline: statutoryDeadline(calendar, '2026-03-02', 15) });

  test('needs the list of everything to correct, told at once (一次性告知)', () => {
    const s = accepted();
    // The list is part of the command itself: without it nothing reaches the case.
    const withoutList = caseCommandSchema.safeParse({ action: 'request_correction', actor: reviewer, reason: '材料不全' });
    expect(withoutList.success).toBe(false);
    expect(withoutList.error?.issues[0]).toMatchObject({ path: ['missingMaterials'] });
    expect(checkAction(s, { action: 'request_correction', actor: reviewer, missingMaterials: ['银行卡'] })).toBeNull();
    expect(checkAction(s, { action: 'request_correction', actor: clerk, missingMaterials: ['银行卡'] })).toMatchObject({
      code: 'ROLE_NOT_ALLOWED',
    });
  });

  test('keeps the case open at its step; it goes on after the applicant resubmits', () => {
    let s = withDeadline(accepted());
    s = act(s, { action: 'request_correction', actor: reviewer, missingMaterials: ['银行卡复印件', '死亡证明'], note: '电话已告知' });
    expect(s).toMatchObject({ status: 'open', pendingStep: 'review', deadline: null, corrections: 1 });
    expect(s.correction).toMatchObject({
      step: 'review',
      by: 'taishan.reviewer',
      missingMaterials: ['银行卡复印件', '死亡证明'],
      note: '电话已告知',
    });
    expect(s.correction!.pausedDeadline!.dueDate).toBe('2026-03-23');
    expect(checkAction(s, { action: 'review', actor: reviewer })).toMatchObject({ code: 'CASE_AWAITING_CORRECTION' });
    expect(checkAction(s, { action: 'resubmit', actor: reviewer })).toMatchObject({ code: 'ROLE_NOT_ALLOWED' });
    s = act(s, { action: 'resubmit', actor: clerk });
    expect(s.correction).toBeNull();
    s = act(s, { action: 'review', actor: reviewer });
    expect(s.pendingStep).toBe('disburse');
  });

  test('a refusal still ends the case, also while the materials are out for correction', () => {
    let s = act(accepted(), { action: 'request_correction', actor: reviewer, missingMaterials: ['银行卡复印件'] });
    s = act(s, { action: 'reject', actor: reviewer, reason: '逾期未补正', note: '已电话联系两次' });
    expect(s).toMatchObject({ status: 'rejected', correction: null, rejection: { reason: '逾期未补正', note: '已电话联系两次' } });
  });

  test('resubmitting a case that was not sent back is refused', () => {
    expect(checkAction(accepted(), { action: 'resubmit', actor: clerk })).toMatchObject({ code: 'CASE_WRONG_STATE' });
  });

  test('the clock stops on the send-back day and resumes with the working days left, not afresh', () => {
    // Accepted Mon 2026-03-02, 15 working days: due Mon 2026-03-23. Sent back Fri 03-06: 11 left (03-09 … 03-23).
    const paused = statutoryDeadline(calendar, '2026-03-02', 15);
    const resumed = resumedDeadline(calendar, paused, '2026-03-06', '2026-03-16');
    expect(resumed).toMatchObject({ receivedOn: '2026-03-16', workingDays: 11, dueDate: '2026-03-31' });
    // Sent back on the last day: one working day after the resubmission, never an instant breach.
    expect(resumedDeadline(calendar, paused, '2026-03-23', '2026-03-25')).toMatchObject({ workingDays: 1, dueDate: '2026-03-26' });
  });
});

describe('the online clock starts at receipt (000 §29; DOMAIN §11)', () => {
  test('an online remote-care filing counts 2 working days from receipt; at the counter it is immediate', () => {
    expect(clockStartsOnReceipt(open(remoteCareItem.code, 'online', hospital))).toBe(true);
    expect(clockStartsOnReceipt(open(remoteCareItem.code, 'counter'))).toBe(false);
    expect(clockStartsOnReceipt(open(withdrawalItem.code, 'counter'))).toBe(false);
  });

  test('accepting a case whose clock already runs does not restart it', () => {
    const s = { ...open(remoteCareItem.code, 'online', hospital), deadline: statutoryDeadline(calendar, '2026-03-02', 2) };
    expect(limitStartingWith(s, { action: 'accept' })).toBeNull();
    expect(limitStartingWith(open(withdrawalItem.code), { action: 'accept' })).toBe(15);
  });

  test('before anyone accepts it, the reminder goes to the clerks of the pending step', () => {
    expect(reminderRecipients(open(remoteCareItem.code, 'online', hospital))).toEqual({ role: 'window_clerk', jurisdiction: 'taishan' });
    const accepted = act(open(withdrawalItem.code), { action: 'accept', actor: clerk, assignee: 'taishan.clerk2' });
    expect(reminderRecipients(accepted)).toEqual({ users: ['taishan.clerk2'] });
  });
});

describe('不予受理 on the spot at the counter (000 §29)', () => {
  test('is open to the counter clerk for an immediate item', () => {
    expect(checkCounterRefusal(serviceItemRef(enrolmentItem, 'counter'), 'counter', clerk)).toBeNull();
    expect(checkCounterRefusal(serviceItemRef(remoteCareItem, 'counter'), 'counter', clerk)).toBeNull();
  });

  test('is not the way for other cases (refuse at 受理), online filings or queries', () => {
    expect(checkCounterRefusal(serviceItemRef(withdrawalItem, 'counter'), 'counter', clerk)).toMatchObject({ code: 'CASE_WRONG_STATE' });
    expect(checkCounterRefusal(serviceItemRef(remoteCareItem, 'online'), 'online', hospital)).toMatchObject({ code: 'CASE_WRONG_STATE' });
    expect(checkCounterRefusal(serviceItemRef(queryItem, 'counter'), 'counter', clerk)).toMatchObject({ code: 'CASE_WRONG_STATE' });
  });
});

test('a decision keeps its note (备注) beside its reason (原因)', () => {
  let s = act(open(withdrawalItem.code), { action: 'accept', actor: clerk, note: '材料齐全' });
  expect(s.completedSteps.at(-1)).toMatchObject({ step: 'accept', by: 'taishan.clerk', note: '材料齐全' });
  s = act(s, { action: 'reject', actor: reviewer, reason: '不符合支取条件', note: '申请人未满足出国定居条件' });
  expect(s.rejection).toMatchObject({ reason: '不符合支取条件', note: '申请人未满足出国定居条件' });
});
