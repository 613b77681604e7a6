import {
  type EpisodeSpan,
  type FamilyBedApplication,
  type FamilyBedCondition,
  type GeriatricWardApplication,
  MAX_OPENINGS_PER_YEAR,
  admissionRefusal,
  ageOn,
  closingGroundNames,
  closingGrounds,
  deductibleTreatment,
  familyBedApplicationSchema,
  familyBedConditionNames,
  familyBedConditions,
  familyBedEligibility,
  geriatricWardApplicationSchema,
  geriatricWardEligibility,
  needsPanelForOpening,
  openingsInYear,
  outpatientPayable,
  transferOpeningDate,
  twoYearsBefore,
  withinTwoYears,
} from '../../domain/care-episode';
import { idNumberOf } from '../support/id-number';

const APP_DATE = '2025-06-15';

const person = {
  name: '李四',
  idNumber: idNumberOf('440703', '1950-01-01', 123),
  birthDate: '1950-01-01',
  insuredCounty: 'pengjiang' as const,
};

/** The facts each condition needs to pass 000 §7(一). */
const conditionFacts: Record<FamilyBedCondition, Partial<FamilyBedApplication>> = {
  copd_acute_exacerbation: {},
  late_stage_malignant_tumour: { underRadioChemoThermoTherapy: false },
  cerebrovascular_dementia_parkinson: { unableToCareForSelf: true },
  fracture_long_bed_rest: { fractureType: 'femoral_neck_fracture' },
  chronic_heart_failure: { heartFailureGrade: 3 },
  chronic_multiple_organ_failure: {},
  decompensated_liver_cirrhosis: {},
  bed_rest_lung_infection_or_bedsores: {},
  uraemia_home_peritoneal_dialysis: {},
  urinary_obstruction_indwelling_catheter: {},
};

/** A fully eligible application, parsed through the schema (so the schema accepts it too). */
function bed(overrides: Record<string, unknown> = {}, condition: FamilyBedCondition = 'copd_acute_exacerbation'): FamilyBedApplication {
  return familyBedApplicationSchema.parse({
    person,
    condition,
    diagnosis: '明确诊断',
    ...conditionFacts[condition],
    functionalImpairment: 'moderate',
    mobilityDifficulty: true,
    guardian: { name: '李小四', relation: '子', phone: '13800138000' },
    records: [{ institutionName: '江门市中心医院', institutionLevel: 3, kind: 'inpatient', date: '2025-03-01' }],
    documents: { diagnosisCertificate: true, examinationReports: true },
    ...overrides,
  });
}

const codes = (app: FamilyBedApplication, date = APP_DATE) => familyBedEligibility(app, date).map((u) => u.code);

describe('vocabularies', () => {
  test('ten conditions and five closing grounds, each with a Chinese name', () => {
    expect(familyBedConditions).toHaveLength(10);
    for (const c of familyBedConditions) expect(familyBedConditionNames[c]).toMatch(/[\u4e00-\u9fa5]/);
    expect(closingGrounds).toHaveLength(5);
    for (const g of closingGrounds) expect(closingGroundNames[g]).toMatch(/[\u4e00-\u9fa5]/);
    expect(MAX_OPENINGS_PER_YEAR).toBe(2);
  });

  test('the schema defaults reopeningSameDisease to false and rejects unknown keys and bad ids', () => {
    expect(bed().reopeningSameDisease).toBe(false);
    expect(() => bed({ extra: 1 })).toThrow();
    const bad = familyBedApplicationSchema.safeParse({ ...bed(), person: { ...person, idNumber: '4407031950' } });
    expect(bad.success).toBe(false);
    if (!bad.success) expect(bad.error.issues[0].message).toBe('身份证号码应为18位（末位可为X）');
  });
});

