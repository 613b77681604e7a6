import { DomainError } from '../../domain/errors';
import {
  type FilingRecord,
  type FilingType,
  checkBackFiling,
  checkCarePlace,
  checkLongTermLock,
  checkMaterials,
  expiryDate,
  filingStatusOn,
  filingValidity,
  remoteCareCatalogueItems,
  ruleSetOn,
  checkEmergencyFlag,
  checkReferringFacility,
} from '../../domain/remote-care';
import { applyFilingCommand, checkFilingAction, openFiling } from '../../domain/remote-care-filing';
import { calendarFrom } from '../../domain/working-days';

function thrown(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return e as DomainError;
  }
  throw new Error('expected a DomainError');
}

const jiangmen = ruleSetOn('jiangmen', '2026-01-15');
const yangjiang = ruleSetOn('yangjiang', '2023-06-01');
const shanghai = { province: '上海市', city: '上海市' };
const guangzhou = { province: '广东省', city: '广州市' };

describe('dated rule sets (000 §34; 002 §12)', () => {
  test('Jiangmen 000 from 2024-04-01 to 2028-12-31, both ends in, the days around them out with the dates that exist', () => {
    expect(ruleSetOn('jiangmen', '2024-04-01').id).toBe('jiangmen-000');
    expect(ruleSetOn('jiangmen', '2028-12-31').id).toBe('jiangmen-000');
    const before = thrown(() => ruleSetOn('jiangmen', '2024-03-31'));
    expect(before.code).toBe('RULE_SET_NOT_IN_FORCE');
    expect(before.message).toContain('2024-04-01 至 2028-12-31');
    expect(before.facts.ruleSets).toEqual([expect.objectContaining({ id: 'jiangmen-000', from: '2024-04-01', to: '2028-12-31' })]);
    expect(thrown(() => ruleSetOn('jiangmen', '2029-01-01')).code).toBe('RULE_SET_NOT_IN_FORCE');
  });

  test('Yangjiang 002 from 2021-05-01 for three years: 2024-04-30 in, 2024-05-01 out', () => {
    expect(ruleSetOn('yangjiang', '2021-05-01').id).toBe('yangjiang-002');
    expect(ruleSetOn('yangjiang', '2024-04-30').id).toBe('yangjiang-002');
    expect(thrown(() => ruleSetOn('yangjiang', '2021-04-30')).facts).toMatchObject({
      ruleSets: [{ from: '2021-05-01', to: '2024-04-30' }],
    });
    expect(thrown(() => ruleSetOn('yangjiang', '2024-05-01')).code).toBe('RULE_SET_NOT_IN_FORCE');
  });

  test('the catalogue items 20–25 are the six filing items', () => {
    expect(remoteCareCatalogueItems).toEqual([
      '442189210001',
      '442189210002',
      '442189210003',
      '442189210004',
      '442189210005',
      '442189210006',
    ]);
  });
});

describe('materials per type (003) and the personal promise (000 §32)', () => {
  test('retired: ID, form and household register, or a promise instead of the register', () => {
    expect(checkMaterials('retired_resettled', ['id_document', 'filing_form', 'household_register'], false)).toMatchObject({
      complete: true,
      onPromise: false,
    });
    expect(checkMaterials('retired_resettled', ['id_document', 'filing_form'], true)).toMatchObject({ complete: true, onPromise: true });
    const missing = checkMaterials('retired_resettled', ['id_document'], false);
    expect(missing.complete).toBe(false);
    expect(missing.missing.map((r) => r.anyOf)).toEqual([['filing_form'], ['household_register']]);
  });

  test('a promise does not replace the ID or the form', () => {
    expect(checkMaterials('long_term_residence', [], true).missing.map((r) => r.anyOf)).toEqual([['id_document'], ['filing_form']]);
  });

  test('long-term residence and stationed work accept any one of their proofs', () => {
    expect(checkMaterials('long_term_residence', ['id_document', 'filing_form', 'property_certificate'], false).complete).toBe(true);
    expect(checkMaterials('stationed_work', ['id_document', 'filing_form', 'work_contract'], false).complete).toBe(true);
    expect(checkMaterials('stationed_work', ['id_document', 'filing_form', 'residence_permit'], false).complete).toBe(false);
  });

  test('referral needs the referral certificate (no promise); other temporary only the ID; maternity its own form', () => {
    expect(checkMaterials('referral', ['id_document'], true).complete).toBe(false);
    expect(checkMaterials('other_temporary', ['id_document'], false).complete).toBe(true);
    expect(checkMaterials('maternity', ['id_document', 'filing_form'], false).complete).toBe(false);
    expect(checkMaterials('maternity', ['id_document', 'maternity_filing_form'], false).complete).toBe(true);
  });

  test('maternity filings are in-province only (003)', () => {
    expect(checkCarePlace('maternity', shanghai)?.code).toBe('FILING_NOT_ALLOWED');
    expect(checkCarePlace('maternity', guangzhou)).toBeNull();
    expect(checkCarePlace('other_temporary', shanghai)).toBeNull();
  });
});

