/**
 * A remote-care filing (异地就医备案, items 20–25) as a process: its state, the decisions on it
 * (online review, change, cancel, delivery of the promised materials) and whether each is allowed
 * now. Pure; the validity and benefit rules live in ./remote-care.
 */
import { z } from 'zod';
import { addDays, type IsoDate } from './dates';
import { DomainError } from './errors';
import { type Actor, type Jurisdiction, actorSchema } from './people';
import {
  type CarePlace,
  type FilingRecord,
  type FilingType,
  type Validity,
  carePlaceSchema,
  checkLongTermLock,
  checkMaterials,
  expiryDate,
  filingTypeNames,
  type InsuredPlace,
  type Material,
  materialSchema,
  missingMaterialsText,
  type ValidityFacts,
  checkBackFiling,
  checkCarePlace,
  checkEmergencyAtAgency,
  filingValidity,
  ruleSetOn,
} from './remote-care';
import type { HolidayCalendar } from './working-days';
import type { StatutoryDeadline } from './working-days';

export const filingStatusNames: Record<FilingRecord['status'], string> = {
  under_review: '线上备案待审核',
  active: '备案有效',
  refused: '不予备案',
  cancelled: '已取消',
  expired: '已到期',
};

/** 000 §28: counter, online; 000 §27(一): the institution's referral push; 000 §27(二): the emergency flag. */
export const filingChannels = ['counter', 'online', 'institution_referral', 'emergency_flag'] as const;
export type FilingChannel = (typeof filingChannels)[number];

/**
 * 000 §32; 003 tips 3–4: a long-term filing made on a personal promise is reminded to deliver the
 * materials every `intervalDays` after filing (a policy: the documents set no interval) while it is
 * valid and the materials are missing. The round names the reminder, so a daily tick sends each once.
 */
export const PROMISE_REMINDER_DAYS = 30;
export function promiseReminderRound(
  filing: { status: string; personalPromise: boolean; materialsDeliveredOn: IsoDate | null; filedOn: IsoDate | null },
  today: IsoDate,
  intervalDays: number = PROMISE_REMINDER_DAYS,
): number | null {
  if (filing.status !== 'active' || !filing.personalPromise || filing.materialsDeliveredOn || !filing.filedOn) return null;
  const days = Math.round((Date.parse(`${today}T00:00:00Z`) - Date.parse(`${filing.filedOn}T00:00:00Z`)) / 86_400_000);
  const round = Math.floor(days / intervalDays);
  return round >= 1 ? round : null;
}

/** 000 §29: online filings are completed within 2 working days of receipt. */
export const ONLINE_REVIEW_WORKING_DAYS = 2;
/** The notice before a temporary filing expires (a policy default: the documents set none). */
export const EXPIRY_NOTICE_DAYS_BEFORE = 7;

export const filingActions = ['review', 'change', 'cancel', 'deliver_materials'] as const;
export type FilingAction = (typeof filingActions)[number];
const actionNames: Record<FilingAction, string> = { review: '审核', change: '变更', cancel: '取消', deliver_materials: '补齐材料' };

const reasonSchema = z.string().trim().min(1).max(500);

function filingActionMembers<E extends z.ZodRawShape>(extra: E) {
  return [
    z
      .object({
        action: z.literal('review'),
        approve: z.boolean(),
        reason: reasonSchema.optional(),
        returnedMaterials: z.array(materialSchema).max(20).optional(),
        ...extra,
      })
      .strict(),
    /** a new place of care from the day of the change */
    z.object({ action: z.literal('change'), place: carePlaceSchema, reason: reasonSchema, ...extra }).strict(),
    z.object({ action: z.literal('cancel'), reason: reasonSchema, ...extra }).strict(),
    /** 000 §32: the materials the promise stood in for */
    z.object({ action: z.literal('deliver_materials'), materials: z.array(materialSchema).min(1).max(20), ...extra }).strict(),
  ] as const;
}
export const filingActionRequestSchema = z.discriminatedUnion('action', filingActionMembers({}));
export type FilingActionRequest = z.infer<typeof filingActionRequestSchema>;
export const filingCommandSchema = z.discriminatedUnion('action', filingActionMembers({ actor: actorSchema }));
export type FilingCommand = z.infer<typeof filingCommandSchema>;

