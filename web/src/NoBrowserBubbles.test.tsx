/**
 * No English browser bubbles (issue 18): every form of the workbench validates itself (noValidate) and
 * says what is missing in Chinese, whatever the browser's language; the result of an action gets the focus.
 */
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { setSession, type User } from './api';
import { App } from './App';
import { CaseTools } from './pages/CaseTools';
import { json, stubFetch } from './test-fetch';

const users: Record<string, User> = {
  clerk: { username: 'taishan.clerk', role: 'window_clerk', jurisdiction: 'taishan', displayName: '台山窗口' },
  supervisor: { username: 'taishan.supervisor', role: 'supervisor', jurisdiction: 'taishan', displayName: '台山监督' },
  admin: { username: 'municipal.admin', role: 'admin', jurisdiction: 'municipal', displayName: '管理员' },
  hospital: {
    username: 'taishan.hospital',
    role: 'institution',
    jurisdiction: 'taishan',
    displayName: '台山医院',
    institutionCode: 'H44078101',
  },
};
const page = { total: 0, overdue: 0, page: 1, pageSize: 50, items: [], nextCursor: null };
const stub = stubFetch(async (url: string) => {
  const path = url.split('?')[0]!;
  if (path === '/catalogue') return json({ items: [] });
  if (path === '/special-disease/diseases') return json([]);
  if (path === '/calendar/status') return json({ today: '2026-06-01', loadedYears: [2025, 2026], missingNextYear: null });
  if (path.startsWith('/tasks/')) return json({ id: 'x', stage: 'review', assignee: null, assigneeName: null, assignedAt: null });
  if (path.endsWith('/attachments') || path.endsWith('/comments')) return json([]);
  return json(page);
});
afterEach(() => {
  setSession(null);
  location.hash = '';
});

describe('forms validate themselves, in Chinese', () => {
  it('the log-in form: an empty submit is answered by the page, nothing is sent', async () => {
    render(<App />);
    const form = (await screen.findByRole('button', { name: '登录' })).closest('form')!;
    expect(form.noValidate).toBe(true);
    fireEvent.click(screen.getByRole('button', { name: '登录' }));
    expect((await screen.findByRole('alert')).textContent).toBe('请输入用户名');
    fireEvent.change(screen.getByLabelText('用户名'), { target: { value: 'taishan.clerk' } });
    fireEvent.click(screen.getByRole('button', { name: '登录' }));
    expect((await screen.findByRole('alert')).textContent).toBe('请输入密码');
    expect(stub.fetch().mock.calls.filter(([u]) => u === '/auth/token')).toHaveLength(0);
  });

  it.each([
    ['clerk', '#/'],
    ['clerk', '#/new'],
    ['clerk', '#/people'],
    ['clerk', '#/special-disease'],
    ['clerk', '#/assistance'],
    ['clerk', '#/care'],
    ['hospital', '#/family-beds'],
  ])('%s on %s: every form has noValidate', async (who, hash) => {
    setSession({ token: 't', user: users[who]! });
    location.hash = hash;
    const { container } = render(<App />);
    await screen.findByRole('heading', { level: 1 });
    await vi.waitFor(() => expect(container.querySelectorAll('form').length).toBeGreaterThan(0));
    expect(
      [...container.querySelectorAll('form')].filter((f) => !f.noValidate).map((f) => f.getAttribute('aria-label') ?? f.className),
    ).toEqual([]);
  });

  it("the case page's comment and reassignment say what is missing; a recorded comment's result gets the focus", async () => {
    render(<CaseTools id="service-case:442189209003:TS-1" itemCode="442189209003" user={users.supervisor!} onChange={() => {}} />);
    fireEvent.click(await screen.findByRole('button', { name: '改派' }));
    expect((await screen.findByRole('alert')).textContent).toBe('请填写改派对象的用户名');
    fireEvent.click(screen.getByRole('button', { name: '添加意见' }));
    expect((await screen.findByRole('alert')).textContent).toBe('请填写意见');
    expect(stub.fetch().mock.calls.filter(([, init]) => init?.method === 'POST')).toHaveLength(0);
    fireEvent.change(screen.getByLabelText('意见'), { target: { value: '请补充银行账户' } });
    fireEvent.click(screen.getByRole('button', { name: '添加意见' }));
    const done = await screen.findByText('意见已记录');
    await waitFor(() => expect(document.activeElement).toBe(done)); // focus moves in an effect after the render
  });
});
