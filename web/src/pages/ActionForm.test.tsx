/** The decision form: client-side refusal of a reasonless rejection, and the API's 409 shown as sent. */
import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { stubFetch } from '../test-fetch';
import type { CaseView, User } from '../api';
import { ActionForm } from './ActionForm';

const reviewer: User = { username: 'taishan.reviewer', role: 'reviewer', jurisdiction: 'taishan', displayName: '台山审核' };
const kase: CaseView = {
  id: 'service-case:442189209003:TS-2026-0001',
  itemCode: '442189209003',
  applicationNo: 'TS-2026-0001',
  jurisdiction: 'taishan',
  channel: 'counter',
  applicant: { name: '陈一', idNumber: '440781196001011234', phone: null },
  status: 'open',
  statusName: '办理中',
  pendingStep: 'review',
  completedSteps: [],
  steps: [],
  correction: null,
  assignee: 'taishan.clerk',
  createdBy: 'taishan.clerk',
  appliedAt: '2026-03-02T01:00:00.000Z',
  acceptedOn: '2026-03-02',
  deadline: {
    countedFrom: '2026-03-02',
    workingDays: 5,
    dueDate: '2026-03-09',
    dueAt: '2026-03-09T16:00:00.000Z',
    provisional: false,
    overdue: false,
    remindedAt: null,
    breachedAt: null,
  },
  closedAt: null,
  rejection: null,
  disbursedFen: null,
  version: 2,
};

const stub = stubFetch();

describe('ActionForm', () => {
  it('offers the pending step and a rejection to the role it waits on', () => {
    render(<ActionForm kase={kase} user={reviewer} onDone={() => {}} />);
    expect(screen.getByRole('radio', { name: '审核通过' })).toBeTruthy();
    expect(screen.getByRole('radio', { name: /不予通过/ })).toBeTruthy();
  });

  it('blocks a rejection without a reason: a field message, no request sent', async () => {
    const onDone = vi.fn();
    render(<ActionForm kase={kase} user={reviewer} onDone={onDone} />);
    fireEvent.click(screen.getByRole('radio', { name: /不予通过/ }));
    fireEvent.change(screen.getByLabelText(/原因/), { target: { value: '   ' } }); // blank counts as none
    fireEvent.click(screen.getByRole('button', { name: '提交' }));
    expect((await screen.findByRole('alert')).textContent).toBe('退回或不予受理须填写原因');
    expect(screen.getByLabelText(/原因/).getAttribute('aria-invalid')).toBe('true');
    expect(stub.fetch()).not.toHaveBeenCalled();
    expect(onDone).not.toHaveBeenCalled();
  });

  it('sends a rejection with its reason', async () => {
    stub.fetch().mockResolvedValue(new Response(JSON.stringify({ ...kase, status: 'rejected', pendingStep: null }), { status: 200 }));
    const onDone = vi.fn();
    render(<ActionForm kase={kase} user={reviewer} onDone={onDone} />);
    fireEvent.click(screen.getByRole('radio', { name: /不予通过/ }));
    fireEvent.change(screen.getByLabelText(/原因/), { target: { value: '材料不全' } });
    fireEvent.click(screen.getByRole('button', { name: '提交' }));
    // An ending action waits for confirmation: nothing is sent yet.
    expect(screen.getByRole('alertdialog').textContent).toContain('案件将就此办结');
    expect(stub.fetch()).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('button', { name: /^确认退回/ }));
    await vi.waitFor(() => expect(onDone).toHaveBeenCalled());
    const [url, init] = stub.fetch().mock.calls[0]!;
    expect(url).toBe(`/cases/${encodeURIComponent(kase.id)}/actions`);
    expect(JSON.parse(init.body)).toEqual({ action: 'reject', reason: '材料不全' });
  });

  it("shows the API's message when the action is refused (409) and reports nothing done", async () => {
    const message = '「审核」环节已于 2026-03-02T02:00:00.000Z 由 taishan.reviewer2 完成';
    stub.fetch().mockResolvedValue(
      new Response(JSON.stringify({ code: 'STEP_ALREADY_DONE', message }), {
        status: 409,
        headers: { 'content-type': 'application/json' },
      }),
    );
    const onDone = vi.fn();
    render(<ActionForm kase={kase} user={reviewer} onDone={onDone} />);
    fireEvent.click(screen.getByRole('button', { name: '提交' }));
    expect((await screen.findByRole('alert')).textContent).toBe(`未办理：${message}`);
    expect(stub.fetch()).toHaveBeenCalledTimes(1);
    expect(onDone).not.toHaveBeenCalled();
  });

  it('sends nothing when the clerk cancels an ending action', () => {
    const clerk: User = { username: 'taishan.clerk', role: 'window_clerk', jurisdiction: 'taishan', displayName: '台山窗口' };
    const onDone = vi.fn();
    render(<ActionForm kase={kase} user={clerk} onDone={onDone} />);
    fireEvent.click(screen.getByRole('radio', { name: /撤回申请/ }));
    fireEvent.change(screen.getByLabelText(/原因/), { target: { value: '申请人要求撤回' } });
    fireEvent.click(screen.getByRole('button', { name: '提交' }));
    fireEvent.click(screen.getByRole('button', { name: '取消' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(stub.fetch()).not.toHaveBeenCalled();
    expect(onDone).not.toHaveBeenCalled();
  });

  it('sends a case back for correction with every missing material, without asking (the case goes on)', async () => {
    stub.fetch().mockResolvedValue(new Response(JSON.stringify(kase), { status: 200 }));
    const onDone = vi.fn();
    render(<ActionForm kase={kase} user={reviewer} onDone={onDone} />);
    fireEvent.click(screen.getByRole('radio', { name: /退回补正/ }));
    fireEvent.click(screen.getByRole('button', { name: '提交' }));
    expect((await screen.findByRole('alert')).textContent).toBe('退回补正须一次性列明需补正的全部材料');
    expect(stub.fetch()).not.toHaveBeenCalled();
    fireEvent.change(screen.getByLabelText(/需补正的材料/), { target: { value: '退休审批表\n户口簿首页\n' } });
    fireEvent.click(screen.getByRole('button', { name: '提交' }));
    await vi.waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(JSON.parse(stub.fetch().mock.calls[0]![1].body)).toEqual({
      action: 'request_correction',
      missingMaterials: ['退休审批表', '户口簿首页'],
    });
  });

  it('on a case out for correction offers the clerk the resubmission, not the step', () => {
    const clerk: User = { username: 'taishan.clerk', role: 'window_clerk', jurisdiction: 'taishan', displayName: '台山窗口' };
    const correction = {
      step: 'review' as const,
      by: 'taishan.reviewer',
      at: '2026-03-03T02:00:00.000Z',
      missingMaterials: ['退休审批表'],
      reason: null,
      note: null,
      pausedDueDate: '2026-03-09',
    };
    render(<ActionForm kase={{ ...kase, correction }} user={clerk} onDone={() => {}} />);
    expect(screen.getByRole('radio', { name: /重新提交/ })).toBeTruthy();
    expect(screen.queryByRole('radio', { name: '审核通过' })).toBeNull();
  });

  it('offers nothing on a case of another county', () => {
    render(<ActionForm kase={{ ...kase, jurisdiction: 'kaiping' }} user={reviewer} onDone={() => {}} />);
    expect(screen.queryByRole('button', { name: '提交' })).toBeNull();
  });
});
