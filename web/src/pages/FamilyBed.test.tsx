/** The family-bed form: the schema's refusal shown at the field with nothing sent; the result's status and unmet criteria. */
import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { json, stubFetch } from '../test-fetch';
import type { EpisodeView, User } from '../api';
import { FamilyBed } from './FamilyBed';

const hospital: User = { username: 'taishan.hospital', role: 'institution', jurisdiction: 'taishan', displayName: '台山定点医院' };
const emptyPage = { total: 0, page: 1, pageSize: 50, items: [] };

const stub = stubFetch(async (url: string, init?: RequestInit) => {
  if (url.startsWith('/care/episodes') && (init?.method ?? 'GET') === 'GET') return json(emptyPage);
  throw new Error(`unexpected ${init?.method} ${url}`);
});

const posts = () => stub.fetch().mock.calls.filter(([, init]) => init?.method === 'POST');
const change = (label: RegExp | string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });

function fillValid() {
  change('申请编号', 'FB-2026-0001');
  change('参保人姓名', '李四');
  change('身份证号码', '44078119500101123X');
  change(/^出生日期/, '1950-01-01');
  change('病种（情形）', 'copd_acute_exacerbation');
  change('诊断', '慢性阻塞性肺疾病急性加重期');
  change('功能障碍程度', 'moderate');
  change('记录1：医疗机构', '台山市人民医院');
  change('记录1：日期', '2025-12-01');
}

describe('FamilyBed', () => {
  it('refuses to send a half-filled guardian and an unchosen condition: field messages, no request', async () => {
    render(<FamilyBed user={hospital} />);
    await screen.findByText('暂无申请');
    fillValid();
    change('病种（情形）', '');
    change('监护人姓名', '李小四');
    change('监护人手机号码', '12345');
    fireEvent.click(screen.getByRole('button', { name: '提交申请' }));

    const alerts = (await screen.findAllByRole('alert')).map((a) => a.textContent);
    expect(alerts).toContain('手机号码应为11位');
    expect(alerts).toContain('请选择病种（情形）');
    expect(screen.getByLabelText('监护人手机号码').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByLabelText('病种（情形）').getAttribute('aria-invalid')).toBe('true');
    expect(posts()).toHaveLength(0);
  });

  it('refuses a birth date that contradicts the ID number at the field, with both dates: no request', async () => {
    render(<FamilyBed user={hospital} />);
    await screen.findByText('暂无申请');
    fillValid();
    change(/^出生日期/, '1960-01-01');
    fireEvent.click(screen.getByRole('button', { name: '提交申请' }));
    const alerts = (await screen.findAllByRole('alert')).map((a) => a.textContent ?? '');
    expect(alerts.some((a) => a.includes('1960-01-01') && a.includes('1950-01-01') && a.includes('不一致'))).toBe(true);
    expect(screen.getByLabelText(/^出生日期/).getAttribute('aria-invalid')).toBe('true');
    expect(posts()).toHaveLength(0);
  });

  it('sends the application and shows the status and every unmet criterion with its article', async () => {
    const episode: Partial<EpisodeView> = {
      id: 'care-episode:family_bed:0123456789abcdef:FB-2026-0001',
      kind: 'family_bed',
      applicationNo: 'FB-2026-0001',
      status: 'under_review',
      statusName: '经办机构审核中',
      panel: { required: false, reasons: [], decision: null },
      reviewDeadline: { dueDate: '2026-03-09', dueAt: '2026-03-09T16:00:00.000Z', provisional: false, remindedAt: null, breachedAt: null },
      eligibility: [
        { code: 'GUARDIAN_MISSING', article: '000 §7(三)', message: '家中须至少有一名监护人或委托监护人', hard: true },
        { code: 'MOBILITY_NOT_LIMITED', article: '000 §7(二)', message: '参保人须因体弱行动不便', hard: true },
      ],
    };
    stub
      .fetch()
      .mockImplementation(async (url: string, init?: RequestInit) => (init?.method === 'POST' ? json(episode, 201) : json(emptyPage)));
    render(<FamilyBed user={hospital} />);
    fillValid();
    fireEvent.click(screen.getByRole('button', { name: '提交申请' }));

    expect((await screen.findByTestId('episode-status')).textContent).toBe('经办机构审核中');
    const unmet = within(screen.getByRole('list', { name: '不符合的条件' }))
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(unmet).toEqual([expect.stringMatching(/^000 §7\(三\).*监护人/), expect.stringMatching(/^000 §7\(二\).*行动不便/)]);
    const [[url, init]] = posts();
    expect(url).toBe('/care/family-beds');
    const body = JSON.parse(init.body);
    expect(body).toMatchObject({
      applicationNo: 'FB-2026-0001',
      application: { condition: 'copd_acute_exacerbation', guardian: null, mobilityDifficulty: false },
    });
    expect(body.application.records).toEqual([
      { institutionName: '台山市人民医院', institutionLevel: 2, kind: 'inpatient', date: '2025-12-01' },
    ]);
  });
});
