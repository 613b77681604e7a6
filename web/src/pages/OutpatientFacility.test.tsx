/** Outpatient facility choice: a person's choice page, the mid-year change needing its ground and evidence, the answer for a date. */
import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { json, stubFetch } from '../test-fetch';
import type { User } from '../api';
import { OutpatientFacility } from './OutpatientFacility';

const clerk: User = { username: 'taishan.clerk', role: 'window_clerk', jurisdiction: 'taishan', displayName: '台山窗口' };
const ref = { code: 'H44078101', name: '台山市人民医院', county: '台山', grade: 2, offsite: false };
const today = {
  date: '2026-03-10',
  choice: {
    seq: 1,
    action: 'choose',
    effectiveFrom: '2026-01-05',
    recordedOn: '2026-01-05',
    channel: 'counter',
    insuranceKind: 'employee',
  },
  carriedOver: false,
  facilities: [{ ...ref, usable: true, reason: '2026年度选定的定点医疗机构' }],
  reason: '2026-01-05 起选定',
};
const record = {
  id: 'outpatient-facility:abc',
  person: { name: '陈一', idNumber: '440781196001011234' },
  jurisdiction: 'taishan',
  version: 1,
  choices: [
    {
      seq: 1,
      action: 'choose',
      effectiveFrom: '2026-01-05',
      recordedOn: '2026-01-05',
      recordedAt: '2026-01-05T02:00:00.000Z',
      by: 'taishan.clerk',
      role: 'window_clerk',
      office: 'taishan',
      channel: 'counter',
      insuranceKind: 'employee',
      facilities: [ref],
      remoteFiling: null,
      formRef: null,
      ground: null,
      evidence: null,
      note: null,
    },
  ],
  referrals: [],
  today,
  pending: null,
  window: { opens: '2026-10-01', closes: '2026-12-31', effectiveFrom: '2027-01-01', open: false },
};
const stub = stubFetch(async (url: string) => {
  if (url.startsWith('/outpatient/facilities'))
    return json([{ ...ref, jurisdiction: 'taishan', services: ['general_outpatient'], active: true, updatedBy: 'x', updatedAt: 'x' }]);
  if (url === '/outpatient/choices/lookup') return json(record);
  if (url === '/outpatient/facility-on-date')
    return json({ ...today, date: '2025-06-01', reason: '2025-06-01 尚未选点（000 §19）', facilities: [], choice: null });
  throw new Error(`unexpected ${url}`);
});
const posts = (path: string) => stub.fetch().mock.calls.filter(([url, init]) => url === path && init?.method === 'POST');

describe('OutpatientFacility', () => {
  it("shows a person's choice: today's facility, the change window and each choice with who recorded it", async () => {
    render(<OutpatientFacility user={clerk} />);
    fireEvent.change(screen.getByLabelText('参保人身份证号码'), { target: { value: '440781196001011234' } });
    fireEvent.click(screen.getByRole('button', { name: '查询选点' }));
    const card = await screen.findByLabelText('参保人选点');
    expect(within(card).getByRole('list', { name: '可使用的定点医疗机构' }).textContent).toContain('台山市人民医院（H44078101，二级）');
    expect(screen.getByTestId('window').textContent).toBe(
      '下一年度变更：2026-10-01 至 2026-12-31 可办理，2027-01-01 起生效（现不在变更期内）',
    );
    expect(within(card).getAllByRole('row')[1]!.textContent).toContain('taishan.clerk');
  });

  it('asks a mid-year change for its ground and evidence before sending', async () => {
    render(<OutpatientFacility user={clerk} />);
    fireEvent.click(screen.getByRole('radio', { name: /年度内选点变更/ }));
    fireEvent.change(screen.getByLabelText('参保人姓名'), { target: { value: '陈一' } });
    fireEvent.change(screen.getAllByLabelText('身份证号码')[0]!, { target: { value: '440781196001011234' } });
    await screen.findByRole('option', { name: /台山市人民医院/ });
    fireEvent.change(screen.getByLabelText('定点医疗机构 1'), { target: { value: 'H44078101' } });
    fireEvent.click(screen.getByRole('button', { name: '提交' }));
    const alerts = (await screen.findAllByRole('alert')).map((a) => a.textContent);
    expect(alerts).toEqual(['请选择年度内变更的理由', '年度内变更须填写证明材料（附件4）']);
    expect(posts('/outpatient/choices')).toHaveLength(0);
    fireEvent.change(screen.getByLabelText('变更理由'), { target: { value: 'moved_house' } });
    fireEvent.change(screen.getByLabelText('证明材料'), { target: { value: '新居住证 台山2026-0033' } });
    stub.fetch().mockResolvedValueOnce(json(record));
    fireEvent.click(screen.getByRole('button', { name: '提交' }));
    await vi.waitFor(() => expect(posts('/outpatient/choices')).toHaveLength(1));
    expect(JSON.parse(posts('/outpatient/choices')[0]![1].body)).toEqual({
      action: 'change_mid_year',
      person: { name: '陈一', idNumber: '440781196001011234' },
      jurisdiction: 'taishan',
      channel: 'counter',
      insuranceKind: 'employee',
      facilities: [{ code: 'H44078101' }],
      ground: 'moved_house',
      evidence: '新居住证 台山2026-0033',
    });
  });

  it('answers which facility a person may use on a date, the date typed as YYYY-MM-DD', async () => {
    render(<OutpatientFacility user={clerk} />);
    fireEvent.change(screen.getAllByLabelText('身份证号码')[1]!, { target: { value: '440781196001011234' } });
    const date = screen.getByLabelText(/就医日期/);
    fireEvent.change(date, { target: { value: '20250601' } });
    fireEvent.blur(date);
    fireEvent.click(screen.getByRole('button', { name: '查询' }));
    const answer = await screen.findByTestId('facility-answer');
    expect(answer.textContent).toContain('2025-06-01 尚未选点（000 §19）');
    expect(JSON.parse(posts('/outpatient/facility-on-date')[0]![1].body)).toEqual({ idNumber: '440781196001011234', date: '2025-06-01' });
  });
});