describe('family bed eligibility (000 §7–§9)', () => {
  test.each(familyBedConditions.map((c) => [c]))('a fully eligible application for %s passes', (c) => {
    expect(familyBedEligibility(bed({}, c), APP_DATE)).toEqual([]);
  });

  test('every qualifying fracture type passes; heart-failure grade IV passes', () => {
    for (const t of ['femoral_neck_fracture', 'femoral_head_necrosis_or_replacement', 'hip_fracture_or_replacement']) {
      expect(codes(bed({ fractureType: t }, 'fracture_long_bed_rest'))).toEqual([]);
    }
    expect(codes(bed({ heartFailureGrade: 4 }, 'chronic_heart_failure'))).toEqual([]);
  });

  test.each([
    ['late_stage_malignant_tumour', { underRadioChemoThermoTherapy: true }, 'CONDITION_EXCLUDED_THERAPY'],
    ['late_stage_malignant_tumour', { underRadioChemoThermoTherapy: undefined }, 'CONDITION_EXCLUDED_THERAPY'],
    ['cerebrovascular_dementia_parkinson', { unableToCareForSelf: false }, 'CONDITION_SELF_CARE'],
    ['cerebrovascular_dementia_parkinson', { unableToCareForSelf: undefined }, 'CONDITION_SELF_CARE'],
    ['fracture_long_bed_rest', { fractureType: 'other' }, 'CONDITION_FRACTURE_TYPE'],
    ['fracture_long_bed_rest', { fractureType: undefined }, 'CONDITION_FRACTURE_TYPE'],
    ['chronic_heart_failure', { heartFailureGrade: 2 }, 'CONDITION_HEART_FAILURE_GRADE'],
    ['chronic_heart_failure', { heartFailureGrade: undefined }, 'CONDITION_HEART_FAILURE_GRADE'],
  ] as const)('%s with %p fails with %s only', (condition, facts, code) => {
    const result = familyBedEligibility(bed(facts, condition), APP_DATE);
    expect(result.map((u) => u.code)).toEqual([code]);
    expect(result[0].hard).toBe(true);
    expect(result[0].article).toMatch(/^000 §7/);
    expect(result[0].message).toMatch(/[\u4e00-\u9fa5]/);
  });

  test.each([
    [{ functionalImpairment: 'mild' }, 'IMPAIRMENT_INSUFFICIENT'],
    [{ functionalImpairment: 'none' }, 'IMPAIRMENT_INSUFFICIENT'],
    [{ mobilityDifficulty: false }, 'MOBILITY_NOT_LIMITED'],
    [{ guardian: null }, 'GUARDIAN_MISSING'],
    [{ documents: { diagnosisCertificate: false, examinationReports: true } }, 'DIAGNOSIS_CERTIFICATE_MISSING'],
    [{ documents: { diagnosisCertificate: true, examinationReports: false } }, 'EXAMINATION_REPORTS_MISSING'],
  ] as const)('%p fails with %s only', (overrides, code) => {
    expect(codes(bed(overrides))).toEqual([code]);
  });

  test('severe and total impairment pass', () => {
    expect(codes(bed({ functionalImpairment: 'severe' }))).toEqual([]);
    expect(codes(bed({ functionalImpairment: 'total' }))).toEqual([]);
  });

  test('re-opening for the same disease may omit the examination reports, not the diagnosis certificate', () => {
    expect(codes(bed({ reopeningSameDisease: true, documents: { diagnosisCertificate: true, examinationReports: false } }))).toEqual([]);
    expect(codes(bed({ reopeningSameDisease: true, documents: { diagnosisCertificate: false, examinationReports: false } }))).toEqual([
      'DIAGNOSIS_CERTIFICATE_MISSING',
    ]);
  });

  test('no records at all: RECORDS_MISSING only', () => {
    expect(codes(bed({ records: [] }))).toEqual(['RECORDS_MISSING']);
  });

  test('only level-1 records do not count, however recent', () => {
    const records = [{ institutionName: '社区卫生服务中心', institutionLevel: 1, kind: 'outpatient', date: '2025-06-01' }];
    expect(codes(bed({ records }))).toEqual(['RECORDS_MISSING']);
  });

  test('level-2+ records all older than two years: RECORDS_MISSING and RECORDS_TOO_OLD', () => {
    const records = [
      { institutionName: '江门市人民医院', institutionLevel: 2, kind: 'outpatient', date: '2023-06-14' },
      { institutionName: '江门市中心医院', institutionLevel: 3, kind: 'inpatient', date: '2021-01-01' },
    ];
    const r = familyBedEligibility(bed({ records }), APP_DATE);
    expect(r.map((u) => u.code)).toEqual(['RECORDS_MISSING', 'RECORDS_TOO_OLD']);
    expect(r[1].message).toContain('2023-06-14');
  });

  test('a record dated after the application date: RECORD_AFTER_APPLICATION (and it does not count)', () => {
    const future = { institutionName: '江门市中心医院', institutionLevel: 3, kind: 'inpatient', date: '2025-06-16' };
    expect(codes(bed({ records: [future] }))).toEqual(['RECORDS_MISSING', 'RECORD_AFTER_APPLICATION']);
    const recent = { institutionName: '江门市人民医院', institutionLevel: 2, kind: 'outpatient', date: '2025-06-15' };
    expect(codes(bed({ records: [recent, future] }))).toEqual(['RECORD_AFTER_APPLICATION']);
  });

  test('several failures are all reported together', () => {
    const app = bed(
      {
        underRadioChemoThermoTherapy: true,
        functionalImpairment: 'mild',
        mobilityDifficulty: false,
        guardian: null,
        records: [],
        documents: { diagnosisCertificate: false, examinationReports: false },
      },
      'late_stage_malignant_tumour',
    );
    expect(codes(app)).toEqual([
      'CONDITION_EXCLUDED_THERAPY',
      'RECORDS_MISSING',
      'IMPAIRMENT_INSUFFICIENT',
      'MOBILITY_NOT_LIMITED',
      'GUARDIAN_MISSING',
      'DIAGNOSIS_CERTIFICATE_MISSING',
      'EXAMINATION_REPORTS_MISSING',
    ]);
  });
});

