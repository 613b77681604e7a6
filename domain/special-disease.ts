/**
 * Outpatient special diseases (门诊特定病种, 000 §15–§18; 004 item 26): certification periods,
 * the renewal windows (续期 / 逾期补办), renewal reminders and the coverage query "is person X
 * covered for disease Y on date D, and why" (DOMAIN §3, §11). Pure: no I/O, no clock, no
 * randomness — it runs inside Temporal workflows. "Today" is always a parameter.
 *
 * Source: 江医保发〔2024〕23号《江门市基本医疗保险就医管理规程》 (seed file 000). Where the digest
 * (DOMAIN.md) and the document disagree, the document wins and a `NOTE:` says so.
 *
 * All dates are Asia/Shanghai calendar dates and every range is inclusive of both ends (DOMAIN §0).
 */
import { z } from 'zod';
import { type IsoDate, addDays, isoDateSchema, startOfShanghaiDay, yearOf } from './dates';
import { type EpisodeSpan, outpatientPayable } from './care-episode';
import { DomainError } from './errors';

// ---------------------------------------------------------------------------------------------
// Small helpers (not exported)
// ---------------------------------------------------------------------------------------------

/** On-time window length: "届满前30日内" (000 §17 ¶1; DOMAIN §11). */
const ON_TIME_DAYS = 30;
/** Late-renewal days: "终止后30日内（含第30日）" (000 §17 ¶2; DOMAIN §11). */
const LATE_DAYS = 30;
/** Longest period periodFrom accepts (keeps the year four-digit; the document sets no length). */
const MAX_MONTHS = 1200;

/**
 * Whether benefits are paid on a late-renewal (grace) day for which no renewal has been made yet.
 * See the NOTE on `coverageOn`: 000 §17 ¶2 makes continued benefits conditional on the renewal
 * being made (补办的，可继续享受待遇), so a grace day is not covered until the renewal exists; the
 * renewed period then starts on E+1 and covers it retroactively.
 */
const GRACE_DAYS_COVERED_BEFORE_RENEWAL = false;