describe('Jiangmen validity (000 §30)', () => {
  test.each<FilingType>(['retired_resettled', 'long_term_residence', 'stationed_work'])(
    '%s: valid until changed, locked for 6 months',
    (type) => {
      const v = filingValidity(jiangmen, type, '2026-01-15');
      expect(v).toEqual({ from: '2026-01-15', until: null, admissionOnly: false, changeableFrom: '2026-07-15', article: '000 §30' });
      const f = { type, validity: v };
      const lock = checkLongTermLock(f, '2026-07-14', '取消');
      expect(lock?.code).toBe('FILING_LOCKED');
      expect(lock?.message).toContain('2026-07-15 起可以取消');
      expect(lock?.facts.changeableFrom).toBe('2026-07-15');
      expect(checkLongTermLock(f, '2026-07-15', '变更')).toBeNull();
    },
  );

  test('the lock at a month end: filed 08-31 → changeable from 03-01 (the month has no 31st: ends 02-28)', () => {
    expect(filingValidity(jiangmen, 'stationed_work', '2025-08-31').changeableFrom).toBe('2026-03-01');
  });

  test.each<FilingType>(['referral', 'other_temporary', 'maternity'])('%s: valid 6 months, expires the day after, not locked', (type) => {
    const v = filingValidity(jiangmen, type, '2026-01-15');
    expect(v).toMatchObject({ from: '2026-01-15', until: '2026-07-14', changeableFrom: null });
    expect(expiryDate({ type, validity: v })).toBe('2026-07-15');
    expect(checkLongTermLock({ type, validity: v }, '2026-01-16', '取消')).toBeNull();
  });

  test('emergency: treated as filed for the admission carrying the flag (000 §27(二))', () => {
    const v = filingValidity(jiangmen, 'emergency', '2026-03-02', { admission: { admittedOn: '2026-03-01' } });
    expect(v).toMatchObject({ from: '2026-03-01', admissionOnly: true });
    expect(expiryDate({ type: 'emergency', validity: v })).toBeNull();
  });
});

describe('Yangjiang validity (002 §9)', () => {
  test('retired permanent; residence and posting by their documents (required)', () => {
    expect(filingValidity(yangjiang, 'retired_resettled', '2023-06-01').until).toBeNull();
    expect(filingValidity(yangjiang, 'long_term_residence', '2023-06-01', { documentValidUntil: '2024-02-29' }).until).toBe('2024-02-29');
    expect(thrown(() => filingValidity(yangjiang, 'long_term_residence', '2023-06-01')).facts.article).toBe('002 §9(二)');
    expect(filingValidity(yangjiang, 'stationed_work', '2023-06-01', { documentValidUntil: '2023-12-31' }).until).toBe('2023-12-31');
    expect(filingValidity(yangjiang, 'stationed_work', '2023-06-01', { documentValidUntil: '2023-12-31' }).changeableFrom).toBeNull();
  });

  test('referral 90 days (from included), permanent for the named conditions', () => {
    expect(filingValidity(yangjiang, 'referral', '2023-06-01').until).toBe('2023-08-29');
    expect(filingValidity(yangjiang, 'referral', '2023-06-01', { referralCondition: 'malignant_tumour' }).until).toBeNull();
  });

  test('emergency back-filing starts on the admission date', () => {
    expect(filingValidity(yangjiang, 'emergency', '2023-06-05', { admission: { admittedOn: '2023-06-01' } }).from).toBe('2023-06-01');
  });

  test('types 002 does not know are refused', () => {
    expect(thrown(() => filingValidity(yangjiang, 'other_temporary', '2023-06-01')).code).toBe('FILING_TYPE_NOT_IN_RULE_SET');
  });
});