describe('the two-year record window (近两年来)', () => {
  const rec = (date: string) => [{ institutionName: '江门市中心医院', institutionLevel: 3, kind: 'outpatient', date }];

  test('a record exactly two years old on the application date counts; one day older does not', () => {
    expect(codes(bed({ records: rec('2023-06-15') }))).toEqual([]);
    expect(codes(bed({ records: rec('2023-06-14') }))).toEqual(['RECORDS_MISSING', 'RECORDS_TOO_OLD']);
    expect(codes(bed({ records: rec('2025-06-15') }))).toEqual([]); // on the application date itself
  });

  test('a Feb 29 application date reaches back to Feb 28 two years earlier', () => {
    expect(twoYearsBefore('2024-02-29')).toBe('2022-02-28');
    expect(codes(bed({ records: rec('2022-02-28') }), '2024-02-29')).toEqual([]);
    expect(codes(bed({ records: rec('2022-02-27') }), '2024-02-29')).toEqual(['RECORDS_MISSING', 'RECORDS_TOO_OLD']);
  });

  test('twoYearsBefore and withinTwoYears', () => {
    expect(twoYearsBefore('2025-01-01')).toBe('2023-01-01');
    expect(twoYearsBefore('2026-02-28')).toBe('2024-02-28');
    expect(withinTwoYears('2023-01-01', '2025-01-01')).toBe(true);
    expect(withinTwoYears('2022-12-31', '2025-01-01')).toBe(false);
    expect(withinTwoYears('2025-01-02', '2025-01-01')).toBe(false);
  });
});

describe('referral (000 §8)', () => {
  const referral = {
    hospitalName: '江门市中心医院',
    hospitalLevel: 3 as const,
    referralReviewedOn: '2025-06-01',
    departmentReviewedOn: '2025-06-02',
    filedOn: '2025-06-03',
  };

  test('an in-order referral adds nothing; a filed one reduces or waives the deductible', () => {
    expect(codes(bed({ referral }))).toEqual([]);
    expect(deductibleTreatment(bed({ referral }).referral)).toBe('reduced_or_waived');
    expect(deductibleTreatment({ ...referral, filedOn: '2025-06-02' })).toBe('reduced_or_waived'); // same day is in order
  });

  test('no referral, or not yet filed: standard deductible', () => {
    expect(deductibleTreatment(undefined)).toBe('standard');
    expect(deductibleTreatment({ ...referral, filedOn: undefined })).toBe('standard');
  });

  test('department review before the referral form, or filing before the reviews: REFERRAL_REVIEW_ORDER (soft), standard deductible', () => {
    const early = { ...referral, departmentReviewedOn: '2025-05-31' };
    const r = familyBedEligibility(bed({ referral: early }), APP_DATE);
    expect(r.map((u) => u.code)).toEqual(['REFERRAL_REVIEW_ORDER']);
    expect(r[0].hard).toBe(false);
    expect(deductibleTreatment(early)).toBe('standard');

    const filedEarly = { ...referral, filedOn: '2025-06-01' };
    expect(codes(bed({ referral: filedEarly }))).toEqual(['REFERRAL_REVIEW_ORDER']);
    expect(deductibleTreatment(filedEarly)).toBe('standard');
  });
});

