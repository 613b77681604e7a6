/** The case page: each step's 经办人 and the history by display name, reason and note apart, a pending 退回补正. */
import { render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { json, stubFetch } from '../test-fetch';
import type { CaseDetail, User } from '../api';
import { CasePage } from './CasePage';

const supervisor: User = { username: 'taishan.supervisor', role: 'supervisor', jurisdiction: 'taishan', displayName: '台山监督' };
const detail: CaseDetail = {
  id: 'service-case:442189209003:TS-2026-0009',
  itemCode: '442189209003',
  applicationNo: 'TS-2026-0009',
  jurisdiction: 'taishan',
  channel: 'counter',
  applicant: { name: '陈一', idNumber: '440781********1234', phone: null },
  status: 'open',
  statusName: '办理中',
  pendingStep: 'complete',
  completedSteps: ['apply', 'accept', 'review'],
  steps: [
    { step: 'apply', by: 'taishan.clerk', byName: '台山窗口受理人员', at: '2026-03-02T01:00:00.000Z' },
    { step: 'accept', by: 'taishan.clerk', byName: '台山窗口受理人员', at: '2026-03-02T01:05:00.000Z' },
    { step: 'review', by: 'taishan.reviewer', byName: '台山审核人员', at: '2026-03-03T02:00:00.000Z', note: '核对缴费年限' },
  ],
  correction: {
    step: 'complete',
    by: 'taishan.approver',
    at: '2026-03-04T02:00:00.000Z',
    missingMaterials: ['退休审批表', '户口簿首页'],
    reason: '材料不全',
    note: null,
    pausedDueDate: '2026-03-09',
  },
  assignee: 'taishan.clerk',
  assigneeName: '台山窗口受理人员',
  createdBy: 'taishan.clerk',
  appliedAt: '2026-03-02T01:00:00.000Z',
  acceptedOn: '2026-03-02',
  deadline: null,
  closedAt: null,
  rejection: null,
  disbursedFen: null,
  version: 4,
  item: {
    name: '职工医保退休待遇核定',
    steps: ['apply', 'accept', 'review', 'complete'],
    timeLimitKind: 'workingDays',
    timeLimitDays: 5,
    onlineTimeLimitDays: null,
  },
  history: [
    {
      seq: 1,
      at: '2026-03-02T01:00:00.000Z',
      actor: 'taishan.clerk',
      actorName: '台山窗口受理人员',
      role: 'window_clerk',
      office: 'taishan',
      action: 'applied',
      reason: null,
      note: null,
      before: null,
      after: null,
    },
    {
      seq: 3,
      at: '2026-03-03T02:00:00.000Z',
      actor: 'taishan.reviewer',
      actorName: '台山审核人员',
      role: 'reviewer',
      office: 'taishan',
      action: 'review',
      reason: null,
      note: '核对缴费年限',
      before: null,
      after: null,
    },
    {
      seq: 4,
      at: '2026-03-04T02:00:00.000Z',
      actor: 'taishan.approver',
      actorName: '台山核准人员',
      role: 'approver',
      office: 'taishan',
      action: 'request_correction',
      reason: '材料不全',
      before: null,
      after: null,
      note: '电话已告知',
    },
  ],
};

let answer: CaseDetail = detail;
stubFetch(async (url) => (url.startsWith('/cases/') ? json(answer) : json({ code: 'NOT_FOUND', message: '无' }, 404)));

describe('CasePage', () => {
  it('shows who took each step and the history by display name, with reason and note in their own columns', async () => {
    render(<CasePage id={detail.id} user={supervisor} />);
    const steps = await screen.findByRole('table', { name: '各环节由谁办理' });
    expect(
      within(steps)
        .getAllByRole('row')
        .slice(1)
        .map((r) => within(r).getAllByRole('cell')[1]!.textContent),
    ).toEqual(['台山窗口受理人员', '台山窗口受理人员', '台山审核人员']);
    const history = screen.getByRole('table', { name: /办理记录/ });
    const last = within(history).getAllByRole('row').at(-1)!;
    const cells = within(last)
      .getAllByRole('cell')
      .map((c) => c.textContent);
    expect(cells[1]).toBe('台山核准人员');
    expect(cells.slice(4)).toEqual(['退回补正', '材料不全', '电话已告知']);
    expect(screen.queryByText('taishan.approver')).toBeNull();
  });

  it("shows an online filing's limit counted from receipt, before anyone accepts it", async () => {
    answer = {
      ...detail,
      id: 'service-case:442189210001:ONL-0001',
      channel: 'online',
      pendingStep: 'accept',
      acceptedOn: null,
      correction: null,
      item: {
        name: '异地安置退休人员备案',
        steps: ['apply', 'accept', 'review', 'complete'],
        timeLimitKind: 'immediate',
        timeLimitDays: null,
        onlineTimeLimitDays: 2,
      },
      deadline: {
        countedFrom: '2026-03-02',
        workingDays: 2,
        dueDate: '2026-03-04',
        dueAt: '2026-03-04T16:00:00.000Z',
        provisional: false,
        overdue: false,
        remindedAt: null,
        breachedAt: null,
      },
    };
    try {
      render(<CasePage id={answer.id} user={supervisor} />);
      const limit = await screen.findByText(/网上办理 2 个工作日/);
      expect(limit.textContent).toBe('网上办理 2 个工作日（自收件日起算）');
      expect(screen.getByText('收件日').nextElementSibling!.textContent).toBe('2026-03-02');
    } finally {
      answer = detail;
    }
  });

  it('shows a pending 退回补正 with every material to correct', async () => {
    render(<CasePage id={detail.id} user={supervisor} />);
    const note = await screen.findByRole('note', { name: '退回补正' });
    expect(note.textContent).toContain('退休审批表、户口簿首页');
    expect(note.textContent).toContain('办理时限暂停');
  });
});
