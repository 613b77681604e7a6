/**
 * Remote-care filing (异地就医备案, 000 §26–§33; 002; 003; 004 items 20–25): the filing types, the
 * materials each needs (003's table) or a personal promise (个人承诺书), the validity and benefit
 * rules as dated rule sets picked by (insured place, date), and the settlement side's question "is
 * this person filed for care in that place on that date, and at which benefit level?". Pure.
 *
 * The rule sets are data with their documents and articles (`remoteCareRuleSets`); a date outside
 * every rule set of the insured place is refused with the dates that exist (DOMAIN §11). The same
 * mechanism (`ruleSetOn`) can carry the family-bed and special-disease rules later (also 000).
 */
import { z } from 'zod';
import { addDays, type IsoDate } from './dates';
import { DomainError } from './errors';
import { type HolidayCalendar, isWorkingDay } from './working-days';
import { periodFrom } from './special-disease';

// ---------------------------------------------------------------------------------------------
// Types, categories, catalogue items
// ---------------------------------------------------------------------------------------------

/** 000 §26–§27; 003's table (异地生育 in-province only). */
export const filingTypes = [
  'retired_resettled',
  'long_term_residence',
  'stationed_work',
  'referral',
  'emergency',
  'other_temporary',
  'maternity',
] as const;
export type FilingType = (typeof filingTypes)[number];
export const filingTypeSchema = z.enum(filingTypes);
export const filingTypeNames: Record<FilingType, string> = {
  retired_resettled: '异地安置退休人员',
  long_term_residence: '异地长期居住人员',
  stationed_work: '常驻异地工作人员',
  referral: '异地转诊人员',
  emergency: '异地急诊抢救人员',
  other_temporary: '其他临时外出就医人员',
  maternity: '异地生育就医人员',
};

/** 000 §26: 市外异地长期居住人员 are the first three; the others are 临时外出就医人员 (maternity is read as temporary). */
export function isLongTerm(type: FilingType): boolean {
  return type === 'retired_resettled' || type === 'long_term_residence' || type === 'stationed_work';
}

/** 004 items 20–25 (442189210001–006). Emergency has no item: it is treated as filed (000 §27(2)). */
export const filingCatalogueItems: Record<FilingType, string | null> = {
  retired_resettled: '442189210001',
  long_term_residence: '442189210002',
  stationed_work: '442189210003',
  referral: '442189210004',
  other_temporary: '442189210005',
  maternity: '442189210006',
  emergency: null,
};
export const remoteCareCatalogueItems = Object.values(filingCatalogueItems).filter((c): c is string => c !== null);

// ---------------------------------------------------------------------------------------------
// Materials (003's table)
// ---------------------------------------------------------------------------------------------

export const materials = [
  'id_document',
  'filing_form',
  'maternity_filing_form',
  'household_register',
  'residence_permit',
  'property_certificate',
  'study_certificate',
  'posting_letter',
  'offsite_employer_certificate',
  'work_contract',
  'referral_certificate',
] as const;
export type Material = (typeof materials)[number];
export const materialSchema = z.enum(materials);
export const materialNames: Record<Material, string> = {
  id_document: '医保电子凭证或有效身份证件或社保卡',
  filing_form: '《广东省异地就医登记备案表》',
  maternity_filing_form: '《广东省异地就医生育保险登记备案表》',
  household_register: '户口簿首页和本人常住人口登记卡',
  residence_permit: '居住证',
  property_certificate: '房产证',
  study_certificate: '就读证明',
  posting_letter: '参保地工作单位派出证明',
  offsite_employer_certificate: '异地工作单位证明',
  work_contract: '工作合同',
  referral_certificate: '具有转诊资质的定点医疗机构开具的转诊转院证明材料',
};

/** One line of the checklist: any one of `anyOf`; `promiseInstead` when a personal promise may replace it. */
export interface MaterialRequirement {
  anyOf: readonly Material[];
  promiseInstead: boolean;
}

