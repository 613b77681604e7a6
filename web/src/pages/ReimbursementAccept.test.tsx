/**
 * The window clerk's acceptance form (零星报销 窗口受理): 004's materials checklist for the kind, the
 * invoices typed in yuan and sent in fen, each refusal under its field and nothing sent while any
 * stands; the API's refusal shown as it came.
 */
import { fireEvent, render, screen } from '@testing-library/react';
import { describe, expect, it, vi } from 'vitest';
import { json, stubFetch } from '../test-fetch';
import { ReimbursementAcceptForm } from './ReimbursementAccept';

const stub = stubFetch();
const posts = () => stub.fetch().mock.calls.filter(([, init]) => init?.method === 'POST');
const fill = (label: string | RegExp, value: string) => fireEvent.change(screen.getByLabelText(label), { target: { value } });
const tick = (name: string) => fireEvent.click(screen.getByRole('checkbox', { name }));
const submit = () => fireEvent.click(screen.getByRole('button', { name: '受理' }));

function fillInpatientClaim() {
  fill('报销类别', 'basic_inpatient');
  fill('申请编号', 'LX-2026-001');
  fill('参保人姓名', '陈一');
  fill('身份证号码', '440781196001011234');
  fill('入院日期', '2026-03-01');
  fill('出院日期', '2026-03-10');
  fill('住院医疗机构编码', 'H44078101');
  fill('第1张出院日期', '2026-03-10');
  fill('第1张医疗机构编码', 'H44078101');
  fill('第1张医疗机构名称', '台山市人民医院');
  fill('第1张发票号码', 'ZY-0001');
  fill('第1张金额（元）', '1234.5');
  fill('账号', '6222021234567890123');
  fill('开户银行', '工商银行台山支行');
  fill('户名', '陈一');
}

