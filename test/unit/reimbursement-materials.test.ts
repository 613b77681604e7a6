/**
 * The counter's materials checklist for manual reimbursement (004 items 27, 28, 35; 000 §25; 001 §14):
 * each line met by any one of its names, the conditional lines only when their facts hold.
 */
import { claimMaterials, missingClaimMaterials } from '../../domain/reimbursement-materials';

const keys = (f: Parameters<typeof claimMaterials>[0]) => claimMaterials(f).map((l) => l.key);

describe('004 items 27, 28, 35: the materials the counter checks', () => {
  test('outpatient, inpatient and assistance lists follow 004; the ID is any of its three forms', () => {
    expect(keys({ kind: 'basic_outpatient' })).toEqual(['identity', 'invoice', 'outpatient_list']);
    expect(keys({ kind: 'basic_inpatient' })).toEqual(['identity', 'invoice', 'inpatient_list', 'diagnosis', 'discharge_summary']);
    expect(keys({ kind: 'assistance' })).toEqual(['identity', 'settlement', 'application_form']);
    expect(missingClaimMaterials({ kind: 'basic_outpatient' }, ['社保卡', '医院收费票据', '门诊费用清单'])).toEqual([]);
    expect(missingClaimMaterials({ kind: 'basic_outpatient' }, ['医院收费票据']).map((l) => l.key)).toEqual([
      'identity',
      'outpatient_list',
    ]);
  });

  test('an injury needs the police/court/mediation documents or a promise; 先行支付 its 附件6 form', () => {
    const docs = ['医保电子凭证', '医院收费票据', '住院费用清单', '诊断证明', '出院记录'];
    expect(missingClaimMaterials({ kind: 'basic_inpatient' }, docs)).toEqual([]);
    expect(missingClaimMaterials({ kind: 'basic_inpatient', injury: true }, docs).map((l) => l.key)).toEqual(['injury_documents']);
    expect(missingClaimMaterials({ kind: 'basic_inpatient', injury: true }, [...docs, '个人承诺书'])).toEqual([]);
    expect(missingClaimMaterials({ kind: 'basic_inpatient', thirdParty: true }, docs)).toMatchObject([
      { key: 'advance_payment_form', article: '000 §25（附件6）' },
    ]);
  });

  test('assistance on a paid basic claim needs no paper settlement; 001 §14 children bring their records', () => {
    expect(keys({ kind: 'assistance', onBasicClaim: true })).toEqual(['identity', 'application_form']);
    expect(keys({ kind: 'assistance', onBasicClaim: true, child: true })).toEqual(['identity', 'application_form', 'medical_records']);
  });
});
