/** A role with nothing on a route is told so on that route, not shown the inbox. */
import { render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { json, stubFetch } from '../test-fetch';
import { setSession, type User } from '../api';
import { App } from '../App';

const fiscal: User = { username: 'taishan.fiscal', role: 'fiscal', jurisdiction: 'taishan', displayName: '台山财政' };
stubFetch(async (url: string) => (url === '/catalogue' ? json({ items: [] }) : json({ total: 0, page: 1, pageSize: 50, items: [] })));
afterEach(() => {
  setSession(null);
  location.hash = '';
});

describe('no access', () => {
  it('answers a fiscal approver on the supervision page with a clear refusal, not the inbox', async () => {
    setSession({ token: 't', user: fiscal });
    location.hash = '#/supervision';
    render(<App />);
    expect((await screen.findByRole('heading', { level: 1 })).textContent).toBe('无权访问');
    expect(screen.getByTestId('no-access').textContent).toContain('“督办统计”不属于财政部门审批人员的工作范围');
    expect(screen.queryByText(/待办案件（/)).toBeNull();
  });

  it('says an unknown address does not exist', async () => {
    setSession({ token: 't', user: fiscal });
    location.hash = '#/no-such-page';
    render(<App />);
    expect((await screen.findByRole('heading', { level: 1 })).textContent).toBe('页面不存在');
  });
});
