/**
 * The holiday calendar (节假日安排): read a year; an administrator loads or corrects one. After a
 * change, every open case whose deadline window touches that year is told to recompute its deadline
 * (by a workflow of its own: workflows/change-broadcast.ts).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isoDateSchema } from '../../domain/dates';
import { DomainError } from '../../domain/errors';
import { yearNumberSchema } from '../../domain/primitives';
import { missingNextYearCalendar, validateCalendarYear } from '../../domain/working-days';
import { shanghaiDate } from '../../domain/dates';
import { saveCalendarYear } from '../../store/calendar';
import { tellRunningWorkflows } from '../change-broadcast';
import { calendarImportResultSchema, calendarStatusSchema, calendarYearSchema } from '../../domain/views/calendar';
import type { RouteContext } from '../app';

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
    const { prisma } = ctx;

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
        const savedAt = await saveCalendarYear(prisma, { year, ...body }, actor.username, actor);
        // Told by a workflow of its own, page by page, until every one has heard (workflows/change-broadcast.ts).
        const told = await tellRunningWorkflows(ctx, { kind: 'calendar', year }, savedAt);
        request.log.info(
          { year, actor: actor.username, recomputing: told.runningWorkflows, broadcast: told.broadcastWorkflowId },
          'holiday calendar loaded',
        );
        return {
          year,
          holidays: body.holidays.length,
          makeupWorkdays: body.makeupWorkdays.length,
          casesRecomputing: told.runningWorkflows,
          broadcastWorkflowId: told.broadcastWorkflowId,
        };
      },
    );
  };
