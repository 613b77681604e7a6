/**
 * The reviewer's episode page: the unmet criteria in the regulation's words, approval and a reasoned
 * rejection (confirmed first), the expert panel's joint review, the institution's closing — each
 * checked by the domain schema before sending, the API's refusal shown as sent.
 */
import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { json, stubFetch } from '../test-fetch';
import type { EpisodeDetail, User } from '../api';
import { allowedEpisodeActions, EpisodePage } from './CareReview';

const reviewer: User = { username: 'taishan.reviewer', role: 'reviewer', jurisdiction: 'taishan', displayName: '台山审核' };
const panel: User = { username: 'taishan.panel', role: 'expert_panel', jurisdiction: 'taishan', displayName: '台山专家组' };
const hospital: User = { username: 'taishan.hospital', role: 'institution', jurisdiction: 'taishan', displayName: '台山医院' };
const id = 'care-episode:family_bed:0123456789abcdef:FB-2026-0001';
const episode: EpisodeDetail = {
  id,
  kind: 'family_bed',
  applicationNo: 'FB-2026-0001',
  applicationDate: '2026-03-02',
  jurisdiction: 'taishan',
  insuredCounty: 'taishan',
  person: { name: '李四', idNumber: '440781********123X', birthDate: '1950-01-01' },
  condition: 'copd_acute_exacerbation',
  status: 'under_review',
  statusName: '经办机构审核中',
  eligibility: [{ code: 'GUARDIAN_MISSING', article: '000 §7(三)', message: '家中须至少有一名监护人或委托监护人', hard: true }],
  panel: { required: false, reasons: [], decision: null },
  openedOn: null,
  closedOn: null,
  reviewDeadline: { dueDate: '2026-03-09', dueAt: '2026-03-09T16:00:00.000Z', provisional: false, remindedAt: null, breachedAt: null },
  transferFrom: null,
  transferTo: null,
  deductible: 'standard',
  closingGround: null,
  closingCertificateNo: null,
  settledAt: null,
  rejectionReason: null,
  createdBy: 'taishan.hospital',
  version: 1,
  application: {},
  history: [],
};

let current: EpisodeDetail = episode;
const stub = stubFetch(async (url: string, init?: RequestInit) => {
  if ((init?.method ?? 'GET') === 'GET' && url === `/care/episodes/${encodeURIComponent(id)}`) return json(current);
  throw new Error(`unexpected ${init?.method} ${url}`);
});
const posts = () => stub.fetch().mock.calls.filter(([, init]) => init?.method === 'POST');