/** 003's table, type by type (004 items 20–25 agree; 003 is the more detailed). */
export const requiredMaterials: Record<FilingType, readonly MaterialRequirement[]> = {
  retired_resettled: [
    { anyOf: ['id_document'], promiseInstead: false },
    { anyOf: ['filing_form'], promiseInstead: false },
    { anyOf: ['household_register'], promiseInstead: true },
  ],
  long_term_residence: [
    { anyOf: ['id_document'], promiseInstead: false },
    { anyOf: ['filing_form'], promiseInstead: false },
    { anyOf: ['residence_permit', 'household_register', 'property_certificate', 'study_certificate'], promiseInstead: true },
  ],
  stationed_work: [
    { anyOf: ['id_document'], promiseInstead: false },
    { anyOf: ['filing_form'], promiseInstead: false },
    { anyOf: ['posting_letter', 'offsite_employer_certificate', 'work_contract'], promiseInstead: true },
  ],
  referral: [
    { anyOf: ['id_document'], promiseInstead: false },
    { anyOf: ['referral_certificate'], promiseInstead: false },
  ],
  emergency: [], // treated as filed by the institution's emergency flag (000 §27(2))
  other_temporary: [{ anyOf: ['id_document'], promiseInstead: false }],
  maternity: [
    { anyOf: ['id_document'], promiseInstead: false },
    { anyOf: ['maternity_filing_form'], promiseInstead: false },
  ],
};

export interface MaterialsCheck {
  complete: boolean;
  /** the checklist lines not met, all at once (一次性告知) */
  missing: MaterialRequirement[];
  /** a line met by the personal promise instead of a document */
  onPromise: boolean;
}

/** The checklist of a filing type against what was handed in (003; 000 §32 for the promise). */
export function checkMaterials(type: FilingType, delivered: readonly Material[], personalPromise: boolean): MaterialsCheck {
  const missing: MaterialRequirement[] = [];
  let onPromise = false;
  for (const req of requiredMaterials[type]) {
    if (req.anyOf.some((m) => delivered.includes(m))) continue;
    if (req.promiseInstead && personalPromise) {
      onPromise = true;
      continue;
    }
    missing.push(req);
  }
  return { complete: missing.length === 0, missing, onPromise };
}

/** The clerk's sentence for the missing lines. */
export function missingMaterialsText(missing: readonly MaterialRequirement[]): string {
  return missing.map((r) => r.anyOf.map((m) => materialNames[m]).join('或') + (r.promiseInstead ? '（或个人承诺书）' : '')).join('；');
}

// ---------------------------------------------------------------------------------------------
// Places
// ---------------------------------------------------------------------------------------------

export const insuredPlaces = ['jiangmen', 'yangjiang'] as const;
export type InsuredPlace = (typeof insuredPlaces)[number];
export const insuredPlaceNames: Record<InsuredPlace, string> = { jiangmen: '江门市', yangjiang: '阳江市' };

/** Both insured places are in Guangdong: a place of care in the province is 省内跨市. */
export const HOME_PROVINCE = '广东省';

export const carePlaceSchema = z
  .object({
    province: z.string().trim().min(2).max(20),
    city: z.string().trim().min(2).max(30),
  })
  .strict();
export type CarePlace = z.infer<typeof carePlaceSchema>;

export function samePlace(a: CarePlace, b: CarePlace): boolean {
  return a.province === b.province && a.city === b.city;
}

// ---------------------------------------------------------------------------------------------
// Dated rule sets
// ---------------------------------------------------------------------------------------------

/**
 * The benefit the settlement side asks about (002 §10 names three): inpatient care, general
 * outpatient care (普通门诊; the query's 'outpatient') and outpatient special-disease care (门诊特定病种).
 */
export const benefitKinds = ['inpatient', 'outpatient', 'special_disease_outpatient'] as const;
export type BenefitKind = (typeof benefitKinds)[number];
export const benefitKindNames: Record<BenefitKind, string> = {
  inpatient: '住院',
  outpatient: '普通门诊',
  special_disease_outpatient: '门诊特定病种',
};

/** A benefit adjustment in percentage points of the reimbursement rate (negative: lower). */
export interface BenefitAdjustment {
  /** basic insurance's rate (基本医疗保险报销比例) */
  basicPoints: number;
  /** critical-illness and supplementary insurance (大病保险、补充医疗保险) */
  criticalPoints: number;
  article: string;
}