describe('back-filing during a stay (000 §33; 002 §6)', () => {
  const calendar = calendarFrom([
    {
      year: 2023,
      holidays: ['2023-10-01', '2023-10-02', '2023-10-03', '2023-10-04', '2023-10-05', '2023-10-06'],
      makeupWorkdays: ['2023-10-07', '2023-10-08'],
    },
  ]);
  test('Jiangmen: any type, until the discharge-settlement day, then closed', () => {
    const stay = { admittedOn: '2026-03-01', dischargeSettledOn: '2026-03-10' };
    expect(checkBackFiling(jiangmen, 'other_temporary', '2026-03-10', stay, calendar)).toBeNull();
    expect(checkBackFiling(jiangmen, 'other_temporary', '2026-03-11', stay, calendar)?.code).toBe('BACK_FILING_CLOSED');
    expect(checkBackFiling(jiangmen, 'other_temporary', '2026-03-05', { admittedOn: '2026-03-01' }, calendar)).toBeNull();
    expect(filingValidity(jiangmen, 'other_temporary', '2026-03-05', { admission: { admittedOn: '2026-03-01' } }).from).toBe('2026-03-01');
  });

  test('Yangjiang: emergency only; settlement on a holiday extends to the next working day', () => {
    const stay = { admittedOn: '2023-09-25', dischargeSettledOn: '2023-10-03' };
    expect(checkBackFiling(yangjiang, 'referral', '2023-09-26', { admittedOn: '2023-09-25' }, calendar)?.code).toBe(
      'BACK_FILING_NOT_ALLOWED',
    );
    expect(checkBackFiling(yangjiang, 'emergency', '2023-10-07', stay, calendar)).toBeNull(); // 10-07 is a make-up working day
    const closed = checkBackFiling(yangjiang, 'emergency', '2023-10-08', stay, calendar);
    expect(closed?.code).toBe('BACK_FILING_CLOSED');
    expect(closed?.facts.lastDay).toBe('2023-10-07');
  });
});

function filing(over: Partial<FilingRecord> & Pick<FilingRecord, 'type' | 'validity'>): FilingRecord {
  return {
    filingId: 'remote-care:k:F1',
    filingNo: 'F1',
    insuredPlace: 'jiangmen',
    ruleSetId: 'jiangmen-000',
    status: 'active',
    filedOn: over.validity?.from ?? null,
    places: [{ from: over.validity!.from, place: shanghai }],
    personalPromise: false,
    materialsDeliveredOn: null,
    cancelledOn: null,
    ...over,
  };
}

