/**
 * Stable, machine-readable error codes with the HTTP status each maps to. Messages are written for
 * a clerk (Chinese); `facts` carry what explains the refusal (current state, dates).
 */
export const errorStatus = {
  VALIDATION_FAILED: 400,
  BAD_REQUEST: 400,
  REASON_REQUIRED: 400,
  UNAUTHENTICATED: 401,
  ROLE_NOT_ALLOWED: 403,
  OUT_OF_JURISDICTION: 403,
  NOT_FOUND: 404,
  ITEM_NOT_FOUND: 404,
  CASE_NOT_FOUND: 404,
  CASE_WRONG_STATE: 409,
  STEP_ALREADY_DONE: 409,
  CASE_CLOSED: 409,
  CASE_AWAITING_CORRECTION: 409,
  PAYMENT_ALREADY_MADE: 409,
  APPLICATION_NO_TAKEN: 409,
  PANEL_REVIEW_REQUIRED: 409,
  ELIGIBILITY_UNMET: 409,
  PERSON_HAS_OPEN_BED: 409,
  CLOSING_RECORD_UNSIGNED: 409,
  ADMISSION_REFUSED_BED_OPEN: 409,
  EPISODE_NOT_FOUND: 404,
  DUPLICATE_SOURCE: 409,
  REQUEST_NOT_FOUND: 404,
  RENEWAL_WINDOW_CLOSED: 409,
  CERTIFICATION_OVERLAPS: 409,
  DOCUMENTS_MISSING: 400,
  RULE_SET_NOT_IN_FORCE: 409,
  FILING_TYPE_NOT_IN_RULE_SET: 409,
  FILING_LOCKED: 409,
  FILING_NOT_ALLOWED: 409,
  FILING_NOT_FOUND: 404,
  MATERIALS_INCOMPLETE: 409,
  BACK_FILING_NOT_ALLOWED: 409,
  BACK_FILING_CLOSED: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  IDEMPOTENCY_KEY_REUSED: 422,
  ITEM_HAS_OWN_PROCESS: 409,
  TURNOVER_PREMATURE: 409,
  FACILITY_ALREADY_CHOSEN: 409,
  NO_FACILITY_CHOSEN: 409,
  CHANGE_WINDOW_CLOSED: 409,
  FACILITY_NOT_FOUND: 404,
  EVENT_SEQUENCE_CONFLICT: 500,
  RATE_LIMITED: 429,
  LOGIN_LOCKED: 429,
  CALENDAR_INVALID: 400,
  SERVICE_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof errorStatus;

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly facts: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export function isErrorCode(s: unknown): s is ErrorCode {
  return typeof s === 'string' && s in errorStatus;
}
