/**
 * The counter paperwork of a service case (000 §29; document 004), each a `FormDocument`:
 * - 受理通知书 (acceptance notice): what was accepted, when, and the day it will be done by;
 * - 不予受理告知书 (refusal notice): the reason and the materials handed back;
 * - 一次性告知书 (notice to correct): every material to bring, told at once (一次性告知);
 * - 办结通知 (completion notice): the outcome, and the amount paid in figures and in words.
 * The ID number is printed masked (first 6, last 4), as in every list: the paper leaves the
 * counter with the applicant and is kept in the file, and the name with the application number
 * identifies the case.
 */
import { shanghaiDate } from '../domain/dates';
import { DomainError } from '../domain/errors';
import { type Jurisdiction, jurisdictionNames, maskIdNumber } from '../domain/people';
import { stepNames } from '../domain/service-case';
import type { ServiceStep } from '../domain/catalogue-data';
import type { FormDocument, FormField } from './form';
import { chineseDate } from './form';

export const serviceCaseForms = ['acceptance-notice', 'refusal-notice', 'correction-notice', 'completion-notice'] as const;
export type ServiceCaseForm = (typeof serviceCaseForms)[number];

export const serviceCaseFormTitles: Record<ServiceCaseForm, string> = {
  'acceptance-notice': '受理通知书',
  'refusal-notice': '不予受理告知书',
  'correction-notice': '一次性告知书',
  'completion-notice': '办结通知书',
};

/** What the forms read of a case (the ServiceCase row, the catalogue item, the clerks' display names). */
export interface CaseForForms {
  id: string;
  itemCode: string;
  itemName: string;
  itemSteps: readonly ServiceStep[];
  applicationNo: string;
  jurisdiction: Jurisdiction;
  channel: string;
  applicantName: string;
  applicantIdNumber: string;
  status: string;
  steps: readonly { step: string; by: string; at: string }[];
  appliedAt: Date;
  acceptedOn: string | null;
  dueDate: string | null;
  dueFrom: string | null;
  dueWorkingDays: number | null;
  closedAt: Date | null;
  rejectionReason: string | null;
  rejectionNote: string | null;
  returnedMaterials: readonly string[];
  correction: { by: string; at: string; missingMaterials: string[]; reason: string | null; note: string | null } | null;
  disbursedFen: number | null;
  /** username → display name (签名 prints names, not log-ins) */
  names: ReadonlyMap<string, string>;
}

/**
 * The agency that issues a county's paperwork (落款): the county-level cities' bureaus, the districts'
 * branches of the municipal bureau, the municipal bureau itself for 市本级.
 */
export function issuingAgency(j: Jurisdiction): string {
  if (j === 'municipal') return '江门市医疗保障局';
  if (j === 'pengjiang' || j === 'jianghai' || j === 'xinhui') return `江门市医疗保障局${jurisdictionNames[j]}分局`;
  return `${jurisdictionNames[j]}市医疗保障局`;
}

const notApplicable = (form: ServiceCaseForm, message: string, facts: Record<string, unknown>) =>
  new DomainError('DOCUMENT_NOT_APPLICABLE', `无法出具${serviceCaseFormTitles[form]}：${message}`, { form, ...facts });

function caseFields(c: CaseForForms): FormField[] {
  return [
    { label: '申请人', value: c.applicantName },
    { label: '身份证号码', value: maskIdNumber(c.applicantIdNumber) },
    { label: '申请编号', value: c.applicationNo },
    { label: '事项名称', value: `${c.itemName}（${c.itemCode}）` },
    { label: '申请方式', value: c.channel === 'online' ? '网上申请' : '窗口申请' },
    { label: '申请时间', value: shanghaiDate(c.appliedAt.getTime()) },
  ];
}

function stepBy(c: CaseForForms, step: string): { name: string; date: string } | null {
  const taken = [...c.steps].reverse().find((s) => s.step === step);
  if (!taken) return null;
  return { name: c.names.get(taken.by) ?? taken.by, date: shanghaiDate(Date.parse(taken.at)) };
}

const docNo = (c: CaseForForms, prefix: string) => `${prefix}〔${c.applicationNo}〕`;

