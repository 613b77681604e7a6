/**
 * Family beds (家庭病床, 000 §6–§12) and geriatric wards (老年病区, 000 §13–§14): who may open one,
 * how often, how an episode ends, and what an open episode means for outpatient payment
 * (DOMAIN §1, §2, §11). Pure: no I/O, no clock, no randomness — it runs inside Temporal workflows.
 *
 * Source: 江医保发〔2024〕23号《江门市基本医疗保险就医管理规程》 (seed file 000). Where the digest
 * (DOMAIN.md) and the document disagree, the document wins and a `NOTE:` says so.
 */
import { z } from 'zod';
import { type IsoDate, addDays, isoDateSchema, yearOf } from './dates';
import { jurisdictionSchema } from './people';
import { dateSchema, lineText } from './primitives';
import { birthDateOfIdNumber, idNumberProblems, idNumberSchema } from './id-number';

// ---------------------------------------------------------------------------------------------
// Vocabularies
// ---------------------------------------------------------------------------------------------

/** 000 §7(一) 1.–10., in the document's order. */
export const familyBedConditions = [
  'copd_acute_exacerbation',
  'late_stage_malignant_tumour',
  'cerebrovascular_dementia_parkinson',
  'fracture_long_bed_rest',
  'chronic_heart_failure',
  'chronic_multiple_organ_failure',
  'decompensated_liver_cirrhosis',
  'bed_rest_lung_infection_or_bedsores',
  'uraemia_home_peritoneal_dialysis',
  'urinary_obstruction_indwelling_catheter',
] as const;
export type FamilyBedCondition = (typeof familyBedConditions)[number];

/** The document's own wording, 000 §7(一) 1.–10. */
export const familyBedConditionNames: Record<FamilyBedCondition, string> = {
  copd_acute_exacerbation: '慢性阻塞性肺疾病急性发作',
  late_stage_malignant_tumour: '恶性肿瘤晚期（放疗、化疗、热疗除外）',
  cerebrovascular_dementia_parkinson: '脑血管意外及其后遗症、重度老年痴呆、帕金森病或帕金森综合征生活不能自理',
  fracture_long_bed_rest: '需长期卧床休息的骨折（仅限股骨颈骨折、股骨头坏死或股骨头置换术后，髋关节骨折或置换术后）',
  chronic_heart_failure: '慢性心功能不全三级以上疾病',
  chronic_multiple_organ_failure: '慢性多器官功能衰竭',
  decompensated_liver_cirrhosis: '肝硬化失代偿期',
  bed_rest_lung_infection_or_bedsores: '长期卧床并发肺部感染或褥疮',
  uraemia_home_peritoneal_dialysis: '在家进行腹膜透析的尿毒症',
  urinary_obstruction_indwelling_catheter: '长期留置导尿管的重度尿路梗阻性疾病',
};

/** 功能障碍程度: 无 / 轻度 / 中度 / 重度 / 完全 (ordered, least to most). */
export const impairmentLevels = ['none', 'mild', 'moderate', 'severe', 'total'] as const;
export type ImpairmentLevel = (typeof impairmentLevels)[number];
const impairmentNames: Record<ImpairmentLevel, string> = {
  none: '无功能障碍',
  mild: '轻度功能障碍',
  moderate: '中度功能障碍',
  severe: '重度功能障碍',
  total: '完全不能自理',
};

/**
 * Grounds for ending an episode: 000 §11(一) 1.–5. (family bed, 撤床) and §14(一)–(五) (geriatric
 * ward, 停止老年病区结算方式). NOTE: DOMAIN §2 says the geriatric ward "ends on the same five
 * grounds as a family bed"; the document's §14 is close but not identical — (3) is a transfer
 * because of the *institution's* service limits (受定点医疗机构服务条件限制，需转医院进一步治疗), and
 * (5) is a request by the insured person alone (参保人自行要求停止治疗或出院; family members are
 * named only in §11). Also §11 says the bed *must* be closed (应办理撤床) while §14 says the person
 * *may* stop the geriatric-ward settlement (可停止). The names below read for both kinds.
 */
