/** Remote-care filing screens: the counter form's checklist per type, the promise option, the on-the-spot refusal; a filing's actions and why not. */
import { fireEvent, render, screen, within } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { json, stubFetch } from '../test-fetch';
import type { FilingDetail, User } from '../api';
import { CounterFilingForm, FilingPage, filingActionsNow } from './RemoteCare';

const clerk: User = { username: 'kaiping.clerk', role: 'window_clerk', jurisdiction: 'kaiping', displayName: '开平窗口' };
const checklist = {
  long_term_residence: {
    typeName: '异地长期居住人员',
    lines: [
      { anyOf: [{ code: 'id_document', name: '医保电子凭证或有效身份证件或社保卡' }], promiseInstead: false },
      {
        anyOf: [
          { code: 'residence_permit', name: '居住证' },
          { code: 'property_certificate', name: '房产证' },
        ],
        promiseInstead: true,
      },
    ],
  },
};
const stub = stubFetch(async (url: string) => {
  if (url === '/remote-care/materials') return json(checklist);
  throw new Error(`unexpected ${url}`);
});
const posts = () => stub.fetch().mock.calls.filter(([, init]) => init?.method === 'POST');
const change = (label: RegExp | string, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });

function fill() {
  change('备案编号', 'KP-RC-0001');
  change('参保人姓名', '周五');
  change('身份证号码', '440783197002023453');
  change('备案类型', 'long_term_residence');
  change('省份', '广西壮族自治区');
  change('城市', '南宁市');
}

describe('CounterFilingForm', () => {
  it('shows the checklist of the type and refuses to send with a line unmet; a promise stands in where allowed', async () => {
    const onCreated = vi.fn();
    render(<CounterFilingForm onCreated={onCreated} />);
    await vi.waitFor(() => expect(stub.fetch()).toHaveBeenCalled());
    fill();
    const list = within(await screen.findByRole('list', { name: '材料清单' }));
    expect(list.getAllByRole('listitem').map((li) => li.textContent)).toEqual([
      '医保电子凭证或有效身份证件或社保卡',
      '居住证房产证（任选其一）可个人承诺',
    ]);
    fireEvent.click(screen.getByRole('checkbox', { name: '医保电子凭证或有效身份证件或社保卡' }));
    fireEvent.click(screen.getByRole('button', { name: '登记备案' }));
    expect((await screen.findByRole('alert')).textContent).toBe('尚缺材料：居住证或房产证');
    expect(posts()).toHaveLength(0);

    fireEvent.click(screen.getByRole('checkbox', { name: /个人承诺书代替/ }));
    stub.fetch().mockResolvedValueOnce(json({ id: 'remote-care:abc:KP-RC-0001' }, 201));
    fireEvent.click(screen.getByRole('button', { name: '登记备案' }));
    await vi.waitFor(() => expect(onCreated).toHaveBeenCalledWith('remote-care:abc:KP-RC-0001', true));
    expect(JSON.parse(posts()[0]![1].body)).toEqual({
      filingNo: 'KP-RC-0001',
      insuredPlace: 'jiangmen',
      type: 'long_term_residence',
      channel: 'counter',
      place: { province: '广西壮族自治区', city: '南宁市' },
      materials: ['id_document'],
      personalPromise: true,
      person: { name: '周五', idNumber: '440783197002023453' },
    });
  });

  it('records an on-the-spot refusal only with its reason, handing back what was brought', async () => {
    render(<CounterFilingForm onCreated={() => {}} />);
    await vi.waitFor(() => expect(stub.fetch()).toHaveBeenCalled());
    fill();
    await screen.findByRole('list', { name: '材料清单' });
    fireEvent.click(screen.getByRole('checkbox', { name: '医保电子凭证或有效身份证件或社保卡' }));
    fireEvent.click(screen.getByRole('checkbox', { name: /当场不予备案/ }));
    fireEvent.click(screen.getByRole('button', { name: '登记不予备案' }));
    expect((await screen.findByRole('alert')).textContent).toBe('当场不予备案须填写原因（000 §29）');
    expect(posts()).toHaveLength(0);
    change('不予备案原因', '居住证已过期');
    stub.fetch().mockResolvedValueOnce(json({ id: 'remote-care:abc:KP-RC-0001' }, 201));
    fireEvent.click(screen.getByRole('button', { name: '登记不予备案' }));
    await vi.waitFor(() => expect(posts()).toHaveLength(1));
    expect(JSON.parse(posts()[0]![1].body).counterRefusal).toEqual({ reason: '居住证已过期', returnedMaterials: ['id_document'] });
  });
});

const filing = {
  id: 'remote-care:abc:KP-RC-0001',
  filingNo: 'KP-RC-0001',
  type: 'long_term_residence',
  typeName: '异地长期居住人员',
  status: 'active',
  statusName: '备案有效',
  channel: 'counter',
  jurisdiction: 'kaiping',
  insuredPlace: 'jiangmen',
  ruleSetId: 'jiangmen-000',
  person: { name: '周五', idNumber: '440783197002023453' },
  receivedOn: '2026-03-02',
  filedOn: '2026-03-02',
  validFrom: '2026-03-02',
  validUntil: null,
  changeableFrom: '2099-09-02',
  cancelledOn: null,
  places: [{ from: '2026-03-02', place: { province: '广西壮族自治区', city: '南宁市' } }],
  personalPromise: true,
  materialsDeliveredOn: null,
  materials: ['id_document'],
  refusal: null,
  dueDate: null,
  breached: false,
  createdBy: 'kaiping.clerk',
  version: 1,
  history: [],
  notices: [],
} as FilingDetail;

describe('FilingPage', () => {
  it('says why a long-term filing cannot be changed yet and offers the delivery of the promised materials', async () => {
    stub
      .fetch()
      .mockImplementation(async (url: string, init?: RequestInit) =>
        init?.method === 'POST' ? json({ ...filing, materialsDeliveredOn: '2026-03-05' }) : json(filing),
      );
    render(<FilingPage id={filing.id} user={clerk} />);
    expect((await screen.findByTestId('filing-why-not')).textContent).toContain('2099-09-02 起可办理（000 §30）');
    expect(screen.queryByRole('radio', { name: '变更就医地' })).toBeNull();
    expect(screen.getByRole('radio', { name: /补齐材料/ })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '提交' }));
    expect((await screen.findByRole('alert')).textContent).toBe('请勾选补交的材料');
    fireEvent.click(screen.getByRole('checkbox', { name: '居住证' }));
    fireEvent.click(screen.getByRole('button', { name: '提交' }));
    await screen.findByTestId('filing-done');
    expect(JSON.parse(posts()[0]![1].body)).toEqual({ action: 'deliver_materials', materials: ['residence_permit'] });
  });

  it('offers the online review on a filing waiting for it, and nothing to another county', () => {
    expect(filingActionsNow({ ...filing, status: 'under_review' }, clerk).allowed).toEqual(['review']);
    expect(filingActionsNow({ ...filing, jurisdiction: 'taishan' }, clerk).allowed).toEqual([]);
    expect(filingActionsNow({ ...filing, changeableFrom: '2026-01-01', personalPromise: false }, clerk, '2026-09-02').allowed).toEqual([
      'change',
      'cancel',
    ]);
  });
});
