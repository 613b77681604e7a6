/**
 * /healthz: the process answers. /readyz: the database and Temporal answer too, each within a
 * bounded time, so the probe itself answers within 2 s; 503 names what is down.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { probe } from '../dependencies';
import type { RouteContext } from '../app';

const PROBE_MS = 1_500;

const readinessSchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  checks: z.object({ database: z.string(), temporal: z.string() }).describe("'ok' or why the dependency is down"),
  down: z.array(z.string()).optional(),
});

export const healthRoutes =
  (ctx: RouteContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get(
      '/healthz',
      { schema: { tags: ['health'], security: [], response: { 200: z.object({ status: z.string().describe('ok') }) } } },
      async () => ({ status: 'ok' }),
    );

    app.get(
      '/readyz',
      { schema: { tags: ['health'], security: [], response: { 200: readinessSchema, 503: readinessSchema } } },
      async (_request, reply) => {
        const [database, temporal] = await Promise.all([
          probe(PROBE_MS, () => ctx.prisma.$queryRaw`SELECT 1`),
          probe(PROBE_MS, () => ctx.temporal.withDeadline(Date.now() + PROBE_MS, () => ctx.temporal.workflowService.getSystemInfo({}))),
        ]);
        const checks = { database, temporal };
        const down = Object.entries(checks)
          .filter(([, v]) => v !== 'ok')
          .map(([k]) => k);
        return reply
          .status(down.length ? 503 : 200)
          .send({ status: down.length ? 'not_ready' : 'ready', checks, ...(down.length ? { down } : {}) });
      },
    );
  };
