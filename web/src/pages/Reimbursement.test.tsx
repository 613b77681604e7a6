/**
 * Reimbursement claims in the workbench: the reviewer decides each line in yuan (sent as fen) and a
 * reduction needs its reason; finance sees the account in full and pays the decided amount (no
 * amount typed); the clerk's queue; the actions follow the pending step's role and the agency.
 */
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { json, stubFetch } from '../test-fetch';
import type { ClaimDetail, User } from '../api';
import { allowedClaimActions, ReimbursementPage, ReimbursementQueue } from './Reimbursement';

const user = (role: User['role'], username: string): User => ({ username, role, jurisdiction: 'taishan', displayName: username });
const reviewer = user('reviewer', 'taishan.reviewer');
const finance = user('finance', 'taishan.finance');
const clerk = user('window_clerk', 'taishan.clerk');
const id = 'reimbursement:0123456789abcdef:LX-1';
const line = (lineNo: number, amountFen: number) => ({
  lineNo,
  category: 'inpatient',
  serviceDate: '2026-03-10',
  institutionCode: 'H44078101',
  institutionName: '台山市人民医院',
  invoiceNo: `INV-${lineNo}`,
  amountFen,
  refusal: null,
  ground: null,
  payableFen: null,
  reductionReason: null,
});
const base: ClaimDetail = {
  id,
  claimNo: 'LX-1',
  kind: 'basic_inpatient',
  kindName: '住院费用报销',
  itemCode: '442189212002',
  status: 'open',
  statusName: '办理中',
  pendingStep: 'review',
  pendingStepName: '审核',
  jurisdiction: 'taishan',
  person: { name: '陈一', idNumber: '440781********1234' },
  acceptedOn: '2026-03-20',
  dueDate: '2026-05-06',
  breached: false,
  claimedFen: 150_000,
  decidedFen: null,
  paidFen: null,
  entryId: null,
  basicClaimId: null,
  lines: [
    line(1, 100_000),
    line(2, 50_000),
    {
      ...line(3, 30_000),
      serviceDate: '2022-01-04',
      refusal: { code: 'APPLICATION_PERIOD_EXPIRED', article: '000 §23', message: '第3行：已超过3年期限', facts: {} },
      payableFen: 0,
    },
  ],
  account: { kind: 'bank_card', number: '************0123', bank: '工商银行', holder: '陈一', masked: true },
  documents: [],
  admission: null,
  assistance: null,
  signatures: [
    { step: 'accept', stepName: '窗口受理', username: 'taishan.clerk', role: 'window_clerk', on: '2026-03-20', at: '2026-03-20T02:00:00Z' },
  ],
  rejection: null,
  version: 1,
  history: [],
};
let current: ClaimDetail = base;
const stub = stubFetch(async (url: string, init?: RequestInit) => {
  if ((init?.method ?? 'GET') === 'GET' && url === `/reimbursement/claims/${encodeURIComponent(id)}`) return json(current);
  if ((init?.method ?? 'GET') === 'GET' && url.startsWith('/reimbursement/claims?'))
    return json({ total: 1, page: 1, pageSize: 100, items: [current] });
  throw new Error(`unexpected ${init?.method} ${url}`);
});
const posts = () => stub.fetch().mock.calls.filter(([, init]) => init?.method === 'POST');