export interface FilingState extends FilingRecord {
  personKey: string;
  /** the name only: the person key stands for the ID number (store/persons.ts); runs started before it carry the number */
  person: { name: string; idNumber?: string };
  /** the agency of the insured place that handles it */
  jurisdiction: Jurisdiction;
  channel: FilingChannel;
  receivedOn: IsoDate;
  materials: Material[];
  /** what the validity depends on besides type and date (002 §9: documents, referral condition; 000 §33: the stay) */
  validityFacts: ValidityFacts;
  refusal: { reason: string; returnedMaterials: Material[] } | null;
  createdBy: Actor;
  /** online: the 2-working-day review limit (000 §29) */
  deadline: StatutoryDeadline | null;
  remindedAt: string | null;
  breachedAt: string | null;
  /** person notices already written: 'expiring_soon', 'expired', 'materials_reminder' */
  noticesDone: string[];
  version: number;
}

export function filingId(personKey: string, filingNo: string): string {
  return `remote-care:${personKey}:${filingNo}`;
}

export function checkFilingAction(state: FilingState, cmd: FilingCommand, today: IsoDate): DomainError | null {
  const { actor } = cmd;
  const facts = { status: state.status, jurisdiction: state.jurisdiction };
  if (actor.jurisdiction !== state.jurisdiction) {
    return new DomainError('OUT_OF_JURISDICTION', '该备案不属于您所在的经办机构', { ...facts, actorJurisdiction: actor.jurisdiction });
  }
  if (!['window_clerk', 'reviewer', 'approver'].includes(actor.role)) {
    return new DomainError('ROLE_NOT_ALLOWED', `${actionNames[cmd.action]}须由经办人员办理`, {
      ...facts,
      requiredRoles: ['window_clerk', 'reviewer', 'approver'],
    });
  }
  const wrongState = (allowed: FilingRecord['status'][]) =>
    new DomainError('CASE_WRONG_STATE', `备案当前为「${filingStatusNames[state.status]}」，不能${actionNames[cmd.action]}`, {
      ...facts,
      allowedIn: allowed,
    });
  switch (cmd.action) {
    case 'review':
      if (state.status !== 'under_review') return wrongState(['under_review']);
      if (!cmd.approve && !cmd.reason) return new DomainError('REASON_REQUIRED', '不予备案须说明原因（000 §29）', facts);
      return null;
    case 'change':
    case 'cancel':
      if (state.status !== 'active') return wrongState(['active']);
      if (state.validity?.admissionOnly) return wrongState([]);
      return checkLongTermLock(state, today, cmd.action === 'change' ? '变更' : '取消');
    case 'deliver_materials': {
      if (state.status !== 'active') return wrongState(['active']);
      if (!state.personalPromise || state.materialsDeliveredOn) {
        return new DomainError('CASE_WRONG_STATE', '该备案不是以个人承诺方式办理，或材料已补齐', {
          ...facts,
          personalPromise: state.personalPromise,
        });
      }
      const check = checkMaterials(state.type, [...state.materials, ...cmd.materials], false); // with what was handed in at filing
      if (!check.complete) {
        return new DomainError('MATERIALS_INCOMPLETE', `补齐材料仍缺：${missingMaterialsText(check.missing)}`, { missing: check.missing });
      }
      return null;
    }
  }
}

/** What a transition needs from outside: today, and for an approval the validity from that day. */
export interface FilingFacts {
  today: IsoDate;
  validity?: Validity;
}

export function applyFilingCommand(state: FilingState, cmd: FilingCommand, facts: FilingFacts): FilingState {
  const next: FilingState = { ...state, version: state.version + 1 };
  switch (cmd.action) {
    case 'review':
      if (!cmd.approve) {
        return {
          ...next,
          status: 'refused',
          refusal: { reason: cmd.reason!, returnedMaterials: cmd.returnedMaterials ?? state.materials },
          deadline: null,
        };
      }
      if (!facts.validity) throw new Error('approval needs the validity');
      return {
        ...next,
        status: 'active',
        filedOn: facts.today,
        validity: facts.validity,
        deadline: null,
        places: state.places.map((p, i) => (i === 0 ? { ...p, from: facts.validity!.from } : p)),
      };
    case 'change':
      return { ...next, places: [...state.places, { from: facts.today, place: cmd.place }] };
    case 'cancel':
      return { ...next, status: 'cancelled', cancelledOn: facts.today };
    case 'deliver_materials':
      return { ...next, materials: [...new Set([...state.materials, ...cmd.materials])], materialsDeliveredOn: facts.today };
  }
}