export function serviceCaseForm(form: ServiceCaseForm, c: CaseForForms): FormDocument {
  const issuer = issuingAgency(c.jurisdiction);
  const base = { issuer, addressee: c.applicantName, documentNo: docNo(c, serviceCaseFormTitles[form].slice(0, 2)) };
  switch (form) {
    case 'acceptance-notice': {
      if (!c.acceptedOn) throw notApplicable(form, '案件尚未受理', { status: c.status });
      const accepted = stepBy(c, 'accept');
      const limit = c.dueDate
        ? `本事项法定办结时限为${c.dueWorkingDays}个工作日（自 ${chineseDate(c.dueFrom ?? c.acceptedOn)} 起计，` +
          `节假日不计），将于 ${chineseDate(c.dueDate)} 前办结。`
        : '本事项为即时办结事项。';
      return {
        ...base,
        title: serviceCaseFormTitles[form],
        issuedOn: c.acceptedOn,
        blocks: [
          {
            kind: 'paragraph',
            text:
              `您于 ${chineseDate(shanghaiDate(c.appliedAt.getTime()))} 提交的「${c.itemName}」申请，材料齐全、符合法定形式，` +
              `我机构已于 ${chineseDate(c.acceptedOn)} 予以受理。${limit}`,
          },
          {
            kind: 'fields',
            fields: [...caseFields(c), { label: '受理日期', value: c.acceptedOn }, { label: '办结期限', value: c.dueDate ?? '即时办结' }],
          },
          {
            kind: 'list',
            title: '办理流程',
            items: c.itemSteps.map((s) => stepNames[s]),
          },
          { kind: 'paragraph', text: '办理期间如需补正材料，我机构将一次性告知。请凭本通知书及申请编号查询办理进度。' },
        ],
        signatures: [{ role: '受理人', name: accepted?.name ?? '', date: accepted?.date ?? c.acceptedOn }],
        footnotes: [`案件编号：${c.id}`],
      };
    }
    case 'refusal-notice': {
      if (c.status !== 'rejected' || c.acceptedOn) {
        throw notApplicable(form, c.acceptedOn ? '案件已受理（受理后不予通过的，请出具办结通知书）' : '案件未被不予受理', {
          status: c.status,
        });
      }
      const refusedOn = c.closedAt ? shanghaiDate(c.closedAt.getTime()) : shanghaiDate(Date.now());
      const refusedBy = stepBy(c, 'reject');
      return {
        ...base,
        title: serviceCaseFormTitles[form],
        issuedOn: refusedOn,
        blocks: [
          {
            kind: 'paragraph',
            text:
              `您于 ${chineseDate(shanghaiDate(c.appliedAt.getTime()))} 提交的「${c.itemName}」申请，经审查，决定不予受理。` +
              '所提交的材料已全部退回，请查收。',
          },
          {
            kind: 'fields',
            fields: [
              ...caseFields(c),
              { label: '不予受理原因', value: c.rejectionReason ?? '' },
              ...(c.rejectionNote ? [{ label: '备注', value: c.rejectionNote }] : []),
            ],
          },
          { kind: 'list', title: '退回材料', items: c.returnedMaterials, empty: '（未收取材料）' },
          { kind: 'paragraph', text: '如对本决定有异议，可依法申请行政复议或者提起行政诉讼。' },
        ],
        signatures: [
          { role: '经办人', name: refusedBy?.name ?? '', date: refusedOn },
          { role: '申请人（签收）', name: '', date: '' },
        ],
        footnotes: [`案件编号：${c.id}`],
      };
    }
    case 'correction-notice': {
      if (!c.correction) throw notApplicable(form, '案件当前没有待补正的材料', { status: c.status });
      const requestedOn = shanghaiDate(Date.parse(c.correction.at));
      return {
        ...base,
        title: serviceCaseFormTitles[form],
        issuedOn: requestedOn,
        blocks: [
          {
            kind: 'paragraph',
            text:
              `您于 ${chineseDate(shanghaiDate(c.appliedAt.getTime()))} 提交的「${c.itemName}」申请，材料不齐全或不符合法定形式。` +
              '现将需要补正的全部材料一次性告知如下，请补齐后重新提交；补正期间办理时限暂停计算。',
          },
          {
            kind: 'fields',
            fields: [
              ...caseFields(c),
              ...(c.correction.reason ? [{ label: '补正原因', value: c.correction.reason }] : []),
              ...(c.correction.note ? [{ label: '备注', value: c.correction.note }] : []),
            ],
          },
          { kind: 'list', title: '需补正的材料', items: c.correction.missingMaterials },
        ],
        signatures: [
          { role: '经办人', name: c.names.get(c.correction.by) ?? c.correction.by, date: requestedOn },
          { role: '申请人（签收）', name: '', date: '' },
        ],
        footnotes: [`案件编号：${c.id}`],
      };
    }
    case 'completion-notice': {
      if (!c.closedAt || (c.status !== 'completed' && !(c.status === 'rejected' && c.acceptedOn))) {
        throw notApplicable(form, '案件尚未办结', { status: c.status });
      }
      const closedOn = shanghaiDate(c.closedAt.getTime());
      const approved = c.status === 'completed';
      const signer = stepBy(c, approved ? 'complete' : 'reject') ?? stepBy(c, c.steps.at(-1)?.step ?? 'complete');
      return {
        ...base,
        title: serviceCaseFormTitles[form],
        issuedOn: closedOn,
        blocks: [
          {
            kind: 'paragraph',
            text: approved
              ? `您申请的「${c.itemName}」已于 ${chineseDate(closedOn)} 办结，结果如下。`
              : `您申请的「${c.itemName}」经审核不予通过，已于 ${chineseDate(closedOn)} 办结，原因如下。`,
          },
          {
            kind: 'fields',
            fields: [
              ...caseFields(c),
              ...(c.acceptedOn ? [{ label: '受理日期', value: c.acceptedOn }] : []),
              { label: '办结日期', value: closedOn },
              { label: '办理结果', value: approved ? '办结（准予办理）' : `不予通过：${c.rejectionReason ?? ''}` },
            ],
          },
          ...(c.disbursedFen !== null ? [{ kind: 'amount' as const, label: '拨付金额', fen: c.disbursedFen }] : []),
          ...(!approved && c.returnedMaterials.length ? [{ kind: 'list' as const, title: '退回材料', items: c.returnedMaterials }] : []),
        ],
        signatures: [{ role: '经办人', name: signer?.name ?? '', date: signer?.date ?? closedOn }],
        footnotes: [`案件编号：${c.id}`],
      };
    }
  }
}