export const closingGrounds = ['cured', 'stable', 'transfer_to_hospital', 'death', 'own_request'] as const;
export type ClosingGround = (typeof closingGrounds)[number];
export const closingGroundNames: Record<ClosingGround, string> = {
  cured: '经治疗疾病得到治愈',
  stable: '经治疗及康复后病情稳定或好转，可停止或间歇治疗',
  transfer_to_hospital: '病情变化，受服务条件限制，需转医院进一步诊治',
  death: '参保人死亡',
  own_request: '参保人自行要求停止治疗（家庭病床亦可由其家属要求停止治疗或撤床）',
};

/** 000 §7(一)4.: only these three fractures qualify; 'other' records that it is none of them. */
export const fractureTypes = [
  'femoral_neck_fracture',
  'femoral_head_necrosis_or_replacement',
  'hip_fracture_or_replacement',
  'other',
] as const;
type FractureType = (typeof fractureTypes)[number];
const qualifyingFractures: readonly FractureType[] = [
  'femoral_neck_fracture',
  'femoral_head_necrosis_or_replacement',
  'hip_fracture_or_replacement',
];

/** 000 §13(四) 1.–5. */
export const geriatricQualifiers = [
  'long_term_tube',
  'life_support_equipment',
  'persistent_coma',
  'severe_chronic_disease_with_paralysis',
  'expert_panel_approved',
] as const;

export const careKinds = ['family_bed', 'geriatric_ward'] as const;
export type CareKind = (typeof careKinds)[number];
const careKindNames: Record<CareKind, string> = { family_bed: '家庭病床', geriatric_ward: '老年病区' };

// ---------------------------------------------------------------------------------------------
// Schemas
// ---------------------------------------------------------------------------------------------

export const carePersonSchema = z
  .object({
    name: lineText(50),
    /** 居民身份证号码: 18 characters, the last may be X */
    idNumber: idNumberSchema,
    /**
     * Optional: the birth date that counts is the one coded in the ID number (GB 11643), from which
     * the age of 000 §13(一) is computed; a stated birth date that contradicts it is refused.
     */
    birthDate: dateSchema.optional(),
    /** the county of insurance: its agency (属地医保经办机构) approves (000 §8) */
    insuredCounty: jurisdictionSchema,
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.birthDate === undefined || idNumberProblems(p.idNumber).length > 0) return;
    const coded = birthDateOfIdNumber(p.idNumber);
    if (p.birthDate !== coded) {
      ctx.addIssue({
        code: 'custom',
        path: ['birthDate'],
        message: `出生日期 ${p.birthDate} 与身份证号码中的出生日期 ${coded} 不一致，请核对（年龄按身份证号码计算，000 §13）`,
      });
    }
  });

/**
 * The care applicant as an episode's workflow carries them (issue 13 §11): the ID number replaced by
 * the birth date coded in it (the episode's person key stands for the number, store/persons.ts).
 * Episodes started before carry the number itself.
 */
export type CarePersonRecord = Omit<z.infer<typeof carePersonSchema>, 'idNumber'> & { idNumber?: string };
/** An application as the workflow carries it: the person as a `CarePersonRecord`. */
export type CareRecordOf<A extends { person: unknown }> = Omit<A, 'person'> & { person: CarePersonRecord };

/** The application the workflow is handed: the ID number out, its birth date (the one that counts, 000 §13(一)) in. */
export function withoutIdNumber<A extends { person: z.infer<typeof carePersonSchema> }>(app: A): CareRecordOf<A> {
  const { idNumber, ...person } = app.person;
  return { ...app, person: { ...person, birthDate: birthDateOfIdNumber(idNumber) } };
}

/** The birth date that counts for a care applicant: the one in the ID number (000 §13(一)). */
export function applicantBirthDate(person: { idNumber?: string; birthDate?: IsoDate }): IsoDate {
  if (person.idNumber) return birthDateOfIdNumber(person.idNumber);
  if (!person.birthDate) throw new Error('care applicant without an ID number or its birth date');
  return person.birthDate;
}

/** A 住院或门诊诊疗记录 (000 §7(一)) / 病历 (000 §9). */
export const medicalRecordSchema = z
  .object({
    institutionName: lineText(100),
    /** 医疗机构等级: 1 = 一级, 2 = 二级, 3 = 三级 */
    institutionLevel: z.union([z.literal(1), z.literal(2), z.literal(3)]),
    kind: z.enum(['inpatient', 'outpatient']),
    date: isoDateSchema,
  })
  .strict();

