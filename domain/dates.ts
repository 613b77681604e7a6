/**
 * Calendar dates in Asia/Shanghai (DOMAIN §0). A business date is a `YYYY-MM-DD` string with no
 * time of day. China has used UTC+8 without daylight saving since 1991, so the conversion is a
 * fixed offset: pure, and safe inside workflows.
 */

export { dateSchema as isoDateSchema, isValidIsoDate } from './primitives';

export type IsoDate = string;

const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;

/** The Shanghai calendar date of an instant. */
export function shanghaiDate(epochMs: number): IsoDate {
  return new Date(epochMs + SHANGHAI_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant a Shanghai calendar day begins (00:00 Asia/Shanghai). */
export function startOfShanghaiDay(date: IsoDate): number {
  return Date.parse(`${date}T00:00:00Z`) - SHANGHAI_OFFSET_MS;
}

/** The instant a Shanghai calendar day ends (24:00, i.e. the start of the next day). */
export function endOfShanghaiDay(date: IsoDate): number {
  return startOfShanghaiDay(date) + DAY_MS;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday */
export function dayOfWeek(date: IsoDate): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

export function yearOf(date: IsoDate): number {
  return Number(date.slice(0, 4));
}