function isoDate(value: unknown, field: string): IsoDate {
  const r = isoDateSchema.safeParse(value);
  if (!r.success) {
    throw new DomainError('VALIDATION_FAILED', `${field} 应为有效日期（YYYY-MM-DD）`, { field, value });
  }
  return r.data;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function daysInMonth(year: number, month1to12: number): number {
  return new Date(Date.UTC(year, month1to12, 0)).getUTCDate();
}

// ---------------------------------------------------------------------------------------------
// Certification periods
// ---------------------------------------------------------------------------------------------

/** the first and last valid day of a certification period, inclusive */
export interface CertificationPeriod {
  start: IsoDate;
  end: IsoDate;
}

/**
 * A period of `months` months whose first valid day is `start` (000 §17: "按照自然日计算，到期自动
 * 终止"; the document does not fix the length, which is the caller's — per disease — choice).
 *
 * Adds months the way periods are counted: start + N months − 1 day. PRC Civil Code art. 202: the
 * period ends on the corresponding day of the final month, or on that month's last day when it has
 * no corresponding day. Because `start` itself is a valid day (counting begins on it, art. 201),
 * the corresponding day is read relative to `start` and the period ends the day before it:
 * 2026-01-01 + 12 → 2026-12-31, 2026-03-01 + 1 → 2026-03-31, 2027-02-28 + 12 → 2028-02-27.
 * When the final month has no corresponding day, the period ends on that month's last day:
 * 2026-03-31 + 1 → 2026-04-30, 2026-01-31 + 1 → 2026-02-28, 2028-02-29 + 12 → 2029-02-28.
 * (Naive Date arithmetic would roll 02-31 over to 03-03 and end on 03-02; clamping first and then
 * subtracting a day would end on 02-27 — both are wrong.)
 *
 * Articles: 000 §17; DOMAIN §0, §11.
 */
export function periodFrom(start: IsoDate, months: number): CertificationPeriod {
  const s = isoDate(start, 'start');
  if (!Number.isInteger(months) || months < 1 || months > MAX_MONTHS) {
    throw new DomainError('VALIDATION_FAILED', `有效期月数应为 1–${MAX_MONTHS} 的整数`, { field: 'months', value: months });
  }
  const y = yearOf(s);
  const m = Number(s.slice(5, 7));
  const d = Number(s.slice(8, 10));
  const monthIndex = m - 1 + months;
  const ty = y + Math.floor(monthIndex / 12);
  const tm = (monthIndex % 12) + 1;
  const last = daysInMonth(ty, tm);
  const end =
    d <= last
      ? addDays(`${pad(ty, 4)}-${pad(tm, 2)}-${pad(d, 2)}`, -1) // the day before the corresponding day
      : `${pad(ty, 4)}-${pad(tm, 2)}-${pad(last, 2)}`; // no corresponding day: the month's last day
  return { start: s, end };
}

// ---------------------------------------------------------------------------------------------
// Renewal windows
// ---------------------------------------------------------------------------------------------

/**
 * DOMAIN §11: with last valid day E: on-time window E−29..E, late E+1..E+30, lapsed from E+31.
 *
 * NOTE: 000 §17 ¶1 "届满前30日内" is read as the 30 days ending with E itself (E−29..E), as DOMAIN
 * §11 chose; a strict art. 201 count backwards from E would give E−30..E−1. ¶2 "前一有效期终止后30日
 * 内（含第30日）" is explicit: E+1..E+30.
 */
export interface RenewalWindows {
  windowOpens: IsoDate;
  lastValidDay: IsoDate;
  graceStarts: IsoDate;
  graceEnds: IsoDate;
  lapsesOn: IsoDate;
}

/** 000 §17; DOMAIN §11 */
export function renewalWindows(lastValidDay: IsoDate): RenewalWindows {
  const e = isoDate(lastValidDay, 'lastValidDay');
  return {
    windowOpens: addDays(e, -(ON_TIME_DAYS - 1)),
    lastValidDay: e,
    graceStarts: addDays(e, 1),
    graceEnds: addDays(e, LATE_DAYS),
    lapsesOn: addDays(e, LATE_DAYS + 1),
  };
}

export const renewalTimings = ['too_early', 'on_time', 'late', 'lapsed'] as const;
export type RenewalTiming = (typeof renewalTimings)[number];

/** Where `on` falls relative to the windows of a period ending `lastValidDay`. 000 §17; DOMAIN §11 */
export function renewalTiming(lastValidDay: IsoDate, on: IsoDate): RenewalTiming {
  const w = renewalWindows(lastValidDay);
  const d = isoDate(on, 'on');
  // ISO dates compare correctly as strings.
  if (d < w.windowOpens) return 'too_early';
  if (d <= w.lastValidDay) return 'on_time';
  if (d <= w.graceEnds) return 'late';
  return 'lapsed';
}

/**
 * A renewal on `on` for a period ending `lastValidDay`: refuses outside the windows with a
 * DomainError whose facts carry the dates that apply (windowOpens, lastValidDay, graceEnds);
 * otherwise the new period starts on E+1 (no gap, no overlap) and lasts `months`.
 *
 * NOTE: 000 §17 ¶1 literally says an on-time renewal runs "自前一有效期届满当日起" (from the day
 * the previous period expires), which read word for word would start on E and overlap the old
 * period by one day; ¶2 says a late renewal starts "自前一有效期满后次日起" (E+1). Following DOMAIN
 * §11 (PRC Civil Code art. 201: the day a period starts from is not counted), both start on E+1.
 *
 * The refusal uses the code RENEWAL_WINDOW_CLOSED (not yet in errors.ts; HTTP 409 proposed):
 * too early → wait for `windowOpens`; lapsed → 000 §17 offers no renewal, only a new certification
 * (认定, 000 §15/§16).
 *
 * Articles: 000 §17; DOMAIN §3, §11.
 */
export function renew(lastValidDay: IsoDate, on: IsoDate, months: number): { timing: 'on_time' | 'late'; period: CertificationPeriod } {
  const w = renewalWindows(lastValidDay);
  const timing = renewalTiming(lastValidDay, on);
  const facts = {
    on,
    timing,
    windowOpens: w.windowOpens,
    lastValidDay: w.lastValidDay,
    graceStarts: w.graceStarts,
    graceEnds: w.graceEnds,
    lapsesOn: w.lapsesOn,
  };
  if (timing === 'too_early') {
    throw new DomainError(
      'RENEWAL_WINDOW_CLOSED',
      `续期须在有效期届满（${w.lastValidDay}）前30日内办理，即自 ${w.windowOpens} 起；${on} 尚不能办理（000 §17）`,
      facts,
    );
  }
  if (timing === 'lapsed') {
    throw new DomainError(
      'RENEWAL_WINDOW_CLOSED',
      `有效期已于 ${w.lastValidDay} 届满，逾期补办期限至 ${w.graceEnds}（含当日）已过，认定已失效，须重新申请门诊特定病种待遇认定（000 §17）`,
      facts,
    );
  }
  return { timing, period: periodFrom(w.graceStarts, months) };
}

// ---------------------------------------------------------------------------------------------
// Renewal reminders
// ---------------------------------------------------------------------------------------------

/** DOMAIN §3 "Renewal reminders are the service's job". */
export const noticeKinds = ['window_opens_soon', 'window_open', 'expiring_soon', 'expired_grace', 'lapsed'] as const;
export type NoticeKind = (typeof noticeKinds)[number];

export interface NoticeOffsets {
  /** days before the window opens (E−29) that `window_opens_soon` is sent; default 7 */
  beforeWindowDays: number;
  /** days before the last valid day E that `expiring_soon` is sent; default 7 */
  beforeExpiryDays: number;
  /**
   * the send window from 09:00 in minutes: each notice goes at its own fixed moment inside it, so a
   * city's renewal notices are not all due at 09:00 (issue 19); absent → DEFAULT_NOTICE_SPREAD_MINUTES
   */
  spreadMinutes?: number;
  /** when the send window opens, in minutes after midnight Asia/Shanghai; absent → 540 (09:00) */
  startMinute?: number;
}

/** 09:00 (DOMAIN §0's notice hour), in minutes after midnight: where the send window opens by default. */
export const NOTICE_HOUR_MINUTE = 9 * 60;

/** 09:00–11:00: within office hours, when a person can call the agency about the notice. */
export const DEFAULT_NOTICE_SPREAD_MINUTES = 120;

export const defaultNoticeOffsets: NoticeOffsets = { beforeWindowDays: 7, beforeExpiryDays: 7 };

/**
 * beforeExpiryDays ≤ 28 keeps `expiring_soon` inside the on-time window and strictly after the day
 * it opens (E−28 at the earliest, the window opening at E−29), so the five notices never coincide.
 * beforeWindowDays ≤ 90 is an administrative bound, not from the text.
 */
export const noticeOffsetsSchema = z
  .object({
    beforeWindowDays: z.number().int().min(1).max(90),
    beforeExpiryDays: z.number().int().min(1).max(28),
    // up to 8 hours (09:00–17:00): a notice still arrives on its day, in office hours
    spreadMinutes: z.number().int().min(0).max(480).optional(),
    startMinute: z.number().int().min(0).max(1439).optional(),
  })
  .strict()
  // The whole window on the notice's own day.
  .refine((o) => (o.startMinute ?? NOTICE_HOUR_MINUTE) + (o.spreadMinutes ?? DEFAULT_NOTICE_SPREAD_MINUTES) <= 1440, {
    message: '发送时段须在当天之内：startMinute + spreadMinutes 不超过 1440',
    path: ['spreadMinutes'],
  });

/**
 * The five notices of a period and the day each is due (DOMAIN §3: before the window opens
 * (offset), when it opens (E−29), shortly before E (offset), on E+1, on E+31), in date order.
 *
 * The document (000 §17) sets the windows but says nothing about reminders; DOMAIN §3 names four
 * moments (before the window opens, while it is open, expired but still renewable, lapsed). "While
 * it is open" is served twice: on the day it opens and `beforeExpiryDays` before E. A period that
 * has been renewed needs none of the later notices — cancelling them is the caller's job.
 *
 * Articles: DOMAIN §3, §11; 000 §17.
 */
export function noticeSchedule(lastValidDay: IsoDate, offsets: NoticeOffsets): { kind: NoticeKind; on: IsoDate }[] {
  const r = noticeOffsetsSchema.safeParse(offsets);
  if (!r.success) {
    throw new DomainError('VALIDATION_FAILED', '提醒天数无效：beforeWindowDays 应为 1–90 的整数，beforeExpiryDays 应为 1–28 的整数', {
      field: 'offsets',
      value: offsets,
      issues: r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
    });
  }
  const w = renewalWindows(lastValidDay);
  return [
    { kind: 'window_opens_soon', on: addDays(w.windowOpens, -r.data.beforeWindowDays) },
    { kind: 'window_open', on: w.windowOpens },
    { kind: 'expiring_soon', on: addDays(w.lastValidDay, -r.data.beforeExpiryDays) },
    { kind: 'expired_grace', on: w.graceStarts },
    { kind: 'lapsed', on: w.lapsesOn },
  ];
}

/** The notice hour: 09:00 Asia/Shanghai of that day, as epoch ms. DOMAIN §0 */
export function noticeInstant(on: IsoDate): number {
  return startOfShanghaiDay(isoDate(on, 'on')) + 9 * 3600_000;
}

/** FNV-1a (32 bit) of a text: a stable spread of business keys, computable inside a workflow (no crypto there). */
export function fnv1a32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

/**
 * When a notice is sent: 09:00 of its day plus a whole-second offset inside the send window,
 * derived from the notice's business key (the same key gives the same moment on every replay and
 * every worker; different people's notices spread evenly over the window). Issue 19.
 */
export function noticeSendAt(
  on: IsoDate,
  businessKey: string,
  spreadMinutes = DEFAULT_NOTICE_SPREAD_MINUTES,
  startMinute = NOTICE_HOUR_MINUTE,
): number {
  const seconds = Math.max(0, Math.floor(spreadMinutes * 60));
  return noticeWindowStart(on, startMinute) + (seconds === 0 ? 0 : (fnv1a32(businessKey) % seconds) * 1000);
}

/** Where the send window of day `on` opens (09:00 unless the policy moves it), as epoch ms. */
export function noticeWindowStart(on: IsoDate, startMinute = NOTICE_HOUR_MINUTE): number {
  return startOfShanghaiDay(isoDate(on, 'on')) + startMinute * 60_000;
}

// ---------------------------------------------------------------------------------------------
// Coverage on a date
// ---------------------------------------------------------------------------------------------

/**
 * Coverage on any date (the query "is person X covered for disease Y on date D, and why").
 * Suspension, resumption and termination are 004 item 26 (办理更改、暂停、恢复和终止).
 *
 * - `periods`: in order, contiguous (each starts the day after the previous ends, 000 §17). A new
 *   certification after a lapse starts a new history.
 * - `suspensions`: both ends inclusive (DOMAIN §0): `to` is the last suspended day, so a resumption
 *   handled on day R is recorded as `to` = R−1; `to` null = still suspended. A suspended day is not
 *   covered. Suspension does not extend the period: it still ends on its own date ("到期自动终止").
 * - `terminatedOn`: not covered from this day on.
 */
export interface CertificationHistory {
  periods: CertificationPeriod[];
  suspensions: { from: IsoDate; to: IsoDate | null }[];
  terminatedOn: IsoDate | null;
}

export type CoverageStatus = 'covered' | 'grace' | 'suspended' | 'terminated' | 'lapsed' | 'not_yet' | 'family_bed_open';

function validateHistory(history: CertificationHistory): void {
  history.periods.forEach((p, i) => {
    isoDate(p.start, `periods[${i}].start`);
    isoDate(p.end, `periods[${i}].end`);
    if (p.end < p.start) {
      throw new DomainError('VALIDATION_FAILED', `认定有效期 ${p.start} 至 ${p.end} 的截止日早于起始日`, {
        field: `periods[${i}]`,
        period: p,
      });
    }
    const prev = history.periods[i - 1];
    if (prev && p.start !== addDays(prev.end, 1)) {
      throw new DomainError(
        'VALIDATION_FAILED',
        `续期有效期应自前一有效期届满次日（${addDays(prev.end, 1)}）起连续计算，不能有间断或重叠（000 §17）`,
        { field: `periods[${i}].start`, previous: prev, period: p },
      );
    }
  });
  history.suspensions.forEach((s, i) => {
    isoDate(s.from, `suspensions[${i}].from`);
    if (s.to !== null) {
      isoDate(s.to, `suspensions[${i}].to`);
      if (s.to < s.from) {
        throw new DomainError('VALIDATION_FAILED', `暂停期 ${s.from} 至 ${s.to} 的截止日早于起始日`, {
          field: `suspensions[${i}]`,
          suspension: s,
        });
      }
    }
  });
  if (history.terminatedOn !== null) {
    isoDate(history.terminatedOn, 'terminatedOn');
    const first = history.periods[0];
    if (first && history.terminatedOn < first.start) {
      throw new DomainError('VALIDATION_FAILED', `终止日期 ${history.terminatedOn} 早于首个有效期起始日 ${first.start}`, {
        field: 'terminatedOn',
        terminatedOn: history.terminatedOn,
        firstStart: first.start,
      });
    }
  }
}

/**
 * Rules, in this order: before the first period → 'not_yet'; on/after `terminatedOn` →
 * 'terminated'; after the last period's end E: from E+31 → 'lapsed'; inside a period or in
 * E+1..E+30 a suspended day → 'suspended'; otherwise inside a period → 'covered', E+1..E+30 →
 * 'grace'. `period` is the period containing the date, or for grace/lapsed the period that expired.
 *
 * NOTE (grace): DOMAIN §3 says late renewal keeps "benefits continue", and a first reading gave
 * 'grace' with covered: true. The document conditions that on the renewal being made:
 * "未按规定办理续期手续的参保人在前一有效期终止后30日内（含第30日）补办的，可继续享受待遇"
 * (000 §17 ¶2) — and the previous period "到期自动终止" (¶1). So before the late renewal exists
 * there is no certification in force on E+1..E+30 (the institution settling under 000 §18 has
 * nothing to verify), and a grace day is reported as status 'grace', covered: false, pending
 * renewal. Once the renewal is made, the history holds the new period starting on E+1, so the same
 * days then read 'covered' — benefits are continuous retroactively, and costs paid out of pocket in
 * between can be claimed through 零星报销 (000 §23). This also keeps the answer right in hindsight:
 * a grace day of a certification that was never renewed was never covered.
 *
 * Articles: 000 §17, §18, §23; 004 item 26; DOMAIN §3, §11.
 */
export function coverageOn(
  history: CertificationHistory,
  date: IsoDate,
): { status: CoverageStatus; covered: boolean; reason: string; period?: CertificationPeriod } {
  const d = isoDate(date, 'date');
  validateHistory(history);
  const { periods, suspensions, terminatedOn } = history;
  const first = periods[0];
  const last = periods[periods.length - 1];
  if (!first || !last) {
    return { status: 'not_yet', covered: false, reason: `无门诊特定病种待遇认定记录，${d} 不享受门诊特定病种待遇` };
  }
  if (d < first.start) {
    return {
      status: 'not_yet',
      covered: false,
      reason: `认定有效期自 ${first.start} 起，${d} 尚未开始享受门诊特定病种待遇`,
      period: first,
    };
  }
  const inPeriod = periods.find((p) => p.start <= d && d <= p.end);
  if (terminatedOn !== null && d >= terminatedOn) {
    return {
      status: 'terminated',
      covered: false,
      reason: `门诊特定病种待遇认定已于 ${terminatedOn} 终止，自该日起不享受待遇`,
      ...(inPeriod ? { period: inPeriod } : {}),
    };
  }
  const w = renewalWindows(last.end);
  if (!inPeriod && d >= w.lapsesOn) {
    return {
      status: 'lapsed',
      covered: false,
      reason: `认定有效期已于 ${last.end} 届满，逾期补办期限至 ${w.graceEnds}（含当日）未办理续期，自 ${w.lapsesOn} 起认定失效，须重新申请认定（000 §17）`,
      period: last,
    };
  }
  const suspension = suspensions.find((s) => s.from <= d && (s.to === null || d <= s.to));
  if (suspension) {
    return {
      status: 'suspended',
      covered: false,
      reason: `${d} 处于暂停期（${suspension.from} 起${suspension.to === null ? '，尚未恢复' : `至 ${suspension.to}`}），暂停期间不享受门诊特定病种待遇`,
      period: inPeriod ?? last,
    };
  }
  if (inPeriod) {
    return {
      status: 'covered',
      covered: true,
      reason: `${d} 在认定有效期 ${inPeriod.start} 至 ${inPeriod.end} 内，享受门诊特定病种待遇`,
      period: inPeriod,
    };
  }
  return {
    status: 'grace',
    covered: GRACE_DAYS_COVERED_BEFORE_RENEWAL,
    reason: `认定有效期已于 ${last.end} 届满，尚未续期；${w.graceStarts} 至 ${w.graceEnds}（含当日）可逾期补办，补办后续期有效期自 ${w.graceStarts} 起、待遇连续，补办前不予结算（000 §17）`,
    period: last,
  };
}

/**
 * Coverage on `date` across all of a person's certifications of the disease, oldest first (a new
 * certification after a lapse or termination is a new history, 000 §17): the date is answered by
 * the latest certification that had started by then, so days of an earlier certification keep
 * their answer after a new one is made. Before the first: not yet.
 */
export function personCoverageOn(certifications: CertificationHistory[], date: IsoDate): ReturnType<typeof coverageOn> {
  const d = isoDate(date, 'date');
  const started = certifications.filter((h) => h.periods[0] !== undefined && h.periods[0].start <= d);
  const answering = started[started.length - 1] ?? certifications[0];
  return coverageOn(answering ?? { periods: [], suspensions: [], terminatedOn: null }, d);
}

export interface CoverageAnswer {
  status: CoverageStatus | 'not_certified';
  covered: boolean;
  reason: string;
  period?: CertificationPeriod;
}

/**
 * The family-bed rule on top of a certification's coverage: 设立家庭病床期间，普通门诊、门诊特定病种
 * 医疗费用，基本医疗保险基金不予支付 (000 §12). A day the certification covers but a family bed is
 * open (opening day through closing day, DOMAIN §11) is answered 'family_bed_open', not paid, with
 * the episode and the same reason as the outpatient-payable question; the certification's own status
 * stays in `certificationStatus`. A geriatric-ward stay does not block (see `outpatientPayable`).
 * Articles: 000 §12, §17; DOMAIN §1, §11.
 */
export function coverageWithCareEpisodes<T extends CoverageAnswer>(
  coverage: T,
  episodes: EpisodeSpan[],
  date: IsoDate,
):
  | T
  | (Omit<T, 'status' | 'covered'> & {
      status: 'family_bed_open';
      covered: false;
      certificationStatus: T['status'];
      certificationReason: string;
      episode: EpisodeSpan;
    }) {
  const outpatient = outpatientPayable(episodes, date);
  if (outpatient.payable || !outpatient.episode || !coverage.covered) return coverage;
  return {
    ...coverage,
    status: 'family_bed_open',
    covered: false,
    certificationStatus: coverage.status,
    certificationReason: coverage.reason,
    reason: outpatient.reason,
    episode: outpatient.episode,
  };
}
