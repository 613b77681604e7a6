/**
 * The typed client of the public HTTP API (same origin; one function per endpoint the page uses).
 * Request types come from the domain's zod schemas; response types are inferred (`z.infer`) from
 * the view schemas in domain/views/, the same schemas the API declares as its response schemas, so
 * the page cannot drift from what the API sends.
 * Every refusal arrives as `{ code, message, facts?, issues? }` and is thrown as an ApiError whose
 * message is the API's own Chinese text.
 */
import type { z } from 'zod';
import type { CareKind } from '../../domain/care-episode';
import type { EpisodeStatus, episodeActionRequestSchema, familyBedRequestSchema } from '../../domain/care-process';
import type { ApplicantDocuments, CertificationAction, createCertificationSchema } from '../../domain/certification';
import type { FundRequestKind, FundRequestStatus, fundActionRequestSchema } from '../../domain/fund-request';
import type { Jurisdiction } from '../../domain/people';
import type { facilityActionRequestSchema } from '../../domain/outpatient-facility';
import type { filingActionRequestSchema } from '../../domain/remote-care-filing';
import type { createFilingRequestSchema } from '../../domain/remote-care-requests';
import type { CaseActionRequest, CaseStatus, createCaseRequestSchema } from '../../domain/service-case';
import type {
  assistanceStatisticsSchema,
  disclosureViewSchema,
  enrolmentViewSchema,
  recipientAnswerSchema,
} from '../../domain/views/assistance';
import type {
  calendarDayViewSchema,
  calendarImportResultSchema,
  calendarStatusSchema,
  calendarYearSchema,
} from '../../domain/views/calendar';
import type { episodeDetailSchema, episodeViewSchema } from '../../domain/views/care-episode';
import type { certificationViewSchema, coverageViewSchema, diseaseWithInstitutionsSchema } from '../../domain/views/certification';
import type { historyEventSchema, keysetPageOf, pageOf, tokenViewSchema, userViewSchema } from '../../domain/views/common';
import type { fundDetailSchema, fundViewSchema } from '../../domain/views/fund-request';
import type {
  accountLedgerSchema,
  entryViewSchema,
  settlementImportResultSchema,
  statementSchema,
  trialBalanceSchema,
} from '../../domain/views/ledger';
import type { noticeRetryViewSchema, noticeViewSchema } from '../../domain/views/notices';
import type { choiceRecordViewSchema, designatedFacilityViewSchema, facilitiesOnDateSchema } from '../../domain/views/outpatient-facility';
import type {
  filingDetailSchema,
  filingPageSchema,
  filingStatusAnswerSchema,
  filingViewSchema,
  materialsChecklistSchema,
} from '../../domain/views/remote-care';
import type { caseDetailSchema, caseViewSchema, catalogueItemSchema, catalogueSchema } from '../../domain/views/service-case';
import type { SupervisionKey, supervisionSummarySchema, urgeViewSchema } from '../../domain/views/supervision';
import type { attachmentViewSchema } from '../../domain/views/attachments';
import type { personPageSchema, personSearchAnswerSchema, personSummarySchema } from '../../domain/views/people';
import type { commentViewSchema, taskClaimViewSchema, taskPageSchema, taskViewSchema } from '../../domain/views/tasks';
import type { taskQuerySchema } from '../../domain/tasks';
import type { claimDetailSchema, claimPageSchema, claimViewSchema } from '../../domain/views/reimbursement';
import type { ClaimActionRequest } from '../../domain/reimbursement';
import type { CreateClaimRequest } from '../../domain/reimbursement-requests';

export type User = z.infer<typeof userViewSchema>;
export type TokenView = z.infer<typeof tokenViewSchema>;

/** A manual reimbursement claim (零星报销): account number masked outside finance */
export type ClaimView = z.infer<typeof claimViewSchema>;
export type ClaimDetail = z.infer<typeof claimDetailSchema>;
export type ClaimPage = z.infer<typeof claimPageSchema>;

