/**
 * The bounds of every value the service accepts from outside: text, years, periods, dates and
 * amounts. Every request schema builds on these, so an impossible value (a year 0000, a date
 * 9999-12-31, a NUL in a name) is refused at the edge with a field path, before any workflow
 * starts or any row is written. The chosen bounds and their reasons are in README ("Readings").
 */
import { z } from 'zod';

// ---------------------------------------------------------------------------------------------
// Text
// ---------------------------------------------------------------------------------------------

/**
 * Characters no clerk types and PostgreSQL or a mail gateway may refuse: C0 controls other than
 * tab, line feed and carriage return (NUL above all: PostgreSQL's text type cannot hold it), DEL,
 * the C1 controls, unpaired UTF-16 surrogates (they cannot be written as UTF-8) and the two
 * noncharacters U+FFFE/U+FFFF.
 */
const FORBIDDEN_CHARACTER =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** Single-line fields (names, numbers, references) also refuse tab and line breaks. */
const LINE_BREAK_OR_TAB = /[\t\n\r\u2028\u2029]/;

/** Whether `s` holds a character no text field of the service accepts (see FORBIDDEN_CHARACTER). */
export function hasForbiddenCharacter(s: string): boolean {
  return FORBIDDEN_CHARACTER.test(s);
}

/**
 * The first place in a parsed request (body, query, params) where a string or an object key holds
 * a forbidden character, as a field path (`applicant.name`), or null when there is none.
 */
export function findForbiddenText(value: unknown, path: string[] = []): string | null {
  if (typeof value === 'string') return hasForbiddenCharacter(value) ? path.join('.') : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findForbiddenText(value[i], [...path, String(i)]);
      if (found !== null) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, v] of Object.entries(value)) {
      if (hasForbiddenCharacter(key)) return [...path, key.replace(new RegExp(FORBIDDEN_CHARACTER.source, 'g'), '?')].join('.');
      const found = findForbiddenText(v, [...path, key]);
      if (found !== null) return found;
    }
  }
  return null;
}

/** A one-line text field (a name, a reference): trimmed, 1..max characters, no controls or line breaks. */
export function lineText(max: number) {
  return z
    .string()
    .trim()
    .min(1, '不能为空')
    .max(max, `不能超过${max}个字符`)
    .refine((s) => !hasForbiddenCharacter(s) && !LINE_BREAK_OR_TAB.test(s), '不能含有换行、制表符或其他控制字符');
}

/** A free-text field that may span lines (a reason, a note, a diagnosis): tab and line breaks allowed. */
export function multilineText(max: number) {
  return z
    .string()
    .max(max, `不能超过${max}个字符`)
    .refine((s) => !hasForbiddenCharacter(s), '不能含有控制字符');
}

// ---------------------------------------------------------------------------------------------
// Years, periods, dates
// ---------------------------------------------------------------------------------------------

/**
 * The years the service's own business can fall in (postings, fund periods, cases, calendars).
 * From 2000: the holiday-calendar API already takes 2000..2100, and the oldest business anyone
 * could migrate in (the medical-assistance fund, the 2018 Medical Security Bureau's predecessors)
 * is later. To 2100: working-day arithmetic, periods of up to 100 years and four-digit years all
 * stay well inside it, and nothing here is planned further ahead.
 */
export const MIN_BUSINESS_YEAR = 2000;
export const MAX_BUSINESS_YEAR = 2100;
/** Dates about people (birth dates, medical records) may be older than the service: from 1900. */
export const MIN_PERSON_YEAR = 1900;

const inYears = (s: string, min: number, max: number) => {
  const y = Number(s.slice(0, 4));
  return y >= min && y <= max;
};

/** 年度 "YYYY", 2000..2100. */
export const yearSchema = z
  .string()
  .regex(/^\d{4}$/, '年度格式应为 YYYY')
  .refine((s) => inYears(s, MIN_BUSINESS_YEAR, MAX_BUSINESS_YEAR), `年度应在 ${MIN_BUSINESS_YEAR}–${MAX_BUSINESS_YEAR} 之间`);

