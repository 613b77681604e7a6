/**
 * How a case's deadline was counted (DOMAIN §11), for the case page: the days after the day of
 * receipt up to the due date that were not working days, from the loaded holiday calendar — the same
 * domain functions the workflow's deadline activity uses.
 */
import { addDays, dayOfWeek, type IsoDate } from '../../domain/dates';
import { calendarFrom, workingDayInfo } from '../../domain/working-days';
import type { CalendarYear } from './api';

export interface SkippedDay {
  date: IsoDate;
  why: string;
}

const weekdayNames = ['周日', '周一', '周二', '周三', '周四', '周五', '周六'];

export function skippedDays(
  receivedOn: IsoDate,
  dueDate: IsoDate,
  years: Pick<CalendarYear, 'year' | 'holidays' | 'makeupWorkdays'>[],
): SkippedDay[] {
  const calendar = calendarFrom(
    years.map((y) => ({ year: y.year, holidays: y.holidays.map((d) => d.date), makeupWorkdays: y.makeupWorkdays.map((d) => d.date) })),
  );
  const holidayNames = new Map(years.flatMap((y) => y.holidays.map((d) => [d.date, d.name] as const)));
  const out: SkippedDay[] = [];
  for (let d = addDays(receivedOn, 1); d <= dueDate; d = addDays(d, 1)) {
    if (workingDayInfo(calendar, d).working) continue;
    out.push({ date: d, why: holidayNames.get(d) ?? weekdayNames[dayOfWeek(d)]! });
  }
  return out;
}
