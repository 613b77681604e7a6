/** 医疗救助公示与统计: the disclosure's steps by role (build, review, publish, objection, answer) and the statistics charts drawn to scale. */
import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { DisclosureView, User } from '../api';
import { json, stubFetch } from '../test-fetch';
import { AssistanceReports, BarChart, lastEndedQuarter } from './AssistanceReports';

const user = (role: User['role']): User => ({ username: `taishan.${role}`, role, jurisdiction: 'taishan', displayName: role });

const disclosure = (over: Partial<DisclosureView> = {}): DisclosureView => ({
  id: 'taishan:2026-Q2:v1',
  agency: 'taishan',
  quarter: '2026-Q2',
  version: 1,
  status: 'draft',
  periodFrom: '2026-04-01',
  periodTo: '2026-06-30',
  rows: [
    { no: 1, category: 'extreme_poverty', name: '特困人员', occasions: 2, amountFen: 80_000 },
    { no: 2, category: 'minimum_living', name: '最低生活保障对象', occasions: 1, amountFen: 40_000 },
  ],
  totalOccasions: 3,
  totalFen: 120_000,
  ledgerSpendingFen: 120_000,
  builtBy: 'taishan.finance',
  builtAt: '2026-07-02T01:00:00.000Z',
  reviewedBy: null,
  reviewedAt: null,
  publishedBy: null,
  publishedAt: null,
  publishedOn: null,
  objectionUntil: null,
  objectionClosedAt: null,
  correctionOf: null,
  correctionReason: null,
  objections: [],
  ...over,
});

let current: DisclosureView[] = [];
const stub = stubFetch(async (url, init) => {
  if (url === '/assistance/disclosures' && (!init?.method || init.method === 'GET')) return json(current);
  if (url === '/assistance/disclosures' && init?.method === 'POST') {
    const body = JSON.parse(init.body as string);
    if (body.quarter === '2026-Q3') return json({ code: 'CASE_WRONG_STATE', message: '2026年第三季度尚未结束（2026-09-30）' }, 409);
    current = [disclosure({ quarter: body.quarter })];
    return json(current[0], 201);
  }
  if (url.endsWith('/review')) return json((current = [disclosure({ status: 'reviewed', reviewedBy: 'taishan.reviewer' })])[0]);
  if (url.endsWith('/publish'))
    return json(
      (current = [
        disclosure({ status: 'published', publishedBy: 'taishan.approver', publishedOn: '2026-07-10', objectionUntil: '2026-10-10' }),
      ])[0],
    );
  if (url.endsWith('/objections')) return json(current[0], 201);
  if (url.includes('/objections/')) return json(current[0]);
  if (url.startsWith('/assistance/statistics'))
    return json({
      agency: 'taishan',
      period: '2026-Q2',
      label: '2026年第二季度',
      from: '2026-04-01',
      to: '2026-06-30',
      byAccount: [
        { account: 'assistance_benefit_expense.subsidised_enrolment', name: '资助参保支出', amountFen: 120_000 },
        { account: 'assistance_benefit_expense.outpatient', name: '门诊救助支出', amountFen: 30_000 },
        { account: 'assistance_benefit_expense.inpatient', name: '住院救助支出', amountFen: 0 },
      ],
      byCategory: disclosure().rows,
      totalOccasions: 3,
      totalFen: 150_000,
    });
  return json({ code: 'NOT_FOUND', message: 'not stubbed' }, 404);
});
const calls = (suffix: string) => stub.fetch().mock.calls.filter(([u, i]) => String(u).endsWith(suffix) && i?.method === 'POST');