describe('geriatric ward eligibility (000 §13)', () => {
  function ward(overrides: Record<string, unknown> = {}): GeriatricWardApplication {
    return geriatricWardApplicationSchema.parse({
      person: { ...person, idNumber: idNumberOf('440703', '1960-03-10', 123), birthDate: '1960-03-10' },
      diagnosis: '脑梗死后遗症',
      meetsAdmissionCriteria: true,
      dependence: 'severe',
      qualifier: 'long_term_tube',
      records: [],
      ...overrides,
    });
  }
  const wcodes = (app: GeriatricWardApplication, date = '2025-06-15', opts?: { expertPanelApproved?: boolean }) =>
    geriatricWardEligibility(app, date, opts).map((u) => u.code);

  test('an eligible application passes; total dependence passes', () => {
    expect(wcodes(ward())).toEqual([]);
    expect(wcodes(ward({ dependence: 'total' }))).toEqual([]);
  });

  test('age 60 on the birthday passes; the day before fails', () => {
    expect(wcodes(ward(), '2020-03-10')).toEqual([]);
    expect(wcodes(ward(), '2020-03-09')).toEqual(['AGE_UNDER_60']);
  });

  test('the age is the one of the birth date in the ID number; no stated birth date is needed (000 §13(一))', () => {
    const fromId = ward({ person: { name: '李四', idNumber: idNumberOf('440703', '1960-03-10', 124), insuredCounty: 'pengjiang' } });
    expect(wcodes(fromId, '2020-03-10')).toEqual([]);
    expect(wcodes(fromId, '2020-03-09')).toEqual(['AGE_UNDER_60']);
  });

  test('a stated birth date that contradicts the ID number is refused, naming both dates', () => {
    const r = geriatricWardApplicationSchema.safeParse({
      person: { ...person, idNumber: idNumberOf('440703', '1970-03-10', 123), birthDate: '1950-03-10' },
      diagnosis: '脑梗死后遗症',
      meetsAdmissionCriteria: true,
      dependence: 'severe',
      qualifier: 'long_term_tube',
      records: [],
    });
    expect(r.success).toBe(false);
    const issue = r.error!.issues.find((i) => i.path.join('.') === 'person.birthDate')!;
    expect(issue.message).toContain('1950-03-10');
    expect(issue.message).toContain('1970-03-10');
  });

  test('each failing criterion produces its code; all are reported together', () => {
    expect(wcodes(ward({ meetsAdmissionCriteria: false }))).toEqual(['ADMISSION_CRITERIA_NOT_MET']);
    expect(wcodes(ward({ dependence: 'moderate' }))).toEqual(['DEPENDENCE_INSUFFICIENT']);
    expect(wcodes(ward({ qualifier: 'expert_panel_approved' }))).toEqual(['QUALIFIER_NEEDS_PANEL']);
    expect(wcodes(ward({ qualifier: 'expert_panel_approved' }), '2025-06-15', { expertPanelApproved: false })).toEqual([
      'QUALIFIER_NEEDS_PANEL',
    ]);
    expect(wcodes(ward({ qualifier: 'expert_panel_approved' }), '2025-06-15', { expertPanelApproved: true })).toEqual([]);
    expect(wcodes(ward({ meetsAdmissionCriteria: false, dependence: 'mild', qualifier: 'expert_panel_approved' }), '2019-01-01')).toEqual([
      'AGE_UNDER_60',
      'ADMISSION_CRITERIA_NOT_MET',
      'DEPENDENCE_INSUFFICIENT',
      'QUALIFIER_NEEDS_PANEL',
    ]);
  });
});

