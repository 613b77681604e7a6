/**
 * The typed client of the public HTTP API (same origin; one function per endpoint the page uses).
 * Request types come from the domain's zod schemas; response types mirror the route views
 * (api/routes/*.ts: caseView, fundView, noticeView, the calendar GET), written with domain types.
 * Every refusal arrives as `{ code, message, facts?, issues? }` and is thrown as an ApiError whose
 * message is the API's own Chinese text.
 */
import type { z } from 'zod';
import type { CareKind, UnmetCriterion } from '../../domain/care-episode';
import type { EpisodeStatus, familyBedRequestSchema } from '../../domain/care-process';
import type {
  ApplicantDocuments,
  CertificationAction,
  CertificationStanding,
  CertificationStatus,
  createCertificationSchema,
} from '../../domain/certification';
import type { IsoDate } from '../../domain/dates';
import type { FundRequestKind, FundRequestStatus } from '../../domain/fund-request';
import type { Jurisdiction, Role } from '../../domain/people';
import type { CaseActionRequest, CaseStatus, Channel, ClerkStep, createCaseRequestSchema } from '../../domain/service-case';

export interface User {
  username: string;
  role: Role;
  jurisdiction: Jurisdiction;
  displayName: string;
  /** institution users: the code of the institution they act as */
  institutionCode?: string;
}

export interface CaseView {
  id: string;
  itemCode: string;
  applicationNo: string;
  jurisdiction: Jurisdiction;
  channel: Channel;
  /** ID and phone numbers as the API returns them (masked in lists and for non-case-workers) */
  applicant: { name: string; idNumber: string; phone: string | null };
  status: CaseStatus;
  statusName: string;
  pendingStep: ClerkStep | null;
  completedSteps: string[];
  /** each step taken, by whom (its 经办人), when, with the note */
  steps: StepTaken[];
  /** the pending 退回补正: what the applicant must correct, told at once */
  correction: {
    step: ClerkStep;
    by: string;
    at: string;
    missingMaterials: string[];
    reason: string | null;
    note: string | null;
    pausedDueDate: IsoDate | null;
  } | null;
  assignee: string | null;
  createdBy: string;
  appliedAt: string;
  /** the day of acceptance (收件日): the working days count from the day after */
  acceptedOn: IsoDate | null;
  deadline: {
    /** the day the working days count from (receipt, acceptance or resubmission); the day itself does not count */
    countedFrom: IsoDate | null;
    workingDays: number | null;
    dueDate: IsoDate;
    dueAt: string;
    provisional: boolean;
    overdue: boolean;
    remindedAt: string | null;
    breachedAt: string | null;
  } | null;
  closedAt: string | null;
  rejection: { reason: string; returnedMaterials: string[]; note: string | null } | null;
  disbursedFen: number | null;
  version: number;
}

export interface StepTaken {
  step: string;
  by: string;
  at: string;
  note?: string;
  byName?: string | null;
}

export interface HistoryEvent {
  seq: number;
  at: string;
  actor: string;
  actorName?: string | null;
  role: string;
  office: string;
  action: string;
  reason: string | null;
  note?: string | null;
}

export interface CaseDetail extends CaseView {
  assigneeName?: string | null;
  item: { name: string; steps: string[]; timeLimitKind: string; timeLimitDays: number | null; onlineTimeLimitDays?: number | null } | null;
  history: HistoryEvent[];
}

export interface Page<T> {
  total: number;
  page: number;
  pageSize: number;
  items: T[];
}

export interface CatalogueItem {
  code: string;
  seq: number;
  name: string;
  group: string;
  steps: string[];
  timeLimitKind: string;
  timeLimitDays: number | null;
  handlingLevels: string[];
}

export interface FundRequestView {
  id: string;
  kind: FundRequestKind;
  agency: Jurisdiction;
  period: string;
  status: FundRequestStatus;
  statusName: string;
  basisFen: number;
  carryoverFen: number;
  proposedFen: number;
  amountFen: number;
  calculation: { label: string; amountFen: number }[];
  dueDate: IsoDate | null;
  submittedOn: IsoDate | null;
  late: boolean;
  /** e.g. a 0.00-yuan request, flagged before submission and approval */
  warnings?: { code: string; message: string }[];
}

export interface NoticeView {
  id: string;
  jurisdiction: Jurisdiction;
  caseId: string | null;
  template: string;
  subject: string;
  body: string;
  createdAt: string;
  status: string;
  statusName: string;
  deliveries: { channel: string; status: string; statusName: string; attempts: number; lastError: string | null; sentAt: string | null }[];
}