export interface RemoteCareRuleSet {
  id: 'jiangmen-000' | 'yangjiang-002';
  insuredPlace: InsuredPlace;
  document: string;
  from: IsoDate;
  to: IsoDate;
  /** types the document knows */
  types: readonly FilingType[];
  /** long-term filings may not be changed or cancelled for this many months (000 §30), or null */
  longTermLockMonths: number | null;
  /** who may back-file during a stay, and until when (000 §33; 002 §6) */
  backFiling: { types: 'all' | readonly FilingType[]; extendedOverHolidays: boolean; article: string };
  /** the benefit reduction at the place of care per type; null: the document sets none */
  careReduction: Partial<Record<FilingType, BenefitAdjustment>>;
  /** the benefits a filing of the type gives at the place of care, where the document limits them (002 §10) */
  benefits: Partial<Record<FilingType, { kinds: readonly BenefitKind[]; article: string }>>;
  /** who files an emergency: the institution's flag (000 §27(二) 视同已备案) or the person at the agency (002 §6) */
  emergencyFiledBy: { by: 'flag' | 'agency'; article: string };
  /** care off-site without a filing */
  unfiled: BenefitAdjustment | null;
  /** long-term filings on promise: the benefits at home (000 §32; 003 tips 3–4) */
  promiseAtHome: boolean;
}

const yangjiangReduction: BenefitAdjustment = { basicPoints: -10, criticalPoints: -5, article: '002 §10(二)(三)' };

/** The rule sets in force, each with its document and dates (000 §34; 002 §12: three years from 2021-05-01). */
export const remoteCareRuleSets: readonly RemoteCareRuleSet[] = [
  {
    id: 'jiangmen-000',
    insuredPlace: 'jiangmen',
    document: '江门市基本医疗保险就医管理规程（江医保发〔2024〕23号）',
    from: '2024-04-01',
    to: '2028-12-31',
    types: filingTypes,
    longTermLockMonths: 6,
    backFiling: { types: 'all', extendedOverHolidays: false, article: '000 §33' },
    careReduction: {},
    emergencyFiledBy: { by: 'flag', article: '000 §27(二)' },
    benefits: {}, // 000 limits no type's benefits (§27(二): the flagged outpatient visit or admission)
    unfiled: null,
    promiseAtHome: true,
  },
  {
    id: 'yangjiang-002',
    insuredPlace: 'yangjiang',
    document: '阳江市基本医疗保险异地就医管理暂行办法（阳医保通〔2021〕23号）',
    from: '2021-05-01',
    to: '2024-04-30',
    types: ['retired_resettled', 'long_term_residence', 'stationed_work', 'referral', 'emergency'],
    longTermLockMonths: null,
    backFiling: { types: ['emergency'], extendedOverHolidays: true, article: '002 §6' },
    careReduction: {
      referral: { ...yangjiangReduction, article: '002 §10(二)' },
      emergency: { ...yangjiangReduction, article: '002 §10(三)' },
    },
    emergencyFiledBy: { by: 'agency', article: '002 §6' },
    benefits: {
      retired_resettled: { kinds: benefitKinds, article: '002 §10(一)' },
      long_term_residence: { kinds: benefitKinds, article: '002 §10(一)' },
      stationed_work: { kinds: benefitKinds, article: '002 §10(一)' },
      // "可在备案的就医地定点医疗机构享受门诊特定病种和住院待遇": no general outpatient care
      referral: { kinds: ['special_disease_outpatient', 'inpatient'], article: '002 §10(二)' },
      // "可在就医地定点医疗机构享受住院待遇"
      emergency: { kinds: ['inpatient'], article: '002 §10(三)' },
    },
    unfiled: { basicPoints: -15, criticalPoints: -5, article: '002 §10(四)' },
    promiseAtHome: false,
  },
];

/** The rule set in force for an insured place on a date, or the refusal naming the dates that exist. */
export function ruleSetOn(
  insuredPlace: InsuredPlace,
  date: IsoDate,
  sets: readonly RemoteCareRuleSet[] = remoteCareRuleSets,
): RemoteCareRuleSet {
  const forPlace = sets.filter((s) => s.insuredPlace === insuredPlace);
  const found = forPlace.find((s) => s.from <= date && date <= s.to);
  if (found) return found;
  const exist = forPlace.map((s) => `${s.from} 至 ${s.to}（${s.document}）`).join('；') || '无';
  throw new DomainError(
    'RULE_SET_NOT_IN_FORCE',
    `${insuredPlaceNames[insuredPlace]}参保人员 ${date} 没有有效的异地就医规定；现有规定：${exist}`,
    {
      insuredPlace,
      date,
      ruleSets: forPlace.map((s) => ({ id: s.id, from: s.from, to: s.to, document: s.document })),
    },
  );
}

