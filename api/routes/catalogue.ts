/** The 39 public service items (document 004) as seeded. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError } from '../../domain/errors';
import type { RouteContext } from '../app';
import { catalogueItemSchema, catalogueSchema } from '../../domain/views/service-case';

export const catalogueRoutes =
  (ctx: RouteContext): FastifyPluginAsyncZod =>
  async (app) => {
    app.get('/catalogue', { schema: { tags: ['catalogue'], response: { 200: catalogueSchema } } }, async () => {
      const items = await ctx.prisma.catalogueItem.findMany({ orderBy: { seq: 'asc' } });
      return { items };
    });

    app.get(
      '/catalogue/:code',
      {
        schema: { tags: ['catalogue'], params: z.object({ code: z.string().regex(/^\d{12}$/) }), response: { 200: catalogueItemSchema } },
      },
      async (request) => {
        const item = await ctx.prisma.catalogueItem.findUnique({ where: { code: request.params.code } });
        if (!item) throw new DomainError('ITEM_NOT_FOUND', `没有编码为 ${request.params.code} 的服务事项`);
        return item;
      },
    );
  };
