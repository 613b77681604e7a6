/**
 * Telling administrators and supervisors that next year's holiday calendar is still missing
 * (from 1 November: domain missingNextYearCalendar): a workbench notification and a notice in the
 * outbox for each of them, once per year and person (the source key), however often the daily tick runs.
 */
import { chineseDate, writeNotice } from './notices';
import type { ActivityDeps } from './index';
import { missingNextYearCalendar } from '../domain/working-days';
import type { IsoDate } from '../domain/dates';

export const CALENDAR_MISSING_TEMPLATE = 'calendar.next_year_missing';

export function createCalendarWatchActivities(deps: ActivityDeps) {
  const { prisma, logger } = deps;
  return {
    async announceMissingCalendar(input: {
      today: IsoDate;
    }): Promise<{ year: number | null; notices: { noticeId: string; channels: string[] }[] }> {
      const loaded = new Set((await prisma.calendarYear.findMany({ select: { year: true } })).map((r) => r.year));
      const missing = missingNextYearCalendar(input.today, loaded);
      if (!missing) return { year: null, notices: [] };
      const staff = await prisma.user.findMany({
        where: { role: { in: ['admin', 'supervisor'] } },
        orderBy: { username: 'asc' },
        select: { username: true, displayName: true, jurisdiction: true },
      });
      const year = String(missing.year);
      const message = `${year}年节假日安排尚未导入：涉及${year}年的办理期限均为暂定（按周一至周五计算），请系统管理员尽快导入。`;
      const now = new Date();
      const notices: { noticeId: string; channels: string[] }[] = [];
      for (const person of staff) {
        const sourceKey = `calendar-missing:${year}:${person.username}`;
        const written = await prisma.$transaction(async (tx) => {
          await tx.notification.createMany({
            data: [{ sourceKey, recipient: person.username, caseId: null, kind: 'calendar_missing', message, createdAt: now }],
            skipDuplicates: true,
          });
          return writeNotice(tx, {
            sourceKey,
            personKey: `staff:${person.username}`,
            jurisdiction: person.jurisdiction,
            caseId: `calendar:${year}`,
            template: CALENDAR_MISSING_TEMPLATE,
            params: { name: person.displayName, year, today: chineseDate(input.today) },
          });
        });
        notices.push(written);
      }
      logger.info({ year: missing.year, told: staff.length }, 'next year calendar missing: administrators and supervisors told');
      return { year: missing.year, notices };
    },
  };
}
