/**
 * The one visibility-and-masking policy (DOMAIN §10): who may read which record of which
 * jurisdiction or institution, and when an ID number is shown in full. Pure; every list and detail
 * route applies it (api/visibility.ts turns a scope into the query's filter, so lists are filtered
 * in the database, never after a capped fetch). Acting is a separate, narrower rule: always one's
 * own jurisdiction, checked by each process's validator.
 *
 * The matrix (role × record kind). "own" is the actor's own jurisdiction (agency); "oversight" is
 * the own jurisdiction, and every county for the 市本级 (municipal) office; "institution" is the
 * records of the actor's own institution only; "—" is no access (403).
 *
 * | record kind    | window_clerk | reviewer | approver | finance | supervisor | admin     | institution | expert_panel | fiscal |
 * | service_case   | own          | own      | own      | own     | oversight  | oversight | institution | —            | —      |
 * | care_episode   | own          | own      | own      | own     | oversight  | oversight | institution | own          | —      |
 * | certification  | own          | own      | own      | —       | oversight  | oversight | institution | —            | —      |
 * | fund_request   | —            | —        | —        | own     | oversight  | oversight | —           | —            | own    |
 * | ledger         | —            | —        | —        | own     | oversight  | —         | —           | —            | —      |
 * | notice         | own          | own      | own      | —       | oversight  | oversight | —           | —            | —      |
 * | person_contact | own          | —        | —        | —       | oversight  | oversight | —           | —            | —      |
 * | remote_care_filing | own      | own      | own      | —       | oversight  | oversight | —           | —            | —      |
 * | assistance_recipient | own  | own      | own      | own     | own        | —         | —           | —            | —      |
 * | reimbursement_claim | own     | own      | own      | own     | oversight  | oversight | —           | —            | —      |
 *
 * Readings: a municipal window clerk, reviewer or institution works for 市本级 and sees 市本级's
 * records only (oversight of the counties is the supervisors' and the administrator's, 001 §22);
 * fund requests and the books are the agency's finance business (001 §19–§21), the finance
 * department (fiscal) sees its agency's requests, institutions none; a person's notice contact
 * belongs to the agency of the insured place (参保地).
 */
import type { Actor, Jurisdiction, Role } from './people';
import { jurisdictions } from './people';

export const recordKinds = [
  'service_case',
  'care_episode',
  'certification',
  'fund_request',
  'ledger',
  'notice',
  'person_contact',
  'remote_care_filing',
  'assistance_recipient',
  'reimbursement_claim',
] as const;
export type RecordKind = (typeof recordKinds)[number];

type Reach = 'own' | 'oversight' | 'institution';

const matrix: Record<RecordKind, Partial<Record<Role, Reach>>> = {
  service_case: {
    window_clerk: 'own',
    reviewer: 'own',
    approver: 'own',
    finance: 'own',
    supervisor: 'oversight',
    admin: 'oversight',
    institution: 'institution',
  },
  care_episode: {
    window_clerk: 'own',
    reviewer: 'own',
    approver: 'own',
    finance: 'own',
    expert_panel: 'own',
    supervisor: 'oversight',
    admin: 'oversight',
    institution: 'institution',
  },
  certification: {
    window_clerk: 'own',
    reviewer: 'own',
    approver: 'own',
    supervisor: 'oversight',
    admin: 'oversight',
    institution: 'institution',
  },
  fund_request: { finance: 'own', fiscal: 'own', supervisor: 'oversight', admin: 'oversight' },
  ledger: { finance: 'own', supervisor: 'oversight' },
  notice: { window_clerk: 'own', reviewer: 'own', approver: 'own', supervisor: 'oversight', admin: 'oversight' },
  person_contact: { window_clerk: 'own', supervisor: 'oversight', admin: 'oversight' },
  // the agency of the insured place keeps the register (000 §28); the settlement side asks filing-status
  remote_care_filing: { window_clerk: 'own', reviewer: 'own', approver: 'own', supervisor: 'oversight', admin: 'oversight' },
  // 001 §26: recipients' data serve the assistance business of the person's own agency only; the
  // municipal supervisors and administrators do not reach into the counties' recipients
  assistance_recipient: { window_clerk: 'own', reviewer: 'own', approver: 'own', finance: 'own', supervisor: 'own' },
  // the insured place's agency handles the claim (000 §23); its finance staff pay it (001 §19)
  reimbursement_claim: {
    window_clerk: 'own',
    reviewer: 'own',
    approver: 'own',
    finance: 'own',
    supervisor: 'oversight',
    admin: 'oversight',
  },
};

