/** The certification panel: the renewal refused by the API (409) is shown with its message and window dates. */
import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { json, stubFetch } from '../test-fetch';
import type { CertificationView, User } from '../api';
import { CertificationPanel } from './SpecialDisease';

const hospital: User = { username: 'kaiping.hospital', role: 'institution', jurisdiction: 'kaiping', displayName: '开平定点医院' };
const id = 'special-disease:0123456789abcdef:MT001';
const cert: CertificationView = {
  id,
  diseaseCode: 'MT001',
  institutionCode: 'H44078301',
  jurisdiction: 'kaiping',
  insuredPlace: 'kaiping',
  institutionCounty: 'kaiping',
  offsite: false,
  treatingHospital: null,
  person: { name: '周五', idNumber: '440783197002023453' },
  status: 'active',
  statusName: '有效',
  recordedStatus: 'active',
  period: { start: '2026-03-02', end: '2027-03-01' },
  windows: {
    windowOpens: '2027-01-31',
    lastValidDay: '2027-03-01',
    graceStarts: '2027-03-02',
    graceEnds: '2027-03-31',
    lapsesOn: '2027-04-01',
  },
  renewal: {
    open: true,
    timing: 'on_time',
    opensOn: '2027-01-31',
    closesOn: '2027-03-31',
    message: '可按期续期（2027-01-31 至 2027-03-01）',
  },
  periods: [{ start: '2026-03-02', end: '2027-03-01' }],
  suspensions: [],
  terminatedOn: null,
  lapsedOn: null,
  earlier: [],
  source: 'institution',
  createdBy: 'kaiping.hospital',
  version: 1,
};

const stub = stubFetch();

describe('CertificationPanel', () => {
  it('shows the period and the renewal windows', async () => {
    stub.fetch().mockResolvedValue(json(cert));
    render(<CertificationPanel id={id} user={hospital} />);
    expect((await screen.findByText('按期续期')).nextElementSibling?.textContent).toBe('2027-01-31 至 2027-03-01');
    expect(screen.getByText('有效期').nextElementSibling?.textContent).toBe('2026-03-02 至 2027-03-01');
    expect(screen.getByText('逾期补办').nextElementSibling?.textContent).toBe('2027-03-02 至 2027-03-31');
  });

  it("shows the API's refusal (409 RENEWAL_WINDOW_CLOSED) with the dates from its facts, and keeps the certification as it was", async () => {
    const message = '续期须在有效期届满（2027-03-01）前30日内办理，即自 2027-01-31 起；2026-03-02 尚不能办理（000 §17）';
    stub.fetch().mockImplementation(async (_url: string, init?: RequestInit) =>
      init?.method === 'POST'
        ? json(
            {
              code: 'RENEWAL_WINDOW_CLOSED',
              message,
              facts: {
                on: '2026-03-02',
                timing: 'too_early',
                windowOpens: '2027-01-31',
                lastValidDay: '2027-03-01',
                graceStarts: '2027-03-02',
                graceEnds: '2027-03-31',
                lapsesOn: '2027-04-01',
              },
            },
            409,
          )
        : json(cert),
    );
    render(<CertificationPanel id={id} user={hospital} />);
    fireEvent.click(await screen.findByRole('button', { name: '续期' }));
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain(`未续期：${message}`);
    expect(alert.textContent).toContain('按期续期：2027-01-31 至 2027-03-01；逾期补办：至 2027-03-31');
    const post = stub.fetch().mock.calls.find(([, init]) => init?.method === 'POST')!;
    expect(post[0]).toBe(`/special-disease/certifications/${encodeURIComponent(id)}/actions`);
    expect(JSON.parse(post[1].body)).toEqual({ action: 'renew' });
    expect(screen.getByText('有效期').nextElementSibling?.textContent).toBe('2026-03-02 至 2027-03-01');
  });

  it('offers no renewal before the window opens, and says when it opens', async () => {
    const early = {
      ...cert,
      renewal: {
        ...cert.renewal,
        open: false,
        timing: 'too_early' as const,
        message: '续期自 2027-01-31 起可办理（有效期届满前30日内，000 §17）',
      },
    };
    stub.fetch().mockResolvedValue(json(early));
    render(<CertificationPanel id={id} user={hospital} />);
    expect((await screen.findByTestId('renewal-closed')).textContent).toContain('续期自 2027-01-31 起可办理');
    expect(screen.queryByRole('button', { name: '续期' })).toBeNull();
  });

  it('at the counter, a renewal without the 000 §16 documents is stopped with each missing one; with them it sends them', async () => {
    const clerk: User = { ...hospital, username: 'kaiping.clerk', role: 'window_clerk' };
    stub
      .fetch()
      .mockImplementation(async (_url: string, init?: RequestInit) =>
        json(init?.method === 'POST' ? { ...cert, period: { start: '2027-03-02', end: '2028-03-01' } } : cert),
      );
    render(<CertificationPanel id={id} user={clerk} />);
    fireEvent.click(await screen.findByRole('button', { name: '续期' }));
    const alerts = (await screen.findAllByRole('alert')).map((a) => a.textContent ?? '');
    expect(alerts.some((a) => a.includes('门诊特定病种待遇认定申请表'))).toBe(true);
    expect(alerts.some((a) => a.includes('病历资料或检查资料'))).toBe(true);
    expect(stub.fetch().mock.calls.filter(([, init]) => init?.method === 'POST')).toHaveLength(0);
    for (const label of ['医保电子凭证或有效身份证件或社保卡', '门诊特定病种待遇认定申请表（附件2）', '病历资料或检查资料'])
      fireEvent.click(screen.getByLabelText(label));
    fireEvent.click(screen.getByRole('button', { name: '续期' }));
    await screen.findByText(/已续期/);
    const post = stub.fetch().mock.calls.find(([, init]) => init?.method === 'POST')!;
    expect(JSON.parse(post[1].body)).toEqual({
      action: 'renew',
      documents: { idDocument: true, delegated: false, agentIdDocument: false, applicationForm: true, recordsOrReports: true },
    });
  });

  it('offers no renewal to a reviewer', async () => {
    stub.fetch().mockResolvedValue(json(cert));
    render(<CertificationPanel id={id} user={{ ...hospital, role: 'reviewer' }} />);
    await screen.findByText('按期续期');
    expect(screen.queryByRole('button', { name: '续期' })).toBeNull();
  });
});
