/** The supervisor's drill-down: the cases behind a number, read with the summary's filter, and a 督办 that needs its note. */
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { json, stubFetch } from '../test-fetch';
import type { User } from '../api';
import { SupervisionDrill } from './SupervisionDrill';

const supervisor: User = { username: 'taishan.supervisor', role: 'supervisor', jurisdiction: 'taishan', displayName: '台山监督' };
const kase = {
  id: 'service-case:442189209003:TS-2026-0009',
  applicationNo: 'TS-2026-0009',
  applicant: { name: '陈一', idNumber: '440781********1234', phone: null },
  status: 'open',
  statusName: '办理中',
  pendingStep: 'review',
  assignee: 'taishan.clerk',
  deadline: { dueDate: '2026-03-09', overdue: true, breachedAt: '2026-03-09T16:00:00.000Z' },
};
const stub = stubFetch(async (url: string, init?: RequestInit) => {
  if (url.startsWith('/cases?')) return json({ total: 1, page: 1, pageSize: 100, items: [kase], nextCursor: null });
  if (url.startsWith('/fund/requests?')) {
    const req = (period: string) => ({
      id: `fund-request:turnover:taishan:${period}`,
      period,
      amountFen: 12345,
      status: 'submitted',
      statusName: '已报送',
      dueDate: '2026-03-05',
      late: true,
      breachedAt: null,
    });
    if (url.includes('cursor=p2')) return json({ total: 51, page: 1, pageSize: 50, items: [req('2022-01')], nextCursor: null });
    return json({ total: 51, page: 1, pageSize: 50, items: [req('2026-03')], nextCursor: 'p2' });
  }
  if (url === '/supervision/urge' && init?.method === 'POST')
    return json({ recordId: kase.id, urgedAt: '2026-03-10T01:00:00.000Z', recipients: ['taishan.clerk'], noticeIds: ['41'], seq: 1 }, 201);
  throw new Error(`unexpected ${url}`);
});
afterEach(() => {
  location.hash = '';
});

describe('SupervisionDrill', () => {
  it('lists the breached cases of the county with the filter the summary counts, and urges the assignee', async () => {
    location.hash = '#/supervision/drill?process=service_case&county=taishan&measure=breached';
    render(<SupervisionDrill user={supervisor} />);
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('台山·服务事项·超期');
    const row = (await screen.findByRole('link', { name: /TS-2026-0009/ })).closest('tr')!;
    expect(
      within(row)
        .getAllByRole('cell')
        .map((c) => c.textContent),
    ).toEqual(['TS-2026-0009（陈一）', '待审核', 'taishan.clerk', '2026-03-09（已超期）', '督办']);
    expect(stub.fetch().mock.calls[0]![0]).toBe('/cases?county=taishan&pageSize=100&breached=true');

    fireEvent.click(within(row).getByRole('button', { name: /督办/ }));
    fireEvent.click(screen.getByRole('button', { name: '发送督办' }));
    expect((await screen.findByRole('alert')).textContent).toBe('督办意见不能为空');
    expect(stub.fetch().mock.calls.filter(([, i]) => i?.method === 'POST')).toHaveLength(0);

    fireEvent.change(screen.getByLabelText('督办意见'), { target: { value: '请今日内办结' } });
    fireEvent.click(screen.getByRole('button', { name: '发送督办' }));
    const done = await screen.findByTestId('urge-done');
    expect(done.textContent).toBe('已督办 TS-2026-0009（陈一），已通知：taishan.clerk');
    await waitFor(() => expect(document.activeElement).toBe(done)); // focus moves in an effect after the render
    const post = stub.fetch().mock.calls.find(([, i]) => i?.method === 'POST')!;
    expect(JSON.parse(post[1].body)).toEqual({ recordId: kase.id, note: '请今日内办结' });
  });

  it("pages a fund cell through the server's filtered list instead of filtering the county's requests itself", async () => {
    location.hash = '#/supervision/drill?process=fund_request&county=taishan&measure=breached';
    render(<SupervisionDrill user={supervisor} />);
    await screen.findByRole('link', { name: /2026-03/ });
    expect(stub.fetch().mock.calls[0]![0]).toBe('/fund/requests?agency=taishan&late=true&pageSize=50');
    expect(screen.getByTestId('drill-count').textContent).toBe('共 51 件，本页 1 件');
    fireEvent.click(screen.getByRole('button', { name: '下一页' }));
    await screen.findByRole('link', { name: /2022-01/ });
    expect(stub.fetch().mock.calls.at(-1)![0]).toBe('/fund/requests?agency=taishan&late=true&cursor=p2&pageSize=50');
    expect(screen.getByText(/第 2 页，共 2 页/)).toBeTruthy();
  });
});