describe('AssistanceReports', () => {
  it('finance builds the last ended quarter; a refusal is shown as the API says it', async () => {
    current = [];
    render(<AssistanceReports user={user('finance')} />);
    expect(await screen.findByText('暂无公示')).toBeTruthy();
    const form = screen.getByRole('form', { name: '编制季度公示' });
    fireEvent.change(within(form).getByLabelText('季度'), { target: { value: '2026-Q3' } });
    fireEvent.click(within(form).getByRole('button', { name: '编制公示' }));
    expect((await screen.findByRole('alert')).textContent).toContain('尚未结束');
    fireEvent.change(within(form).getByLabelText('季度'), { target: { value: '2026-Q2' } });
    fireEvent.click(within(form).getByRole('button', { name: '编制公示' }));
    const card = await screen.findByRole('article', { name: '2026-Q2 第1版' });
    expect(within(card).getByTestId('disclosure-status').textContent).toBe('草稿（待审核）');
    expect(within(card).getByTestId('disclosure-total').textContent).toBe('1,200.00 元');
    expect(within(card).queryByRole('button', { name: '审核通过' })).toBeNull(); // not the reviewer
    expect(JSON.parse(calls('/assistance/disclosures').at(-1)![1]!.body as string)).toEqual({ quarter: '2026-Q2' });
  });

  it('the reviewer reviews a draft, the approver publishes it; only then may the counter record an objection', async () => {
    current = [disclosure()];
    const reviewer = render(<AssistanceReports user={user('reviewer')} />);
    fireEvent.click(await screen.findByRole('button', { name: '审核通过' }));
    expect(await screen.findByText('公示已审核')).toBeTruthy();
    expect(screen.getByTestId('disclosure-status').textContent).toBe('已审核（待公布）');
    expect(calls('/taishan%3A2026-Q2%3Av1/review')).toHaveLength(1);
    expect(screen.queryByRole('button', { name: '公布' })).toBeNull();
    reviewer.unmount();

    const approver = render(<AssistanceReports user={user('approver')} />);
    fireEvent.click(await screen.findByRole('button', { name: '公布' }));
    expect(await screen.findByText('公示已公布，公示期开始')).toBeTruthy();
    expect(screen.getByTestId('disclosure-status').textContent).toBe('已公布');
    expect(screen.getByText(/公示期 2026-07-10 至 2026-10-10/)).toBeTruthy();
    expect(screen.queryByRole('form', { name: '登记异议' })).toBeNull(); // the approver does not record objections
    approver.unmount();

    render(<AssistanceReports user={user('window_clerk')} />);
    const form = await screen.findByRole('form', { name: '登记异议' });
    fireEvent.change(within(form).getByLabelText('异议人'), { target: { value: '陈某' } });
    fireEvent.change(within(form).getByLabelText('异议内容'), { target: { value: '人次有误' } });
    fireEvent.click(within(form).getByRole('button', { name: '登记异议' }));
    expect(await screen.findByText('异议已登记')).toBeTruthy();
    expect(JSON.parse(calls('/objections')[0]![1]!.body as string)).toMatchObject({ submitter: '陈某', content: '人次有误' });
    expect(screen.queryByText(/医疗救助统计/)).toBeNull(); // the statistics are finance's and supervisors'
  });

  it('an unanswered objection is answered by the reviewer; an answered one shows its answer', async () => {
    const published = {
      status: 'published' as const,
      publishedOn: '2026-07-10',
      objectionUntil: '2026-10-10',
      publishedBy: 'taishan.approver',
    };
    const objection = { receivedOn: '2026-07-12', submitter: '陈某', content: '人次有误', recordedBy: 'taishan.clerk', recordedAt: '' };
    current = [
      disclosure({
        ...published,
        objections: [
          { id: '5', ...objection, answer: null, answeredBy: null, answeredAt: null },
          { id: '6', ...objection, submitter: '李某', answer: '已核实无误', answeredBy: 'taishan.approver', answeredAt: '' },
        ],
      }),
    ];
    render(<AssistanceReports user={user('reviewer')} />);
    expect(await screen.findByText('答复（taishan.approver）：已核实无误')).toBeTruthy();
    const forms = screen.getAllByRole('form', { name: '答复异议' });
    expect(forms).toHaveLength(1);
    fireEvent.change(within(forms[0]!).getByLabelText('答复'), { target: { value: '已更正人次' } });
    fireEvent.click(within(forms[0]!).getByRole('button', { name: '答复' }));
    expect(await screen.findByText('已答复')).toBeTruthy();
    const answer = calls('/objections/5/answer');
    expect(JSON.parse(answer[0]![1]!.body as string)).toEqual({ answer: '已更正人次' });
  });

  it("finance reads a period's statistics: totals and two charts drawn to scale", async () => {
    current = [];
    render(<AssistanceReports user={user('finance')} />);
    const form = screen.getByRole('form', { name: '统计期间' });
    fireEvent.change(within(form).getByLabelText(/统计期间/), { target: { value: '2026-Q2' } });
    fireEvent.click(within(form).getByRole('button', { name: '统计' }));
    expect((await screen.findByTestId('statistics-total')).textContent).toBe('1,500.00 元');
    expect(stub.fetch().mock.calls.some(([u]) => u === '/assistance/statistics?period=2026-Q2')).toBe(true);
    const byAccount = screen.getByRole('img', { name: '按明细科目的支出' });
    const widths = [...byAccount.querySelectorAll('rect')].map((r) => Number(r.getAttribute('width')));
    expect(widths[0]).toBe(300); // the largest bar spans the chart
    expect(widths[1]).toBe(75); // a quarter of it
    expect(widths[2]).toBe(1); // zero: a hairline
    expect(screen.getByRole('img', { name: '按救助对象类型的支出' }).querySelectorAll('rect')).toHaveLength(2);
  });
});

describe('BarChart and the quarter', () => {
  it('draws nothing wider than the chart when every amount is zero', () => {
    render(<BarChart title="空" bars={[{ label: '甲', fen: 0 }]} />);
    expect(screen.getByRole('img', { name: '空' }).querySelector('rect')!.getAttribute('width')).toBe('1');
  });
  it('the last ended quarter: January belongs to the year before', () => {
    expect(lastEndedQuarter('2027-01-05')).toBe('2026-Q4');
    expect(lastEndedQuarter('2026-07-01')).toBe('2026-Q2');
    expect(lastEndedQuarter('2026-12-31')).toBe('2026-Q3');
  });
});