// ---------------------------------------------------------------------------------------------
// Validity
// ---------------------------------------------------------------------------------------------

/** 002 §9(四): the named conditions under which a referral stays valid for good. */
export const permanentReferralConditions = ['malignant_tumour', 'post_transplant', 'hemiplegia_long_stay'] as const;
export type PermanentReferralCondition = (typeof permanentReferralConditions)[number];

/** What validity depends on, besides the type and the dates. */
export interface ValidityFacts {
  /** 002 §9(二): the residence permit's last valid day; 002 §9(三): the posting's (or student card's) */
  documentValidUntil?: IsoDate | null;
  /** 002 §9(四) */
  referralCondition?: PermanentReferralCondition | null;
  /** back-filing during a stay, or the emergency visit: the admission it covers */
  admission?: { admittedOn: IsoDate; dischargeSettledOn?: IsoDate | null } | null;
}

export interface Validity {
  /** the first day the filing counts */
  from: IsoDate;
  /** the last valid day, or null: until changed or cancelled (长期有效) */
  until: IsoDate | null;
  /** only the admission of `from` is covered (emergency: 当次入院有效) */
  admissionOnly: boolean;
  /** long-term: the first day a change or cancellation is allowed, or null when there is no lock */
  changeableFrom: IsoDate | null;
  article: string;
}

/**
 * The validity of a filing made on `filedOn` under the rule set in force for its insured place
 * that day. 000 §30: long-term until changed, locked for 6 months; temporary 6 months. 002 §9: from
 * the filing day (emergency back-filing: the admission date), retired permanent, residence and
 * posting per their documents, referral 90 days or permanent for the named conditions, emergency
 * the current admission. A back-filing during a stay (000 §33) starts on the admission day.
 *
 * Six months: the period of periodFrom (Civil Code art. 201–202): filed 2026-01-15 → last valid day
 * 2026-07-14, change allowed from 2026-07-15.
 */
export function filingValidity(rules: RemoteCareRuleSet, type: FilingType, filedOn: IsoDate, facts: ValidityFacts = {}): Validity {
  if (!rules.types.includes(type)) {
    throw new DomainError('FILING_TYPE_NOT_IN_RULE_SET', `${rules.document}没有「${filingTypeNames[type]}」备案类型`, {
      ruleSet: rules.id,
      type,
      types: rules.types,
    });
  }
  const from = facts.admission && facts.admission.admittedOn < filedOn ? facts.admission.admittedOn : filedOn;
  const sixMonthsEnd = (start: IsoDate) => periodFrom(start, 6).end;
  if (type === 'emergency') {
    if (!facts.admission) throw new DomainError('VALIDATION_FAILED', '急诊抢救备案须写明当次入院（或急诊）日期', { field: 'admission' });
    return {
      from: facts.admission.admittedOn,
      until: null,
      admissionOnly: true,
      changeableFrom: null,
      article: rules.id === 'jiangmen-000' ? '000 §27(二)' : '002 §9(五)',
    };
  }
  if (rules.id === 'jiangmen-000') {
    if (isLongTerm(type)) {
      return { from, until: null, admissionOnly: false, changeableFrom: addDays(sixMonthsEnd(filedOn), 1), article: '000 §30' };
    }
    return { from, until: sixMonthsEnd(filedOn), admissionOnly: false, changeableFrom: null, article: '000 §30' };
  }
  // Yangjiang 002 §9
  switch (type) {
    case 'retired_resettled':
      return { from, until: null, admissionOnly: false, changeableFrom: null, article: '002 §9(一)' };
    case 'long_term_residence':
    case 'stationed_work': {
      const until = facts.documentValidUntil;
      if (!until) {
        throw new DomainError(
          'VALIDATION_FAILED',
          type === 'long_term_residence'
            ? '阳江市规定按居住证等证明材料的有效期限确定备案有效期，请填写证明材料有效期'
            : '阳江市规定按派驻时间（学生按学生证）确定备案有效期，请填写派驻截止日期',
          { field: 'documentValidUntil', article: type === 'long_term_residence' ? '002 §9(二)' : '002 §9(三)' },
        );
      }
      if (until < from)
        throw new DomainError('VALIDATION_FAILED', `证明材料有效期 ${until} 早于备案日期 ${from}`, { field: 'documentValidUntil' });
      return {
        from,
        until,
        admissionOnly: false,
        changeableFrom: null,
        article: type === 'long_term_residence' ? '002 §9(二)' : '002 §9(三)',
      };
    }
    case 'referral':
      if (facts.referralCondition) return { from, until: null, admissionOnly: false, changeableFrom: null, article: '002 §9(四)' };
      return { from, until: addDays(from, 89), admissionOnly: false, changeableFrom: null, article: '002 §9(四)' }; // 90 days, from included
    default:
      throw new Error(`unreachable: ${type}`);
  }
}

