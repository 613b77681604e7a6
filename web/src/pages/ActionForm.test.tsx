/** The decision form: client-side refusal of a reasonless rejection, and the API's 409 shown as sent. */
import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { stubFetch } from '../test-fetch';
import type { CaseView, User } from '../api';
import { ActionForm } from './ActionForm';

const reviewer: User = { username: 'taishan.reviewer', role: 'reviewer', jurisdiction: 'taishan', displayName: '台山审核' };
const kase: CaseView = {
  id: 'service-case:442189209003:TS-2026-0001', itemCode: '442189209003', applicationNo: 'TS-2026-0001',
  jurisdiction: 'taishan', channel: 'counter', applicant: { name: '陈一', idNumber: '440781196001011234', phone: null },
  status: 'open', statusName: '办理中', pendingStep: 'review', completedSteps: [], assignee: 'taishan.clerk',
  createdBy: 'taishan.clerk', appliedAt: '2026-03-02T01:00:00.000Z', acceptedOn: '2026-03-02',
  deadline: { dueDate: '2026-03-09', dueAt: '2026-03-09T16:00:00.000Z', provisional: false, overdue: false, remindedAt: null, breachedAt: null },
  closedAt: null, rejection: null, disbursedFen: null, version: 2,
};

const stub = stubFetch();

describe('ActionForm', () => {
  it('offers the pending step and a rejection to the role it waits on', () => {
    render(<ActionForm kase={kase} user={reviewer} onDone={() => {}} />);
    expect(screen.getByRole('radio', { name: '审核通过' })).toBeTruthy();
    expect(screen.getByRole('radio', { name: /退回/ })).toBeTruthy();
  });

  it('blocks a rejection without a reason: a field message, no request sent', async () => {
    const onDone = vi.fn();
    render(<ActionForm kase={kase} user={reviewer} onDone={onDone} />);
    fireEvent.click(screen.getByRole('radio', { name: /退回/ }));
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
    fireEvent.click(screen.getByRole('radio', { name: /退回/ }));
    fireEvent.change(screen.getByLabelText(/原因/), { target: { value: '材料不全' } });
    fireEvent.click(screen.getByRole('button', { name: '提交' }));
    await vi.waitFor(() => expect(onDone).toHaveBeenCalled());
    const [url, init] = stub.fetch().mock.calls[0]!;
    expect(url).toBe(`/cases/${encodeURIComponent(kase.id)}/actions`);
    expect(JSON.parse(init.body)).toEqual({ action: 'reject', reason: '材料不全' });
  });

  it("shows the API's message when the action is refused (409) and reports nothing done", async () => {
    const message = '「审核」环节已于 2026-03-02T02:00:00.000Z 由 taishan.reviewer2 完成';
    stub.fetch().mockResolvedValue(new Response(JSON.stringify({ code: 'STEP_ALREADY_DONE', message }), { status: 409, headers: { 'content-type': 'application/json' } }));
    const onDone = vi.fn();
    render(<ActionForm kase={kase} user={reviewer} onDone={onDone} />);
    fireEvent.click(screen.getByRole('button', { name: '提交' }));
    expect((await screen.findByRole('alert')).textContent).toBe(`未办理：${message}`);
    expect(stub.fetch()).toHaveBeenCalledTimes(1);
    expect(onDone).not.toHaveBeenCalled();
  });

  it('offers nothing on a case of another county', () => {
    render(<ActionForm kase={{ ...kase, jurisdiction: 'kaiping' }} user={reviewer} onDone={() => {}} />);
    expect(screen.queryByRole('button', { name: '提交' })).toBeNull();
  });
});