/** 000 §8 ¶2: a level-2/3 hospital's inpatient transferred to a family bed. */
export const referralSchema = z
  .object({
    hospitalName: lineText(100),
    hospitalLevel: z.union([z.literal(2), z.literal(3)]),
    /** 填写转诊审核表 */
    referralReviewedOn: isoDateSchema,
    /** 经定点医疗机构相关科室审核 */
    departmentReviewedOn: isoDateSchema,
    /** 通过国家医疗保障信息平台上报属地医保经办机构备案 */
    filedOn: isoDateSchema.optional(),
  })
  .strict();

/** 000 §7(三): 监护人或委托监护人, reachable by the institution at any time (随时联系). */
export const guardianSchema = z
  .object({
    name: lineText(50),
    relation: lineText(20),
    phone: z.string().regex(/^1\d{10}$/, '手机号码应为11位'),
  })
  .strict();

export const familyBedApplicationSchema = z
  .object({
    person: carePersonSchema,
    condition: z.enum(familyBedConditions),
    /** 诊断明确 (000 §7(一)) */
    diagnosis: z.string().trim().min(1).max(500),
    /** condition 2: must be false (放疗、化疗、热疗除外) */
    underRadioChemoThermoTherapy: z.boolean().optional(),
    /** condition 3: must be true (生活不能自理) */
    unableToCareForSelf: z.boolean().optional(),
    /** condition 4: must be one of the three named fractures */
    fractureType: z.enum(fractureTypes).optional(),
    /** condition 5: 心功能分级 I–IV; must be III or above */
    heartFailureGrade: z.number().int().min(1).max(4).optional(),
    /** 000 §7(二): moderate or worse */
    functionalImpairment: z.enum(impairmentLevels),
    /** 000 §7(二): 体弱行动不便、长期卧床等，到医疗机构连续就诊有困难 */
    mobilityDifficulty: z.boolean(),
    /** 000 §7(三) */
    guardian: guardianSchema.nullable(),
    /** 000 §7(一), §9: 近两年来二级及以上医疗机构的住院或门诊诊疗记录 */
    records: z.array(medicalRecordSchema).max(50),
    /** 000 §9: 诊断证明 and 检查报告 submitted */
    documents: z.object({ diagnosisCertificate: z.boolean(), examinationReports: z.boolean() }).strict(),
    /** 000 §9: 因同一疾病申请再次建床 — examination reports may be omitted */
    reopeningSameDisease: z.boolean().default(false),
    /** 000 §8 ¶2 */
    referral: referralSchema.optional(),
  })
  .strict();
export type FamilyBedApplication = z.infer<typeof familyBedApplicationSchema>;

export const geriatricWardApplicationSchema = z
  .object({
    person: carePersonSchema,
    diagnosis: z.string().trim().min(1).max(500),
    /** 000 §13(二): 病情符合住院条件 */
    meetsAdmissionCriteria: z.boolean(),
    /** 000 §13(三): 《江门市基本医疗保险老年病区日常生活能力评定量表》 — severe or total */
    dependence: z.enum(impairmentLevels),
    /** 000 §13(四) */
    qualifier: z.enum(geriatricQualifiers),
    qualifierDetail: z.string().max(500).optional(),
    records: z.array(medicalRecordSchema).max(50),
  })
  .strict();
export type GeriatricWardApplication = z.infer<typeof geriatricWardApplicationSchema>;

// ---------------------------------------------------------------------------------------------
// Dates
// ---------------------------------------------------------------------------------------------