/**
 * Whether a filing made on `filedOn` during a stay is still allowed (000 §33: before discharge
 * settlement; 002 §6: emergency persons only, until discharge settlement, extended over public
 * holidays). The settlement day itself is allowed (the filing is made before settling that day).
 * 002's extension: when the settlement day is not a working day on the loaded calendar, the last
 * day moves to the next working day (the agency is closed; cf. Civil Code art. 203).
 */
export function checkBackFiling(
  rules: RemoteCareRuleSet,
  type: FilingType,
  filedOn: IsoDate,
  admission: { admittedOn: IsoDate; dischargeSettledOn?: IsoDate | null },
  calendar: HolidayCalendar,
): DomainError | null {
  const { backFiling } = rules;
  if (backFiling.types !== 'all' && !backFiling.types.includes(type)) {
    return new DomainError('BACK_FILING_NOT_ALLOWED', `${rules.document}只允许急诊人员住院期间补办备案（${backFiling.article}）`, {
      ruleSet: rules.id,
      type,
      article: backFiling.article,
    });
  }
  if (filedOn < admission.admittedOn) {
    return new DomainError('VALIDATION_FAILED', `入院日期 ${admission.admittedOn} 晚于备案日期 ${filedOn}`, {
      field: 'admission.admittedOn',
    });
  }
  const settled = admission.dischargeSettledOn;
  if (!settled) return null;
  const lastDay = backFilingLastDay(rules, settled, calendar);
  if (filedOn > lastDay) {
    return new DomainError(
      'BACK_FILING_CLOSED',
      `已于 ${settled} 出院结算，补办备案须在 ${lastDay} 前（含当日）办理（${backFiling.article}）`,
      {
        dischargeSettledOn: settled,
        lastDay,
        article: backFiling.article,
      },
    );
  }
  return null;
}

export function backFilingLastDay(rules: RemoteCareRuleSet, dischargeSettledOn: IsoDate, calendar: HolidayCalendar): IsoDate {
  if (!rules.backFiling.extendedOverHolidays) return dischargeSettledOn;
  let day = dischargeSettledOn;
  for (let i = 0; i < 60 && !isWorkingDay(calendar, day); i++) day = addDays(day, 1);
  return day;
}

// ---------------------------------------------------------------------------------------------
// Where a filing may be made
// ---------------------------------------------------------------------------------------------

/**
 * 003's table: maternity filings are in-province only. 000 §27(三)/003: in-province temporary care
 * needs no filing since 2023-07-01; "可免" is read as optional, so a filing is still accepted (it
 * then also covers outpatient care, which 000 §27(三) does not exempt).
 */