describe('EpisodePage', () => {
  it('names each unmet criterion with its article in words', async () => {
    current = episode;
    render(<EpisodePage id={id} user={reviewer} />);
    const items = within(await screen.findByRole('list', { name: '不符合的条件' })).getAllByRole('listitem');
    expect(items[0]!.textContent).toContain('家中须至少有一名监护人或委托监护人');
    expect(items[0]!.textContent).toContain('《江门市基本医疗保险就医管理规程》第七条第（三）项');
  });

  it('blocks a rejection without a reason, then sends it with one after confirmation', async () => {
    current = episode;
    render(<EpisodePage id={id} user={reviewer} />);
    fireEvent.click(await screen.findByRole('radio', { name: '不予批准' }));
    fireEvent.click(screen.getByRole('button', { name: '提交' }));
    expect((await screen.findByRole('alert')).textContent).toBe('请填写原因');
    expect(posts()).toHaveLength(0);

    fireEvent.change(screen.getByLabelText(/原因/), { target: { value: '无监护人，不符合000 §7(三)' } });
    fireEvent.click(screen.getByRole('button', { name: '提交' }));
    expect(screen.getByRole('alertdialog').textContent).toContain('不能再继续办理');
    expect(posts()).toHaveLength(0);
    stub.fetch().mockImplementationOnce(async () => json({ ...episode, status: 'rejected', statusName: '不予批准' }));
    current = { ...episode, status: 'rejected', statusName: '不予批准', version: 2 };
    fireEvent.click(screen.getByRole('button', { name: '确认不予批准' }));
    expect((await screen.findByTestId('episode-done')).textContent).toBe('已办理，申请现为「不予批准」');
    const [[url, init]] = posts();
    expect(url).toBe(`/care/episodes/${encodeURIComponent(id)}/actions`);
    expect(JSON.parse(init.body)).toEqual({ action: 'reject', reason: '无监护人，不符合000 §7(三)' });
    expect(init.headers['idempotency-key']).toMatch(/^web-/);
  });

  it("shows the API's refusal of an approval and reports nothing done", async () => {
    current = episode;
    const message = '尚有 1 项条件不符合，不能批准：家中须至少有一名监护人或委托监护人（000 §7(三)）';
    render(<EpisodePage id={id} user={reviewer} />);
    fireEvent.click(await screen.findByRole('radio', { name: '批准建床' }));
    stub.fetch().mockImplementationOnce(async () => json({ code: 'ELIGIBILITY_UNMET', message }, 409));
    fireEvent.click(screen.getByRole('button', { name: '提交' }));
    expect((await screen.findByRole('alert')).textContent).toBe(`未办理：${message}`);
    expect(screen.queryByTestId('episode-done')).toBeNull();
  });

  it('lets the expert panel record its joint review, the conclusion required', async () => {
    current = {
      ...episode,
      status: 'panel_review',
      statusName: '待专家组会审',
      panel: { required: true, reasons: ['本年度第三次建床'], decision: null },
    };
    render(<EpisodePage id={id} user={panel} />);
    fireEvent.click(await screen.findByRole('radio', { name: '专家组会审结论' }));
    fireEvent.change(screen.getByLabelText(/原因/), { target: { value: '病情需要' } });
    fireEvent.click(screen.getByRole('button', { name: '提交' }));
    expect((await screen.findByRole('alert')).textContent).toBe('请选择会审结论');
    expect(posts()).toHaveLength(0);
    fireEvent.click(screen.getByRole('radio', { name: '同意建床' }));
    fireEvent.change(screen.getByLabelText(/会审记录编号/), { target: { value: 'HS-2026-07' } });
    stub.fetch().mockImplementationOnce(async () => json({ ...current, status: 'under_review', statusName: '经办机构审核中' }));
    fireEvent.click(screen.getByRole('button', { name: '提交' }));
    await vi.waitFor(() => expect(posts()).toHaveLength(1));
    expect(JSON.parse(posts()[0]![1].body)).toEqual({
      action: 'panel_decision',
      approved: true,
      reason: '病情需要',
      decisionRef: 'HS-2026-07',
    });
  });

  it("takes the institution's closing with its date as YYYY-MM-DD and the certificate", async () => {
    current = { ...episode, status: 'opened', statusName: '已建床/在院', openedOn: '2026-03-05', eligibility: [] };
    render(<EpisodePage id={id} user={hospital} />);
    fireEvent.click(await screen.findByRole('radio', { name: /撤床\/出院/ }));
    fireEvent.change(screen.getByLabelText('撤床原因'), { target: { value: 'cured' } });
    const date = screen.getByLabelText(/撤床日期/);
    fireEvent.change(date, { target: { value: '2026.3.20' } });
    fireEvent.blur(date);
    expect((date as HTMLInputElement).value).toBe('2026-03-20');
    fireEvent.click(screen.getByRole('button', { name: '提交' }));
    expect((await screen.findByRole('alert')).textContent).toBe('请填写撤床证编号');
    fireEvent.change(screen.getByLabelText('撤床证编号'), { target: { value: 'CC-001' } });
    stub.fetch().mockImplementationOnce(async () => json({ ...current, status: 'closed', statusName: '已撤床（待结算）' }));
    fireEvent.click(screen.getByRole('button', { name: '提交' }));
    await vi.waitFor(() => expect(posts()).toHaveLength(1));
    expect(JSON.parse(posts()[0]![1].body)).toEqual({ action: 'close', ground: 'cured', closedOn: '2026-03-20', certificateNo: 'CC-001' });
  });
});

describe('allowedEpisodeActions', () => {
  it('offers each role only its own step, and nothing in another county', () => {
    expect(allowedEpisodeActions(episode, reviewer)).toEqual(['approve', 'reject', 'request_panel']);
    expect(allowedEpisodeActions(episode, panel)).toEqual([]);
    expect(allowedEpisodeActions({ ...episode, status: 'closed' }, { ...reviewer, role: 'finance' })).toEqual(['settle']);
    expect(allowedEpisodeActions({ ...episode, jurisdiction: 'kaiping' }, reviewer)).toEqual([]);
  });
});