describe('ReimbursementAcceptForm', () => {
  it('shows 004 item 28’s checklist; a missing material and a bad amount stand under their fields and nothing is sent', async () => {
    const onCreated = vi.fn();
    render(<ReimbursementAcceptForm onCreated={onCreated} />);
    fillInpatientClaim();
    const list = screen.getByRole('list', { name: '材料清单' });
    for (const m of ['医保电子凭证', '医院收费票据', '住院费用清单', '诊断证明', '出院小结', '出院记录'])
      expect(list.textContent).toContain(m);
    expect(list.textContent).not.toContain('门诊费用清单');
    fill('第1张金额（元）', '12.345');
    for (const m of ['社保卡', '医院收费票据', '住院费用清单', '诊断证明']) tick(m);
    submit();
    const amount = screen.getByLabelText('第1张金额（元）');
    expect(amount.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(amount.getAttribute('aria-describedby')!)!.textContent).toBe('请填写金额（元，最多两位小数）');
    expect(screen.getByText(/尚缺：出院小结或出院记录/)).toBeTruthy();
    expect(posts()).toHaveLength(0);
    expect(onCreated).not.toHaveBeenCalled();
  });

  it('an injury admission adds the police/court documents or a promise to the list', () => {
    render(<ReimbursementAcceptForm onCreated={() => {}} />);
    fill('报销类别', 'basic_inpatient');
    expect(screen.queryByRole('checkbox', { name: '个人承诺书' })).toBeNull();
    fireEvent.click(screen.getByRole('checkbox', { name: /意外伤害住院/ }));
    expect(screen.getByRole('checkbox', { name: '个人承诺书' })).toBeTruthy();
    expect(screen.getByRole('checkbox', { name: '交通事故认定书' })).toBeTruthy();
  });

  it('assistance for a 001 §14 child asks for the diagnosis and the medical records; on a paid basic claim no invoices', () => {
    render(<ReimbursementAcceptForm onCreated={() => {}} />);
    fill('报销类别', 'assistance');
    fill('救助对象类别', 'child_leukaemia_chd');
    fill('参保情况', 'insured_here');
    expect(screen.getByLabelText('治疗病种（001 §14）')).toBeTruthy();
    expect(screen.getByRole('checkbox', { name: '病历资料' })).toBeTruthy();
    expect(screen.queryByLabelText('第1张发票号码')).toBeNull(); // the basic claim's lines are taken
    expect(screen.getByLabelText('已拨付的基本医保报销申请号')).toBeTruthy();
  });

  it('a 先行支付 line takes the third party’s day and 附件6’s number, and the checklist asks for 附件6 (000 §23, §25)', async () => {
    render(<ReimbursementAcceptForm onCreated={() => {}} />);
    fillInpatientClaim();
    expect(screen.queryByRole('checkbox', { name: '《江门市医疗保险基金先行支付申请表》' })).toBeNull();
    fireEvent.click(screen.getByRole('checkbox', { name: /第1张为应由第三人负担/ }));
    fill('第1张确定第三人不支付或无法确定第三人之日', '2026-04-01');
    fill('第1张先行支付情形', 'third_party_unknown');
    fill('第1张先行支付申请表（附件6）编号', 'XX-2026-7');
    for (const m of ['医保电子凭证', '医院收费票据', '住院费用清单', '诊断证明', '出院小结']) tick(m);
    submit();
    expect(screen.getByText(/尚缺：《江门市医疗保险基金先行支付申请表》/)).toBeTruthy();
    expect(posts()).toHaveLength(0);
    tick('《江门市医疗保险基金先行支付申请表》');
    stub.fetch().mockImplementationOnce(async () => json({ id: 'reimbursement:0123456789abcdef:LX-2026-001' }, 201));
    submit();
    await vi.waitFor(() => expect(posts()).toHaveLength(1));
    expect(JSON.parse(posts()[0]![1].body).lines[0].thirdParty).toEqual({
      establishedOn: '2026-04-01',
      basis: 'third_party_unknown',
      advancePaymentFormNo: 'XX-2026-7',
    });
  });

  it('sends the claim with the amount in fen and the materials seen; the API’s refusal is shown', async () => {
    const onCreated = vi.fn();
    render(<ReimbursementAcceptForm onCreated={onCreated} />);
    fillInpatientClaim();
    fill('身份证号码', '44078119600101123'); // 17 digits
    for (const m of ['医保电子凭证', '医院收费票据', '住院费用清单', '诊断证明', '出院记录']) tick(m);
    submit();
    const idField = screen.getByLabelText('身份证号码');
    expect(idField.getAttribute('aria-invalid')).toBe('true');
    expect(posts()).toHaveLength(0);
    fill('身份证号码', '440781196001011234');
    stub.fetch().mockImplementationOnce(async () =>
      json(
        {
          code: 'NO_ADMISSIBLE_LINE',
          message: '没有可受理的费用：第1行：台山市人民医院发票 ZY-0001 已在 reimbursement:x:LX-1 中报销，不能重复报销',
        },
        409,
      ),
    );
    submit();
    expect((await screen.findByTestId('accept-refusal')).textContent).toContain('已在 reimbursement:x:LX-1 中报销');
    expect(posts()).toHaveLength(1);
    const sent = JSON.parse(posts()[0]![1].body);
    expect(sent).toMatchObject({
      claimNo: 'LX-2026-001',
      kind: 'basic_inpatient',
      person: { name: '陈一', idNumber: '440781196001011234' },
      admission: { admittedOn: '2026-03-01', dischargedOn: '2026-03-10', institutionCode: 'H44078101', injury: false },
      lines: [
        {
          lineNo: 1,
          category: 'inpatient',
          serviceDate: '2026-03-10',
          institutionCode: 'H44078101',
          invoiceNo: 'ZY-0001',
          amountFen: 123_450,
        },
      ],
      account: { kind: 'bank_card', number: '6222021234567890123' },
    });
    expect(sent.documents.sort()).toEqual(['住院费用清单', '出院记录', '医保电子凭证', '医院收费票据', '诊断证明'].sort());
    expect(onCreated).not.toHaveBeenCalled();
    stub.fetch().mockImplementationOnce(async () => json({ id: 'reimbursement:0123456789abcdef:LX-2026-001' }, 201));
    submit();
    await vi.waitFor(() => expect(onCreated).toHaveBeenCalledWith('reimbursement:0123456789abcdef:LX-2026-001', true));
  });
});
