/** The 39 public service items (document 004) as seeded. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError } from '../../domain/errors';
import type { RouteContext } from '../app';

const itemSchema = z.object({
  code: z.string(),
  seq: z.number().int(),
  name: z.string(),
  group: z.string(),
  subItems: z.array(z.string()),
  handlingLevels: z.array(z.string()),
  steps: z.array(z.string()),
  timeLimitKind: z.string().describe('workingDays | immediate | none'),
  timeLimitDays: z.number().int().nullable(),
  onlineTimeLimitDays: z.number().int().nullable(),
  timeLimitNote: z.string().nullable(),
  materials: z.array(z.string()),
  legalBasis: z.array(z.string()),
  remark: z.string().nullable(),
});

export const catalogueRoutes =
  (ctx: RouteContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/catalogue', { schema: { tags: ['catalogue'], response: { 200: z.object({ items: z.array(itemSchema) }) } } }, async () => {
      const items = await ctx.prisma.catalogueItem.findMany({ orderBy: { seq: 'asc' } });
      return { items };
    });

    app.get(
      '/catalogue/:code',
      {
        schema: { tags: ['catalogue'], params: z.object({ code: z.string().regex(/^\d{12}$/) }), response: { 200: itemSchema } },
      },
      async (request) => {
        const item = await ctx.prisma.catalogueItem.findUnique({ where: { code: request.params.code } });
        if (!item) throw new DomainError('ITEM_NOT_FOUND', `没有编码为 ${request.params.code} 的服务事项`);
        return item;
      },
    );
  };