describe('the settlement query: filed or not, which filing, benefits (000 §31–§32; 002 §10)', () => {
  const longTerm = filing({ type: 'long_term_residence', validity: filingValidity(jiangmen, 'long_term_residence', '2026-01-15') });

  test('before, on and after the first day; another place is not filed', () => {
    const q = { insuredPlace: 'jiangmen' as const, place: shanghai, care: 'outpatient' as const };
    expect(filingStatusOn([longTerm], { ...q, date: '2026-01-14' }).filed).toBe(false);
    expect(filingStatusOn([longTerm], { ...q, date: '2026-01-15' })).toMatchObject({
      filed: true,
      filing: { basis: 'materials', validUntil: null },
    });
    expect(filingStatusOn([longTerm], { ...q, date: '2026-01-15', place: { province: '北京市', city: '北京市' } }).filed).toBe(false);
  });

  test('a long-term filing with materials: at home inpatient 10 points lower, general outpatient allowed (003 tip 4)', () => {
    const a = filingStatusOn([longTerm], { insuredPlace: 'jiangmen', place: shanghai, care: 'inpatient', date: '2026-02-01' });
    expect(a.home).toMatchObject({ inpatientPoints: -10, generalOutpatient: true });
  });

  test('on promise: 20 points lower and no home outpatient until the materials are delivered, then 10 (003 tips 3–4)', () => {
    const promised = { ...longTerm, personalPromise: true, materialsDeliveredOn: '2026-03-01' };
    const q = { insuredPlace: 'jiangmen' as const, place: shanghai, care: 'inpatient' as const };
    expect(filingStatusOn([promised], { ...q, date: '2026-02-28' })).toMatchObject({
      filing: { basis: 'promise' },
      home: { inpatientPoints: -20, generalOutpatient: false },
    });
    expect(filingStatusOn([promised], { ...q, date: '2026-03-01' })).toMatchObject({
      filing: { basis: 'promise_materials_delivered' },
      home: { inpatientPoints: -10, generalOutpatient: true },
    });
  });

  test('a temporary filing: the last valid day in, the next day out, but an admission on the last day is covered (000 §31)', () => {
    const temp = filing({ type: 'other_temporary', validity: filingValidity(jiangmen, 'other_temporary', '2026-01-15') });
    const q = { insuredPlace: 'jiangmen' as const, place: shanghai, care: 'inpatient' as const };
    expect(filingStatusOn([temp], { ...q, date: '2026-07-14' }).filed).toBe(true);
    expect(filingStatusOn([temp], { ...q, date: '2026-07-15' }).filed).toBe(false);
    const stay = filingStatusOn([temp], { ...q, date: '2026-07-20', admittedOn: '2026-07-14' });
    expect(stay).toMatchObject({ filed: true, judgedOn: '2026-07-14' });
    expect(stay.home).toBeNull(); // 003 tip 5: a temporary filing does not touch home benefits
  });

  test('a cancellation ends the filing the day before it', () => {
    const cancelled = { ...longTerm, status: 'cancelled' as const, cancelledOn: '2026-08-01' };
    const q = { insuredPlace: 'jiangmen' as const, place: shanghai, care: 'outpatient' as const };
    expect(filingStatusOn([cancelled], { ...q, date: '2026-07-31' }).filed).toBe(true);
    expect(filingStatusOn([cancelled], { ...q, date: '2026-08-01' }).filed).toBe(false);
  });

  test('a change of place counts from its day', () => {
    const changed = { ...longTerm, places: [...longTerm.places, { from: '2026-08-01', place: guangzhou }] };
    const q = { insuredPlace: 'jiangmen' as const, care: 'outpatient' as const };
    expect(filingStatusOn([changed], { ...q, place: shanghai, date: '2026-07-31' }).filed).toBe(true);
    expect(filingStatusOn([changed], { ...q, place: shanghai, date: '2026-08-01' }).filed).toBe(false);
    expect(filingStatusOn([changed], { ...q, place: guangzhou, date: '2026-08-01' }).filed).toBe(true);
  });

  test('in-province inpatient care needs no filing (000 §27(三)); outpatient does', () => {
    expect(filingStatusOn([], { insuredPlace: 'jiangmen', place: guangzhou, care: 'inpatient', date: '2026-02-01' }).reason).toBe(
      'in_province_exempt',
    );
    expect(filingStatusOn([], { insuredPlace: 'jiangmen', place: guangzhou, care: 'outpatient', date: '2026-02-01' }).reason).toBe(
      'not_filed',
    );
  });

  test('Yangjiang: referral −10/−5, unfiled −15/−5 (002 §10)', () => {
    const ref = filing({
      insuredPlace: 'yangjiang',
      ruleSetId: 'yangjiang-002',
      type: 'referral',
      validity: filingValidity(yangjiang, 'referral', '2023-06-01'),
    });
    const q = { insuredPlace: 'yangjiang' as const, place: shanghai, care: 'inpatient' as const };
    expect(filingStatusOn([ref], { ...q, date: '2023-08-29' }).careAdjustment).toMatchObject({ basicPoints: -10, criticalPoints: -5 });
    expect(filingStatusOn([ref], { ...q, date: '2023-08-30' })).toMatchObject({
      filed: false,
      careAdjustment: { basicPoints: -15, criticalPoints: -5 },
    });
  });

  test('002 §10(二): a referral filing gives special-disease outpatient and inpatient care, not general outpatient care', () => {
    const ref = filing({
      insuredPlace: 'yangjiang',
      ruleSetId: 'yangjiang-002',
      type: 'referral',
      validity: filingValidity(yangjiang, 'referral', '2023-06-01'),
    });
    const q = { insuredPlace: 'yangjiang' as const, place: shanghai, date: '2023-07-01' };
    expect(filingStatusOn([ref], { ...q, care: 'inpatient' })).toMatchObject({ filed: true, reason: 'filed' });
    expect(filingStatusOn([ref], { ...q, care: 'special_disease_outpatient' })).toMatchObject({
      filed: true,
      careAdjustment: { basicPoints: -10, article: '002 §10(二)' },
    });
    const general = filingStatusOn([ref], { ...q, care: 'outpatient' });
    expect(general).toMatchObject({
      filed: false,
      reason: 'not_covered_by_filing',
      filing: { filingNo: 'F1', type: 'referral', validUntil: '2023-08-29' },
      careAdjustment: null,
      article: '002 §10(二)',
    });
    expect(general.message).toBe('该备案不含普通门诊待遇：异地转诊人员备案只可享受门诊特定病种、住院待遇（002 §10(二)）');
    // the same care on a day the referral no longer covers is plainly unfiled (002 §10(四))
    expect(filingStatusOn([ref], { ...q, care: 'outpatient', date: '2023-08-30' })).toMatchObject({ reason: 'not_filed' });
  });

  test('002 §10(三): an emergency filing gives inpatient care only; a long-term filing all three (002 §10(一))', () => {
    const emergency = filing({
      insuredPlace: 'yangjiang',
      ruleSetId: 'yangjiang-002',
      type: 'emergency',
      validity: filingValidity(yangjiang, 'emergency', '2023-06-03', { admission: { admittedOn: '2023-06-01' } }),
    });
    const q = { insuredPlace: 'yangjiang' as const, place: shanghai, date: '2023-06-01' };
    expect(filingStatusOn([emergency], { ...q, care: 'inpatient' })).toMatchObject({ filed: true, article: '002 §9(五)' });
    for (const care of ['outpatient', 'special_disease_outpatient'] as const) {
      expect(filingStatusOn([emergency], { ...q, care })).toMatchObject({
        filed: false,
        reason: 'not_covered_by_filing',
        article: '002 §10(三)',
        filing: { type: 'emergency' },
      });
    }
    const retired = filing({
      filingNo: 'F2',
      insuredPlace: 'yangjiang',
      ruleSetId: 'yangjiang-002',
      type: 'retired_resettled',
      validity: filingValidity(yangjiang, 'retired_resettled', '2023-05-01'),
    });
    for (const care of ['inpatient', 'outpatient', 'special_disease_outpatient'] as const) {
      expect(filingStatusOn([retired], { ...q, care })).toMatchObject({ filed: true, filing: { type: 'retired_resettled' } });
    }
    // a person with both: the filing that gives the care answers
    expect(filingStatusOn([emergency, retired], { ...q, care: 'outpatient' })).toMatchObject({ filed: true, filing: { filingNo: 'F2' } });
  });

  test("Jiangmen's 000 limits no filing's benefits: a referral or an emergency filing answers for general outpatient care", () => {
    const ref = filing({ type: 'referral', validity: filingValidity(jiangmen, 'referral', '2026-01-15') });
    const q = { insuredPlace: 'jiangmen' as const, place: shanghai, date: '2026-02-01', care: 'outpatient' as const };
    expect(filingStatusOn([ref], q)).toMatchObject({ filed: true, reason: 'filed' });
    const emergency = filing({
      type: 'emergency',
      validity: filingValidity(jiangmen, 'emergency', '2026-02-01', { admission: { admittedOn: '2026-02-01' } }),
    });
    expect(filingStatusOn([emergency], q)).toMatchObject({ filed: true, article: '000 §27(二)' });
  });

  test("a filing made under 002 is judged by 002 past 002's end: its 90 days run on (the rules of its filing date)", () => {
    const ref = filing({
      insuredPlace: 'yangjiang',
      ruleSetId: 'yangjiang-002',
      type: 'referral',
      validity: filingValidity(ruleSetOn('yangjiang', '2024-04-20'), 'referral', '2024-04-20'),
    });
    const q = { insuredPlace: 'yangjiang' as const, place: shanghai, care: 'inpatient' as const };
    expect(filingStatusOn([ref], { ...q, date: '2024-05-10' })).toMatchObject({
      filed: true,
      filing: { ruleSetId: 'yangjiang-002', validUntil: '2024-07-18' },
      careAdjustment: { basicPoints: -10, criticalPoints: -5, article: '002 §10(二)' },
    });
    // not covered on that day: the unfiled answer needs a rule set in force, and there is none
    expect(thrown(() => filingStatusOn([ref], { ...q, date: '2024-07-19' })).code).toBe('RULE_SET_NOT_IN_FORCE');
  });

  test('a date outside every rule set is refused with the dates that exist', () => {
    const e = thrown(() => filingStatusOn([], { insuredPlace: 'yangjiang', place: shanghai, care: 'inpatient', date: '2024-05-01' }));
    expect(e.code).toBe('RULE_SET_NOT_IN_FORCE');
    expect(e.facts.ruleSets).toEqual([expect.objectContaining({ from: '2021-05-01', to: '2024-04-30' })]);
  });
});