/** ID and phone numbers as the API returns them (masked in lists and for non-case-workers) */
export type CaseView = z.infer<typeof caseViewSchema>;
export type HistoryEvent = z.infer<typeof historyEventSchema>;
export type CaseDetail = z.infer<typeof caseDetailSchema>;

/** Person search (POST /people/search) and the person page (api/routes/people.ts). */
export type PersonSummary = z.infer<typeof personSummarySchema>;
export type PersonSearchAnswer = z.infer<typeof personSearchAnswerSchema>;
export type PersonPage = z.infer<typeof personPageSchema>;

/** One task of the work queue (GET /tasks, api/routes/tasks.ts), whatever its process. */
export type TaskView = z.infer<typeof taskViewSchema>;
export type TaskPage = z.infer<typeof taskPageSchema>;
/** The filters of GET /tasks as the page sends them (defaults filled in by the API; the page size a number, coerced there). */
export type TaskQuery = Omit<z.input<typeof taskQuerySchema>, 'pageSize'> & { pageSize?: number };
export type TaskClaimView = z.infer<typeof taskClaimViewSchema>;
export type CommentView = z.infer<typeof commentViewSchema>;

/** A page of a list (pageOf in domain/views/common.ts), of the item type T. */
export type Page<T> = Omit<z.infer<ReturnType<typeof pageOf>>, 'items'> & { items: T[] };
/** A keyset-paged list (GET /notices, GET /special-disease/certifications): the cursor of the next page, null on the last. */
export type KeysetPage<T> = Omit<z.infer<ReturnType<typeof keysetPageOf>>, 'items'> & { items: T[] };

export type CatalogueItem = z.infer<typeof catalogueItemSchema>;
export type Catalogue = z.infer<typeof catalogueSchema>;
export type FundRequestView = z.infer<typeof fundViewSchema>;
export type NoticeView = z.infer<typeof noticeViewSchema>;
export type NoticeRetryView = z.infer<typeof noticeRetryViewSchema>;

export type CalendarDay = z.infer<typeof calendarDayViewSchema>;
export type CalendarStatus = z.infer<typeof calendarStatusSchema>;
export type CalendarYear = z.infer<typeof calendarYearSchema>;
export type CalendarImportResult = z.infer<typeof calendarImportResultSchema>;

/** GET /supervision/summary (api/routes/supervision.ts) */
export type ProcessKey = SupervisionKey;
export type SupervisionSummary = z.infer<typeof supervisionSummarySchema>;

export type EpisodeView = z.infer<typeof episodeViewSchema>;
/** GET /care/episodes/:id: the view, the application as filed, the history */
export type EpisodeDetail = z.infer<typeof episodeDetailSchema>;
export type EpisodeActionBody = z.input<typeof episodeActionRequestSchema>;
export type FundActionBody = z.input<typeof fundActionRequestSchema>;
export type FundRequestDetail = z.infer<typeof fundDetailSchema>;
export type FamilyBedBody = z.input<typeof familyBedRequestSchema>;

/** GET /special-disease/diseases */
export type SpecialDiseaseItem = z.infer<typeof diseaseWithInstitutionsSchema>;
export type CertificationView = z.infer<typeof certificationViewSchema>;
export type CreateCertificationBody = z.input<typeof createCertificationSchema>;
/** POST /special-disease/coverage: covered or not on that date, and why */
export type CoverageAnswer = z.infer<typeof coverageViewSchema>;

/** Remote-care filings (异地就医备案, api/routes/remote-care.ts) */
export type FilingView = z.infer<typeof filingViewSchema>;
export type FilingDetail = z.infer<typeof filingDetailSchema>;
export type FilingPage = z.infer<typeof filingPageSchema>;
export type FilingStatusView = z.infer<typeof filingStatusAnswerSchema>;
/** GET /remote-care/materials: 003's checklist per filing type */
export type MaterialsChecklist = z.infer<typeof materialsChecklistSchema>;
export type CreateFilingBody = z.input<typeof createFilingRequestSchema>;
export type FilingActionBody = z.input<typeof filingActionRequestSchema>;

