/**
 * Medical assistance as the API shows it (api/routes/assistance.ts, api/routes/assistance-reports.ts):
 * the departments' pushes, a recipient's identities and the date question's answer (001 §5–§11), the
 * subsidised enrolments and their payment ledgers (001 §5–§6), the quarterly disclosure (001 §25,
 * 附件2), the outreach list (001 §22) and the statistics (001 §28), typed with the domain's enums.
 * The workbench types its assistance pages from these.
 */
import { z } from 'zod';
import { pushingDepartments, recipientCategories, recipientKinds } from '../assistance-recipient';
import { jurisdictionSchema } from '../people';
import { enrolmentPaths, enrolmentStatuses } from '../subsidised-enrolment';

const personViewSchema = z.object({ name: z.string(), idNumber: z.string() });

export const pushOutcomeSchema = z.object({
  identityId: z.string(),
  personKey: z.string(),
  outcome: z.enum(['created', 'changed', 'unchanged']),
  version: z.number().int(),
  row: z.number().int().optional(),
  /**
   * the subsidised-enrolment process started for a new identity of a subsidised category (001 §5),
   * or the running one a later push reached (identityChanged, 001 §6)
   */
  enrolmentId: z.string().optional(),
});
export const identityImportResultSchema = z.object({
  file: z.string(),
  rows: z.number().int(),
  created: z.number().int(),
  changed: z.number().int(),
  unchanged: z.number().int(),
  alreadyImported: z.boolean(),
  outcomes: z.array(pushOutcomeSchema),
});
const identityOnDateSchema = z.object({
  identityId: z.string(),
  agency: jurisdictionSchema,
  category: z.enum(recipientCategories),
  categoryName: z.string(),
  kind: z.enum(recipientKinds),
  recognizedOn: z.string(),
  terminatedOn: z.string().nullable(),
  department: z.enum(pushingDepartments),
  benefitFrom: z.string(),
  benefitTo: z.string().nullable(),
  article: z.string(),
  version: z.number().int(),
  receivedOn: z.string(),
});
/** 001 §10–§11: is the person a recipient on the date, in which category, and why */
export const recipientAnswerSchema = z.object({
  date: z.string(),
  recipient: z.boolean(),
  category: z.enum(recipientCategories).nullable(),
  categoryName: z.string().nullable(),
  kind: z.enum(recipientKinds).nullable(),
  identities: z.array(identityOnDateSchema),
  reason: z.string(),
});
const versionViewSchema = z.object({
  version: z.number().int(),
  snapshot: z.unknown(),
  source: z.string(),
  receivedOn: z.string(),
  receivedAt: z.string(),
  receivedBy: z.string(),
});
export const identityViewSchema = z.object({
  identityId: z.string(),
  agency: jurisdictionSchema,
  category: z.enum(recipientCategories),
  categoryName: z.string(),
  kind: z.enum(recipientKinds),
  kindName: z.string(),
  recognizedOn: z.string(),
  terminatedOn: z.string().nullable(),
  department: z.enum(pushingDepartments),
  departmentName: z.string(),
  departmentRef: z.string().nullable(),
  benefitFrom: z.string(),
  benefitTo: z.string().nullable(),
  article: z.string(),
  version: z.number().int(),
  receivedOn: z.string(),
});
export const recipientPageSchema = z.object({
  personKey: z.string(),
  person: personViewSchema,
  today: recipientAnswerSchema,
  identities: z.array(identityViewSchema.extend({ versions: z.array(versionViewSchema) })),
});
export const recipientListItemSchema = identityViewSchema.extend({ personKey: z.string(), person: personViewSchema });