describe('ReimbursementPage', () => {
  it('the reviewer decides each admissible line in yuan; a reduction without its reason is stopped', async () => {
    current = base;
    render(<ReimbursementPage id={id} user={reviewer} />);
    expect((await screen.findByTestId('line-3')).textContent).toContain('已超过3年期限（000 §23）');
    expect(screen.queryByLabelText(/第3行核定金额/)).toBeNull(); // a refused line is not decided again
    fireEvent.change(screen.getByLabelText(/第1行核定金额/), { target: { value: '800.00' } });
    fireEvent.click(screen.getByRole('button', { name: '提交' }));
    expect((await screen.findByRole('alert')).textContent).toBe('第1行：核减须说明原因');
    expect(posts()).toHaveLength(0);
    fireEvent.change(screen.getByLabelText('第1行核减原因'), { target: { value: '乙类药品自付部分' } });
    stub
      .fetch()
      .mockImplementationOnce(async () => json({ ...base, pendingStep: 'disburse', pendingStepName: '拨付', decidedFen: 130_000 }));
    fireEvent.click(screen.getByRole('button', { name: '提交' }));
    await vi.waitFor(() => expect(posts()).toHaveLength(1));
    expect(JSON.parse(posts()[0]![1].body)).toEqual({
      action: 'review',
      lines: [
        { lineNo: 1, payableFen: 80_000, reason: '乙类药品自付部分' },
        { lineNo: 2, payableFen: 50_000 },
      ],
    });
  });

  it('finance sees the account in full and pays the decided amount, typing none', async () => {
    current = {
      ...base,
      pendingStep: 'disburse',
      pendingStepName: '拨付',
      decidedFen: 130_000,
      account: { ...base.account, number: '6222021234560123', masked: false },
    };
    render(<ReimbursementPage id={id} user={finance} />);
    expect((await screen.findByTestId('claim-account')).textContent).toContain('6222021234560123');
    expect(screen.getByTestId('disburse-amount').textContent).toContain('1,300.00 元');
    stub
      .fetch()
      .mockImplementationOnce(async () => json({ ...current, pendingStep: 'complete', pendingStepName: '办结', paidFen: 130_000 }));
    fireEvent.click(screen.getByRole('button', { name: '提交' }));
    await vi.waitFor(() => expect(posts()).toHaveLength(1));
    expect(JSON.parse(posts()[0]![1].body)).toEqual({ action: 'disburse' });
  });

  it('初审 of an uninsured recipient: the 001 §15 deduction is entered, shown as the domain computes it, and sent with the amount', async () => {
    current = {
      ...base,
      kind: 'assistance',
      kindName: '医疗救助零星报销',
      pendingStep: 'first_review',
      pendingStepName: '初审',
      claimedFen: 150_000,
      lines: [line(1, 100_000), line(2, 50_000)],
      assistance: { insuredStatus: 'uninsured', assistanceFen: null, assessment: null },
    };
    render(<ReimbursementPage id={id} user={reviewer} />);
    fireEvent.change(await screen.findByLabelText('救助金额（元）'), { target: { value: '500' } });
    expect(screen.getByTestId('line-1').textContent).not.toContain('待审核'); // no per-line 审核 in the assistance chain
    fireEvent.click(screen.getByRole('button', { name: '提交' }));
    expect((await screen.findAllByRole('alert')).map((a) => a.textContent)).toContain('请填写政策范围内费用（元）');
    expect(screen.getByLabelText('起付标准（元）').getAttribute('aria-invalid')).toBe('true');
    expect(posts()).toHaveLength(0);
    fireEvent.change(screen.getByLabelText('政策范围内费用（元）'), { target: { value: '1200' } });
    fireEvent.change(screen.getByLabelText('起付标准（元）'), { target: { value: '500' } });
    fireEvent.change(screen.getByLabelText('基本医保支付比例（%）'), { target: { value: '70' } });
    fireEvent.change(screen.getByLabelText('大病保险支付部分（元，可选）'), { target: { value: '60' } });
    fireEvent.change(screen.getByLabelText('起付标准和比例的依据'), { target: { value: '2026年居民医保住院待遇标准' } });
    // (1,200 − 500) × 70% = 490, plus 60 of 大病保险: 550 deducted of 1,500 claimed; 300 outside the policy scope
    expect(screen.getByTestId('uninsured-deduction').textContent).toBe(
      '政策范围外费用 300.00 元；按参保24个月核算基本医保支付 490.00 元、大病保险支付 60.00 元，共核减 550.00 元；可救助的个人负担部分 950.00 元',
    );
    fireEvent.change(screen.getByLabelText('救助金额（元）'), { target: { value: '960' } });
    fireEvent.click(screen.getByRole('button', { name: '提交' }));
    expect((await screen.findAllByRole('alert')).map((a) => a.textContent)).toContain(
      '救助金额超过可救助的个人负担部分 950.00 元（001 §15）',
    );
    expect(posts()).toHaveLength(0);
    fireEvent.change(screen.getByLabelText('救助金额（元）'), { target: { value: '900' } });
    stub.fetch().mockImplementationOnce(async () => json({ ...current, pendingStep: 'second_review', pendingStepName: '复审' }));
    fireEvent.click(screen.getByRole('button', { name: '提交' }));
    await vi.waitFor(() => expect(posts()).toHaveLength(1));
    expect(JSON.parse(posts()[0]![1].body)).toEqual({
      action: 'first_review',
      assistanceFen: 90_000,
      uninsuredShare: {
        eligibleFen: 120_000,
        deductibleFen: 50_000,
        rateBp: 7_000,
        criticalIllnessFen: 6_000,
        source: '2026年居民医保住院待遇标准',
      },
    });
  });

  it('an injury admission’s claim shows its verification record, or that payment waits for one (000 §4)', async () => {
    const admission = {
      admittedOn: '2026-03-01',
      dischargedOn: '2026-03-10',
      institutionCode: 'H44078101',
      injury: true,
      verificationId: null,
    };
    current = { ...base, admission, verification: null };
    render(<ReimbursementPage id={id} user={reviewer} />);
    expect((await screen.findByTestId('claim-admission')).textContent).toContain('无核查记录，意外伤害住院未经核查登记不能拨付');
    cleanup();
    current = {
      ...base,
      admission,
      verification: {
        id: 'inpatient:0123456789abcdef:H44078101:2026-03-01',
        status: 'verified',
        statusName: '已核查',
        injury: true,
        injuryRegistered: true,
        registrationFormNo: 'YW-2026-001',
        paymentLocked: false,
        jurisdiction: 'taishan',
        verifiedBy: 'taishan.clerk',
        verifiedOn: '2026-03-02',
      },
    };
    render(<ReimbursementPage id={id} user={reviewer} />);
    expect((await screen.findByTestId('claim-admission')).textContent).toContain('已核查（inpatient:0123456789abcdef:H44078101:2026-03-01');
    expect(screen.getByTestId('claim-admission').textContent).toContain('意外受伤就诊登记表 YW-2026-001');
  });

  it('the clerk sees the queue and no action on a claim waiting for review', async () => {
    current = base;
    render(<ReimbursementQueue user={clerk} />);
    expect((await screen.findByTestId('claim-item')).textContent).toContain('待审核');
    expect(screen.getByTestId('claim-item').textContent).not.toContain('待我办理');
  });
});

describe('allowedClaimActions', () => {
  it('follows the pending step’s role in the claim’s own agency; no 不予报销 after payment', () => {
    expect(allowedClaimActions(base, reviewer)).toEqual(['review', 'reject']);
    expect(allowedClaimActions(base, finance)).toEqual([]);
    expect(allowedClaimActions({ ...base, jurisdiction: 'kaiping' }, reviewer)).toEqual([]);
    expect(allowedClaimActions({ ...base, pendingStep: 'complete', paidFen: 1 }, user('approver', 'taishan.approver'))).toEqual([
      'complete',
    ]);
  });
});
