import {
  calendarFrom,
  isWorkingDay,
  missingNextYearCalendar,
  nthWorkingDayAfter,
  reachesUnloadedYear,
  statutoryDeadline,
  validateCalendarYear,
} from '../../domain/working-days';
import { seeded2025, seeded2026 } from '../support/calendars';

const calendar = calendarFrom([seeded2025, seeded2026]);

describe('working days across the 2025 National Day holiday (Oct 1–8 off, Sep 28 and Oct 11 worked)', () => {
  test('make-up Sunday Sep 28 and Saturday Oct 11 are working days; Oct 1–8 are not', () => {
    expect(isWorkingDay(calendar, '2025-09-28')).toBe(true);
    expect(isWorkingDay(calendar, '2025-10-11')).toBe(true);
    for (let d = 1; d <= 8; d++) expect(isWorkingDay(calendar, `2025-10-0${d}`)).toBe(false);
    expect(isWorkingDay(calendar, '2025-10-12')).toBe(false); // ordinary Sunday
  });

  test('5 working days from Friday Sep 26 end on Friday Oct 10', () => {
    // Sep 28 (make-up), 29, 30, then Oct 9, 10
    expect(nthWorkingDayAfter(calendar, '2025-09-26', 5)).toEqual({ date: '2025-10-10', provisional: false });
  });

  test('the day of receipt does not count, even when it is a holiday', () => {
    expect(nthWorkingDayAfter(calendar, '2025-10-08', 1).date).toBe('2025-10-09');
    expect(nthWorkingDayAfter(calendar, '2025-10-08', 3).date).toBe('2025-10-11');
  });

  test('the deadline instant is the end of the last working day in Asia/Shanghai', () => {
    const d = statutoryDeadline(calendar, '2025-09-30', 2);
    expect(d.dueDate).toBe('2025-10-10');
    expect(new Date(d.dueAtMs).toISOString()).toBe('2025-10-10T16:00:00.000Z'); // 2025-10-11 00:00 +08:00
    expect(d.remindOn).toBe('2025-10-09');
  });
});

describe('working days across a year boundary', () => {
  test('5 working days from Tuesday 2025-12-30 skip New Year 2026 (Jan 1–3) and count make-up Sunday Jan 4', () => {
    // Dec 31, Jan 4 (make-up), Jan 5, 6, 7
    expect(nthWorkingDayAfter(calendar, '2025-12-30', 5)).toEqual({ date: '2026-01-07', provisional: false });
  });

  test('a deadline in a year whose calendar is not loaded counts Monday–Friday and is provisional', () => {
    const r = nthWorkingDayAfter(calendar, '2026-12-29', 5);
    expect(r).toEqual({ date: '2027-01-05', provisional: true }); // Dec 30, 31, Jan 1 (Fri), 4, 5
  });
});

describe('a corrected calendar', () => {
  test('moving a holiday changes the deadline', () => {
    // A load that forgot Oct 8 as a holiday, then the administrator's correction.
    const wrong = calendarFrom([{ ...seeded2025, holidays: seeded2025.holidays.filter((d) => d !== '2025-10-08') }, seeded2026]);
    expect(nthWorkingDayAfter(wrong, '2025-09-30', 2).date).toBe('2025-10-09');
    expect(nthWorkingDayAfter(calendar, '2025-09-30', 2).date).toBe('2025-10-10');
  });

  test('validation refuses dates outside the year and a day both holiday and make-up day', () => {
    const problems = validateCalendarYear({ year: 2025, holidays: ['2025-10-01', '2026-01-01'], makeupWorkdays: ['2025-10-01'] });
    expect(problems.map((p) => p.path)).toEqual(['holidays.1', 'makeupWorkdays.0']);
    expect(validateCalendarYear(seeded2025)).toEqual([]);
    expect(validateCalendarYear(seeded2026)).toEqual([]);
  });
});

describe('next year without a loaded calendar (README readings)', () => {
  const loaded = new Set([2025, 2026]);
  test('is announced from 1 November, not before, and not once it is loaded', () => {
    expect(missingNextYearCalendar('2026-10-31', loaded)).toBeNull();
    expect(missingNextYearCalendar('2026-11-01', loaded)).toEqual({ year: 2027, since: '2026-11-01' });
    expect(missingNextYearCalendar('2026-12-31', loaded)).toEqual({ year: 2027, since: '2026-11-01' });
    expect(missingNextYearCalendar('2025-11-15', loaded)).toBeNull();
  });

  test('a deadline is provisional when any year it spans is missing', () => {
    expect(reachesUnloadedYear(loaded, '2026-12-29', '2027-01-05')).toBe(true);
    expect(reachesUnloadedYear(loaded, '2025-12-30', '2026-01-07')).toBe(false);
    expect(reachesUnloadedYear(loaded, null, '2026-12-31')).toBe(false);
    expect(reachesUnloadedYear(new Set([2026]), '2025-12-30', '2026-01-07')).toBe(true);
  });
});
