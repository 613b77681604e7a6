/** Item 26 at the insured place's agency: change institution, suspend, resume, terminate (confirmed); the coverage answer for a date. */
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { json, stubFetch } from '../test-fetch';
import type { CertificationView, SpecialDiseaseItem, User } from '../api';
import { allowedCertificationActions, CertificationActions, CoverageQuery } from './CertificationActions';

const clerk: User = { username: 'kaiping.clerk', role: 'window_clerk', jurisdiction: 'kaiping', displayName: '开平窗口' };
const cert = {
  id: 'special-disease:0123456789abcdef:MT001',
  diseaseCode: 'MT001',
  institutionCode: 'H44078301',
  jurisdiction: 'kaiping',
  status: 'active',
  statusName: '有效',
  recordedStatus: 'active',
  version: 1,
} as CertificationView;
const diseases: SpecialDiseaseItem[] = [
  {
    code: 'MT001',
    name: '高血压病',
    periodMonths: 12,
    active: true,
    updatedBy: 'municipal.admin',
    updatedAt: '2026-01-01T00:00:00.000Z',
    institutions: [
      { diseaseCode: 'MT001', institutionCode: 'H44078301', institutionName: '开平市中心医院' },
      { diseaseCode: 'MT001', institutionCode: 'H44078302', institutionName: '开平市第二人民医院' },
    ],
  },
];
const stub = stubFetch();
const posts = () => stub.fetch().mock.calls.filter(([, init]) => init?.method === 'POST');

describe('CertificationActions', () => {
  it('offers the actions of the recorded status to the agency of the insured place only', () => {
    expect(allowedCertificationActions(cert, clerk)).toEqual(['change_institution', 'suspend', 'terminate']);
    expect(allowedCertificationActions({ ...cert, recordedStatus: 'suspended' }, clerk)).toEqual(['resume', 'terminate']);
    expect(allowedCertificationActions({ ...cert, jurisdiction: 'taishan' }, clerk)).toEqual([]);
    expect(allowedCertificationActions(cert, { ...clerk, role: 'institution' })).toEqual([]);
  });

  it('changes the institution to another qualified one, with the reason; nothing sent without them', async () => {
    const onDone = vi.fn();
    render(<CertificationActions cert={cert} user={clerk} diseases={diseases} onDone={onDone} />);
    fireEvent.click(screen.getByRole('button', { name: '提交' }));
    const alerts = (await screen.findAllByRole('alert')).map((a) => a.textContent);
    expect(alerts).toEqual(['请选择新的定点医院', '请填写原因']);
    expect(posts()).toHaveLength(0);
    // the current institution is not offered
    expect(screen.queryByRole('option', { name: /开平市中心医院/ })).toBeNull();
    fireEvent.change(screen.getByLabelText(/新的定点医院/), { target: { value: 'H44078302' } });
    fireEvent.change(screen.getByLabelText(/原因/), { target: { value: '参保人搬家' } });
    stub.fetch().mockResolvedValueOnce(json({ ...cert, institutionCode: 'H44078302' }));
    fireEvent.click(screen.getByRole('button', { name: '提交' }));
    await vi.waitFor(() => expect(onDone).toHaveBeenCalled());
    expect(JSON.parse(posts()[0]![1].body)).toEqual({ action: 'change_institution', institutionCode: 'H44078302', reason: '参保人搬家' });
  });

  it('asks before terminating, and sends nothing when cancelled', async () => {
    render(<CertificationActions cert={cert} user={clerk} diseases={diseases} onDone={() => {}} />);
    fireEvent.click(screen.getByRole('radio', { name: '终止认定' }));
    fireEvent.change(screen.getByLabelText(/原因/), { target: { value: '参保人死亡' } });
    fireEvent.click(screen.getByRole('button', { name: '提交' }));
    expect(screen.getByRole('alertdialog').textContent).toContain('须重新认定');
    fireEvent.click(screen.getByRole('button', { name: '取消' }));
    expect(posts()).toHaveLength(0);
  });

  it("shows the API's refusal of a suspension", async () => {
    stub.fetch().mockResolvedValueOnce(json({ code: 'CASE_WRONG_STATE', message: '认定当前为「已暂停」，不能暂停' }, 409));
    render(<CertificationActions cert={cert} user={clerk} diseases={diseases} onDone={() => {}} />);
    fireEvent.click(screen.getByRole('radio', { name: '暂停待遇' }));
    fireEvent.change(screen.getByLabelText(/原因/), { target: { value: '住院期间' } });
    fireEvent.click(screen.getByRole('button', { name: '提交' }));
    expect((await screen.findByRole('alert')).textContent).toBe('未办理：认定当前为「已暂停」，不能暂停');
  });
});

describe('CoverageQuery', () => {
  it('checks the ID number before asking, then shows the answer and its reason', async () => {
    render(<CoverageQuery diseases={diseases} />);
    fireEvent.change(screen.getByLabelText('身份证号码'), { target: { value: '12345' } });
    fireEvent.change(screen.getByLabelText('查询病种'), { target: { value: 'MT001' } });
    fireEvent.click(screen.getByRole('button', { name: '查询' }));
    expect(await screen.findAllByRole('alert')).toHaveLength(1);
    expect(posts()).toHaveLength(0);
    fireEvent.change(screen.getByLabelText('身份证号码'), { target: { value: '440783197002023453' } });
    fireEvent.change(screen.getByLabelText(/就医日期/), { target: { value: '2026-05-01' } });
    stub.fetch().mockResolvedValueOnce(
      json({
        date: '2026-05-01',
        status: 'suspended',
        covered: false,
        reason: '认定已暂停（2026-04-01 起）',
        period: { start: '2026-03-02', end: '2027-03-01' },
      }),
    );
    fireEvent.click(screen.getByRole('button', { name: '查询' }));
    const answer = await screen.findByTestId('coverage-answer');
    expect(answer.textContent).toContain('2026-05-01 不能享受该病种门诊待遇');
    expect(answer.textContent).toContain('认定已暂停');
    await waitFor(() => expect(document.activeElement).toBe(answer)); // focus moves in an effect after the render
    expect(JSON.parse(posts()[0]![1].body)).toEqual({ idNumber: '440783197002023453', diseaseCode: 'MT001', date: '2026-05-01' });
  });
});
