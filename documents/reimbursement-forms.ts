/**
 * A reimbursement claim's paperwork, declared for the shared PDF renderer (documents/pdf.ts): the
 * assistance application form (001 附件1 江门市医疗救助零星报销申请表, with the 窗口受理, 初审, 复审 and
 * 核准 signatures and the amount fixed at review) and the decision (核定结果: the payable amount per
 * line with the reason of each reduction or refusal). The ID number and the account are printed masked.
 */
import { maskIdNumber } from '../domain/people';
import { type ClaimState, claimKindNames, claimStepNames, decidedAmount, maskAccountNumber } from '../domain/reimbursement';
import { expenseCategoryNames, recipientCategoryNames } from '../domain/reimbursement-rules';
import { DomainError } from '../domain/errors';
import { formatYuan } from '../domain/ledger';
import type { FormDocument } from './form';
import { issuingAgency } from './service-case-forms';

export const claimForms = ['application-form', 'decision'] as const;
export type ClaimForm = (typeof claimForms)[number];
export const claimFormTitles: Record<ClaimForm, string> = {
  'application-form': '江门市医疗救助零星报销申请表',
  decision: '零星报销核定结果',
};

const signatureOf = (s: ClaimState, step: 'accept' | 'first_review' | 'second_review' | 'approve', names: Record<string, string>) => {
  const sig = s.signatures.find((x) => x.step === step);
  const role = { accept: '经办人', first_review: '初审人', second_review: '复审人', approve: '核准人' }[step];
  return { role, name: sig ? (names[sig.username] ?? sig.username) : '', date: sig?.on ?? '' };
};

/** `s` with the person's ID number from the read model (the workflow's state carries the person key only). */
export function claimForm(
  form: ClaimForm,
  s: ClaimState & { person: { name: string; idNumber: string } },
  names: Record<string, string>,
  today: string,
): FormDocument {
  const open = s.lines.filter((l) => !l.refusal);
  const sum = (cat: 'inpatient' | 'outpatient') =>
    open.filter((l) => (l.category === 'inpatient') === (cat === 'inpatient')).reduce((t, l) => t + l.amountFen, 0);
  const count = (cat: 'inpatient' | 'outpatient') => open.filter((l) => (l.category === 'inpatient') === (cat === 'inpatient')).length;
  if (form === 'application-form') {
    if (s.kind !== 'assistance' || !s.assistance) {
      throw new DomainError('DOCUMENT_NOT_APPLICABLE', '附件1申请表只用于医疗救助零星报销', { form, kind: s.kind });
    }
    const a = s.assistance;
    return {
      title: claimFormTitles[form],
      documentNo: s.claimNo,
      blocks: [
        {
          kind: 'fields',
          fields: [
            { label: '姓名', value: s.person.name },
            { label: '身份证号码', value: maskIdNumber(s.person.idNumber) },
            {
              label: '申请救助对象类别',
              value: recipientCategoryNames[a.recipientCategory] + (a.otherCategoryText ? `：${a.otherCategoryText}` : ''),
            },
            { label: '门诊费用', value: `发票 ${count('outpatient')} 张，合计 ${formatYuan(sum('outpatient'))} 元` },
            { label: '住院费用', value: `发票 ${count('inpatient')} 张，合计 ${formatYuan(sum('inpatient'))} 元` },
            { label: s.account.kind === 'bank_card' ? '银行卡账号' : '社保卡账号', value: maskAccountNumber(s.account.number) },
            { label: '开户银行', value: s.account.bank },
          ],
        },
        { kind: 'paragraph', text: '窗口受理意见：经审核，提交的相关资料符合医疗救助申请条件，予以受理。' },
        ...(a.assistanceFen !== null
          ? [
              { kind: 'paragraph' as const, text: `医保经办机构审核意见：经审核，本次予以医疗救助 ${formatYuan(a.assistanceFen)} 元。` },
              { kind: 'amount' as const, label: '救助金额', fen: a.assistanceFen },
            ]
          : [{ kind: 'paragraph' as const, text: '医保经办机构审核意见：（待初审核定）' }]),
      ],
      signatures: (['accept', 'first_review', 'second_review', 'approve'] as const).map((step) => signatureOf(s, step, names)),
      issuer: issuingAgency(s.jurisdiction),
      issuedOn: today,
      footnotes: ['依据：《江门市医疗救助经办规程》第十三条及附件1。'],
    };
  }
  const decided = decidedAmount(s);
  return {
    title: claimFormTitles[form],
    documentNo: s.claimNo,
    addressee: s.person.name,
    blocks: [
      { kind: 'paragraph', text: `您于 ${s.acceptedOn} 申请的${claimKindNames[s.kind]}，核定结果如下。` },
      {
        kind: 'table',
        columns: ['行', '日期', '医疗机构', '类别', '发票号', '申请金额（元）', '核定金额（元）', '说明'],
        widths: [1, 2, 3, 2, 2, 2, 2, 5],
        rows: s.lines.map((l) => [
          String(l.lineNo),
          l.serviceDate,
          l.institutionName,
          expenseCategoryNames[l.category],
          l.invoiceNo,
          formatYuan(l.amountFen),
          l.refusal ? '0.00' : l.payableFen === null ? '待审核' : formatYuan(l.payableFen),
          l.refusal ? `${l.refusal.message}（${l.refusal.article}）` : (l.reductionReason ?? ''),
        ]),
      },
      ...(decided !== null ? [{ kind: 'amount' as const, label: '核定支付金额', fen: decided }] : []),
    ],
    signatures: s.signatures
      .filter((x) => x.step !== 'accept')
      .map((x) => ({ role: claimStepNames[x.step], name: names[x.username] ?? x.username, date: x.on })),
    issuer: issuingAgency(s.jurisdiction),
    issuedOn: today,
    footnotes: ['依据：《江门市基本医疗保险就医管理规程》第二十三条至第二十五条；《江门市医疗救助经办规程》第十三条至第十五条。'],
  };
}
