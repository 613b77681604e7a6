/** Reading the holiday calendar the administrator loaded (DOMAIN §0: data, never code). */
import type { PrismaClient } from '../generated/prisma/client';
import { calendarFrom, type HolidayCalendar } from '../domain/working-days';
import type { Actor } from '../domain/people';
import { appendAuditEvent, lockAuditLog, nextAuditSeq } from '../activities/audit';

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

type CalendarSummary = { notice: string; holidays: string[]; makeupWorkdays: string[] };

/**
 * Replaces one year of the calendar (load or correction) in one transaction; answers when it was
 * saved. Loads of one year are serialised (their days share the date key, so two at once would
 * collide). With `actor` (an administrator, not the seed) the load is an audit line of the year
 * (`calendar:<year>`: who, office, the notice as the reason, the days before and after).
 */
export async function saveCalendarYear(prisma: PrismaClient, input: CalendarYearInput, loadedBy: string, actor?: Actor): Promise<Date> {
  const auditCase = `calendar:${input.year}`;
  return prisma.$transaction(async (tx) => {
    await lockAuditLog(tx, auditCase);
    const before = await tx.calendarYear.findUnique({ where: { year: input.year }, include: { days: true } });
    const loadedAt = new Date();
    await tx.calendarDay.deleteMany({ where: { year: input.year } });
    await tx.calendarYear.upsert({
      where: { year: input.year },
      create: { year: input.year, notice: input.notice, loadedBy, loadedAt },
      update: { notice: input.notice, loadedBy, loadedAt },
    });
    await tx.calendarDay.createMany({
      data: [
        ...input.holidays.map((d) => ({ date: d.date, year: input.year, kind: 'holiday' as const, name: d.name })),
        ...input.makeupWorkdays.map((d) => ({ date: d.date, year: input.year, kind: 'makeup_workday' as const, name: d.name })),
      ],
    });
    if (actor) {
      const dates = (days: { date: string }[]) => days.map((d) => d.date).sort();
      const ofKind = (kind: 'holiday' | 'makeup_workday') => dates(before!.days.filter((d) => d.kind === kind));
      await appendAuditEvent<CalendarSummary>(
        tx,
        auditCase,
        {
          seq: await nextAuditSeq(tx, auditCase),
          at: loadedAt.toISOString(),
          actor,
          action: before ? 'calendar_corrected' : 'calendar_loaded',
          reason: input.notice,
          before: before ? { notice: before.notice, holidays: ofKind('holiday'), makeupWorkdays: ofKind('makeup_workday') } : null,
        },
        (s) => s,
        { notice: input.notice, holidays: dates(input.holidays), makeupWorkdays: dates(input.makeupWorkdays) },
      );
    }
    return loadedAt;
  });
}
