/** The calendar page: a notice's text read into the year grid, saved only when asked; bad lines listed; the banner. */
import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { json, stubFetch } from '../test-fetch';
import type { User } from '../api';
import { Calendar } from './Calendar';
import { CalendarBanner } from './CalendarBanner';

const admin: User = { username: 'municipal.admin', role: 'admin', jurisdiction: 'municipal', displayName: '市系统管理员' };
const clerk: User = { username: 'taishan.clerk', role: 'window_clerk', jurisdiction: 'taishan', displayName: '台山窗口' };
const year = Number(new Date().toISOString().slice(0, 4)) + 1;

const stub = stubFetch(async (url, init) => {
  if (url === '/calendar/status')
    return json({ today: `${year - 1}-12-01`, loadedYears: [year - 1], missingNextYear: { year, since: `${year - 1}-11-01` } });
  if (url.startsWith('/calendar/') && (!init || init.method === 'GET' || !init.method)) {
    return json({ code: 'NOT_FOUND', message: `${year} 年的节假日安排尚未导入` }, 404);
  }
  if (url.startsWith('/calendar/') && init?.method === 'PUT')
    return json({
      year,
      holidays: 2,
      makeupWorkdays: 1,
      casesRecomputing: 3,
      broadcastWorkflowId: `change-broadcast:calendar:${year}:2026-11-02T01:00:00.000Z`,
    });
  return json({ code: 'NOT_FOUND', message: '无' }, 404);
});

describe('Calendar', () => {
  it("reads a notice's lines into the year grid and saves them only when the administrator saves", async () => {
    render(<Calendar user={admin} />);
    fireEvent.change(screen.getByLabelText('年度'), { target: { value: String(year) } });
    fireEvent.click(screen.getByRole('button', { name: '查看' }));
    await screen.findByText(`${year} 年的节假日安排尚未导入`);
    fireEvent.change(screen.getByLabelText(/通知中的放假安排/), {
      target: { value: `国务院办公厅关于${year}年部分节假日安排的通知\n元旦：1月1日至2日放假，共2天。1月3日上班。` },
    });
    fireEvent.click(screen.getByRole('button', { name: '识别日期' }));
    expect(screen.getByRole('status').textContent).toContain('已识别 2 个放假日、1 个调休上班日');
    const january = screen.getByRole('table', { name: `${year}年1月` });
    expect(within(january).getByLabelText(`${year}-01-01 元旦（放假）`).className).toBe('holiday');
    expect(within(january).getByLabelText(`${year}-01-03 元旦调休（上班）`).className).toBe('makeup');
    expect(stub.fetch().mock.calls.some(([, init]) => init?.method === 'PUT')).toBe(false);

    fireEvent.click(screen.getByRole('button', { name: `保存 ${year} 年节假日安排` }));
    await vi.waitFor(() => expect(stub.fetch().mock.calls.some(([, init]) => init?.method === 'PUT')).toBe(true));
    const [, put] = stub.fetch().mock.calls.find(([, init]) => init?.method === 'PUT')!;
    expect(JSON.parse(put.body)).toEqual({
      notice: `国务院办公厅关于${year}年部分节假日安排的通知`,
      holidays: [
        { date: `${year}-01-01`, name: '元旦' },
        { date: `${year}-01-02`, name: '元旦' },
      ],
      makeupWorkdays: [{ date: `${year}-01-03`, name: '元旦调休' }],
    });
  });

  it('lists every line it cannot read and replaces nothing', async () => {
    render(<Calendar user={admin} />);
    fireEvent.change(screen.getByLabelText(/通知中的放假安排/), { target: { value: '春节：2月30日放假，共1天' } });
    fireEvent.click(screen.getByRole('button', { name: '识别日期' }));
    const alert = await screen.findByText('以下各行未能识别，未导入：');
    expect(alert.parentElement!.textContent).toContain('第 1 行');
    expect(alert.parentElement!.textContent).toContain('日期无效：2月30日');
  });
});

describe('CalendarBanner', () => {
  it("tells an administrator that next year's calendar is missing, with the way to load it", async () => {
    render(<CalendarBanner user={admin} />);
    const banner = await screen.findByRole('region', { name: '节假日安排提醒' });
    expect(banner.textContent).toContain(`${year} 年节假日安排尚未导入`);
    expect(within(banner).getByRole('link', { name: '节假日安排' }).getAttribute('href')).toBe('#/calendar');
  });

  it('is not shown to a counter clerk', async () => {
    render(<CalendarBanner user={clerk} />);
    await new Promise((r) => setTimeout(r, 20));
    expect(screen.queryByRole('region', { name: '节假日安排提醒' })).toBeNull();
    expect(stub.fetch()).not.toHaveBeenCalled();
  });
});
