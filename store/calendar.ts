/** Reading the holiday calendar the administrator loaded (DOMAIN §0: data, never code). */
import type { PrismaClient } from '../generated/prisma/client';
import { calendarFrom, type HolidayCalendar } from '../domain/working-days';

export async function loadCalendar(prisma: Pick<PrismaClient, 'calendarYear'>, years: number[]): Promise<HolidayCalendar> {
  const rows = await prisma.calendarYear.findMany({ where: { year: { in: years } }, include: { days: true } });
  return calendarFrom(
    rows.map((y) => ({
      year: y.year,
      holidays: y.days.filter((d) => d.kind === 'holiday').map((d) => d.date),
      makeupWorkdays: y.days.filter((d) => d.kind === 'makeup_workday').map((d) => d.date),
    })),
  );
}

/** The years of the holiday calendar loaded now (a deadline reaching into another is provisional). */
export async function loadedCalendarYears(prisma: Pick<PrismaClient, 'calendarYear'>): Promise<Set<number>> {
  return new Set((await prisma.calendarYear.findMany({ select: { year: true } })).map((r) => r.year));
}

export interface CalendarYearInput {
  year: number;
  notice: string;
  holidays: { date: string; name: string }[];
  makeupWorkdays: { date: string; name: string }[];
}

/** Replaces one year of the calendar (load or correction) in one transaction; answers when it was saved. */
export async function saveCalendarYear(prisma: PrismaClient, input: CalendarYearInput, loadedBy: string): Promise<Date> {
  const loadedAt = new Date();
  await prisma.$transaction([
    prisma.calendarDay.deleteMany({ where: { year: input.year } }),
    prisma.calendarYear.upsert({
      where: { year: input.year },
      create: { year: input.year, notice: input.notice, loadedBy, loadedAt },
      update: { notice: input.notice, loadedBy, loadedAt },
    }),
    prisma.calendarDay.createMany({
      data: [
        ...input.holidays.map((d) => ({ date: d.date, year: input.year, kind: 'holiday' as const, name: d.name })),
        ...input.makeupWorkdays.map((d) => ({ date: d.date, year: input.year, kind: 'makeup_workday' as const, name: d.name })),
      ],
    }),
  ]);
  return loadedAt;
}