const enrolmentYearSchema = z.object({
  year: z.number().int(),
  amountFen: z.number().int(),
  ledgerKey: z.string(),
  generatedOn: z.string(),
  delivery: z.enum(['pending', 'sent', 'failed', 'covered']),
  entryId: z.string().nullable(),
  /** covered: the enrolment that subsidised the person's year (001 §6, one subsidy a year) */
  coveredBy: z.string().optional(),
});
/** 资助参保 (001 §5–§6) */
export const enrolmentViewSchema = z.object({
  id: z.string(),
  identityId: z.string(),
  person: personViewSchema,
  agency: jurisdictionSchema,
  category: z.enum(recipientCategories),
  categoryName: z.string(),
  receivedOn: z.string(),
  status: z.enum(enrolmentStatuses),
  statusName: z.string(),
  path: z.enum(enrolmentPaths).nullable(),
  pathName: z.string().nullable(),
  check: z.object({ asOf: z.string(), scheme: z.string(), place: z.string().nullable(), placeName: z.string().nullable() }).nullable(),
  choice: z.object({ choice: z.string(), contactedOn: z.string(), promiseRef: z.string().optional() }).nullable(),
  suspendedOn: z.string().nullable(),
  employeeRule: z.string().nullable(),
  registration: z.object({ year: z.number().int(), registeredOn: z.string(), platformRef: z.string() }).nullable(),
  years: z.array(enrolmentYearSchema),
  dueDate: z.string().nullable(),
  breachedAt: z.string().nullable(),
  version: z.number().int(),
});
/** a payment ledger (缴费台账, 001 §6) and its push to the collection department */
export const paymentLedgerViewSchema = z.object({
  id: z.string(),
  ledgerKey: z.string(),
  enrolmentId: z.string(),
  agency: jurisdictionSchema,
  year: z.number().int(),
  category: z.enum(recipientCategories),
  amountFen: z.number().int(),
  status: z.enum(['pending', 'sent', 'failed']),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  sentAt: z.string().nullable(),
  createdAt: z.string(),
  entryId: z.string().nullable(),
});

const disclosureRowSchema = z.object({
  no: z.number().int(),
  category: z.string(),
  name: z.string(),
  occasions: z.number().int().nullable(),
  amountFen: z.number().int(),
});
const objectionSchema = z.object({
  id: z.string(),
  receivedOn: z.string(),
  submitter: z.string(),
  content: z.string(),
  recordedBy: z.string(),
  recordedAt: z.string(),
  answer: z.string().nullable(),
  answeredBy: z.string().nullable(),
  answeredAt: z.string().nullable(),
});
export const disclosureStatuses = ['draft', 'reviewed', 'published', 'superseded'] as const;
/** 001 §25, 附件2: one version of a quarter's disclosure and its objections */
export const disclosureViewSchema = z.object({
  id: z.string(),
  agency: jurisdictionSchema,
  quarter: z.string(),
  version: z.number().int(),
  status: z.enum(disclosureStatuses),
  periodFrom: z.string(),
  periodTo: z.string(),
  rows: z.array(disclosureRowSchema),
  totalOccasions: z.number().int(),
  totalFen: z.number().int(),
  ledgerSpendingFen: z.number().int(),
  builtBy: z.string(),
  builtAt: z.string(),
  reviewedBy: z.string().nullable(),
  reviewedAt: z.string().nullable(),
  publishedBy: z.string().nullable(),
  publishedAt: z.string().nullable(),
  publishedOn: z.string().nullable(),
  objectionUntil: z.string().nullable(),
  objectionClosedAt: z.string().nullable(),
  correctionOf: z.string().nullable(),
  correctionReason: z.string().nullable(),
  objections: z.array(objectionSchema),
});
/** 001 §28 */
export const assistanceStatisticsSchema = z.object({
  agency: jurisdictionSchema,
  period: z.string(),
  label: z.string(),
  from: z.string(),
  to: z.string(),
  byAccount: z.array(z.object({ account: z.string(), name: z.string(), amountFen: z.number().int() })),
  byCategory: z.array(disclosureRowSchema),
  totalOccasions: z.number().int(),
  totalFen: z.number().int(),
});
export const outreachStatuses = ['notified', 'applied', 'declined'] as const;
/** 001 §22: a person told to apply for assistance, and whether they have */
export const outreachViewSchema = z.object({
  id: z.string(),
  agency: jurisdictionSchema,
  year: z.number().int(),
  personKey: z.string(),
  personName: z.string(),
  claims: z.array(z.object({ claimId: z.string(), claimNo: z.string(), amountFen: z.number().int() })),
  totalFen: z.number().int(),
  status: z.enum(outreachStatuses),
  noticeId: z.string().nullable(),
  notifiedAt: z.string(),
  respondedOn: z.string().nullable(),
  respondedBy: z.string().nullable(),
  note: z.string().nullable(),
});
