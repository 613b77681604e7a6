/**
 * The holiday calendar (节假日安排): read a year; an administrator loads or corrects one. After a
 * change, every open case whose deadline window touches that year is told to recompute its deadline.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isoDateSchema } from '../../domain/dates';
import { DomainError } from '../../domain/errors';
import { yearNumberSchema } from '../../domain/primitives';
import { missingNextYearCalendar, validateCalendarYear } from '../../domain/working-days';
import { shanghaiDate } from '../../domain/dates';
import { saveCalendarYear } from '../../store/calendar';
import { calendarChangedSignal } from '../../workflows/service-case';
import { calendarImportResultSchema, calendarStatusSchema, calendarYearSchema } from '../../domain/views/calendar';
import type { RouteContext } from '../app';

type Finder = (prisma: RouteContext['prisma'], year: number) => Promise<{ id: string }[]>;

/**
 * Per process with a working-day clock (domain/processes.ts): its open records whose counting
 * window reaches into `year`. A test checks that every such process of the registry has one.
 */
export const calendarAffected: Record<
  'service_case' | 'care_episode' | 'fund_request' | 'remote_care' | 'subsidised_enrolment' | 'reimbursement',
  Finder
> = {
  // counted from acceptance, or (online cases, resubmissions) from the day in dueFrom
  service_case: (prisma, year) =>
    prisma.serviceCase.findMany({
      where: {
        status: 'open',
        dueDate: { gte: `${year}-01-01` },
        OR: [{ acceptedOn: { lte: `${year}-12-31` } }, { dueFrom: { lte: `${year}-12-31` } }],
      },
      select: { id: true },
    }),
  care_episode: (prisma, year) =>
    prisma.careEpisode.findMany({
      where: {
        status: { in: ['under_review', 'panel_review'] },
        reviewDueDate: { gte: `${year}-01-01` },
        applicationDate: { lte: `${year}-12-31` },
      },
      select: { id: true },
    }),
  // the approval limit from submission, or a turnover request's last day (the 18th, moved by art. 203)
  fund_request: (prisma, year) =>
    prisma.fundRequest.findMany({
      where: {
        status: { not: 'approved' },
        OR: [
          { kind: 'turnover', period: { startsWith: `${year}-` } },
          { status: 'submitted', submittedOn: { gte: `${year - 1}-12-01`, lte: `${year}-12-31` } },
        ],
      },
      select: { id: true },
    }),
  // online filings under review: 2 working days from receipt (000 §29)
  remote_care: (prisma, year) =>
    prisma.remoteCareFiling.findMany({
      where: { status: 'under_review', dueDate: { gte: `${year}-01-01` }, receivedOn: { lte: `${year}-12-31` } },
      select: { id: true },
    }),
  // subsidised enrolments not yet registered: 2 working days from receipt (001 §5)
  subsidised_enrolment: (prisma, year) =>
    prisma.subsidisedEnrolment.findMany({
      where: {
        status: { in: ['checking', 'awaiting_choice', 'awaiting_employee_rule'] },
        dueDate: { gte: `${year}-01-01` },
        receivedOn: { lte: `${year}-12-31` },
      },
      select: { id: true },
    }),
  // open claims: 30 working days from acceptance (004 items 27, 28, 35)
  reimbursement: (prisma, year) =>
    prisma.reimbursementClaim.findMany({
      where: { status: 'open', dueDate: { gte: `${year}-01-01` }, acceptedOn: { lte: `${year}-12-31` } },
      select: { id: true },
    }),
};

const yearParams = z.object({ year: yearNumberSchema });

const dayEntry = z.object({ date: isoDateSchema, name: z.string().trim().min(1).max(40) }).strict();
export const calendarYearBodySchema = z
  .object({
    notice: z.string().trim().min(1).max(200).describe('the State Council notice this year follows'),
    holidays: z.array(dayEntry).max(60),
    makeupWorkdays: z.array(dayEntry).max(20),
  })
  .strict();

export const calendarRoutes =
  (ctx: RouteContext): FastifyPluginAsyncZod =>
  async (app) => {
    const { prisma, temporal } = ctx;

    /**
     * Which years are loaded, and from 1 November whether next year's is still missing: the workbench
     * shows administrators and supervisors a banner, and every deadline reaching into it is provisional.
     */
    app.get(
      '/calendar/status',
      {
        schema: {
          tags: ['calendar'],
          response: {
            200: calendarStatusSchema,
          },
        },
      },
      async () => {
        const today = shanghaiDate(Date.now());
        const rows = await prisma.calendarYear.findMany({ select: { year: true }, orderBy: { year: 'asc' } });
        const loadedYears = rows.map((r) => r.year);
        return { today, loadedYears, missingNextYear: missingNextYearCalendar(today, new Set(loadedYears)) };
      },
    );

    app.get(
      '/calendar/:year',
      { schema: { tags: ['calendar'], params: yearParams, response: { 200: calendarYearSchema } } },
      async (request) => {
        const row = await prisma.calendarYear.findUnique({
          where: { year: request.params.year },
          include: { days: { orderBy: { date: 'asc' } } },
        });
        if (!row) throw new DomainError('NOT_FOUND', `${request.params.year} 年的节假日安排尚未导入`, { year: request.params.year });
        return {
          year: row.year,
          notice: row.notice,
          loadedBy: row.loadedBy,
          loadedAt: row.loadedAt.toISOString(),
          holidays: row.days.filter((d) => d.kind === 'holiday').map((d) => ({ date: d.date, name: d.name })),
          makeupWorkdays: row.days.filter((d) => d.kind === 'makeup_workday').map((d) => ({ date: d.date, name: d.name })),
        };
      },
    );

    app.put(
      '/calendar/:year',
      {
        schema: {
          tags: ['calendar'],
          params: yearParams,
          body: calendarYearBodySchema,
          response: { 200: calendarImportResultSchema },
        },
      },
      async (request) => {
        const actor = await ctx.requireRole(request, ['admin'], '导入或更正节假日安排（仅系统管理员）');
        const year = request.params.year;
        const body = request.body;
        const problems = validateCalendarYear({
          year,
          holidays: body.holidays.map((d) => d.date),
          makeupWorkdays: body.makeupWorkdays.map((d) => d.date),
        });
        if (problems.length) {
          throw new DomainError('CALENDAR_INVALID', '节假日安排有误，未导入', {
            issues: problems.map((p) => ({ path: `body.${p.path}`, message: p.message })),
          });
        }
        await saveCalendarYear(prisma, { year, ...body }, actor.username);
        const affected = (await Promise.all(Object.values(calendarAffected).map((find) => find(prisma, year)))).flat();
        // Every working-day process names its signal 'calendarChanged'.
        const results = await Promise.allSettled(affected.map((c) => temporal.workflow.getHandle(c.id).signal(calendarChangedSignal)));
        const failed = results.filter((r) => r.status === 'rejected').length;
        request.log.info({ year, actor: actor.username, recomputing: affected.length, failed }, 'holiday calendar loaded');
        return {
          year,
          holidays: body.holidays.length,
          makeupWorkdays: body.makeupWorkdays.length,
          casesRecomputing: affected.length - failed,
        };
      },
    );
  };
