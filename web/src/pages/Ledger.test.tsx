/** The ledger screens: an account's running balance, a settlement file refused with its row errors, a reversal, CSV export. */
import { fireEvent, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json, stubFetch } from '../test-fetch';
import type { User } from '../api';
import { Ledger } from './Ledger';

const finance: User = { username: 'taishan.finance', role: 'finance', jurisdiction: 'taishan', displayName: '台山财务' };
const trial = { agency: 'taishan', asOf: null, rows: [], totals: { debitFen: 0, creditFen: 0 }, balanced: true };
const ledger = {
  agency: 'taishan',
  account: 'fiscal_special_account_deposit',
  name: '财政专户存款',
  normalSide: 'debit',
  from: '2026-01-01',
  to: '2026-12-31',
  openingFen: 100_000,
  lines: [
    {
      date: '2026-02-01',
      entryId: '7',
      memo: '财政补助',
      account: 'fiscal_special_account_deposit',
      accountName: '财政专户存款',
      debitFen: 50_000,
      creditFen: 0,
      balanceFen: 150_000,
    },
    {
      date: '2026-02-03',
      entryId: '8',
      memo: '划拨支出户',
      account: 'fiscal_special_account_deposit',
      accountName: '财政专户存款',
      debitFen: 0,
      creditFen: 30_000,
      balanceFen: 120_000,
    },
  ],
  totals: { debitFen: 50_000, creditFen: 30_000 },
  closingFen: 120_000,
};
const stub = stubFetch(async (url: string) => {
  if (url.startsWith('/ledger/trial-balance')) return json(trial);
  if (url.startsWith('/ledger/accounts/')) return json(ledger);
  throw new Error(`unexpected ${url}`);
});
afterEach(() => {
  location.hash = '';
});

describe('Ledger', () => {
  it("shows an account's ledger with its running balance, its filters in the address", async () => {
    location.hash = '#/ledger?view=account';
    render(<Ledger user={finance} />);
    fireEvent.click(screen.getByRole('button', { name: '查询' }));
    expect((await screen.findByRole('alert')).textContent).toBe('请选择科目');
    fireEvent.change(screen.getByLabelText('科目'), { target: { value: 'fiscal_special_account_deposit' } });
    fireEvent.change(screen.getByLabelText(/起始日期/), { target: { value: '2026-01-01' } });
    fireEvent.click(screen.getByRole('button', { name: '查询' }));
    const table = await screen.findByRole('table', { name: /明细账：财政专户存款/ });
    const balances = within(table)
      .getAllByRole('row')
      .slice(1)
      .map((r) => r.lastElementChild!.textContent);
    expect(balances).toEqual(['1,000.00', '1,500.00', '1,200.00', '1,200.00']);
    expect(location.hash).toBe('#/ledger?view=account&account=fiscal_special_account_deposit&from=2026-01-01');
    expect(stub.fetch().mock.calls.at(-1)![0]).toBe('/ledger/accounts/fiscal_special_account_deposit?from=2026-01-01');
  });

  it('shows every refused row of a settlement file, and that nothing was imported', async () => {
    location.hash = '#/ledger?view=import';
    stub.fetch().mockResolvedValueOnce(
      json(
        {
          code: 'VALIDATION_FAILED',
          message: '结算文件有误，未导入任何记录',
          facts: { issueCount: 2 },
          issues: [
            { path: 'row 3', message: '日期“2026-02-30”不是有效日期' },
            { path: 'row 5', message: '金额应为正数（元，最多两位小数）' },
          ],
        },
        400,
      ),
    );
    render(<Ledger user={finance} />);
    fireEvent.change(screen.getByLabelText('或粘贴文件内容'), { target: { value: 'institution,date,category,amount\n…' } });
    fireEvent.click(screen.getByRole('button', { name: '导入' }));
    const refusal = await screen.findByTestId('import-refusal');
    expect(refusal.textContent).toContain('未导入：结算文件有误，未导入任何记录');
    const rows = within(refusal)
      .getAllByRole('row')
      .slice(1)
      .map((r) => r.textContent);
    expect(rows).toEqual(['第 3 行日期“2026-02-30”不是有效日期', '第 5 行金额应为正数（元，最多两位小数）']);
  });

  it('reverses an entry with a reason and date; without a reason nothing is sent', async () => {
    location.hash = '#/ledger?view=reversal';
    const entry = {
      id: '7',
      agency: 'taishan',
      date: '2026-02-01',
      memo: '财政补助',
      source: { kind: 'fiscal_income', key: 'x' },
      postedBy: 'taishan.finance',
      postedAt: '2026-02-01T02:00:00.000Z',
      reversesId: null,
      reversedBy: null,
      lines: [{ account: 'fiscal_special_account_deposit', name: '财政专户存款', side: 'debit', amountFen: 50_000 }],
      totals: { debitFen: 50_000, creditFen: 50_000 },
    };
    stub.fetch().mockResolvedValueOnce(json(entry));
    render(<Ledger user={finance} />);
    fireEvent.change(screen.getByLabelText('分录号'), { target: { value: '7' } });
    fireEvent.click(screen.getByRole('button', { name: '查找' }));
    fireEvent.click(await screen.findByRole('button', { name: '冲销' }));
    expect((await screen.findByRole('alert')).textContent).toBe('请填写冲销原因');
    fireEvent.change(screen.getByLabelText('冲销原因'), { target: { value: '金额录错' } });
    fireEvent.change(screen.getByLabelText(/冲销日期/), { target: { value: '2026-02-05' } });
    stub.fetch().mockResolvedValueOnce(json({ ...entry, id: '9', date: '2026-02-05', reversesId: '7' }, 201));
    stub.fetch().mockResolvedValueOnce(json({ ...entry, reversedBy: { id: '9', date: '2026-02-05' } }));
    fireEvent.click(screen.getByRole('button', { name: '冲销' }));
    expect((await screen.findByTestId('reversed')).textContent).toContain('冲销分录号 9');
    const post = stub.fetch().mock.calls.find(([, init]) => init?.method === 'POST')!;
    expect(post[0]).toBe('/ledger/entries/7/reversal');
    expect(JSON.parse(post[1].body)).toEqual({ reason: '金额录错', date: '2026-02-05' });
  });

  it('exports the trial balance as the CSV file the API names', async () => {
    location.hash = '#/ledger';
    const created: Blob[] = [];
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: (b: Blob) => (created.push(b), 'blob:x'), revokeObjectURL: () => {} }));
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    render(<Ledger user={finance} />);
    await screen.findByTestId('balanced');
    stub.fetch().mockResolvedValueOnce(
      new Response('\uFEFF科目编码,科目名称\r\n', {
        headers: {
          'content-type': 'text/csv',
          'content-disposition': `attachment; filename="tb.csv"; filename*=UTF-8''${encodeURIComponent('试算平衡表-台山-2026-03-02')}.csv`,
        },
      }),
    );
    fireEvent.click(screen.getByRole('button', { name: '导出 CSV' }));
    await vi.waitFor(() => expect(click).toHaveBeenCalled());
    expect((click.mock.contexts[0] as HTMLAnchorElement).download).toBe('试算平衡表-台山-2026-03-02.csv');
    expect(stub.fetch().mock.calls.at(-1)![0]).toBe('/ledger/trial-balance?format=csv');
    expect(await created[0]!.text()).toContain('科目编码');
    click.mockRestore();
  });
});