/** The designated-facility register and outpatient-facility choices (api/routes/outpatient-facility.ts) */
export type DesignatedFacilityView = z.infer<typeof designatedFacilityViewSchema>;
export type ChoiceRecordView = z.infer<typeof choiceRecordViewSchema>;
export type FacilitiesOnDateView = z.infer<typeof facilitiesOnDateSchema>;
export type FacilityActionBody = z.input<typeof facilityActionRequestSchema>;

export type CaseQuery = {
  itemCode?: string;
  status?: CaseStatus;
  county?: Jurisdiction;
  /** the supervisor's drill-down: past their due time / breached */
  overdue?: 'true';
  breached?: 'true';
  page?: number;
  pageSize?: number;
  /** the `nextCursor` of the page before */
  cursor?: string;
};
export type UrgeResult = z.infer<typeof urgeViewSchema>;
export type CreateCaseBody = z.input<typeof createCaseRequestSchema>;

/** The fund's books (api/routes/ledger.ts) */
export type { Side } from '../../domain/ledger';
export type TrialBalance = z.infer<typeof trialBalanceSchema>;
export type AccountLedger = z.infer<typeof accountLedgerSchema>;
export type Statement = z.infer<typeof statementSchema>;
export type JournalEntryView = z.infer<typeof entryViewSchema>;
export type SettlementImportResult = z.infer<typeof settlementImportResultSchema>;

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

// The token lives in the tabs' memory (sessionStorage), never in localStorage or a cookie: it is
// handed from tab to tab over a BroadcastChannel (issue 18 "session shared across tabs"), so a
// new tab of a signed-in user starts signed in, a log-in or log-out in one tab is one in every tab,
// and when the last tab closes nothing of it is left on the disk.
const TOKEN_KEY = 'workbench.session';
/** The session a tab keeps is the answer of POST /auth/token. */
export type Session = TokenView;
let session: Session | null = readSession();
let onUnauthorized: () => void = () => {};