export function checkCarePlace(type: FilingType, place: CarePlace): DomainError | null {
  if (type === 'maternity' && place.province !== HOME_PROVINCE) {
    return new DomainError('FILING_NOT_ALLOWED', '异地生育备案目前只支持省内，跨省无法办理（开平市异地就医备案办事指南）', { type, place });
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// The register's answer
// ---------------------------------------------------------------------------------------------

/** One stretch of a filing's place of care (a change starts a new one). */
export interface PlaceSegment {
  from: IsoDate;
  place: CarePlace;
}

export const filingStatuses = ['under_review', 'active', 'refused', 'cancelled', 'expired'] as const;
export type FilingStatus = (typeof filingStatuses)[number];
/** what a filing rests on: the materials of 003's table, a personal promise (000 §32), or a promise since made good */
export const filingBases = ['materials', 'promise', 'promise_materials_delivered'] as const;

/** What the settlement side's question needs to know of a filing (the workflow's state carries it). */
export interface FilingRecord {
  filingId: string;
  filingNo: string;
  type: FilingType;
  insuredPlace: InsuredPlace;
  ruleSetId: RemoteCareRuleSet['id'];
  status: FilingStatus;
  /** the day the filing succeeded (counter: that visit; online: approval), null before */
  filedOn: IsoDate | null;
  validity: Validity | null;
  places: PlaceSegment[];
  /** filed on personal promise (000 §32), and the day the missing materials were delivered */
  personalPromise: boolean;
  materialsDeliveredOn: IsoDate | null;
  /** last valid day after a cancellation (the day before it) */
  cancelledOn: IsoDate | null;
}

export const filingStatusReasons = ['filed', 'not_filed', 'in_province_exempt', 'emergency_flag', 'not_covered_by_filing'] as const;
export type FilingStatusReason = (typeof filingStatusReasons)[number];

export interface FilingStatusAnswer {
  filed: boolean;
  reason: FilingStatusReason;
  message: string;
  /** the date validity was judged on: the admission date when one is given (000 §31) */
  judgedOn: IsoDate;
  filing?: {
    filingId: string;
    filingNo: string;
    type: FilingType;
    typeName: string;
    validFrom: IsoDate;
    validUntil: IsoDate | null;
    basis: (typeof filingBases)[number];
    ruleSetId: string;
  };
  /** the adjustment at the place of care (002 §10), or null when the rules set none */
  careAdjustment: BenefitAdjustment | null;
  /** the benefits at home (参保地) of a long-term filer (000 §32; 003 tips 3–5) */
  home: { inpatientPoints: number; generalOutpatient: boolean; article: string } | null;
  article: string;
}

/** The last day a filing covers, all things considered (cancellation, expiry). */
export function lastCoveredDay(f: FilingRecord): IsoDate | null {
  const ends = [f.validity?.until ?? null, f.cancelledOn ? addDays(f.cancelledOn, -1) : null].filter((d): d is IsoDate => d !== null);
  return ends.length ? ends.sort()[0]! : null;
}

/** The place of care of a filing on a date (its segment), or null before it starts. */
export function placeOn(f: FilingRecord, date: IsoDate): CarePlace | null {
  const seg = [...f.places]
    .sort((a, b) => (a.from < b.from ? -1 : 1))
    .filter((s) => s.from <= date)
    .pop();
  return seg?.place ?? null;
}

function covers(f: FilingRecord, place: CarePlace, date: IsoDate): boolean {
  if (!f.validity || f.status === 'under_review' || f.status === 'refused') return false;
  const v = f.validity;
  if (date < v.from) return false;
  if (v.admissionOnly && date !== v.from) return false;
  const last = lastCoveredDay(f);
  if (last && date > last) return false;
  const at = placeOn(f, date) ?? f.places[0]?.place;
  return !!at && samePlace(at, place);
}

/**
 * The settlement side's question (issue 14): is the person filed for care in `place` on `date`,
 * with which filing, and at which benefit level? `admittedOn` (000 §31; 002 §9): an admission made
 * within the validity is covered even when the stay runs past it, so validity is judged on the
 * admission day. The rule set is the one in force for the insured place on the judged day.
 */
export function filingStatusOn(
  filings: readonly FilingRecord[],
  q: {
    insuredPlace: InsuredPlace;
    place: CarePlace;
    date: IsoDate;
    admittedOn?: IsoDate | null;
    care: BenefitKind;
  },
): FilingStatusAnswer {
  const judgedOn = q.admittedOn ?? q.date;
  // A filing is judged by the rule set of its filing date (issue 14): a Yangjiang referral filed under
  // 002 stays valid, with 002's reduction, for its 90 days past 002's end; only an unfiled
  // question needs a rule set in force on the judged day.
  const rulesOf = (f: FilingRecord) => remoteCareRuleSets.find((r) => r.id === f.ruleSetId) ?? ruleSetOn(q.insuredPlace, judgedOn);
  const limitOf = (f: FilingRecord) => rulesOf(f).benefits[f.type];
  const givesCare = (f: FilingRecord) => limitOf(f)?.kinds.includes(q.care) ?? true;
  const found = filings
    .filter((f) => f.insuredPlace === q.insuredPlace && covers(f, q.place, judgedOn))
    .sort((a, b) => Number(givesCare(b)) - Number(givesCare(a)) || Number(isLongTerm(b.type)) - Number(isLongTerm(a.type)));
  const hit = found[0];
  /** The filing an answer names: its number, type, validity and the rule set it is judged by. */
  const filingOf = (f: FilingRecord): FilingStatusAnswer['filing'] => ({
    filingId: f.filingId,
    filingNo: f.filingNo,
    type: f.type,
    typeName: filingTypeNames[f.type],
    validFrom: f.validity!.from,
    validUntil: lastCoveredDay(f),
    basis: basisOf(f, judgedOn),
    ruleSetId: rulesOf(f).id,
  });
  if (hit && !givesCare(hit)) {
    // 002 §10(二)(三): filed, but the filing gives no such benefit at the place of care
    const limit = limitOf(hit)!;
    return {
      filed: false,
      reason: 'not_covered_by_filing',
      judgedOn,
      message:
        `该备案不含${benefitKindNames[q.care]}待遇：${filingTypeNames[hit.type]}备案只可享受` +
        `${limit.kinds.map((k) => benefitKindNames[k]).join('、')}待遇（${limit.article}）`,
      filing: filingOf(hit),
      careAdjustment: null,
      home: null,
      article: limit.article,
    };
  }
  if (hit) {
    const rules = rulesOf(hit);
    const v = hit.validity!;
    const basis = basisOf(hit, judgedOn);
    const careAdjustment = rules.careReduction[hit.type] ?? null;
    let home: FilingStatusAnswer['home'] = null;
    if (isLongTerm(hit.type) && rules.promiseAtHome) {
      home =
        basis === 'promise'
          ? { inpatientPoints: -20, generalOutpatient: false, article: '000 §32；开平指南温馨提示3' }
          : { inpatientPoints: -10, generalOutpatient: true, article: '000 §32；开平指南温馨提示4' };
    }
    const until = lastCoveredDay(hit);
    return {
      filed: true,
      reason: 'filed',
      judgedOn,
      message:
        `已备案：${filingTypeNames[hit.type]}，有效期 ${v.from} 至 ${v.admissionOnly ? '当次入院' : (until ?? '长期有效')}` +
        (q.admittedOn ? `（按入院日期 ${q.admittedOn} 判断，000 §31）` : ''),
      filing: filingOf(hit),
      careAdjustment,
      home,
      article: v.article,
    };
  }
  const rules = ruleSetOn(q.insuredPlace, judgedOn);
  // 000 §27(三): in-province inpatient care needs no filing (read for inpatient only; outpatient needs one).
  if (rules.id === 'jiangmen-000' && q.place.province === HOME_PROVINCE && q.care === 'inpatient') {
    return {
      filed: false,
      reason: 'in_province_exempt',
      judgedOn,
      careAdjustment: null,
      home: null,
      article: '000 §27(三)',
      message: '省内跨市住院可免备案直接结算（000 §27(三)）',
    };
  }
  return {
    filed: false,
    reason: 'not_filed',
    judgedOn,
    careAdjustment: rules.unfiled,
    home: null,
    article: rules.unfiled?.article ?? '000 §26',
    message: rules.unfiled
      ? `未办理异地就医备案：基本医疗保险报销比例下降 ${-rules.unfiled.basicPoints}%，大病保险、补充医疗保险下降 ${-rules.unfiled.criticalPoints}%（${rules.unfiled.article}）`
      : '未办理异地就医备案，不能享受异地就医直接结算（000 §26）',
  };
}

/** What a filing rests on on a date: its materials, a personal promise, or a promise made good by then (000 §32). */
function basisOf(f: FilingRecord, on: IsoDate): (typeof filingBases)[number] {
  if (!f.personalPromise) return 'materials';
  return f.materialsDeliveredOn && f.materialsDeliveredOn <= on ? 'promise_materials_delivered' : 'promise';
}

/** 000 §30: a long-term filing may not be changed or cancelled before `changeableFrom`. */
export function checkLongTermLock(f: Pick<FilingRecord, 'type' | 'validity'>, on: IsoDate, what: '变更' | '取消'): DomainError | null {
  const from = f.validity?.changeableFrom;
  if (!isLongTerm(f.type) || !from || on >= from) return null;
  return new DomainError('FILING_LOCKED', `异地长期居住人员备案6个月内不得${what}，${from} 起可以${what}（000 §30）`, {
    changeableFrom: from,
    on,
    article: '000 §30',
  });
}

/** Temporary filings end by themselves: the first day they no longer count (notice on that day). */
export function expiryDate(f: Pick<FilingRecord, 'type' | 'validity'>): IsoDate | null {
  if (!f.validity || f.validity.admissionOnly || !f.validity.until) return null;
  return addDays(f.validity.until, 1);
}

/**
 * An emergency filing made by the person at the agency (counter or online): only where the rules
 * have emergency persons back-file there (002 §6 "出院前可向医保经办机构申请补办备案"), during the
 * admission it covers, with the ID document (002 §7). Under 000 the institution's flag files it
 * (§27(二) 视同已备案); an unflagged admission is back-filed under another type (000 §33).
 */
export function checkEmergencyAtAgency(
  rules: RemoteCareRuleSet,
  materials: readonly Material[],
  admission: ValidityFacts['admission'],
): DomainError | null {
  if (rules.emergencyFiledBy.by !== 'agency') {
    return new DomainError(
      'FILING_NOT_ALLOWED',
      `${rules.document}：异地急诊抢救由医疗机构上传急诊标志视同已备案，不在经办机构办理；住院期间未备案的可按其他类型补办（000 §27(二)、§33）`,
      { ruleSet: rules.id, type: 'emergency', article: rules.emergencyFiledBy.article },
    );
  }
  if (!admission) {
    return new DomainError('VALIDATION_FAILED', '急诊人员补办备案须写明当次入院日期（002 §6：出院结算前补办）', {
      field: 'admission',
      article: '002 §6',
    });
  }
  if (!materials.includes('id_document')) {
    return new DomainError('MATERIALS_INCOMPLETE', `材料不齐，不予受理：缺${materialNames.id_document}（002 §7）`, {
      missing: [{ anyOf: ['id_document'], promiseInstead: false }],
      returnedMaterials: materials,
      article: '002 §7',
    });
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// The institution channels (000 §27(一)(二))
// ---------------------------------------------------------------------------------------------

/** What the register of designated facilities says of the institution that pushes a referral. */
export interface ReferringFacility {
  code: string;
  name: string;
  grade: number;
  specialist: boolean;
  active: boolean;
  services: readonly string[];
}

export interface UnmetCriterion {
  code: string;
  article: string;
  message: string;
}

/**
 * 000 §27(一): a referral out of the city is filed by a qualified designated institution: level 2
 * or above (含二级), not a specialist hospital (专科医院除外), designated for referrals and active in
 * the register. Every unmet criterion is returned, not the first.
 */
export function checkReferringFacility(f: ReferringFacility | null): UnmetCriterion[] {
  const article = '000 §27(一)';
  if (!f) return [{ code: 'NOT_IN_REGISTER', article, message: '定点医疗机构目录中没有该机构' }];
  const unmet: UnmetCriterion[] = [];
  if (!f.active) unmet.push({ code: 'FACILITY_INACTIVE', article, message: `${f.name}在定点医疗机构目录中已停用` });
  if (f.grade < 2)
    unmet.push({ code: 'GRADE_BELOW_2', article, message: `${f.name}为${f.grade}级机构，转诊须由二级以上（含二级）定点医疗机构办理` });
  if (f.specialist) unmet.push({ code: 'SPECIALIST_HOSPITAL', article, message: `${f.name}为专科医院，不能办理异地转诊备案` });
  if (!f.services.includes('referrals')) {
    unmet.push({ code: 'NOT_DESIGNATED_FOR_REFERRALS', article, message: `${f.name}未登记转诊服务（定点医疗机构目录）` });
  }
  return unmet;
}

/**
 * 000 §27(二): a visit whose 门诊急诊转诊标志 or 住院类型 the institution uploaded as 急诊 is treated as
 * filed (视同已备案); a visit without the flag is not. Only Jiangmen's 000 knows the flag: 002 §6 has
 * emergency persons back-file at the agency before discharge settlement (the counter's path).
 */
export function checkEmergencyFlag(rules: RemoteCareRuleSet, emergency: boolean): DomainError | null {
  if (!emergency) {
    return new DomainError('NOT_EMERGENCY', '门诊急诊转诊标志或住院类型不是「急诊」，不视同已备案（000 §27(二)）', {
      article: '000 §27(二)',
    });
  }
  if (rules.emergencyFiledBy.by !== 'flag') {
    return new DomainError(
      'FILING_NOT_ALLOWED',
      `${rules.document}没有急诊标志视同备案的规定：急诊人员须在出院结算前向经办机构补办备案（002 §6）`,
      { ruleSet: rules.id, article: '002 §6' },
    );
  }
  return null;
}
