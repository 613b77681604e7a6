/** The work queue: the server's pages with totals, paging by cursor, filters sent to the server, claiming. */
import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import type { TaskView, User } from '../api';
import { json, stubFetch } from '../test-fetch';
import { Inbox, mayClaim, taskHref } from './Inbox';

const reviewer: User = { username: 'taishan.reviewer', role: 'reviewer', jurisdiction: 'taishan', displayName: '台山审核' };
const task = (i: number, extra: Partial<TaskView> = {}): TaskView => ({
  process: 'service_case',
  processTitle: '政务服务事项',
  id: `service-case:442189209003:T-${i}`,
  path: `/cases/service-case%3A442189209003%3AT-${i}`,
  jurisdiction: 'taishan',
  status: 'open',
  stage: 'review',
  stageName: '待审核',
  roles: ['reviewer'],
  dueDate: '2025-01-06',
  overdue: true,
  itemCode: '442189209003',
  subject: `申请人${i}`,
  reference: `T-${i}`,
  assignee: null,
  assigneeName: null,
  assignedAt: null,
  ...extra,
});

const stub = stubFetch(async (url, init) => {
  if (init?.method === 'POST')
    return json({ id: 'x', stage: 'review', assignee: 'taishan.reviewer', assigneeName: '台山审核', assignedAt: '' });
  const cursor = new URL(url, 'http://x').searchParams.get('cursor');
  if (cursor === 'page2') return json({ total: 1051, overdue: 1051, pageSize: 50, items: [task(51)], nextCursor: null });
  return json({
    total: 1051,
    overdue: 1051,
    pageSize: 50,
    items: [task(1), task(2, { assignee: 'taishan.reviewer2', assigneeName: '乙' })],
    nextCursor: 'page2',
  });
});

describe('Inbox', () => {
  it('shows the total of the whole queue, pages forward and back through the server', async () => {
    render(<Inbox user={reviewer} catalogue={[]} />);
    expect((await screen.findByRole('status')).textContent).toContain('共 1,051 件，其中已超期 1,051 件');
    expect(screen.getByText('T-1')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '下一页' }));
    await screen.findByText('T-51');
    expect(stub.fetch().mock.calls.at(-1)![0]).toContain('cursor=page2');
    expect(screen.getByRole('status').textContent).toContain('第 2 页');
    fireEvent.click(screen.getByRole('button', { name: '上一页' }));
    await screen.findByText('T-1');
  });

  it('sends the filters to the server, and a claim of an unclaimed task', async () => {
    render(<Inbox user={reviewer} catalogue={[]} />);
    await screen.findByText('T-1');
    fireEvent.change(screen.getByLabelText('期限'), { target: { value: 'true' } });
    fireEvent.change(screen.getByLabelText('办理人'), { target: { value: 'mine' } });
    await vi.waitFor(() => expect(stub.fetch().mock.calls.at(-1)![0]).toContain('overdue=true&mine=true'));
    const row = (await screen.findByText('T-2')).closest('tr')!;
    expect(within(row).getByText('乙')).toBeTruthy();
    expect(within(row).queryByRole('button')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: '认领 T-1' }));
    await vi.waitFor(() =>
      expect(stub.fetch().mock.calls.some(([u, i]) => String(u).endsWith('/claim') && i?.method === 'POST')).toBe(true),
    );
  });
});

describe('helpers', () => {
  it('a task is claimed by its role in its jurisdiction only, while nobody holds it', () => {
    expect(mayClaim(task(1), reviewer)).toBe(true);
    expect(mayClaim(task(1, { assignee: 'x' }), reviewer)).toBe(false);
    expect(mayClaim(task(1, { jurisdiction: 'kaiping' }), reviewer)).toBe(false);
    expect(mayClaim(task(1), { ...reviewer, role: 'approver' })).toBe(false);
  });
  it('each process links to its page', () => {
    expect(taskHref(task(1))).toBe('#/cases/service-case%3A442189209003%3AT-1');
    expect(taskHref({ process: 'fund_request', id: 'x' })).toBe('#/fund/x');
  });
});

describe('Inbox filters in the address', () => {
  it('keeps the filters in the hash, and a page opened with them (Back) sends them again', async () => {
    history.replaceState(null, '', '#/');
    const first = render(<Inbox user={reviewer} catalogue={[]} />);
    await screen.findByText('T-1');
    fireEvent.change(screen.getByLabelText('期限'), { target: { value: 'true' } });
    fireEvent.change(screen.getByLabelText('查找'), { target: { value: '陈' } });
    await vi.waitFor(() => expect(location.hash).toBe('#/?overdue=true&q=%E9%99%88'));
    first.unmount();
    stub.fetch().mockClear();
    render(<Inbox user={reviewer} catalogue={[]} />);
    await screen.findByText('T-1');
    expect((screen.getByLabelText('期限') as HTMLSelectElement).value).toBe('true');
    expect((screen.getByLabelText('查找') as HTMLInputElement).value).toBe('陈');
    expect(String(stub.fetch().mock.calls[0]![0])).toContain('overdue=true');
    history.replaceState(null, '', '#/');
  });
});
