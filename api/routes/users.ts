/**
 * Administrators disable and re-enable user accounts (embedded mode): a disabled account can neither
 * log in nor use a token issued before (api/auth.ts reads the user's row on every request). Each
 * change is an audit event of the account (`user:<username>`: who, when, office, the reason, the
 * state before and after), written in the change's transaction; repeating a change changes nothing.
 */
import { nextAuditSeq } from '../../activities/audit';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError } from '../../domain/errors';
import { lineText } from '../../domain/primitives';
import { userAccountViewSchema } from '../../domain/views/users';
import type { User } from '../../generated/prisma/client';
import type { RouteContext } from '../app';

const params = z.object({ username: lineText(64) });
const body = z.object({ reason: lineText(200) }).strict();

function accountView(u: User): z.infer<typeof userAccountViewSchema> {
  return {
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    jurisdiction: u.jurisdiction,
    disabledAt: u.disabledAt?.toISOString() ?? null,
  };
}

export const userRoutes =
  (ctx: RouteContext): FastifyPluginAsyncZod =>
  async (app) => {
    const { prisma } = ctx;

    for (const change of ['disable', 'enable'] as const) {
      app.post(
        `/admin/users/:username/${change}`,
        { schema: { tags: ['auth'], params, body, response: { 200: userAccountViewSchema } } },
        async (request) => {
          const actor = await ctx.requireRole(
            request,
            ['admin'],
            change === 'disable' ? '停用用户账号（仅系统管理员）' : '启用用户账号（仅系统管理员）',
          );
          if (!ctx.auth.issue) {
            throw new DomainError('NOT_FOUND', '本服务使用外部身份认证，请在单位统一认证平台停用或启用账号');
          }
          const { username } = request.params;
          if (change === 'disable' && username === actor.username) {
            throw new DomainError('CASE_WRONG_STATE', '不能停用自己的账号（请由另一名系统管理员办理）', { username });
          }
          const caseId = `user:${username}`;
          const user = await prisma.$transaction(async (tx) => {
            // The row lock serialises two administrators changing one account.
            const locked = await tx.$queryRaw<{ username: string }[]>`
              SELECT "username" FROM "User" WHERE "username" = ${username} FOR UPDATE`;
            if (!locked.length) throw new DomainError('NOT_FOUND', `没有用户 ${username}`, { username });
            const before = await tx.user.findUniqueOrThrow({ where: { username } });
            if ((before.disabledAt !== null) === (change === 'disable')) return before; // already so: nothing changes
            const now = new Date();
            const after = await tx.user.update({ where: { username }, data: { disabledAt: change === 'disable' ? now : null } });
            await tx.auditEvent.create({
              data: {
                caseId,
                seq: await nextAuditSeq(tx, caseId),
                at: now,
                actor: actor.username,
                actorRole: actor.role,
                office: actor.jurisdiction,
                action: change === 'disable' ? 'user_disabled' : 'user_enabled',
                reason: request.body.reason,
                before: { disabledAt: before.disabledAt?.toISOString() ?? null },
                after: { disabledAt: after.disabledAt?.toISOString() ?? null },
              },
            });
            return after;
          });
          request.log.info({ username, change }, 'user account changed');
          return accountView(user);
        },
      );
    }
  };
