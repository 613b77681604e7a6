/**
 * The daily calendar check on the time-skipping server with its real activity and PostgreSQL: from
 * 1 November, while next year's calendar is missing, every administrator and supervisor gets a
 * workbench notification and a notice in the outbox, once per year and person.
 */
import { Client } from '@temporalio/client';
import { createActivities } from '../../activities';
import { startOfShanghaiDay } from '../../domain/dates';
import { calendarWatchTick } from '../../workflows/calendar-watch';
import { testLogger, testPrisma } from '../support/env';
import { useTimeSkipping } from '../support/time-skipping';

const prisma = testPrisma();
const taskQueue = 'calendar-watch-time-skipping';
const ts = useTimeSkipping(prisma, taskQueue);
// A year no test loads, far enough ahead to be missing whenever the suite runs.
const year = new Date().getUTCFullYear() + 4;

test('before 1 November, or with next year loaded, nobody is told', async () => {
  const { announceMissingCalendar } = createActivities({ prisma, logger: testLogger });
  expect(await announceMissingCalendar({ today: `${year - 1}-10-31` })).toEqual({ year: null, notices: [] });
  const loadedYear = (await prisma.calendarYear.findFirstOrThrow({ orderBy: { year: 'asc' } })).year;
  expect(await announceMissingCalendar({ today: `${loadedYear - 1}-11-15` })).toEqual({ year: null, notices: [] });
  expect(
    await prisma.notification.count({ where: { kind: 'calendar_missing', sourceKey: { startsWith: `calendar-missing:${loadedYear}:` } } }),
  ).toBe(0);
});

test('on 1 November the daily tick tells every administrator and supervisor once, in the workbench and the outbox', async () => {
  // Skip to 08:00 on 1 November of the year before the missing one (Asia/Shanghai).
  await ts.env.sleep(startOfShanghaiDay(`${year - 1}-11-01`) + 8 * 3_600_000 - (await ts.env.currentTimeMs()));
  const plain = new Client({ connection: ts.env.connection });
  const first = await plain.workflow.execute(calendarWatchTick, { workflowId: `calendar-watch-${year}-a`, taskQueue });
  expect(first).toMatchObject({ date: `${year - 1}-11-01`, missingYear: year });

  const staff = await prisma.user.findMany({ where: { role: { in: ['admin', 'supervisor'] } }, orderBy: { username: 'asc' } });
  expect(staff.map((u) => u.username)).toEqual(expect.arrayContaining(['municipal.admin', 'municipal.supervisor', 'taishan.supervisor']));
  const notes = await prisma.notification.findMany({
    where: { kind: 'calendar_missing', sourceKey: { startsWith: `calendar-missing:${year}:` } },
  });
  expect(notes.map((n) => n.recipient).sort()).toEqual(staff.map((u) => u.username));
  expect(notes[0]!.message).toContain(`${year}年节假日安排尚未导入`);
  const notices = await prisma.notice.findMany({ where: { caseId: `calendar:${year}` } });
  expect(notices).toHaveLength(staff.length);
  const admins = notices.find((n) => n.personKey === 'staff:municipal.admin')!;
  expect(admins).toMatchObject({ template: 'calendar.next_year_missing', jurisdiction: 'municipal' });
  expect(admins.subject).toBe(`${year}年节假日安排尚未导入：涉及${year}年的办理期限均为暂定`);
  expect(admins.body).toContain(`截至${year - 1}年11月1日`);

  // The next day's tick tells nobody again.
  await ts.env.sleep('1 day');
  const second = await plain.workflow.execute(calendarWatchTick, { workflowId: `calendar-watch-${year}-b`, taskQueue });
  expect(second).toMatchObject({ missingYear: year });
  expect(
    await prisma.notification.count({ where: { kind: 'calendar_missing', sourceKey: { startsWith: `calendar-missing:${year}:` } } }),
  ).toBe(staff.length);
  expect(await prisma.notice.count({ where: { caseId: `calendar:${year}` } })).toBe(staff.length);
});
