/**
 * Everyday comfort of the shell (issue 18): the session shared with the other tabs (a log-out there
 * logs out here, a log-in there carries over, a new tab is answered), a warning before the token
 * expires with 延长登录 that keeps what was typed, the password asked again after a 401 over the
 * page, and a page title per page.
 */
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { useLayoutEffect } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { api, currentSession, setSession, type Session, type User } from './api';
import { App } from './App';
import { json, stubFetch } from './test-fetch';

const clerk: User = { username: 'taishan.clerk', role: 'window_clerk', jurisdiction: 'taishan', displayName: '台山窗口' };
/** A JWT-shaped token whose payload says when it expires (the page reads `exp`, it never checks the signature). */
const tokenExpiringIn = (ms: number) =>
  `h.${btoa(JSON.stringify({ sub: 'taishan.clerk', exp: Math.floor((Date.now() + ms) / 1000) })).replace(/=+$/, '')}.s`;

let answer401 = false;
const stub = stubFetch(async (url: string) => {
  if (url === '/auth/token') return json({ token: tokenExpiringIn(12 * 3600_000), user: clerk });
  if (answer401) return json({ code: 'UNAUTHENTICATED', message: '登录已过期' }, 401);
  if (url === '/catalogue') return json({ items: [] });
  return json({ total: 0, overdue: 0, page: 1, pageSize: 50, items: [], nextCursor: null });
});
/** another tab of the workbench */
let otherTab: BroadcastChannel;
const heard: unknown[] = [];
beforeEach(() => {
  answer401 = false;
  heard.length = 0;
  otherTab = new BroadcastChannel('workbench.session');
  otherTab.onmessage = (e) => heard.push(e.data);
});
afterEach(() => {
  otherTab.close();
  act(() => setSession(null));
  location.hash = '';
});

describe('session across tabs', () => {
  it('a log-out in another tab logs this one out; a log-in there carries over', async () => {
    setSession({ token: tokenExpiringIn(3600_000), user: clerk });
    render(<App />);
    await screen.findByTestId('who');
    otherTab.postMessage({ kind: 'logout' });
    await screen.findByRole('button', { name: '登录' });
    expect(currentSession()).toBeNull();
    const session: Session = { token: tokenExpiringIn(3600_000), user: clerk };
    otherTab.postMessage({ kind: 'login', session });
    await screen.findByTestId('who');
    expect(currentSession()?.token).toBe(session.token);
  });

  it('a session that arrives between the first render and the subscription is taken up (the new tab is signed in)', async () => {
    const session: Session = { token: tokenExpiringIn(3600_000), user: clerk };
    // a layout effect runs after the first render and before App's passive effects: the window in
    // which a quick answer to the new tab's ask lands
    function AnswerInTheGap() {
      useLayoutEffect(() => setSession(session), []);
      return null;
    }
    render(
      <>
        <App />
        <AnswerInTheGap />
      </>,
    );
    await screen.findByTestId('who');
    expect(screen.queryByRole('button', { name: '登录' })).toBeNull();
  });

  it("answers a new tab's ask with the session, and tells the other tabs of a log-out here", async () => {
    const session = { token: tokenExpiringIn(3600_000), user: clerk };
    setSession(session);
    render(<App />);
    await screen.findByTestId('who');
    otherTab.postMessage({ kind: 'ask' });
    await vi.waitFor(() => expect(heard).toContainEqual({ kind: 'share', session }));
    fireEvent.click(screen.getByRole('button', { name: '退出' }));
    await vi.waitFor(() => expect(heard).toContainEqual({ kind: 'logout' }));
  });
});

describe('expiry', () => {
  it('warns before the token expires; 延长登录 takes the password and keeps what was typed on the page', async () => {
    setSession({ token: tokenExpiringIn(4 * 60_000), user: clerk });
    location.hash = '#/new';
    render(<App />);
    const warning = await screen.findByTestId('session-warning');
    expect(warning.textContent).toMatch(/登录将于 \d\d:\d\d 过期（约 4 分钟后）/);
    fireEvent.change(screen.getByLabelText('申请人姓名'), { target: { value: '陈一' } });
    fireEvent.click(screen.getByRole('button', { name: '延长登录' }));
    fireEvent.change(screen.getByLabelText('密码'), { target: { value: 'demo1234' } });
    fireEvent.click(within(screen.getByRole('dialog')).getByRole('button', { name: '登录' }));
    await vi.waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(screen.queryByTestId('session-warning')).toBeNull();
    expect((screen.getByLabelText('申请人姓名') as HTMLInputElement).value).toBe('陈一');
    const login = stub.fetch().mock.calls.find(([u]) => u === '/auth/token')!;
    expect(JSON.parse(String(login[1]!.body))).toEqual({ username: 'taishan.clerk', password: 'demo1234' });
    // the other tabs take the new token
    await vi.waitFor(() => expect(heard).toContainEqual(expect.objectContaining({ kind: 'login' })));
  });

  it('after a 401 the password is asked over the page, which stays as typed', async () => {
    setSession({ token: tokenExpiringIn(3600_000), user: clerk });
    location.hash = '#/new';
    render(<App />);
    fireEvent.change(await screen.findByLabelText('申请人姓名'), { target: { value: '陈二' } });
    answer401 = true;
    // the next call the page makes is refused (the token is no longer accepted)
    await act(async () => {
      await api.catalogue().catch(() => undefined);
    });
    expect((await screen.findByRole('dialog')).textContent).toContain('登录已过期，请输入密码继续');
    expect((screen.getByLabelText('申请人姓名') as HTMLInputElement).value).toBe('陈二');
  });
});

describe('page title', () => {
  it('names the page by its heading', async () => {
    setSession({ token: tokenExpiringIn(3600_000), user: clerk });
    location.hash = '#/new';
    render(<App />);
    await screen.findByRole('heading', { level: 1, name: '新建服务案件' });
    await vi.waitFor(() => expect(document.title).toBe('新建服务案件 · 江门医保经办工作台'));
    act(() => {
      location.hash = '#/people';
      dispatchEvent(new HashChangeEvent('hashchange'));
    });
    await vi.waitFor(() => expect(document.title).toMatch(/^查找人员 · 江门医保经办工作台$/));
  });
});
