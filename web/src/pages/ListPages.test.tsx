/**
 * The notices outbox and the special-disease list page through the server's keyset pages (issue 18:
 * they were capped at 100 and 50): the total of the whole list, 下一页 sends the cursor, 上一页 goes back,
 * and a filter kept in the address starts again at the first page.
 */
import { fireEvent, render, screen } from '@testing-library/react';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { CertificationView, NoticeView, User } from '../api';
import { json, stubFetch } from '../test-fetch';
import { CareEpisodes } from './CareReview';
import { Fund } from './Fund';
import { ReimbursementQueue } from './Reimbursement';
import { OnlineQueue } from './RemoteCare';
import { Notices } from './Notices';
import { SpecialDisease } from './SpecialDisease';

const supervisor: User = { username: 'taishan.supervisor', role: 'supervisor', jurisdiction: 'taishan', displayName: '台山监督' };
const clerk: User = { username: 'taishan.clerk', role: 'window_clerk', jurisdiction: 'taishan', displayName: '台山窗口' };

const notice = (i: number): NoticeView => ({
  id: String(i),
  sourceKey: `k${i}`,
  personKey: 'p',
  jurisdiction: 'taishan',
  caseId: `service-case:x:${i}`,
  template: 't',
  subject: `通知${i}`,
  body: '',
  createdAt: '2026-06-01T02:00:00.000Z',
  status: 'sent',
  statusName: '已发送',
  deliveries: [],
});
const cert = (i: number): CertificationView =>
  ({
    id: `special-disease:0123456789abcd${String(i).padStart(2, '0')}:MT001`,
    diseaseCode: 'MT001',
    person: { name: `认定人${i}`, idNumber: '440781********1234' },
    period: { start: '2026-01-01', end: '2026-12-31' },
    statusName: '有效',
  }) as CertificationView;

const stub = stubFetch(async (url) => {
  const u = new URL(url, 'http://x');
  const cursor = u.searchParams.get('cursor');
  if (u.pathname === '/notices') {
    if (cursor === 'n2') return json({ total: 230, page: 1, pageSize: 100, items: [notice(101)], nextCursor: 'n3' });
    return json({ total: 230, page: 1, pageSize: 100, items: [notice(1)], nextCursor: 'n2' });
  }
  if (u.pathname === '/care/episodes') {
    const ep = (i: number) => ({
      id: `geriatric_ward:${i}`,
      kind: 'geriatric_ward',
      applicationNo: `EP-${i}`,
      applicationDate: '2026-05-01',
      person: { name: `住院人${i}`, idNumber: '440785********0011' },
      condition: 'long_term_tube',
      statusName: '经办机构审核中',
      reviewDeadline: null,
      eligibility: [],
    });
    if (cursor === 'e2') return json({ total: 120, page: 1, pageSize: 50, items: [ep(51)], nextCursor: 'e3' });
    return json({ total: 120, page: 1, pageSize: 50, items: [ep(1)], nextCursor: 'e2' });
  }
  if (u.pathname === '/fund/requests') {
    const req = (i: number) => ({
      id: `fund-request:turnover:taishan:2020-${String(i).padStart(2, '0')}`,
      kind: 'turnover',
      agency: 'taishan',
      period: `${1900 + i}-01`,
      status: 'submitted',
      statusName: '已报送',
      amountFen: 100,
      calculation: [],
      dueDate: null,
      submittedOn: null,
      late: false,
      warnings: [],
    });
    if (cursor === 'f2') return json({ total: 132, page: 1, pageSize: 50, items: [req(51)], nextCursor: 'f3' });
    return json({ total: 132, page: 1, pageSize: 50, items: [req(1)], nextCursor: 'f2' });
  }
  if (u.pathname === '/remote-care/filings') {
    const filing = (i: number) => ({
      id: `remote-care:0123456789abcdef:F-${i}`,
      filingNo: `F-${i}`,
      typeName: '异地长期居住',
      status: 'under_review',
      statusName: '待审核',
      person: { name: `备案人${i}`, idNumber: '440785********0011' },
      receivedOn: '2026-05-01',
      dueDate: null,
      breached: false,
    });
    if (cursor === 'r2') return json({ total: 120, page: 1, pageSize: 50, items: [filing(51)], nextCursor: 'r3' });
    return json({ total: 120, page: 1, pageSize: 50, items: [filing(1)], nextCursor: 'r2' });
  }
  if (u.pathname === '/reimbursement/claims') {
    const claim = (i: number) => ({
      id: `reimbursement:0123456789abcdef:C-${i}`,
      claimNo: `C-${i}`,
      kindName: '门诊零星报销',
      status: 'open',
      pendingStep: 'review',
      pendingStepName: '审核',
      person: { name: `报销人${i}`, idNumber: '440785********0011' },
      dueDate: '2026-06-01',
      jurisdiction: 'taishan',
    });
    if (cursor === 'k2') return json({ total: 51, page: 1, pageSize: 50, items: [claim(51)], nextCursor: null });
    return json({ total: 51, page: 1, pageSize: 50, items: [claim(1)], nextCursor: 'k2' });
  }
  if (u.pathname === '/special-disease/certifications') {
    if (cursor === 'c2') return json({ total: 51, page: 1, pageSize: 50, items: [cert(51)], nextCursor: null });
    return json({ total: 51, page: 1, pageSize: 50, items: [cert(1)], nextCursor: 'c2' });
  }
  return json([]);
});

