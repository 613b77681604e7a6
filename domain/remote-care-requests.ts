/**
 * The request bodies of the remote-care filing routes (api/routes/remote-care.ts), in domain/ so
 * the workbench's counter form checks exactly what the API checks, with the same messages.
 */
import { z } from 'zod';
import { idNumberSchema } from './id-number';
import { businessDateSchema, dateSchema, lineText, multilineText } from './primitives';
import { jurisdictionSchema } from './people';
import { carePlaceSchema, insuredPlaces, materialSchema, permanentReferralConditions } from './remote-care';

export const createFilingRequestSchema = z
  .object({
    filingNo: z
      .string()
      .trim()
      .regex(/^[A-Za-z0-9-]{1,40}$/, '备案编号只能含字母、数字和连字符，最长40位'),
    insuredPlace: z.enum(insuredPlaces).default('jiangmen'),
    /** 'emergency': the back-filing of 002 §6 at the agency (under 000 the institution's flag files it) */
    type: z.enum(['retired_resettled', 'long_term_residence', 'stationed_work', 'referral', 'emergency', 'other_temporary', 'maternity']),
    channel: z.enum(['counter', 'online']).default('counter'),
    place: carePlaceSchema,
    materials: z.array(materialSchema).max(20).default([]),
    personalPromise: z.boolean().default(false),
    person: z.object({ name: lineText(50), idNumber: idNumberSchema }).strict(),
    /** 002 §9(二)(三): the residence permit's or posting's last valid day */
    documentValidUntil: businessDateSchema.optional(),
    /** 002 §9(四) */
    referralCondition: z.enum(permanentReferralConditions).optional(),
    /** 000 §33: filed during a stay, before discharge settlement */
    admission: z.object({ admittedOn: dateSchema, dischargeSettledOn: dateSchema.optional() }).strict().optional(),
    /** 000 §29: refused on the spot, with the reason and the materials handed back */
    counterRefusal: z
      .object({
        // 000 §29: a refusal records its reason; a blank one is no reason
        reason: multilineText(500).refine((r) => r.trim().length > 0, '当场不予备案须填写原因（000 §29）'),
        returnedMaterials: z.array(materialSchema).max(20),
      })
      .strict()
      .optional(),
  })
  .strict();

const filingNoSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9-]{1,40}$/, '备案编号只能含字母、数字和连字符，最长40位');
const personSchema = z.object({ name: lineText(50), idNumber: idNumberSchema }).strict();

/**
 * 000 §27(一): the referring institution's push through the national platform, after its 医务科
 * (医保科) checked and stamped the 转院（诊）申请表 (附件5). The institution is the user's own.
 */
export const referralFilingRequestSchema = z
  .object({
    filingNo: filingNoSchema,
    insuredPlace: z.enum(insuredPlaces).default('jiangmen'),
    person: personSchema,
    place: carePlaceSchema,
    /** the stamped 转院（诊）申请表 (附件5) */
    formRef: lineText(60),
    /** 002 §9(四) */
    referralCondition: z.enum(permanentReferralConditions).optional(),
    /** 000 §33: pushed during a stay, before discharge settlement */
    admission: z.object({ admittedOn: dateSchema, dischargeSettledOn: dateSchema.optional() }).strict().optional(),
  })
  .strict();

/**
 * 000 §27(二): the visit an institution registered (门诊结算 or 入院登记) with its emergency flag
 * (门诊急诊转诊标志 / 住院类型), routed to the insured place's agency. The visit number is the filing's.
 */
export const emergencyVisitRequestSchema = z
  .object({
    visitNo: filingNoSchema,
    insuredPlace: z.enum(insuredPlaces).default('jiangmen'),
    /** the insured place's agency (参保地经办机构) the platform routes the visit to */
    insuredAgency: jurisdictionSchema,
    person: personSchema,
    place: carePlaceSchema,
    institutionName: lineText(100),
    care: z.enum(['outpatient', 'inpatient']),
    /** 门诊急诊转诊标志 / 住院类型 = 急诊 */
    emergency: z.boolean(),
    /** the outpatient visit's day or the admission's (入院登记) */
    visitOn: dateSchema,
    dischargeSettledOn: dateSchema.optional(),
  })
  .strict();
