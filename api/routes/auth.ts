/** Demo log-in of the embedded default (HS256): username and password give a bearer token. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError } from '../../domain/errors';
import type { RouteContext } from '../app';
import { verifyPassword } from '../auth';

export const authRoutes = (ctx: RouteContext): FastifyPluginAsyncZod => async (app) => {
  app.post('/auth/token', {
    schema: {
      tags: ['auth'], security: [],
      body: z.object({ username: z.string().min(1).max(64), password: z.string().min(1).max(200) }).strict(),
    },
  }, async (request) => {
    if (!ctx.auth.issue) {
      throw new DomainError('NOT_FOUND', '本服务使用外部身份认证，请从单位统一认证平台获取令牌');
    }
    const user = await ctx.prisma.user.findUnique({ where: { username: request.body.username } });
    if (!user || !verifyPassword(request.body.password, user.passwordHash)) {
      request.log.warn({ username: request.body.username }, 'log-in refused');
      throw new DomainError('UNAUTHENTICATED', '用户名或密码不正确');
    }
    const actor = { username: user.username, role: user.role, jurisdiction: user.jurisdiction };
    return { token: await ctx.auth.issue(actor, user.displayName), user: { ...actor, displayName: user.displayName } };
  });

  app.get('/me', { schema: { tags: ['auth'] } }, async (request) => request.actor!);
};