function readSession(): Session | null {
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
function keepSession(s: Session | null): void {
  session = s;
  if (s) sessionStorage.setItem(TOKEN_KEY, JSON.stringify(s));
  else sessionStorage.removeItem(TOKEN_KEY);
}

/** ask: a new tab wants the session; share: the answer; login / logout: done in one tab, for all. */
type SessionMessage = { kind: 'ask' } | { kind: 'share' | 'login'; session: Session } | { kind: 'logout' };
const sessionChannel = typeof BroadcastChannel === 'function' ? new BroadcastChannel('workbench.session') : null;
const sessionListeners = new Set<(s: Session | null) => void>();

/** Log-in (a session) or log-out (null) in this tab; every other tab follows. */
export function setSession(s: Session | null): void {
  keepSession(s);
  sessionChannel?.postMessage(s ? { kind: 'login', session: s } : { kind: 'logout' });
}
/** Called when another tab logs in or out (the page follows); returns the unsubscribe. */
export function onSessionChange(handler: (s: Session | null) => void): () => void {
  sessionListeners.add(handler);
  return () => sessionListeners.delete(handler);
}
sessionChannel?.addEventListener('message', (e: MessageEvent<SessionMessage>) => {
  const m = e.data;
  if (m?.kind === 'ask') {
    if (session) sessionChannel.postMessage({ kind: 'share', session });
    return;
  }
  // a tab already signed in keeps its own session when another tab answers an ask
  if (m?.kind === 'share' && session) return;
  if (m?.kind !== 'logout' && !(m?.kind === 'share' || m?.kind === 'login')) return;
  const next = m.kind === 'logout' ? null : m.session;
  if (next && (typeof next.token !== 'string' || typeof next.user?.username !== 'string')) return;
  keepSession(next);
  for (const h of sessionListeners) h(next);
});
if (!session) sessionChannel?.postMessage({ kind: 'ask' });

/** When the session's token expires (its `exp`, ms), or null when the token says nothing readable. */
export function sessionExpiresAt(s: Session | null = session): number | null {
  const payload = s?.token.split('.')[1];
  if (!payload) return null;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const exp = (JSON.parse(json) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp * 1000 : null;
  } catch {
    return null;
  }
}

/** Called when the API answers 401 (token expired): the app asks for the password again. */
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

/** A CSV report fetched with the session's token and handed to the browser as a download. */
async function download(path: string, fallbackName: string): Promise<{ blob: Blob; filename: string }> {
  let res: Response;
  try {
    res = await fetch(path, { headers: session ? { authorization: `Bearer ${session.token}` } : {} });
  } catch {
    throw new ApiError(0, 'NETWORK', '无法连接经办服务，请检查网络后重试');
  }
  if (!res.ok) {
    const json = await res.json().catch(() => null);
    if (res.status === 401) onUnauthorized();
    throw new ApiError(res.status, json?.code ?? 'HTTP_ERROR', json?.message ?? `服务返回错误（HTTP ${res.status}）`);
  }
  const disposition = res.headers.get('content-disposition') ?? '';
  const utf8 = /filename\*=UTF-8''([^;]+)/.exec(disposition);
  return { blob: await res.blob(), filename: utf8 ? decodeURIComponent(utf8[1]!) : fallbackName };
}

const enc = encodeURIComponent;
function query(q: Record<string, string | number | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') params.set(k, String(v));
  const s = params.toString();
  return s ? `?${s}` : '';
}

/** 医疗救助对象 (issue 16): the date question's answer (api/routes/assistance.ts). */
export type RecipientAnswerView = z.infer<typeof recipientAnswerSchema>;
/** 资助参保 (001 §5–§6) */
export type EnrolmentView = z.infer<typeof enrolmentViewSchema>;
/** 001 §25, 附件2: one version of a quarter's disclosure with its objections */
export type DisclosureView = z.infer<typeof disclosureViewSchema>;
/** 001 §28 */
export type AssistanceStatisticsView = z.infer<typeof assistanceStatisticsSchema>;

/** An attachment of a record (api/routes/attachments.ts). */
export type AttachmentView = z.infer<typeof attachmentViewSchema>;

/** A file from the API (a printed form, an attachment) as a Blob, with the refusal as an ApiError. */
export async function fetchFile(path: string): Promise<Blob> {
  const res = await fetch(path, { headers: session ? { authorization: `Bearer ${session.token}` } : {} });
  if (!res.ok) {
    const body = (await res.json().catch(() => null)) as { code?: string; message?: string } | null;
    throw new ApiError(res.status, body?.code ?? 'HTTP_ERROR', body?.message ?? `服务返回错误（HTTP ${res.status}）`, [], {});
  }
  return res.blob();
}

/** Uploads a scan as the request body with its own type (PDF, JPEG, PNG, TIFF). */
export async function uploadAttachment(id: string, file: File, material?: string): Promise<AttachmentView> {
  const q = new URLSearchParams({ fileName: file.name, ...(material ? { material } : {}) });
  const res = await fetch(`/records/${encodeURIComponent(id)}/attachments?${q}`, {
    method: 'POST',
    headers: { 'content-type': file.type || 'application/octet-stream', ...(session ? { authorization: `Bearer ${session.token}` } : {}) },
    body: file,
  });
  const body = (await res.json().catch(() => null)) as (AttachmentView & { code?: string; message?: string }) | null;
  if (!res.ok) throw new ApiError(res.status, body?.code ?? 'HTTP_ERROR', body?.message ?? `上传失败（HTTP ${res.status}）`, [], {});
  return body!;
}

export const api = {
  /** 001 §10: is the person a recipient on the date, in which category, and why */
  recipientOnDate: async (idNumber: string, date: string) =>
    (await call<RecipientAnswerView>('POST', '/assistance/recipient-on-date', { idNumber, date })).body,
  /** 资助参保 (001 §5–§6) of the user's agency, open ones first */
  enrolments: async (status?: string) => (await call<Page<EnrolmentView>>('GET', `/assistance/enrolments${query({ status })}`)).body,
  /** 001 §25: the agency's disclosures, newest quarter and version first */
  disclosures: async () => (await call<DisclosureView[]>('GET', '/assistance/disclosures')).body,
  buildDisclosure: async (quarter: string, correctionReason?: string) =>
    (await call<DisclosureView>('POST', '/assistance/disclosures', { quarter, ...(correctionReason ? { correctionReason } : {}) })).body,
  reviewDisclosure: async (id: string) => (await call<DisclosureView>('POST', `/assistance/disclosures/${enc(id)}/review`, {})).body,
  publishDisclosure: async (id: string) => (await call<DisclosureView>('POST', `/assistance/disclosures/${enc(id)}/publish`, {})).body,
  recordObjection: async (id: string, body: { receivedOn: string; submitter: string; content: string }) =>
    (await call<DisclosureView>('POST', `/assistance/disclosures/${enc(id)}/objections`, body)).body,
  answerObjection: async (id: string, objectionId: string, answer: string) =>
    (await call<DisclosureView>('POST', `/assistance/disclosures/${enc(id)}/objections/${enc(objectionId)}/answer`, { answer })).body,
  /** 001 §28: spending of a month, quarter, half-year or year (YYYY-MM, YYYY-Qn, YYYY-Hn, YYYY) */
  assistanceStatistics: async (period: string) =>
    (await call<AssistanceStatisticsView>('GET', `/assistance/statistics${query({ period })}`)).body,
  outpatientFacilities: async () =>
    (await call<DesignatedFacilityView[]>('GET', `/outpatient/facilities${query({ service: 'general_outpatient' })}`)).body,
  outpatientChoice: async (idNumber: string) => (await call<ChoiceRecordView>('POST', '/outpatient/choices/lookup', { idNumber })).body,
  actOnOutpatientChoice: async (body: FacilityActionBody) =>
    (await call<ChoiceRecordView>('POST', '/outpatient/choices', body, { 'idempotency-key': newIdempotencyKey() })).body,
  facilityOnDate: async (body: { idNumber: string; date: string }) =>
    (await call<FacilitiesOnDateView>('POST', '/outpatient/facility-on-date', body)).body,

  /** The settlement side's question (issue 14): the ID number in the body, never in a URL. */
  filingStatus: async (body: {
    idNumber: string;
    insuredPlace?: 'jiangmen' | 'yangjiang';
    place: { province: string; city: string };
    date: string;
    admittedOn?: string;
    /** 'outpatient': general outpatient care (普通门诊, 002 §10) */
    care: 'inpatient' | 'outpatient' | 'special_disease_outpatient';
  }) => (await call<FilingStatusView>('POST', '/remote-care/filing-status', body)).body,
  remoteCareMaterials: async () => (await call<MaterialsChecklist>('GET', '/remote-care/materials')).body,
  /** 201 a new filing, 200 the person's filing of that number */
  createFiling: async (body: CreateFilingBody) => {
    const res = await call<FilingView>('POST', '/remote-care/filings', body, { 'idempotency-key': newIdempotencyKey() });
    return { created: res.status === 201, filing: res.body };
  },
  /** keyset pages, earliest deadline first: pass the page's `nextCursor` for the next */
  listFilings: async (q: { status?: string; county?: Jurisdiction; cursor?: string }) =>
    (await call<FilingPage>('GET', `/remote-care/filings${query({ ...q, pageSize: 50 })}`)).body,
  getFiling: async (id: string) => (await call<FilingDetail>('GET', `/remote-care/filings/${enc(id)}`)).body,
  actOnFiling: async (id: string, body: FilingActionBody) =>
    (await call<FilingView>('POST', `/remote-care/filings/${enc(id)}/actions`, body, { 'idempotency-key': newIdempotencyKey() })).body,

  /** 201 a claim accepted, 200 the person's claim of that number */
  createClaim: async (body: CreateClaimRequest) => {
    const res = await call<ClaimView>('POST', '/reimbursement/claims', body, { 'idempotency-key': newIdempotencyKey() });
    return { created: res.status === 201, claim: res.body };
  },
  listClaims: async (q: { status?: string; pendingStep?: string; pageSize?: number; cursor?: string }) =>
    (await call<ClaimPage>('GET', `/reimbursement/claims${query(q)}`)).body,
  getClaim: async (id: string) => (await call<ClaimDetail>('GET', `/reimbursement/claims/${enc(id)}`)).body,
  actOnClaim: async (id: string, body: ClaimActionRequest) =>
    (await call<ClaimView>('POST', `/reimbursement/claims/${enc(id)}/actions`, body, { 'idempotency-key': newIdempotencyKey() })).body,
  trialBalance: async (q: { agency?: Jurisdiction; asOf?: string }) =>
    (await call<TrialBalance>('GET', `/ledger/trial-balance${query(q)}`)).body,
  accountLedger: async (account: string, q: { agency?: Jurisdiction; from?: string; to?: string }) =>
    (await call<AccountLedger>('GET', `/ledger/accounts/${enc(account)}${query(q)}`)).body,
  statement: async (q: { agency?: Jurisdiction; period: string }) => (await call<Statement>('GET', `/ledger/statements${query(q)}`)).body,
  /** the same report as a CSV file (Chinese headers, UTF-8 with BOM) */
  ledgerCsv: async (path: string, q: Record<string, string | undefined>, fallbackName: string) =>
    download(`${path}${query({ ...q, format: 'csv' })}`, fallbackName),
  getEntry: async (id: string) => (await call<JournalEntryView>('GET', `/ledger/entries/${enc(id)}`)).body,
  reverseEntry: async (id: string, body: { reason: string; date: string }) =>
    (await call<JournalEntryView>('POST', `/ledger/entries/${enc(id)}/reversal`, body, { 'idempotency-key': newIdempotencyKey() })).body,
  importSettlements: async (csv: string) =>
    (await call<SettlementImportResult>('POST', '/ledger/settlements/import', { csv }, { 'idempotency-key': newIdempotencyKey() })).body,

  login: async (username: string, password: string) => (await call<TokenView>('POST', '/auth/token', { username, password })).body,

  catalogue: async () => (await call<Catalogue>('GET', '/catalogue')).body.items,

  listCases: async (q: CaseQuery) => (await call<KeysetPage<CaseView>>('GET', `/cases${query(q)}`)).body,

  listAttachments: async (id: string) => (await call<AttachmentView[]>('GET', `/records/${enc(id)}/attachments`)).body,

  /** the query in the body, never in the URL (an ID number, issue 13 §10) */
  findPeople: async (q: string) => (await call<PersonSearchAnswer>('POST', '/people/search', { q })).body.people,

  getPerson: async (key: string) => (await call<PersonPage>('GET', `/people/${enc(key)}`)).body,

  listTasks: async (q: TaskQuery) => (await call<TaskPage>('GET', `/tasks${query({ ...q })}`)).body,

  getTask: async (id: string) => (await call<TaskClaimView>('GET', `/tasks/${enc(id)}`)).body,

  claimTask: async (id: string) => (await call<TaskClaimView>('POST', `/tasks/${enc(id)}/claim`, {})).body,

  releaseTask: async (id: string) => (await call<TaskClaimView>('POST', `/tasks/${enc(id)}/release`, {})).body,

  assignTask: async (id: string, body: { assignee: string; reason?: string }) =>
    (await call<TaskClaimView>('POST', `/tasks/${enc(id)}/assign`, body)).body,

  addComment: async (id: string, text: string) => (await call<CommentView>('POST', `/records/${enc(id)}/comments`, { text })).body,

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

  /** keyset pages, newest period first; `open`/`late` are the supervision table's 在办/超期 */
  listFundRequests: async (q: {
    kind?: FundRequestKind;
    status?: FundRequestStatus;
    agency?: Jurisdiction;
    open?: 'true';
    late?: 'true';
    cursor?: string;
  }) => (await call<KeysetPage<FundRequestView>>('GET', `/fund/requests${query({ ...q, pageSize: 50 })}`)).body,

  getFundRequest: async (id: string) => (await call<FundRequestDetail>('GET', `/fund/requests/${enc(id)}`)).body,

  actOnFundRequest: async (id: string, body: FundActionBody) =>
    (await call<FundRequestView>('POST', `/fund/requests/${enc(id)}/actions`, body, { 'idempotency-key': newIdempotencyKey() })).body,

  /** keyset pages, newest first: pass the page's `nextCursor` for the next */
  listNotices: async (q: { status?: string; caseId?: string; cursor?: string; pageSize?: number } = {}) =>
    (await call<KeysetPage<NoticeView>>('GET', `/notices${query({ pageSize: 100, ...q })}`)).body,

  /** 督办: the assignee (or the role the work waits on) is notified; 201 */
  urge: async (body: { recordId: string; note: string }) =>
    (await call<UrgeResult>('POST', '/supervision/urge', body, { 'idempotency-key': newIdempotencyKey() })).body,

  listCertificationsOf: async (q: { status?: string; county?: Jurisdiction; open?: 'true'; cursor?: string }) =>
    (await call<KeysetPage<CertificationView>>('GET', `/special-disease/certifications${query({ ...q, pageSize: 50 })}`)).body,

  retryNotice: async (id: string) =>
    (
      await call<NoticeRetryView>('POST', `/notices/${enc(id)}/retry`, undefined, {
        'idempotency-key': newIdempotencyKey(),
      })
    ).body,

  getCalendar: async (year: number) => (await call<CalendarYear>('GET', `/calendar/${year}`)).body,

  /** loaded years; from 1 November whether next year's calendar is still missing */
  calendarStatus: async () => (await call<CalendarStatus>('GET', '/calendar/status')).body,

  putCalendar: async (year: number, body: { notice: string; holidays: CalendarDay[]; makeupWorkdays: CalendarDay[] }) =>
    (await call<CalendarImportResult>('PUT', `/calendar/${year}`, body)).body,

  supervisionSummary: async () => (await call<SupervisionSummary>('GET', '/supervision/summary')).body,

  /** 201 new episode, 200 the existing one with the same person and application number */
  applyFamilyBed: async (body: FamilyBedBody) => {
    const res = await call<EpisodeView>('POST', '/care/family-beds', body, { 'idempotency-key': newIdempotencyKey() });
    return { created: res.status === 201, episode: res.body };
  },

  /** keyset pages, most recently changed first: pass the page's `nextCursor` for the next */
  listEpisodes: async (
    q: { kind?: CareKind; status?: EpisodeStatus; county?: Jurisdiction; breached?: 'true'; open?: 'true'; cursor?: string } = {},
  ) => (await call<KeysetPage<EpisodeView>>('GET', `/care/episodes${query({ ...q, pageSize: 50 })}`)).body,

  getEpisode: async (id: string) => (await call<EpisodeDetail>('GET', `/care/episodes/${enc(id)}`)).body,

  actOnEpisode: async (id: string, body: EpisodeActionBody) =>
    (await call<EpisodeView>('POST', `/care/episodes/${enc(id)}/actions`, body, { 'idempotency-key': newIdempotencyKey() })).body,

  specialDiseases: async () => (await call<SpecialDiseaseItem[]>('GET', '/special-disease/diseases')).body,

  /** 201 new certification, 200 the person's running certification of that disease */
  createCertification: async (body: CreateCertificationBody) => {
    const res = await call<CertificationView>('POST', '/special-disease/certifications', body, { 'idempotency-key': newIdempotencyKey() });
    return { created: res.status === 201, certification: res.body };
  },

  /** keyset pages, the period ending first first: pass the page's `nextCursor` for the next */
  listCertifications: async (q: { status?: string; diseaseCode?: string; cursor?: string; pageSize?: number } = {}) =>
    (await call<KeysetPage<CertificationView>>('GET', `/special-disease/certifications${query({ pageSize: 50, ...q })}`)).body,

  getCertification: async (id: string) => (await call<CertificationView>('GET', `/special-disease/certifications/${enc(id)}`)).body,

  specialDiseaseCoverage: async (body: { idNumber: string; diseaseCode: string; date: string }) =>
    (await call<CoverageAnswer>('POST', '/special-disease/coverage', body)).body,

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
