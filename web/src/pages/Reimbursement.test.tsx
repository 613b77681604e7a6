/**
 * Reimbursement claims in the workbench: the reviewer decides each line in yuan (sent as fen) and a
 * reduction needs its reason; finance sees the account in full and pays the decided amount (no
 * amount typed); the clerk's queue; the actions follow the pending step's role and the agency.
 */
import { fireEvent, render, screen } from '@testing-library/react';
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
