/**
 * Working days (工作日) from the administrator-loaded holiday calendar (DOMAIN §0, §11).
 * A day is a working day when it is a Monday–Friday that is not a public holiday, or a make-up
 * working day (调休上班), which is usually a weekend day. Which days those are changes every year
 * (State Council notice), so they are data: this module only does the arithmetic.
 */
import { addDays, dayOfWeek, endOfShanghaiDay, type IsoDate, startOfShanghaiDay, yearOf } from './dates';

export interface CalendarYearDays {
  year: number;
  holidays: IsoDate[];
  makeupWorkdays: IsoDate[];
}

/** The loaded years of the calendar; a year absent from it has not been published/loaded yet. */
export interface HolidayCalendar {
  years: Record<number, { holidays: IsoDate[]; makeupWorkdays: IsoDate[] }>;
}

export function calendarFrom(years: CalendarYearDays[]): HolidayCalendar {
  const out: HolidayCalendar = { years: {} };
  for (const y of years) out.years[y.year] = { holidays: [...y.holidays], makeupWorkdays: [...y.makeupWorkdays] };
  return out;
}

/**
 * Whether `date` is a working day. For a year whose calendar is not loaded, Monday–Friday count as
 * working days and `provisional` is true: the deadline is recomputed when that year is loaded.
 */
export function workingDayInfo(calendar: HolidayCalendar, date: IsoDate): { working: boolean; provisional: boolean } {
  const year = calendar.years[yearOf(date)];
  const weekday = dayOfWeek(date) >= 1 && dayOfWeek(date) <= 5;
  if (!year) return { working: weekday, provisional: true };
  if (year.holidays.includes(date)) return { working: false, provisional: false };
  if (year.makeupWorkdays.includes(date)) return { working: true, provisional: false };
  return { working: weekday, provisional: false };
}

export function isWorkingDay(calendar: HolidayCalendar, date: IsoDate): boolean {
  return workingDayInfo(calendar, date).working;
}

/**
 * The Nth working day after `from` (the day of receipt itself does not count). DOMAIN §11:
 * "within N working days" ends at the end of this day. `provisional` is true when any day counted
 * lies in a year whose calendar is not loaded.
 */
export function nthWorkingDayAfter(calendar: HolidayCalendar, from: IsoDate, n: number): { date: IsoDate; provisional: boolean } {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`working-day count must be a positive integer, got ${n}`);
  let date = from;
  let counted = 0;
  let provisional = false;
  while (counted < n) {
    date = addDays(date, 1);
    const info = workingDayInfo(calendar, date);
    provisional ||= info.provisional;
    if (info.working) counted++;
  }
  return { date, provisional };
}

/** The working day before `date` (or `date` itself is returned when none lies after `notBefore`). */
export function previousWorkingDay(calendar: HolidayCalendar, date: IsoDate, notBefore: IsoDate): IsoDate {
  let d = addDays(date, -1);
  while (d > notBefore) {
    if (isWorkingDay(calendar, d)) return d;
    d = addDays(d, -1);
  }
  return date;
}

/** Working days strictly after `from` up to and including `to` (0 when `to` <= `from`). */
export function workingDaysBetween(calendar: HolidayCalendar, from: IsoDate, to: IsoDate): number {
  let n = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkingDay(calendar, d)) n++;
  return n;
}

export interface StatutoryDeadline {
  /** the day of receipt (受理之日), Asia/Shanghai */
  receivedOn: IsoDate;
  workingDays: number;
  /** the last working day of the time limit */
  dueDate: IsoDate;
  /** the instant the limit runs out: the end of dueDate in Asia/Shanghai */
  dueAtMs: number;
  /** when the assignee is reminded: the start of the working day before dueDate (or of dueDate) */
  remindOn: IsoDate;
  provisional: boolean;
}

/** "N个工作日内办结" counted from the day of receipt (DOMAIN §11). */
export function statutoryDeadline(calendar: HolidayCalendar, receivedOn: IsoDate, workingDays: number): StatutoryDeadline {
  const due = nthWorkingDayAfter(calendar, receivedOn, workingDays);
  return {
    receivedOn,
    workingDays,
    dueDate: due.date,
    dueAtMs: endOfShanghaiDay(due.date),
    remindOn: previousWorkingDay(calendar, due.date, receivedOn),
    provisional: due.provisional,
  };
}