/** 月份 "YYYY-MM" with a real month, 2000..2100. */
export const monthSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, '月份格式应为 YYYY-MM')
  .refine((s) => inYears(s, MIN_BUSINESS_YEAR, MAX_BUSINESS_YEAR), `年份应在 ${MIN_BUSINESS_YEAR}–${MAX_BUSINESS_YEAR} 之间`);

/** A reporting period: a year "YYYY" or a month "YYYY-MM" (001 §17 公历制). */
export const periodSchema = z
  .string()
  .regex(/^\d{4}(-(0[1-9]|1[0-2]))?$/, '期间应为 YYYY 或 YYYY-MM')
  .refine((s) => inYears(s, MIN_BUSINESS_YEAR, MAX_BUSINESS_YEAR), `年份应在 ${MIN_BUSINESS_YEAR}–${MAX_BUSINESS_YEAR} 之间`);

/** Whether `s` is a real calendar date written YYYY-MM-DD (any year). */
export function isValidIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** Whether `s` is a real calendar date YYYY-MM-DD in the years of the service's business (2000..2100). */
export function isBusinessDate(s: string): boolean {
  return isValidIsoDate(s) && inYears(s, MIN_BUSINESS_YEAR, MAX_BUSINESS_YEAR);
}

const dateIn = (min: number) =>
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD')
    .refine((s) => isValidIsoDate(s), '不存在的日期')
    .refine((s) => inYears(s, min, MAX_BUSINESS_YEAR), `日期应在 ${min}-01-01 至 ${MAX_BUSINESS_YEAR}-12-31 之间`);

/** A date of the service's business (a posting, a closing, a period start): 2000-01-01..2100-12-31. */
export const businessDateSchema = dateIn(MIN_BUSINESS_YEAR);
/**
 * Any date the service accepts, including those about a person that precede the service (a birth,
 * a medical record): 1900-01-01..2100-12-31. `isoDateSchema` of domain/dates.ts is this one.
 */
export const dateSchema = dateIn(MIN_PERSON_YEAR);

/** 年度 as a number (a path parameter such as /calendar/:year), 2000..2100. */
export const yearNumberSchema = z.coerce
  .number()
  .int()
  .min(MIN_BUSINESS_YEAR, `年度应在 ${MIN_BUSINESS_YEAR}–${MAX_BUSINESS_YEAR} 之间`)
  .max(MAX_BUSINESS_YEAR, `年度应在 ${MIN_BUSINESS_YEAR}–${MAX_BUSINESS_YEAR} 之间`);

// ---------------------------------------------------------------------------------------------
// Lists
// ---------------------------------------------------------------------------------------------

/** Page number and size of every list: a page far past any list is refused, not sent to the database. */
export const pageSchema = z.coerce.number().int().min(1).max(100_000, '页码不能超过100000').default(1);
export const pageSizeSchema = z.coerce.number().int().min(1).max(200).default(20);

// ---------------------------------------------------------------------------------------------
// Money
// ---------------------------------------------------------------------------------------------

/**
 * The largest single amount, in fen: 100 亿元 (10^12 fen). The largest amount of the domain is an
 * agency's annual prepayment (25% of a year's medical-assistance spending, 001 §20), orders of
 * magnitude below; the columns are BIGINT, and sums of thousands of such amounts stay exact in
 * JavaScript numbers (below 2^53).
 */
export const MAX_AMOUNT_FEN = 1_000_000_000_000;

/** An amount in fen: a whole number, 0..MAX_AMOUNT_FEN. */
export const amountFenSchema = z.number().int('金额应为整数（分）').min(0, '金额不能为负').max(MAX_AMOUNT_FEN, '金额超过上限（100亿元）');
/** An amount in fen that must be paid or posted: 1..MAX_AMOUNT_FEN. */
export const positiveAmountFenSchema = z
  .number()
  .int('金额应为整数（分）')
  .min(1, '金额必须大于0')
  .max(MAX_AMOUNT_FEN, '金额超过上限（100亿元）');