export interface CalendarDay {
  date: IsoDate;
  name: string;
}
export interface CalendarStatus {
  today: IsoDate;
  loadedYears: number[];
  missingNextYear: { year: number; since: IsoDate } | null;
}
export interface CalendarYear {
  year: number;
  notice: string;
  loadedBy?: string;
  loadedAt?: string;
  holidays: CalendarDay[];
  makeupWorkdays: CalendarDay[];
}

/** GET /supervision/summary (api/routes/supervision.ts) */
export type ProcessKey = 'service_case' | 'care_episode' | 'fund_request' | 'certification';
export interface SupervisionCounts {
  open: number;
  breached: number;
  overdue?: number;
}
export interface SupervisionSummary {
  asOf: string;
  processes: Record<ProcessKey, string>;
  counties: ({ county: Jurisdiction } & Record<ProcessKey, SupervisionCounts>)[];
}

/** episodeView (api/routes/care.ts) */
export interface EpisodeView {
  id: string;
  kind: CareKind;
  applicationNo: string;
  applicationDate: IsoDate;
  jurisdiction: Jurisdiction;
  insuredCounty: Jurisdiction;
  person: { name: string; idNumber: string; birthDate: IsoDate };
  condition: string | null;
  status: EpisodeStatus;
  statusName: string;
  eligibility: UnmetCriterion[];
  panel: { required: boolean; reasons: string[]; decision: unknown };
  openedOn: IsoDate | null;
  closedOn: IsoDate | null;
  reviewDeadline: { dueDate: IsoDate; dueAt: string; provisional?: boolean; remindedAt: string | null; breachedAt: string | null } | null;
  rejectionReason: string | null;
  createdBy: string;
  version: number;
}
export type FamilyBedBody = z.input<typeof familyBedRequestSchema>;

/** GET /special-disease/diseases */
export interface SpecialDiseaseItem {
  code: string;
  name: string;
  periodMonths: number;
  active: boolean;
  institutions: { diseaseCode: string; institutionCode: string; institutionName: string }[];
}

/** certificationView (api/routes/special-disease.ts) */
export interface CertificationView {
  id: string;
  diseaseCode: string;
  institutionCode: string | null;
  jurisdiction: Jurisdiction;
  /** 参保地 (the agency that acts) and the certifying institution's county */
  insuredPlace: Jurisdiction;
  institutionCounty: Jurisdiction | null;
  offsite: boolean;
  treatingHospital: { name: string; place: string } | null;
  person: { name: string; idNumber: string };
  /** the status as it stands today (a period already over is never 有效); recordedStatus is the workflow's */
  status: CertificationStanding;
  statusName: string;
  recordedStatus: CertificationStatus;
  period: { start: IsoDate; end: IsoDate };
  windows: { windowOpens: IsoDate; lastValidDay: IsoDate; graceStarts: IsoDate; graceEnds: IsoDate; lapsesOn: IsoDate };
  /** whether a renewal can be made today, and when the window opens (renewalOffer, domain/certification.ts) */
  renewal: { open: boolean; timing: 'too_early' | 'on_time' | 'late' | 'lapsed'; opensOn: IsoDate; closesOn: IsoDate; message: string };
  terminatedOn: IsoDate | null;
  lapsedOn: IsoDate | null;
  source: 'institution' | 'offsite_application';
  createdBy: string;
  version: number;
}
export type CreateCertificationBody = z.input<typeof createCertificationSchema>;

export type CaseQuery = { itemCode?: string; status?: CaseStatus; county?: Jurisdiction; page?: number; pageSize?: number };
export type CreateCaseBody = z.input<typeof createCaseRequestSchema>;

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly issues: { path: string; message: string }[] = [],
    /** the refusal's facts (e.g. the renewal windows of RENEWAL_WINDOW_CLOSED) */
    readonly facts: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

// The token lives in this tab only (sessionStorage), never in localStorage or a cookie.
const TOKEN_KEY = 'workbench.session';
let session: { token: string; user: User } | null = readSession();
let onUnauthorized: () => void = () => {};

function readSession(): { token: string; user: User } | null {
  try {
    const raw = globalThis.sessionStorage?.getItem(TOKEN_KEY);
    return raw ? JSON.parse(raw) : null;
  } catch {
    return null;
  }
}

export function currentSession() {
  return session;
}
export function setSession(s: { token: string; user: User } | null): void {
  session = s;
  if (s) sessionStorage.setItem(TOKEN_KEY, JSON.stringify(s));
  else sessionStorage.removeItem(TOKEN_KEY);
}
/** Called when the API answers 401 (token expired): the app logs out. */
export function onSessionExpired(handler: () => void): void {
  onUnauthorized = handler;
}