describe('the filing process (domain/remote-care-filing)', () => {
  const clerk = { username: 'kaiping.clerk', role: 'window_clerk' as const, jurisdiction: 'kaiping' as const };
  const base = {
    personKey: 'k1',
    person: { name: '关小明', idNumber: '440000000000000000' },
    filingNo: 'F-1',
    insuredPlace: 'jiangmen' as const,
    place: shanghai,
    jurisdiction: 'kaiping' as const,
    channel: 'counter' as const,
    createdBy: clerk,
    receivedOn: '2026-01-15',
  };
  const cal = calendarFrom([]);

  test('an emergency back-filing at the agency: under 002 during the stay, from the admission day (002 §6, §9); not under 000', () => {
    const emergency = { ...base, type: 'emergency' as const, personalPromise: false };
    const yj = { ...emergency, insuredPlace: 'yangjiang' as const, receivedOn: '2023-06-05' };
    const admission = { admittedOn: '2023-06-01' };
    const filed = openFiling({ ...yj, materials: ['id_document'], validityFacts: { admission } }, cal);
    expect(filed).toMatchObject({
      status: 'active',
      ruleSetId: 'yangjiang-002',
      validity: { from: '2023-06-01', admissionOnly: true, article: '002 §9(五)' },
    });
    // settled 2023-06-04, a Sunday on an empty calendar: 002 §6 extends to Monday the 5th; the 6th is too late
    const sunday = { admittedOn: '2023-06-01', dischargeSettledOn: '2023-06-04' };
    expect(openFiling({ ...yj, materials: ['id_document'], validityFacts: { admission: sunday } }, cal).status).toBe('active');
    const late = { ...yj, receivedOn: '2023-06-06', materials: ['id_document' as const], validityFacts: { admission: sunday } };
    expect(thrown(() => openFiling(late, cal)).code).toBe('BACK_FILING_CLOSED');
    expect(thrown(() => openFiling({ ...yj, materials: ['id_document'] }, cal))).toMatchObject({
      code: 'VALIDATION_FAILED',
      facts: { field: 'admission', article: '002 §6' },
    });
    expect(thrown(() => openFiling({ ...yj, materials: [], validityFacts: { admission } }, cal))).toMatchObject({
      code: 'MATERIALS_INCOMPLETE',
      facts: { article: '002 §7' },
    });
    // online too, and the same checks up front
    const online = { ...yj, channel: 'online' as const, materials: ['id_document' as const] };
    expect(openFiling({ ...online, validityFacts: { admission } }, cal).status).toBe('under_review');
    expect(thrown(() => openFiling(online, cal)).code).toBe('VALIDATION_FAILED');
    // Jiangmen: the institution's flag files it (000 §27(二)), not the agency
    const jm = { ...emergency, materials: ['id_document' as const], validityFacts: { admission: { admittedOn: '2026-01-14' } } };
    expect(thrown(() => openFiling(jm, cal))).toMatchObject({ code: 'FILING_NOT_ALLOWED', facts: { article: '000 §27(二)' } });
    expect(openFiling({ ...jm, channel: 'emergency_flag', materials: [] }, cal).status).toBe('active');
  });

  test('a counter filing with missing materials is refused on the spot, listing every missing line', () => {
    const e = thrown(() => openFiling({ ...base, type: 'retired_resettled', materials: ['id_document'], personalPromise: false }, cal));
    expect(e.code).toBe('MATERIALS_INCOMPLETE');
    expect(e.message).toContain('《广东省异地就医登记备案表》');
    expect(e.message).toContain('户口簿首页和本人常住人口登记卡（或个人承诺书）');
  });

  test('a counter refusal keeps the reason and the materials handed back; an online filing waits for review', () => {
    const refused = openFiling(
      {
        ...base,
        type: 'other_temporary',
        materials: ['id_document'],
        personalPromise: false,
        counterRefusal: { reason: '参保状态为暂停', returnedMaterials: ['id_document'] },
      },
      cal,
    );
    expect(refused).toMatchObject({ status: 'refused', validity: null, refusal: { reason: '参保状态为暂停' } });
    expect(openFiling({ ...base, channel: 'online', type: 'other_temporary', materials: [], personalPromise: false }, cal).status).toBe(
      'under_review',
    );
  });

  test('delivering the promised materials counts what was handed in at filing', () => {
    const s = openFiling({ ...base, type: 'stationed_work', materials: ['id_document', 'filing_form'], personalPromise: true }, cal);
    expect(s.personalPromise).toBe(true);
    const cmd = { action: 'deliver_materials' as const, materials: ['work_contract' as const], actor: clerk };
    expect(checkFilingAction(s, cmd, '2026-02-01')).toBeNull();
    expect(applyFilingCommand(s, cmd, { today: '2026-02-01' }).materialsDeliveredOn).toBe('2026-02-01');
    expect(checkFilingAction(s, { ...cmd, materials: ['residence_permit'] }, '2026-02-01')?.code).toBe('MATERIALS_INCOMPLETE');
  });

  test('change and cancel of a long-term filing are locked for 6 months; other clerks and counties are refused', () => {
    const s = openFiling(
      { ...base, type: 'retired_resettled', materials: ['id_document', 'filing_form', 'household_register'], personalPromise: false },
      cal,
    );
    const cancel = { action: 'cancel' as const, reason: '回江门', actor: clerk };
    expect(checkFilingAction(s, cancel, '2026-07-14')?.facts).toMatchObject({ changeableFrom: '2026-07-15' });
    expect(checkFilingAction(s, cancel, '2026-07-15')).toBeNull();
    expect(checkFilingAction(s, { ...cancel, actor: { ...clerk, jurisdiction: 'taishan' } }, '2026-07-15')?.code).toBe(
      'OUT_OF_JURISDICTION',
    );
    expect(checkFilingAction(s, { ...cancel, actor: { ...clerk, role: 'institution' } }, '2026-07-15')?.code).toBe('ROLE_NOT_ALLOWED');
    const changed = applyFilingCommand(s, { action: 'change', place: guangzhou, reason: '迁居', actor: clerk }, { today: '2026-08-01' });
    expect(changed.places.map((p) => p.from)).toEqual(['2026-01-15', '2026-08-01']);
  });

  test('a maternity filing outside the province and a date outside every rule set are refused', () => {
    expect(
      thrown(() =>
        openFiling({ ...base, type: 'maternity', materials: ['id_document', 'maternity_filing_form'], personalPromise: false }, cal),
      ).code,
    ).toBe('FILING_NOT_ALLOWED');
    expect(
      thrown(() =>
        openFiling({ ...base, receivedOn: '2029-01-01', type: 'other_temporary', materials: ['id_document'], personalPromise: false }, cal),
      ).code,
    ).toBe('RULE_SET_NOT_IN_FORCE');
  });
});

