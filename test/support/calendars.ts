/** The seeded State Council calendars, as the domain functions take them. */
import type { CalendarYearDays } from '../../domain/working-days';
import y2025 from '../../prisma/seed/calendars/2025.json';
import y2026 from '../../prisma/seed/calendars/2026.json';

export function seededYear(y: typeof y2025): CalendarYearDays {
  return { year: y.year, holidays: y.holidays.map((d) => d.date), makeupWorkdays: y.makeupWorkdays.map((d) => d.date) };
}

export const seeded2025 = seededYear(y2025);
export const seeded2026 = seededYear(y2026);