/** A fresh Idempotency-Key per submission (crypto.randomUUID needs a secure context; this does not). */
export function newIdempotencyKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `web-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

async function call<T>(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T }> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(session ? { authorization: `Bearer ${session.token}` } : {}),
        ...headers,
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
  } catch {
    throw new ApiError(0, 'NETWORK', '无法连接经办服务，请检查网络后重试');
  }
  const text = await res.text();
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    /* not JSON: reported below */
  }
  if (!res.ok) {
    if (res.status === 401 && path !== '/auth/token') onUnauthorized();
    throw new ApiError(
      res.status,
      json?.code ?? 'HTTP_ERROR',
      json?.message ?? `服务返回错误（HTTP ${res.status}）`,
      json?.issues ?? [],
      json?.facts ?? {},
    );
  }
  return { status: res.status, body: json as T };
}

const enc = encodeURIComponent;
function query(q: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

export const api = {
  login: async (username: string, password: string) =>
    (await call<{ token: string; user: User }>('POST', '/auth/token', { username, password })).body,

  catalogue: async () => (await call<{ items: CatalogueItem[] }>('GET', '/catalogue')).body.items,

  listCases: async (q: CaseQuery) => (await call<Page<CaseView>>('GET', `/cases${query(q)}`)).body,

  getCase: async (id: string) => (await call<CaseDetail>('GET', `/cases/${enc(id)}`)).body,

  /** 201 new case, 200 the existing one with the same item and application number */
  createCase: async (body: CreateCaseBody) => {
    const res = await call<CaseView>('POST', '/cases', body, { 'idempotency-key': newIdempotencyKey() });
    return { created: res.status === 201, case: res.body };
  },

  actOnCase: async (id: string, body: CaseActionRequest) =>
    (await call<CaseView>('POST', `/cases/${enc(id)}/actions`, body, { 'idempotency-key': newIdempotencyKey() })).body,

  /** 201 started now, 200 the request of that period already existed (the same one) */
  triggerFundRequest: async (body: { kind: 'turnover'; period: string }) => {
    const res = await call<FundRequestView>('POST', '/fund/requests', body);
    return { created: res.status === 201, request: res.body };
  },

  listFundRequests: async (q: { kind?: FundRequestKind }) =>
    (await call<Page<FundRequestView>>('GET', `/fund/requests${query({ ...q, pageSize: 50 })}`)).body,

  listNotices: async () => (await call<Page<NoticeView>>('GET', '/notices?pageSize=100')).body,

  retryNotice: async (id: string) =>
    (
      await call<{ noticeId: string; channels: string[] }>('POST', `/notices/${enc(id)}/retry`, undefined, {
        'idempotency-key': newIdempotencyKey(),
      })
    ).body,

  getCalendar: async (year: number) => (await call<CalendarYear>('GET', `/calendar/${year}`)).body,

  /** loaded years; from 1 November whether next year's calendar is still missing */
  calendarStatus: async () => (await call<CalendarStatus>('GET', '/calendar/status')).body,

  putCalendar: async (year: number, body: { notice: string; holidays: CalendarDay[]; makeupWorkdays: CalendarDay[] }) =>
    (await call<{ year: number; casesRecomputing: number }>('PUT', `/calendar/${year}`, body)).body,

  supervisionSummary: async () => (await call<SupervisionSummary>('GET', '/supervision/summary')).body,

  /** 201 new episode, 200 the existing one with the same person and application number */
  applyFamilyBed: async (body: FamilyBedBody) => {
    const res = await call<EpisodeView>('POST', '/care/family-beds', body, { 'idempotency-key': newIdempotencyKey() });
    return { created: res.status === 201, episode: res.body };
  },

  listEpisodes: async (q: { kind?: CareKind } = {}) =>
    (await call<Page<EpisodeView>>('GET', `/care/episodes${query({ ...q, pageSize: 50 })}`)).body,

  specialDiseases: async () => (await call<SpecialDiseaseItem[]>('GET', '/special-disease/diseases')).body,

  /** 201 new certification, 200 the person's running certification of that disease */
  createCertification: async (body: CreateCertificationBody) => {
    const res = await call<CertificationView>('POST', '/special-disease/certifications', body, { 'idempotency-key': newIdempotencyKey() });
    return { created: res.status === 201, certification: res.body };
  },

  listCertifications: async () => (await call<Page<CertificationView>>('GET', '/special-disease/certifications?pageSize=50')).body,

  getCertification: async (id: string) => (await call<CertificationView>('GET', `/special-disease/certifications/${enc(id)}`)).body,

  actOnCertification: async (
    id: string,
    body: { action: CertificationAction; reason?: string; institutionCode?: string; documents?: ApplicantDocuments },
  ) =>
    (
      await call<CertificationView>('POST', `/special-disease/certifications/${enc(id)}/actions`, body, {
        'idempotency-key': newIdempotencyKey(),
      })
    ).body,
};