describe('ageOn', () => {
  test('whole years, the new year reached on the birthday', () => {
    expect(ageOn('1960-03-10', '2020-03-10')).toBe(60);
    expect(ageOn('1960-03-10', '2020-03-09')).toBe(59);
    expect(ageOn('1960-12-31', '2021-01-01')).toBe(60);
  });

  test('born on Feb 29: the birthday is Feb 28 in common years', () => {
    expect(ageOn('1964-02-29', '2024-02-29')).toBe(60);
    expect(ageOn('1964-02-29', '2024-02-28')).toBe(59);
    expect(ageOn('1964-02-29', '2025-02-28')).toBe(61);
    expect(ageOn('1964-02-29', '2025-02-27')).toBe(60);
  });
});

describe('openings per insurance year (000 §10; DOMAIN §11)', () => {
  const lateDecember = ['2024-12-20', '2024-12-28'];

  test('openings are counted by the calendar year of their opening date', () => {
    expect(openingsInYear(lateDecember, 2024)).toBe(2);
    expect(openingsInYear(lateDecember, 2025)).toBe(0);
    expect(openingsInYear([], 2025)).toBe(0);
  });

  test('a 3rd opening on Dec 31 needs the panel; the first on Jan 1 of the next year does not', () => {
    expect(needsPanelForOpening(lateDecember, '2024-12-31')).toBe(true);
    expect(needsPanelForOpening(lateDecember, '2025-01-01')).toBe(false);
    expect(needsPanelForOpening(['2024-12-20'], '2024-12-31')).toBe(false); // 2nd opening
    expect(needsPanelForOpening([...lateDecember, '2025-01-01', '2025-03-01'], '2025-12-31')).toBe(true);
  });
});

describe('outpatient payment while an episode is open (000 §12; DOMAIN §11)', () => {
  const closed: EpisodeSpan = { episodeId: 'fb-1', kind: 'family_bed', openedOn: '2025-03-10', closedOn: '2025-04-20' };

  test('before opening: payable', () => {
    expect(outpatientPayable([closed], '2025-03-09')).toEqual({ payable: true, reason: expect.any(String) });
  });

  test('on the opening day, during, and on the closing day: not payable, naming the episode', () => {
    for (const d of ['2025-03-10', '2025-04-01', '2025-04-20']) {
      const r = outpatientPayable([closed], d);
      expect(r.payable).toBe(false);
      expect(r.episode).toEqual(closed);
      expect(r.reason).toContain('2025-03-10');
      expect(r.reason).toContain('2025-04-20');
    }
  });

  test('the day after closing: payable', () => {
    expect(outpatientPayable([closed], '2025-04-21').payable).toBe(true);
  });

  test('a still-open family bed blocks every day from its opening', () => {
    const open: EpisodeSpan = { episodeId: 'fb-2', kind: 'family_bed', openedOn: '2025-05-01', closedOn: null };
    expect(outpatientPayable([closed, open], '2025-04-30').payable).toBe(true);
    const r = outpatientPayable([closed, open], '2026-01-15');
    expect(r.payable).toBe(false);
    expect(r.episode).toEqual(open);
    expect(r.reason).toContain('2025-05-01');
  });

  test('a geriatric-ward stay does not block outpatient payment (§12 speaks of family beds only)', () => {
    const ward: EpisodeSpan = { episodeId: 'gw-1', kind: 'geriatric_ward', openedOn: '2025-04-21', closedOn: null };
    expect(outpatientPayable([closed, ward], '2025-05-01').payable).toBe(true);
  });
});

describe('transfers (000 §10; DOMAIN §11)', () => {
  test('the new episode opens the day after the old one closes, across a month and a year end', () => {
    expect(transferOpeningDate('2025-04-30')).toBe('2025-05-01');
    expect(transferOpeningDate('2024-02-28')).toBe('2024-02-29');
    expect(transferOpeningDate('2025-12-31')).toBe('2026-01-01');
  });
});

describe('admission refused while an episode holds the person', () => {
  test('a family bed cites 000 §12; a geriatric ward cites 000 §14(三)', () => {
    expect(admissionRefusal({ kind: 'family_bed', openedOn: '2026-03-01' })).toMatchObject({ article: '000 §12' });
    const ward = admissionRefusal({ kind: 'geriatric_ward', openedOn: '2026-03-01' });
    expect(ward.article).toBe('000 §14(三)');
    expect(ward.message).toContain('2026-03-01');
    expect(ward.message).not.toContain('§12');
  });
});
