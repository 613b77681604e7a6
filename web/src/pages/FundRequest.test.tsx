/** Fund requests: the finance officer's adjustment in yuan sent as fen; the fiscal role's approval and return; 0.00 yuan flagged. */
import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { json, stubFetch } from '../test-fetch';
import type { FundRequestDetail, User } from '../api';
import { allowedFundActions, FundRequestPage } from './FundRequest';

const finance: User = { username: 'taishan.finance', role: 'finance', jurisdiction: 'taishan', displayName: '台山财务' };
const fiscal: User = { username: 'taishan.fiscal', role: 'fiscal', jurisdiction: 'taishan', displayName: '台山财政' };
const id = 'fund-request:turnover:taishan:2026-03';
const base: FundRequestDetail = {
  id,
  kind: 'turnover',
  agency: 'taishan',
  period: '2026-03',
  status: 'draft',
  statusName: '待提交',
  basisFen: 1_000_000,
  carryoverFen: 0,
  proposedFen: 1_000_000,
  amountFen: 1_000_000,
  calculation: [{ label: '上月实际支出', amountFen: 1_000_000 }],
  dueDate: '2026-03-18',
  submittedOn: null,
  late: false,
  adjustReason: null,
  decidedBy: null,
  returnReason: null,
  entryId: null,
  remindedAt: null,
  breachedAt: null,
  warnings: [],
  version: 1,
  history: [],
};
let current = base;
const stub = stubFetch(async (url: string, init?: RequestInit) => {
  if ((init?.method ?? 'GET') === 'GET' && url === `/fund/requests/${encodeURIComponent(id)}`) return json(current);
  throw new Error(`unexpected ${init?.method} ${url}`);
});
const posts = () => stub.fetch().mock.calls.filter(([, init]) => init?.method === 'POST');

describe('FundRequestPage', () => {
  it('sends an adjustment in fen with its reason; a reasonless one is stopped', async () => {
    current = base;
    render(<FundRequestPage id={id} user={finance} />);
    fireEvent.click(await screen.findByRole('radio', { name: '调整申请金额' }));
    fireEvent.change(screen.getByLabelText('调整后金额（元）'), { target: { value: '12345.6' } });
    fireEvent.click(screen.getByRole('button', { name: '提交' }));
    expect((await screen.findByRole('alert')).textContent).toBe('请填写原因');
    expect(posts()).toHaveLength(0);
    fireEvent.change(screen.getByLabelText(/原因/), { target: { value: '上月有一笔未入账' } });
    stub.fetch().mockImplementationOnce(async () => json({ ...base, amountFen: 1_234_560 }));
    fireEvent.click(screen.getByRole('button', { name: '提交' }));
    expect((await screen.findByTestId('fund-done')).textContent).toContain('12,345.60 元');
    expect(JSON.parse(posts()[0]![1].body)).toEqual({ action: 'adjust', amountFen: 1_234_560, reason: '上月有一笔未入账' });
  });

  it('flags a 0.00-yuan request and asks the fiscal approver to confirm it before approving', async () => {
    const warning = { code: 'ZERO_AMOUNT', message: '申请金额为 0.00 元：提交或审批前请核实测算依据' };
    current = { ...base, status: 'submitted', statusName: '待财政部门审批', amountFen: 0, warnings: [warning] };
    render(<FundRequestPage id={id} user={fiscal} />);
    expect((await screen.findByTestId('warning-ZERO_AMOUNT')).textContent).toContain('0.00 元');
    expect(screen.getByTestId('fund-amount').textContent).toBe('0.00 元');
    fireEvent.click(screen.getByRole('radio', { name: '审批通过（拨付）' }));
    fireEvent.click(screen.getByRole('button', { name: '提交' }));
    expect(screen.getAllByRole('alert').map((a) => a.textContent)).toContain('申请金额为 0.00 元：请勾选“已核实”后再提交或审批');
    expect(posts()).toHaveLength(0);
    fireEvent.click(screen.getByRole('checkbox', { name: /已核实/ }));
    stub.fetch().mockImplementationOnce(async () => json({ ...current, status: 'approved', statusName: '已批准并拨付' }));
    fireEvent.click(screen.getByRole('button', { name: '提交' }));
    await vi.waitFor(() => expect(posts()).toHaveLength(1));
    expect(JSON.parse(posts()[0]![1].body)).toEqual({ action: 'approve' });
  });

  it('returns a request only with a reason', async () => {
    current = { ...base, status: 'submitted', statusName: '待财政部门审批' };
    render(<FundRequestPage id={id} user={fiscal} />);
    fireEvent.click(await screen.findByRole('radio', { name: '退回经办机构' }));
    fireEvent.click(screen.getByRole('button', { name: '提交' }));
    expect((await screen.findByRole('alert')).textContent).toBe('请填写原因');
    expect(posts()).toHaveLength(0);
  });
});

describe('allowedFundActions', () => {
  it('gives finance the draft and fiscal the submitted request, each of its own agency', () => {
    expect(allowedFundActions(base, finance)).toEqual(['adjust', 'submit']);
    expect(allowedFundActions(base, fiscal)).toEqual([]);
    expect(allowedFundActions({ ...base, status: 'submitted' }, fiscal)).toEqual(['approve', 'return']);
    expect(allowedFundActions({ ...base, agency: 'kaiping' }, finance)).toEqual([]);
  });
});