beforeEach(() => history.replaceState(null, '', '#/'));

describe('paged lists', () => {
  it('the notices outbox shows the whole total and pages by cursor', async () => {
    render(<Notices user={supervisor} />);
    await screen.findByText('通知1');
    expect(screen.getByText('共 230 条')).toBeTruthy();
    expect(screen.getByText(/第 1 页，共 3 页/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '下一页' }));
    await screen.findByText('通知101');
    expect(stub.fetch().mock.calls.at(-1)![0]).toContain('cursor=n2');
    expect(screen.getByText(/第 2 页，共 3 页/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '上一页' }));
    await screen.findByText('通知1');
    expect(stub.fetch().mock.calls.at(-1)![0]).not.toContain('cursor=');
  });

  it('the special-disease list pages by cursor, and its status filter goes to the server and the address', async () => {
    render(<SpecialDisease user={clerk} onCreated={() => {}} />);
    await screen.findByText('认定人1');
    expect(screen.getByText('共 51 件')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '下一页' }));
    await screen.findByText('认定人51');
    expect((screen.getByRole('button', { name: '下一页' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(screen.getByLabelText('状态'), { target: { value: 'suspended' } });
    await vi.waitFor(() => {
      const last = String(
        stub
          .fetch()
          .mock.calls.filter(([u]) => String(u).includes('/certifications'))
          .at(-1)![0],
      );
      expect(last).toContain('status=suspended');
      expect(last).not.toContain('cursor=');
    });
    expect(location.hash).toContain('status=suspended');
  });
});

describe('care list', () => {
  it('the family-bed and geriatric-ward list pages by cursor with the whole total', async () => {
    render(<CareEpisodes user={clerk} />);
    await screen.findByText('EP-1');
    expect(screen.getByText(/^共 120 条/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '下一页' }));
    await screen.findByText('EP-51');
    expect(stub.fetch().mock.calls.at(-1)![0]).toContain('cursor=e2');
    expect(screen.getByText(/第 2 页，共 3 页/)).toBeTruthy();
  });
});

describe('fund list', () => {
  it('the fund requests page by cursor with the whole total (no longer the first 50)', async () => {
    const fiscal: User = { username: 'taishan.fiscal', role: 'fiscal', jurisdiction: 'taishan', displayName: '台山财政' };
    render(<Fund user={fiscal} />);
    await screen.findByText('1901-01');
    expect(screen.getByText(/^共 132 件/)).toBeTruthy();
    expect(screen.getByText(/第 1 页，共 3 页/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '下一页' }));
    await screen.findByText('1951-01');
    expect(stub.fetch().mock.calls.at(-1)![0]).toContain('cursor=f2');
    fireEvent.click(screen.getByRole('button', { name: '上一页' }));
    await screen.findByText('1901-01');
    expect(stub.fetch().mock.calls.at(-1)![0]).not.toContain('cursor=');
  });
});

describe('remote-care and reimbursement queues', () => {
  it('the online filing queue pages by cursor with the whole total', async () => {
    render(<OnlineQueue />);
    await screen.findByText('F-1');
    expect(screen.getByText(/^共 120 件/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '下一页' }));
    await screen.findByText('F-51');
    expect(stub.fetch().mock.calls.at(-1)![0]).toContain('cursor=r2');
    expect(screen.getByText(/第 2 页，共 3 页/)).toBeTruthy();
  });

  it('the reimbursement queue pages by cursor with the whole total (no longer the first 100)', async () => {
    render(<ReimbursementQueue user={clerk} />);
    await screen.findByText(/C-1 报销人1/);
    expect(screen.getByText(/^共 51 件办理中/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '下一页' }));
    await screen.findByText(/C-51 报销人51/);
    expect(stub.fetch().mock.calls.at(-1)![0]).toContain('cursor=k2');
    expect((screen.getByRole('button', { name: '下一页' }) as HTMLButtonElement).disabled).toBe(true);
  });
});
