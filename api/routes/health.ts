/** /healthz: the process answers. /readyz: the database and Temporal answer too (503 otherwise). */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { RouteContext } from '../app';

export const healthRoutes = (ctx: RouteContext): FastifyPluginAsyncZod => async (app) => {
  app.get('/healthz', { schema: { tags: ['health'], security: [] } }, async () => ({ status: 'ok' }));

  app.get('/readyz', { schema: { tags: ['health'], security: [] } }, async (_request, reply) => {
    const check = async (probe: () => Promise<unknown>) => {
      try {
        await probe();
        return 'ok';
      } catch (e) {
        return `unavailable: ${(e as Error).message.split('\n')[0]}`;
      }
    };
    const [database, temporal] = await Promise.all([
      check(() => ctx.prisma.$queryRaw`SELECT 1`),
      check(() => ctx.temporal.workflowService.getSystemInfo({})),
    ]);
    const ready = database === 'ok' && temporal === 'ok';
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not_ready', checks: { database, temporal } });
  });
};