/** The person notices of a filing and the day each is due (the expiry of a temporary filing, 000 §30). */
export function filingNoticeSchedule(state: FilingState): { kind: 'expiring_soon' | 'expired'; on: IsoDate }[] {
  if (state.status !== 'active') return [];
  const expires = expiryDate(state);
  if (!expires) return [];
  return [
    { kind: 'expiring_soon' as const, on: addDays(expires, -EXPIRY_NOTICE_DAYS_BEFORE) },
    { kind: 'expired' as const, on: expires },
  ].filter((n) => !state.noticesDone.includes(n.kind));
}

export function describeFiling(s: Pick<FilingState, 'type' | 'places'>): string {
  const p: CarePlace | undefined = s.places[s.places.length - 1]?.place;
  return `${filingTypeNames[s.type as FilingType]}（${p ? p.province + p.city : ''}）`;
}

export interface OpenFilingInput {
  personKey: string;
  /** the name only: the person key stands for the ID number (store/persons.ts); runs started before it carry the number */
  person: { name: string; idNumber?: string };
  filingNo: string;
  insuredPlace: InsuredPlace;
  type: FilingType;
  place: CarePlace;
  materials: Material[];
  personalPromise: boolean;
  jurisdiction: Jurisdiction;
  channel: FilingChannel;
  createdBy: Actor;
  receivedOn: IsoDate;
  validityFacts?: ValidityFacts;
  /** 000 §29: the counter clerk refuses on the spot, with the reason and the materials handed back */
  counterRefusal?: { reason: string; returnedMaterials: Material[] };
}

/**
 * The first state of a filing, or the refusal of the request (nothing is started). Counter: the
 * materials are checked on the spot (000 §29) and the filing counts from that day; online: it waits
 * for review (the workflow sets its 2-working-day limit). The rule set is the one in force for the
 * insured place on the day of receipt (a date outside every rule set is refused with the dates).
 */
export function openFiling(input: OpenFilingInput, calendar: HolidayCalendar): FilingState {
  const rules = ruleSetOn(input.insuredPlace, input.receivedOn);
  const facts = input.validityFacts ?? {};
  const placeProblem = checkCarePlace(input.type, input.place);
  if (placeProblem) throw placeProblem;
  if (input.type === 'emergency' && input.channel !== 'emergency_flag') {
    const agency = checkEmergencyAtAgency(rules, input.materials, facts.admission);
    if (agency) throw agency;
  }
  if (facts.admission) {
    const back = checkBackFiling(rules, input.type, input.receivedOn, facts.admission, calendar);
    if (back) throw back;
  }
  const check = checkMaterials(input.type, input.materials, input.personalPromise);
  const base: FilingState = {
    filingId: filingId(input.personKey, input.filingNo),
    filingNo: input.filingNo,
    type: input.type,
    insuredPlace: input.insuredPlace,
    ruleSetId: rules.id,
    status: 'under_review',
    filedOn: null,
    validity: null,
    places: [{ from: input.receivedOn, place: input.place }],
    personalPromise: check.onPromise,
    materialsDeliveredOn: null,
    cancelledOn: null,
    personKey: input.personKey,
    person: input.person,
    jurisdiction: input.jurisdiction,
    channel: input.channel,
    receivedOn: input.receivedOn,
    materials: [...new Set(input.materials)],
    validityFacts: facts,
    refusal: null,
    createdBy: input.createdBy,
    deadline: null,
    remindedAt: null,
    breachedAt: null,
    noticesDone: [],
    version: 0,
  };
  if (input.channel === 'counter' && input.counterRefusal) {
    return { ...base, status: 'refused', refusal: input.counterRefusal };
  }
  if (!check.complete && input.channel !== 'online') {
    throw new DomainError('MATERIALS_INCOMPLETE', `材料不齐，不予受理：缺${missingMaterialsText(check.missing)}（000 §29）`, {
      missing: check.missing,
      returnedMaterials: input.materials,
      article: '000 §29',
    });
  }
  if (input.channel === 'online') return base;
  const validity = filingValidity(rules, input.type, input.receivedOn, facts);
  return { ...base, status: 'active', filedOn: input.receivedOn, validity, places: [{ from: validity.from, place: input.place }] };
}

export type { InsuredPlace };
