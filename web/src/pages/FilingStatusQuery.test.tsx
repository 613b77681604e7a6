/** The settlement side's filing-status question: the ID number in the body, the admission date deciding, the answer's benefits shown. */
import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { json, stubFetch } from '../test-fetch';
import { FilingStatusQuery } from './FilingStatusQuery';

const stub = stubFetch();

function fill(label: RegExp | string, value: string) {
  fireEvent.change(screen.getByLabelText(label), { target: { value } });
}

describe('FilingStatusQuery', () => {
  it('asks for the place and the admission date, sends the ID number in the body and shows the filing with its benefits', async () => {
    stub.fetch().mockResolvedValue(
      json({
        filed: true,
        reason: 'filed',
        message: '已备案：异地安置退休人员，有效期 2026-03-02 至 长期有效（按入院日期 2026-05-01 判断，000 §31）',
        judgedOn: '2026-05-01',
        filing: {
          filingId: 'remote-care:0123456789abcdef:RC-1',
          filingNo: 'RC-1',
          type: 'retired_resettled',
          typeName: '异地安置退休人员',
          validFrom: '2026-03-02',
          validUntil: null,
          basis: 'promise',
          ruleSetId: 'jiangmen-000',
        },
        careAdjustment: null,
        home: { inpatientPoints: -20, generalOutpatient: false, article: '000 §32；开平指南温馨提示3' },
        article: '000 §30',
      }),
    );
    render(<FilingStatusQuery />);
    fill('身份证号码', ' 440781195001011234 ');
    fill('就医地（省）', '上海市');
    fill('就医地（市）', '上海市');
    fill('就诊（结算）日期', '2026-05-20');
    fill(/入院日期/, '2026-05-01');
    fireEvent.click(screen.getByRole('button', { name: '查询' }));

    const status = await screen.findByRole('status');
    const [url, init] = stub.fetch().mock.calls[0]!;
    expect(url).toBe('/remote-care/filing-status');
    expect(String(url)).not.toContain('440781');
    expect(JSON.parse(String((init as RequestInit).body))).toEqual({
      idNumber: '440781195001011234',
      insuredPlace: 'jiangmen',
      place: { province: '上海市', city: '上海市' },
      date: '2026-05-20',
      care: 'inpatient',
      admittedOn: '2026-05-01',
    });
    expect(status.textContent).toContain('已备案');
    expect(status.textContent).toContain('异地安置退休人员（RC-1）');
    expect(status.textContent).toContain('2026-03-02 至 长期有效');
    expect(status.textContent).toContain('个人承诺（材料未补齐）');
    expect(status.textContent).toContain('住院报销比例下降 20 个百分点，普通门诊不能享受');
    expect(status.textContent).toContain('000 §30');
  });

  it('an outpatient question has no admission date; an unfiled answer shows the reduction; a refusal shows its message', async () => {
    stub
      .fetch()
      .mockResolvedValueOnce(
        json({
          filed: false,
          reason: 'not_filed',
          message: '未办理异地就医备案：基本医疗保险报销比例下降 15%，大病保险、补充医疗保险下降 5%（002 §10(四)）',
          judgedOn: '2024-03-01',
          careAdjustment: { basicPoints: -15, criticalPoints: -5, article: '002 §10(四)' },
          home: null,
          article: '002 §10(四)',
        }),
      )
      .mockResolvedValueOnce(
        json(
          {
            code: 'RULE_SET_NOT_IN_FORCE',
            message: '阳江市参保人员 2029-01-01 没有有效的异地就医规定；现有规定：2021-05-01 至 2024-04-30',
          },
          409,
        ),
      );
    render(<FilingStatusQuery />);
    fill('身份证号码', '440781195001011234');
    fireEvent.change(screen.getByLabelText('参保地'), { target: { value: 'yangjiang' } });
    fireEvent.change(screen.getByLabelText('就医类别'), { target: { value: 'outpatient' } });
    expect(screen.queryByLabelText(/入院日期/)).toBeNull();
    fill('就医地（省）', '广东省');
    fill('就医地（市）', '广州市');
    fill('就诊（结算）日期', '2024-03-01');
    fireEvent.click(screen.getByRole('button', { name: '查询' }));
    const status = await screen.findByRole('status');
    expect(JSON.parse(String((stub.fetch().mock.calls[0]![1] as RequestInit).body))).not.toHaveProperty('admittedOn');
    expect(status.textContent).toContain('未备案');
    expect(status.textContent).toContain('基本医疗保险报销比例下降 15 个百分点，大病保险、补充医疗保险下降 5 个百分点（002 §10(四)）');

    fill('就诊（结算）日期', '2029-01-01');
    fireEvent.click(screen.getByRole('button', { name: '查询' }));
    expect((await screen.findByRole('alert')).textContent).toContain('现有规定：2021-05-01 至 2024-04-30');
    expect(screen.queryByRole('status')).toBeNull();
  });

  it('asks for general or special-disease outpatient care and shows a benefit the filing does not give (002 §10(二))', async () => {
    stub.fetch().mockResolvedValue(
      json({
        filed: false,
        reason: 'not_covered_by_filing',
        message: '该备案不含普通门诊待遇：异地转诊人员备案只可享受门诊特定病种、住院待遇（002 §10(二)）',
        judgedOn: '2023-07-01',
        filing: {
          filingId: 'remote-care:0123456789abcdef:ZZ-1',
          filingNo: 'ZZ-1',
          type: 'referral',
          typeName: '异地转诊人员',
          validFrom: '2023-06-01',
          validUntil: '2023-08-29',
          basis: 'materials',
          ruleSetId: 'yangjiang-002',
        },
        careAdjustment: null,
        home: null,
        article: '002 §10(二)',
      }),
    );
    render(<FilingStatusQuery />);
    const kinds = [...(screen.getByLabelText('就医类别') as HTMLSelectElement).options].map((o) => o.textContent);
    expect(kinds).toEqual(['住院', '普通门诊', '门诊特定病种']);
    fill('身份证号码', '440781195001011234');
    fireEvent.change(screen.getByLabelText('参保地'), { target: { value: 'yangjiang' } });
    fireEvent.change(screen.getByLabelText('就医类别'), { target: { value: 'outpatient' } });
    fill('就医地（省）', '上海市');
    fill('就医地（市）', '上海市');
    fill('就诊（结算）日期', '2023-07-01');
    fireEvent.click(screen.getByRole('button', { name: '查询' }));
    const status = await screen.findByRole('status');
    expect(status.textContent).toContain('不在备案待遇范围内');
    expect(status.textContent).toContain('异地转诊人员（ZZ-1）');
    expect(status.textContent).toContain('该备案不含此项待遇（002 §10(二)）');
    expect(status.textContent).not.toContain('不另行调整');
  });
});