/**
 * The deadline after 退回补正 and the applicant's resubmission: the clock stopped on the day the case
 * was sent back (that day counts as the agency's) and runs again from the day after resubmission with
 * the working days that were left, at least one. It does not restart: 一次性告知 is the agency's duty,
 * so a send-back buys it no fresh limit, and the days the materials are with the applicant are not
 * its delay (README, readings).
 */
export function resumedDeadline(
  calendar: HolidayCalendar,
  paused: StatutoryDeadline,
  pausedOn: IsoDate,
  resumedOn: IsoDate,
): StatutoryDeadline {
  const left = Math.max(1, workingDaysBetween(calendar, pausedOn, paused.dueDate));
  return statutoryDeadline(calendar, resumedOn, left);
}

export interface CalendarProblem {
  path: string;
  message: string;
}

/** Checks an administrator's load of one year: dates inside the year, no day both holiday and make-up day. */
export function validateCalendarYear(y: CalendarYearDays): CalendarProblem[] {
  const problems: CalendarProblem[] = [];
  const check = (list: IsoDate[], field: 'holidays' | 'makeupWorkdays') => {
    const seen = new Set<string>();
    list.forEach((d, i) => {
      if (yearOf(d) !== y.year) problems.push({ path: `${field}.${i}`, message: `${d} 不在 ${y.year} 年内` });
      if (seen.has(d)) problems.push({ path: `${field}.${i}`, message: `${d} 重复` });
      seen.add(d);
    });
  };
  check(y.holidays, 'holidays');
  check(y.makeupWorkdays, 'makeupWorkdays');
  y.makeupWorkdays.forEach((d, i) => {
    if (y.holidays.includes(d)) problems.push({ path: `makeupWorkdays.${i}`, message: `${d} 不能既是假日又是调休上班日` });
  });
  return problems;
}

/** The next deadline timer of a case: the reminder (start of remindOn), then the breach (end of dueDate). */
export function nextDeadlineTimer(
  deadline: StatutoryDeadline | null,
  remindedAt: string | null,
  breachedAt: string | null,
): { kind: 'reminder' | 'breach'; atMs: number } | null {
  if (!deadline) return null;
  if (!remindedAt && !breachedAt) return { kind: 'reminder', atMs: startOfShanghaiDay(deadline.remindOn) };
  if (!breachedAt) return { kind: 'breach', atMs: deadline.dueAtMs };
  return null;
}

/**
 * Whether a deadline counted from `from` to `due` rests on a year whose calendar is not loaded
 * (its working days are then Monday–Friday, to be recomputed when the year is loaded): every year
 * the count spans is checked, so a stored flag cannot hide a year that is still missing.
 */
export function reachesUnloadedYear(loadedYears: ReadonlySet<number>, from: IsoDate | null, due: IsoDate): boolean {
  const last = yearOf(due);
  for (let y = from ? Math.min(yearOf(from), last) : last; y <= last; y++) if (!loadedYears.has(y)) return true;
  return false;
}

/** From this day of the year on, a missing calendar for the next year is announced (README, readings). */
export const NEXT_YEAR_CALENDAR_WARNING_FROM = '11-01';

/**
 * Next year's calendar, when it is still missing on or after 1 November: every deadline reaching
 * into that year is provisional, and administrators and supervisors are told (banner, notices).
 * The State Council notice usually appears in November; from the 1st the 2-working-day and
 * 5-working-day limits of December cases already reach into January.
 */
export function missingNextYearCalendar(today: IsoDate, loadedYears: ReadonlySet<number>): { year: number; since: IsoDate } | null {
  const year = yearOf(today) + 1;
  const since = `${yearOf(today)}-${NEXT_YEAR_CALENDAR_WARNING_FROM}`;
  if (today < since || loadedYears.has(year)) return null;
  return { year, since };
}