export const recordKindNames: Record<RecordKind, string> = {
  service_case: '案件',
  care_episode: '家庭病床/老年病区档案',
  certification: '门诊特定病种认定',
  fund_request: '资金申请',
  ledger: '医疗救助基金账目',
  notice: '参保人通知',
  person_contact: '参保人通知方式',
  remote_care_filing: '异地就医备案',
  assistance_recipient: '医疗救助对象',
  reimbursement_claim: '零星报销申请',
};

/**
 * What an actor may read of one kind: null when nothing (403); otherwise the jurisdictions (all
 * of them for municipal oversight) and, for institution users, their institution.
 */
export interface ReadScope {
  jurisdictions: readonly Jurisdiction[];
  /** only this institution's records (institution users) */
  institutionCode?: string;
}

export function readScope(actor: Actor, kind: RecordKind): ReadScope | null {
  const reach = matrix[kind][actor.role];
  if (!reach) return null;
  if (reach === 'institution') {
    // An institution user without an institution code acts as no institution: sees nothing.
    if (!actor.institutionCode) return null;
    // A certification is held by the insured place (参保地, 000 §16–§17), which may be another county
    // than the certifying institution's (a 开平 resident certified in 台山): the institution's own
    // code is what scopes it there, in every county.
    if (kind === 'certification') return { jurisdictions, institutionCode: actor.institutionCode };
    return { jurisdictions: [actor.jurisdiction], institutionCode: actor.institutionCode };
  }
  if (reach === 'oversight' && actor.jurisdiction === 'municipal') return { jurisdictions: jurisdictions };
  return { jurisdictions: [actor.jurisdiction] };
}

/** One record as the policy needs it: its jurisdiction and, where it has one, its institution. */
export interface RecordRef {
  jurisdiction: Jurisdiction;
  /** the institution that submitted or holds the record (null: none, e.g. a counter application) */
  institutionCode?: string | null;
}

export function mayRead(actor: Actor, kind: RecordKind, record: RecordRef): boolean {
  const scope = readScope(actor, kind);
  if (!scope || !scope.jurisdictions.includes(record.jurisdiction)) return false;
  return scope.institutionCode === undefined || scope.institutionCode === record.institutionCode;
}

/** Jurisdictions whose records of `kind` the actor may read (supervision counts, the notices outbox). */
export function readableJurisdictions(actor: Actor, kind: RecordKind): readonly Jurisdiction[] {
  return readScope(actor, kind)?.jurisdictions ?? [];
}

/**
 * When a full ID number is shown: only on one record's page (never in lists, logs or exports), and
 * only to those who face the person: the counter clerk who checks the ID card, and the institution
 * that submitted the record. Everyone else (reviewers, finance, supervisors, the panel) sees it
 * masked, first 6 and last 4 (001 §26 confidentiality).
 */
export function showsFullIdNumber(actor: Actor, kind: RecordKind, record: RecordRef, view: 'list' | 'detail'): boolean {
  if (view === 'list') return false;
  if (!mayRead(actor, kind, record)) return false;
  return actor.role === 'window_clerk' || actor.role === 'institution';
}

/** Who may change a person's notice contact: the window clerks of the insured county (参保地). */
export function mayChangeContact(actor: Actor, insuredCounty: Jurisdiction): boolean {
  return actor.role === 'window_clerk' && actor.jurisdiction === insuredCounty;
}

/**
 * A claimant's bank or social-security card number is shown in full to the finance staff who pay
 * it (001 §14 银行卡社会化发放), on one claim's page only; everyone else sees the last 4 digits.
 */
export function showsFullBankAccount(actor: Actor, kind: RecordKind, record: RecordRef, view: 'list' | 'detail'): boolean {
  return view === 'detail' && actor.role === 'finance' && mayRead(actor, kind, record);
}
