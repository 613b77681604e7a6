/**
 * The supervisor's view: open work and deadline breaches per county and process, over the read
 * models. A county supervisor sees their county; municipal supervisors and administrators see all.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { readableJurisdictions } from '../../domain/access-policy';
import type { Jurisdiction } from '../../domain/people';
import { processes } from '../../domain/processes';
import type { RouteContext } from '../app';
import { supervisionSummarySchema } from '../../domain/views/supervision';

/** The titles come from the process registry; `certification` is the special-disease process's key in this view. */
export const processNames = {
  service_case: processes.service_case.title,
  care_episode: processes.care_episode.title,
  fund_request: processes.fund_request.title,
  certification: processes.special_disease.title,
};

export const supervisionRoutes =
  (ctx: RouteContext): FastifyPluginAsyncZod =>
  async (app) => {
    const { prisma } = ctx;

    app.get('/supervision/summary', { schema: { tags: ['supervision'], response: { 200: supervisionSummarySchema } } }, async (request) => {
      const actor = await ctx.requireRole(request, ['supervisor', 'admin'], '查看督办统计（仅监督人员或管理员）');
      const counties = [...readableJurisdictions(actor, 'service_case')];
      const now = new Date();
      const [cases, overdueCases, breachedCases, episodes, breachedEpisodes, fundOpen, fundLate, certs] = await Promise.all([
        prisma.serviceCase.groupBy({
          by: ['jurisdiction'],
          where: { status: 'open', jurisdiction: { in: counties } },
          _count: { _all: true },
        }),
        prisma.serviceCase.groupBy({
          by: ['jurisdiction'],
          where: { status: 'open', dueAt: { lte: now }, jurisdiction: { in: counties } },
          _count: { _all: true },
        }),
        prisma.serviceCase.groupBy({
          by: ['jurisdiction'],
          where: { breachedAt: { not: null }, jurisdiction: { in: counties } },
          _count: { _all: true },
        }),
        prisma.careEpisode.groupBy({
          by: ['jurisdiction'],
          where: { status: { in: ['under_review', 'panel_review'] }, jurisdiction: { in: counties } },
          _count: { _all: true },
        }),
        prisma.careEpisode.groupBy({
          by: ['jurisdiction'],
          where: { reviewBreachedAt: { not: null }, jurisdiction: { in: counties } },
          _count: { _all: true },
        }),
        prisma.fundRequest.groupBy({
          by: ['agency'],
          where: { status: { not: 'approved' }, agency: { in: counties } },
          _count: { _all: true },
        }),
        prisma.fundRequest.groupBy({
          by: ['agency'],
          where: { OR: [{ late: true }, { breachedAt: { not: null } }], agency: { in: counties } },
          _count: { _all: true },
        }),
        prisma.certification.groupBy({
          by: ['jurisdiction'],
          where: { status: { in: ['active', 'suspended'] }, jurisdiction: { in: counties } },
          _count: { _all: true },
        }),
      ]);
      const count = (rows: { _count: { _all: number } }[], pick: (r: never) => Jurisdiction, county: Jurisdiction) =>
        rows.find((r) => pick(r as never) === county)?._count._all ?? 0;
      const byJurisdiction = (r: { jurisdiction: Jurisdiction }) => r.jurisdiction;
      const byAgency = (r: { agency: Jurisdiction }) => r.agency;
      return {
        asOf: now.toISOString(),
        processes: processNames,
        counties: counties.map((county) => ({
          county,
          service_case: {
            open: count(cases, byJurisdiction, county),
            overdue: count(overdueCases, byJurisdiction, county),
            breached: count(breachedCases, byJurisdiction, county),
          },
          care_episode: { open: count(episodes, byJurisdiction, county), breached: count(breachedEpisodes, byJurisdiction, county) },
          fund_request: { open: count(fundOpen, byAgency, county), breached: count(fundLate, byAgency, county) },
          certification: { open: count(certs, byJurisdiction, county), breached: 0 },
        })),
      };
    });
  };