describe('the institution channels (000 §27(一)(二))', () => {
  const hospital = { code: 'H1', name: '某医院', grade: 2, specialist: false, active: true, services: ['referrals'] };
  test('a referral is filed by an active level-2+ general hospital designated for referrals; every unmet criterion is named', () => {
    expect(checkReferringFacility(hospital)).toEqual([]);
    expect(checkReferringFacility({ ...hospital, grade: 3 })).toEqual([]);
    expect(checkReferringFacility({ ...hospital, grade: 1 }).map((u) => u.code)).toEqual(['GRADE_BELOW_2']);
    expect(checkReferringFacility({ ...hospital, specialist: true }).map((u) => u.code)).toEqual(['SPECIALIST_HOSPITAL']);
    expect(checkReferringFacility({ ...hospital, grade: 1, specialist: true, active: false, services: [] }).map((u) => u.code)).toEqual([
      'FACILITY_INACTIVE',
      'GRADE_BELOW_2',
      'SPECIALIST_HOSPITAL',
      'NOT_DESIGNATED_FOR_REFERRALS',
    ]);
    expect(checkReferringFacility(null)).toMatchObject([{ code: 'NOT_IN_REGISTER', article: '000 §27(一)' }]);
  });
  test("the emergency flag counts as a filing under Jiangmen's 000 only; no flag, no filing", () => {
    const jiangmen = ruleSetOn('jiangmen', '2026-05-01');
    const yangjiang = ruleSetOn('yangjiang', '2024-04-30');
    expect(checkEmergencyFlag(jiangmen, true)).toBeNull();
    expect(checkEmergencyFlag(jiangmen, false)?.code).toBe('NOT_EMERGENCY');
    expect(checkEmergencyFlag(yangjiang, true)).toMatchObject({ code: 'FILING_NOT_ALLOWED', facts: { article: '002 §6' } });
  });
});
