/**
 * The materials the counter checks before it accepts a manual reimbursement claim (零星报销): 004
 * items 27, 28 and 35 (办理材料 and 备注), 000 §25 (先行支付: 附件6), 001 §14 (children: 病历资料).
 * The claim records the materials seen by name (`documents`); each line of the checklist is met by
 * any one of its names. Pure: the workbench's acceptance form and the API use the same list.
 */
import type { ClaimKind } from './reimbursement';

export interface ClaimMaterialLine {
  /** a stable key for the form's checkboxes and the refusal's facts */
  key: string;
  /** any one of these, as recorded in the claim's documents */
  anyOf: string[];
  article: string;
}

export interface ClaimMaterialFacts {
  kind: ClaimKind;
  /** an accidental-injury admission (004 item 27 备注2; 000 §4) */
  injury?: boolean;
  /** a line paid first by the fund for costs a third party should bear (000 §23, §25) */
  thirdParty?: boolean;
  /** 001 §14's children (acute leukaemia, congenital heart disease) */
  child?: boolean;
  /** an assistance claim insured here on a paid basic claim: that claim is the agency's own settlement */
  onBasicClaim?: boolean;
}

const identity: ClaimMaterialLine = {
  key: 'identity',
  anyOf: ['医保电子凭证', '有效身份证件', '社保卡'],
  article: '004 第27、28、35项 办理材料1',
};

/** Every line the claim needs, in the order of 004's list and then the conditional ones. */
export function claimMaterials(f: ClaimMaterialFacts): ClaimMaterialLine[] {
  const out: ClaimMaterialLine[] = [identity];
  if (f.kind === 'basic_outpatient') {
    out.push(
      { key: 'invoice', anyOf: ['医院收费票据'], article: '004 第27项 办理材料2' },
      { key: 'outpatient_list', anyOf: ['门诊费用清单'], article: '004 第27项 办理材料3' },
    );
  } else if (f.kind === 'basic_inpatient') {
    out.push(
      { key: 'invoice', anyOf: ['医院收费票据'], article: '004 第28项 办理材料2' },
      { key: 'inpatient_list', anyOf: ['住院费用清单'], article: '004 第28项 办理材料3' },
      { key: 'diagnosis', anyOf: ['诊断证明'], article: '004 第28项 办理材料4' },
      { key: 'discharge_summary', anyOf: ['出院小结', '出院记录'], article: '004 第28项 办理材料5' },
    );
  } else {
    // 004 item 35 材料2; insured here the basic settlement is the paid claim the assistance claim names (001 §13)
    if (!f.onBasicClaim) {
      out.push({
        key: 'settlement',
        anyOf: ['基本医保、大病保险报销后的结算单', '定点医疗机构处方底方', '定点药店购药发票'],
        article: '004 第35项 办理材料2',
      });
    }
    out.push({ key: 'application_form', anyOf: ['《医疗救助申请表》'], article: '004 第35项 办理材料3；001 附件1' });
    if (f.child) out.push({ key: 'medical_records', anyOf: ['病历资料'], article: '001 §14' });
  }
  if (f.kind !== 'assistance' && f.injury) {
    out.push({
      key: 'injury_documents',
      anyOf: ['交通事故认定书', '法院判决书', '调解协议书', '公检法部门出具的其他证明材料', '个人承诺书'],
      article: '004 第27、28项 备注2；000 §4',
    });
  }
  if (f.kind !== 'assistance' && f.thirdParty) {
    out.push({ key: 'advance_payment_form', anyOf: ['《江门市医疗保险基金先行支付申请表》'], article: '000 §25（附件6）' });
  }
  return out;
}

/** The checklist's lines that none of the recorded documents meets. */
export function missingClaimMaterials(f: ClaimMaterialFacts, documents: readonly string[]): ClaimMaterialLine[] {
  const seen = new Set(documents.map((d) => d.trim()));
  return claimMaterials(f).filter((l) => !l.anyOf.some((n) => seen.has(n)));
}

/** The refusal's message: what is still missing, each line's alternatives joined by 或. */
export function missingMaterialsMessage(missing: readonly ClaimMaterialLine[]): string {
  return `受理零星报销须核验以下材料，尚缺：${missing.map((l) => l.anyOf.join('或')).join('；')}`;
}