function parts(date: IsoDate): [number, number, number] {
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10))];
}

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  return [31, isLeapYear(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/**
 * Age in whole years (周岁) on `date`: the new year of age is reached on the birthday itself.
 * A person born on 29 February reaches it on 28 February in common years (the month's last day
 * stands in for a missing corresponding day: PRC Civil Code art. 202, as in `twoYearsBefore`).
 * 000 §13(一); DOMAIN §2
 */
export function ageOn(birthDate: IsoDate, date: IsoDate): number {
  const [by, bm, bd] = parts(birthDate);
  const [y, m, d] = parts(date);
  const birthdayThisYear = Math.min(bd, daysInMonth(y, bm));
  let age = y - by;
  if (m < bm || (m === bm && d < birthdayThisYear)) age -= 1;
  return age;
}

/**
 * The same calendar day two years earlier; 29 February maps to 28 February (the month's last day:
 * PRC Civil Code art. 202). Start of the "近两年来" window. 000 §7(一), §9
 */
export function twoYearsBefore(date: IsoDate): IsoDate {
  const [y, m, d] = parts(date);
  const year = y - 2;
  return `${pad(year, 4)}-${pad(m, 2)}-${pad(Math.min(d, daysInMonth(year, m)), 2)}`;
}

/**
 * "近两年来" (000 §7(一), §9): twoYearsBefore(application) ≤ record ≤ application, both ends
 * inclusive (DOMAIN §0). A record after the application date is not "近两年来".
 */
export function withinTwoYears(recordDate: IsoDate, applicationDate: IsoDate): boolean {
  return twoYearsBefore(applicationDate) <= recordDate && recordDate <= applicationDate;
}

// ---------------------------------------------------------------------------------------------
// Eligibility
// ---------------------------------------------------------------------------------------------

export interface UnmetCriterion {
  code: string;
  article: string;
  message: string;
  /** true: the application cannot be approved while it stands; false: recorded, does not block */
  hard: boolean;
}

function unmet(code: string, article: string, message: string, hard = true): UnmetCriterion {
  return { code, article, message, hard };
}

function atLeast(level: ImpairmentLevel, minimum: ImpairmentLevel): boolean {
  return impairmentLevels.indexOf(level) >= impairmentLevels.indexOf(minimum);
}

/** 000 §7(一) 2.–5.: the facts some conditions require. */
function conditionCriteria(app: CareRecordOf<FamilyBedApplication>): UnmetCriterion[] {
  const out: UnmetCriterion[] = [];
  switch (app.condition) {
    case 'late_stage_malignant_tumour':
      if (app.underRadioChemoThermoTherapy !== false) {
        out.push(
          unmet(
            'CONDITION_EXCLUDED_THERAPY',
            '000 §7(一)2',
            app.underRadioChemoThermoTherapy === undefined
              ? '恶性肿瘤晚期申请家庭病床，须说明是否正在接受放疗、化疗或热疗（放疗、化疗、热疗除外）'
              : '恶性肿瘤晚期正在接受放疗、化疗或热疗的，不属于家庭病床收治范围',
          ),
        );
      }
      break;
    case 'cerebrovascular_dementia_parkinson':
      // NOTE: the document's grammar leaves open whether "生活不能自理" qualifies only Parkinson's or
      // the whole list; we read it (with the brief) as applying to every disease of item 3.
      if (app.unableToCareForSelf !== true) {
        out.push(
          unmet(
            'CONDITION_SELF_CARE',
            '000 §7(一)3',
            app.unableToCareForSelf === undefined
              ? '脑血管意外及其后遗症、重度老年痴呆、帕金森病或帕金森综合征申请家庭病床，须说明是否生活不能自理'
              : '脑血管意外及其后遗症、重度老年痴呆、帕金森病或帕金森综合征须生活不能自理方可建床',
          ),
        );
      }
      break;
    case 'fracture_long_bed_rest':
      if (app.fractureType === undefined || !qualifyingFractures.includes(app.fractureType)) {
        out.push(
          unmet(
            'CONDITION_FRACTURE_TYPE',
            '000 §7(一)4',
            app.fractureType === undefined
              ? '骨折申请家庭病床，须注明骨折类型（仅限股骨颈骨折、股骨头坏死或股骨头置换术后、髋关节骨折或置换术后）'
              : '该骨折类型不在家庭病床范围内（仅限股骨颈骨折、股骨头坏死或股骨头置换术后、髋关节骨折或置换术后）',
          ),
        );
      }
      break;
    case 'chronic_heart_failure':
      // "三级以上" includes grade III: in PRC legal usage "以上" includes the number itself (Civil Code art. 1259).
      if (app.heartFailureGrade === undefined || app.heartFailureGrade < 3) {
        out.push(
          unmet(
            'CONDITION_HEART_FAILURE_GRADE',
            '000 §7(一)5',
            app.heartFailureGrade === undefined
              ? '慢性心功能不全申请家庭病床，须注明心功能分级（须三级及以上）'
              : `心功能${app.heartFailureGrade}级，未达到慢性心功能不全三级及以上`,
          ),
        );
      }
      break;
    default:
      break;
  }
  return out;
}

/**
 * Whether the 000 §8 ¶2 referral steps happened in the order the text lists them: the referring
 * hospital fills the 转诊审核表, its department reviews it, then it is filed with the agency
 * (应填写转诊审核表，经…相关科室审核，并通过国家医疗保障信息平台上报…备案). Same-day steps are in order.
 */
function referralInOrder(r: NonNullable<FamilyBedApplication['referral']>): boolean {
  if (r.departmentReviewedOn < r.referralReviewedOn) return false;
  if (r.filedOn !== undefined && (r.filedOn < r.referralReviewedOn || r.filedOn < r.departmentReviewedOn)) return false;
  return true;
}

/**
 * Every unmet criterion for opening a family bed, never just the first; [] when eligible.
 * 000 §7 (conditions, mobility, guardian), §8 (referral), §9 (documents); DOMAIN §1
 */
export function familyBedEligibility(app: CareRecordOf<FamilyBedApplication>, applicationDate: IsoDate): UnmetCriterion[] {
  const out: UnmetCriterion[] = [];

  // 000 §7(一): the condition and the facts it requires
  out.push(...conditionCriteria(app));

  // 000 §7(一), §9: records from a level-2+ institution within the last two years
  const level2Plus = app.records.filter((r) => r.institutionLevel >= 2);
  const recent = level2Plus.filter((r) => withinTwoYears(r.date, applicationDate));
  if (recent.length === 0) {
    const since = twoYearsBefore(applicationDate);
    out.push(
      unmet('RECORDS_MISSING', '000 §7(一), §9', `缺少近两年来（${since}至${applicationDate}）二级及以上医疗机构的住院或门诊诊疗记录`),
    );
    if (level2Plus.length > 0 && level2Plus.every((r) => r.date < since)) {
      const latest = level2Plus.reduce((a, r) => (r.date > a ? r.date : a), level2Plus[0].date);
      out.push(
        unmet(
          'RECORDS_TOO_OLD',
          '000 §7(一), §9',
          `二级及以上医疗机构的诊疗记录均早于${since}（最近一次为${latest}），超过两年的记录不予认可`,
        ),
      );
    }
  }
  const future = app.records.filter((r) => r.date > applicationDate);
  if (future.length > 0) {
    out.push(
      unmet(
        'RECORD_AFTER_APPLICATION',
        '000 §7(一), §9',
        `诊疗记录日期晚于申请日期${applicationDate}：${future.map((r) => `${r.institutionName} ${r.date}`).join('、')}，请核对`,
      ),
    );
  }

  // 000 §7(二): moderate or worse functional impairment, and hospital visits difficult
  if (!atLeast(app.functionalImpairment, 'moderate')) {
    out.push(
      unmet(
        'IMPAIRMENT_INSUFFICIENT',
        '000 §7(二)',
        `功能障碍评定为“${impairmentNames[app.functionalImpairment]}”，须生活部分不能自理（中度及中度以上功能障碍）`,
      ),
    );
  }
  if (!app.mobilityDifficulty) {
    out.push(unmet('MOBILITY_NOT_LIMITED', '000 §7(二)', '参保人须因体弱行动不便、长期卧床等，到医疗机构连续就诊有困难'));
  }

  // 000 §7(三)
  if (app.guardian === null) {
    out.push(unmet('GUARDIAN_MISSING', '000 §7(三)', '家中须至少有一名监护人或委托监护人，与建床医疗机构保持随时联系并协助护理'));
  }

  // 000 §9: diagnosis certificate always; examination reports unless re-opening for the same disease
  if (!app.documents.diagnosisCertificate) {
    out.push(unmet('DIAGNOSIS_CERTIFICATE_MISSING', '000 §9', '未提交近两年来二级及以上医疗机构开具的相关疾病诊断证明'));
  }
  if (!app.documents.examinationReports && !app.reopeningSameDisease) {
    out.push(
      unmet(
        'EXAMINATION_REPORTS_MISSING',
        '000 §9',
        '首次建床须提交近两年来二级及以上医疗机构的检查报告（因同一疾病再次建床的可不重复提交）',
      ),
    );
  }

  // 000 §8 ¶2. Soft (hard: false): the referral is not one of the §7 conditions for opening a bed;
  // it only earns the deductible reduction (备案后，可减免其家庭病床治疗的起付标准). An out-of-order
  // referral therefore costs the reduction (see `deductibleTreatment`) but does not block the bed.
  if (app.referral && !referralInOrder(app.referral)) {
    const r = app.referral;
    out.push(
      unmet(
        'REFERRAL_REVIEW_ORDER',
        '000 §8',
        `转诊手续顺序不符：应先填写转诊审核表（${r.referralReviewedOn}），再经科室审核（${r.departmentReviewedOn}），` +
          `后上报医保经办机构备案（${r.filedOn ?? '未备案'}）；不影响建床，但不能据此减免起付标准`,
        false,
      ),
    );
  }

  return out;
}

/**
 * Every unmet criterion for geriatric-ward settlement, never just the first; [] when eligible.
 * 000 §13 (一)–(四); DOMAIN §2
 */
export function geriatricWardEligibility(
  app: CareRecordOf<GeriatricWardApplication>,
  applicationDate: IsoDate,
  opts: { expertPanelApproved?: boolean } = {},
): UnmetCriterion[] {
  const out: UnmetCriterion[] = [];
  // 000 §13(一): 年龄在60周岁（含60周岁）以上
  const age = ageOn(applicantBirthDate(app.person), applicationDate);
  if (age < 60) {
    out.push(unmet('AGE_UNDER_60', '000 §13(一)', `申请日（${applicationDate}）参保人年满${age}周岁，老年病区须年满60周岁（含60周岁）`));
  }
  // 000 §13(二)
  if (!app.meetsAdmissionCriteria) {
    out.push(unmet('ADMISSION_CRITERIA_NOT_MET', '000 §13(二)', '病情不符合住院条件'));
  }
  // 000 §13(三)
  if (!atLeast(app.dependence, 'severe')) {
    out.push(
      unmet(
        'DEPENDENCE_INSUFFICIENT',
        '000 §13(三)',
        `日常生活能力评定为“${impairmentNames[app.dependence]}”，须生活重度或完全不能自理（重度功能障碍，按《江门市基本医疗保险老年病区日常生活能力评定量表》评定）`,
      ),
    );
  }
  // 000 §13(四)5.: "其他情形" only with the expert panel's agreement (organised by the local agency)
  if (app.qualifier === 'expert_panel_approved' && opts.expertPanelApproved !== true) {
    out.push(unmet('QUALIFIER_NEEDS_PANEL', '000 §13(四)5', '属“其他情形”的，须经属地医保经办机构组织的医疗专家组会审同意'));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Openings per year, transfers, referral deductible
// ---------------------------------------------------------------------------------------------

/** 000 §10: 基本医疗保险年度内参保人可申请建床2次. */
export const MAX_OPENINGS_PER_YEAR = 2;

/** Openings whose opening date falls in `year` (the insurance year is the calendar year). 000 §10; DOMAIN §0, §11 */
export function openingsInYear(openedOns: IsoDate[], year: number): number {
  return openedOns.filter((d) => yearOf(d) === year).length;
}

/**
 * True when opening on `openingDate` would be the 3rd+ family-bed opening of that calendar year:
 * the agency's expert panel must review it first (需增加建床次数的，由属地医保经办机构聘请医疗专家组
 * 会审后方可建床). 000 §10; DOMAIN §11. (A transfer between family bed and geriatric ward needs the
 * panel anyway, whatever the count: 000 §10 last sentence.)
 */
export function needsPanelForOpening(previousOpenedOns: IsoDate[], openingDate: IsoDate): boolean {
  return openingsInYear(previousOpenedOns, yearOf(openingDate)) >= MAX_OPENINGS_PER_YEAR;
}

/** 000 §10; DOMAIN §11: a transfer closes the old episode on `closedOn` and opens the new one the day after. */
export function transferOpeningDate(closedOn: IsoDate): IsoDate {
  return addDays(closedOn, 1);
}

/**
 * 000 §8 ¶2: once the referral is filed with the agency (备案后), the family-bed deductible may be
 * reduced or waived (可减免). A filing dated before the form or the department review is not a
 * filing of the reviewed referral, so it earns nothing (REFERRAL_REVIEW_ORDER).
 */
export function deductibleTreatment(referral: FamilyBedApplication['referral']): 'standard' | 'reduced_or_waived' {
  if (!referral || referral.filedOn === undefined) return 'standard';
  return referralInOrder(referral) ? 'reduced_or_waived' : 'standard';
}

// ---------------------------------------------------------------------------------------------
// Outpatient payment while an episode is open
// ---------------------------------------------------------------------------------------------

export interface EpisodeSpan {
  episodeId: string;
  kind: CareKind;
  openedOn: IsoDate;
  closedOn: IsoDate | null;
}

function covers(e: EpisodeSpan, date: IsoDate): boolean {
  return e.openedOn <= date && (e.closedOn === null || date <= e.closedOn);
}

/**
 * 000 §12: 设立家庭病床期间，普通门诊、门诊特定病种医疗费用，基本医疗保险基金不予支付. A family-bed
 * episode covers openedOn..closedOn inclusive (DOMAIN §11: the closing day is not paid); closedOn
 * null = still open.
 *
 * A geriatric-ward stay does NOT block outpatient payment here. §12 sits in the family-bed chapter
 * and names only "设立家庭病床期间"; Chapter 4 (§13–§14) has no counterpart: §13 defines the ward as
 * an inpatient ward (老年病住院病区) and governs which of the inpatient costs (住院治疗发生的医疗费用)
 * it settles, and §14 only says when its settlement method stops (停止老年病区结算方式). Withholding
 * a benefit needs a text; duplicate inpatient/outpatient claims are for the ordinary settlement
 * rules, not this one. (DOMAIN §11 gives both kinds inclusive dates, but cites §12 — a family-bed
 * rule — for the outpatient consequence.)
 */
export function outpatientPayable(episodes: EpisodeSpan[], date: IsoDate): { payable: boolean; episode?: EpisodeSpan; reason: string } {
  const blocking = episodes
    .filter((e) => e.kind === 'family_bed' && covers(e, date))
    .sort((a, b) => (a.openedOn < b.openedOn ? -1 : a.openedOn > b.openedOn ? 1 : 0))[0];
  if (blocking) {
    const span =
      blocking.closedOn === null ? `自${blocking.openedOn}起，尚未撤床` : `${blocking.openedOn}至${blocking.closedOn}，撤床当日计入`;
    return {
      payable: false,
      episode: blocking,
      reason: `${date}处于家庭病床期间（${span}），普通门诊、门诊特定病种医疗费用基本医疗保险基金不予支付（000 §12）`,
    };
  }
  const ward = episodes.find((e) => e.kind === 'geriatric_ward' && covers(e, date));
  return {
    payable: true,
    reason: ward
      ? `${date}不在家庭病床期间；${careKindNames.geriatric_ward}期间（${ward.openedOn}起）不属于000 §12不予支付的情形`
      : `${date}不在家庭病床期间，门诊医疗费用可按规定支付`,
  };
}

// ---------------------------------------------------------------------------------------------
// Hospital admission while an episode holds the person
// ---------------------------------------------------------------------------------------------

/**
 * Why a hospital admission is refused while the person's episode is open or closed but not yet
 * settled, citing the article of that kind of episode:
 * - family bed: 000 §12 — 如因病情需要转入医疗机构住院的，应及时办理撤去家庭病床结算手续;
 * - geriatric ward: 000 §14(三) — 病情变化，受定点医疗机构服务条件限制，需转医院进一步治疗的，
 *   停止老年病区结算方式并办理费用结算手续 (§12 is the family-bed chapter and does not apply).
 */
export function admissionRefusal(episode: { kind: CareKind; openedOn: IsoDate | null }): { article: string; message: string } {
  const since = episode.openedOn ? `（${episode.openedOn} 起）` : '';
  if (episode.kind === 'geriatric_ward') {
    return {
      article: '000 §14(三)',
      message: `该参保人在老年病区住院${since}，尚未停止老年病区结算方式并办理费用结算，须先办理结算手续后方可转医院住院（000 §14(三)）`,
    };
  }
  return {
    article: '000 §12',
    message: `该参保人有家庭病床${since}尚未撤床结算，须先撤床并办理结算后方可住院（000 §12）`,
  };
}
