/**
 * Demo log-in of the embedded default (HS256): username and password give a bearer token.
 *
 * Guessing is slowed three ways: a rate limit per address (AUTH_LOGIN_PER_MINUTE, 429 RATE_LIMITED),
 * a lockout per user name with backoff after repeated wrong passwords (429 LOGIN_LOCKED, saying when
 * to retry), and a password check that costs the same for unknown and known names and runs off the
 * event loop (api/auth.ts verifyPassword).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { DomainError } from '../../domain/errors';
import { actorSchema } from '../../domain/people';
import { tokenViewSchema } from '../../domain/views/common';
import { lineText } from '../../domain/primitives';
import type { PrismaClient } from '../../generated/prisma/client';
import type { RouteContext } from '../app';
import { verifyPassword } from '../auth';

/** Wrong passwords in a row that are free; the next one locks the name. */
export const FREE_FAILURES = 4;
/** The first lock lasts a minute and doubles with every further failure, up to half an hour. */
const FIRST_LOCK_MS = 60_000;
const MAX_LOCK_MS = 30 * 60_000;
/** A run of failures is forgotten a day after its last one. */
const FAILURES_FORGOTTEN_AFTER_MS = 24 * 3600_000;

/** How long the `failures`-th failure in a row locks the name (0 while still free). */
export function lockDurationMs(failures: number): number {
  if (failures <= FREE_FAILURES) return 0;
  return Math.min(MAX_LOCK_MS, FIRST_LOCK_MS * 2 ** (failures - FREE_FAILURES - 1));
}

/** 2026年12月1日 17:05:09（北京时间） */
function shanghaiTime(at: Date): string {
  const s = new Date(at.getTime() + 8 * 3600_000).toISOString();
  return `${Number(s.slice(0, 4))}年${Number(s.slice(5, 7))}月${Number(s.slice(8, 10))}日 ${s.slice(11, 19)}（北京时间）`;
}

function lockedError(until: Date, now: number): DomainError {
  const retryAfterSeconds = Math.max(1, Math.ceil((until.getTime() - now) / 1000));
  return new DomainError('LOGIN_LOCKED', `登录失败次数过多，该账号已暂时锁定，请于 ${shanghaiTime(until)}后再试`, {
    retryAt: until.toISOString(),
    retryAfterSeconds,
  });
}

/**
 * Rows kept for names that are no user (LoginThrottle is written for any name tried): beyond these,
 * the least recently tried unknown names are forgotten, so a flood of made-up names cannot grow the
 * table without bound. Known names are never dropped by the cap: their locks are what stop guessing.
 */
export const MAX_UNKNOWN_NAME_ROWS = 10_000;
/** Rows removed per failed log-in: the purge stays a small, bounded statement. */
const PURGE_BATCH = 200;

/**
 * Forgets what can no longer matter, at every failed log-in (known or unknown name alike, so both
 * cost the same): runs whose last failure is older than a day (they would start afresh anyway) and
 * hold no lock in force, then unknown names beyond MAX_UNKNOWN_NAME_ROWS, least recently tried first.
 */
async function purgeThrottle(prisma: PrismaClient, now: Date): Promise<void> {
  const forgotten = new Date(now.getTime() - FAILURES_FORGOTTEN_AFTER_MS);
  await prisma.$executeRaw`
    DELETE FROM "LoginThrottle" WHERE "username" IN (
      SELECT "username" FROM "LoginThrottle"
      WHERE "lastFailure" < ${forgotten} AND ("lockedUntil" IS NULL OR "lockedUntil" < ${now})
      LIMIT ${PURGE_BATCH})`;
  await prisma.$executeRaw`
    DELETE FROM "LoginThrottle" WHERE "username" IN (
      SELECT t."username" FROM "LoginThrottle" t
      WHERE NOT EXISTS (SELECT 1 FROM "User" u WHERE u."username" = t."username")
      ORDER BY t."lastFailure" DESC, t."username"
      OFFSET ${MAX_UNKNOWN_NAME_ROWS} LIMIT ${PURGE_BATCH})`;
}

/** Records a failed log-in for `username` and returns the lock it earned, if any. */
async function recordFailure(prisma: PrismaClient, username: string, now: Date): Promise<Date | null> {
  const forgotten = new Date(now.getTime() - FAILURES_FORGOTTEN_AFTER_MS);
  // One statement, so concurrent failures each count.
  const [row] = await prisma.$queryRaw<{ failures: number }[]>`
    INSERT INTO "LoginThrottle" ("username", "failures", "lastFailure") VALUES (${username}, 1, ${now})
    ON CONFLICT ("username") DO UPDATE SET
      "failures" = CASE WHEN "LoginThrottle"."lastFailure" < ${forgotten} THEN 1 ELSE "LoginThrottle"."failures" + 1 END,
      "lastFailure" = ${now}
    RETURNING "failures"`;
  await purgeThrottle(prisma, now);
  const lockMs = lockDurationMs(row!.failures);
  if (!lockMs) return null;
  const until = new Date(now.getTime() + lockMs);
  await prisma.loginThrottle.update({ where: { username }, data: { lockedUntil: until } });
  return until;
}

export const authRoutes =
  (ctx: RouteContext): FastifyPluginAsyncZod =>
  async (app) => {
    const { prisma } = ctx;

    app.post(
      '/auth/token',
      {
        config: { rateLimit: { max: ctx.loginPerMinute ?? 30, timeWindow: 60_000 } },
        schema: {
          tags: ['auth'],
          security: [],
          body: z.object({ username: lineText(64), password: z.string().min(1).max(200) }).strict(),
          response: { 200: tokenViewSchema },
        },
      },
      async (request, reply) => {
        if (!ctx.auth.issue) {
          throw new DomainError('NOT_FOUND', '本服务使用外部身份认证，请从单位统一认证平台获取令牌');
        }
        const { username, password } = request.body;
        const throttle = await prisma.loginThrottle.findUnique({ where: { username } });
        if (throttle?.lockedUntil && throttle.lockedUntil.getTime() > Date.now()) {
          const error = lockedError(throttle.lockedUntil, Date.now());
          reply.header('retry-after', String(error.facts.retryAfterSeconds));
          request.log.warn({ username }, 'log-in refused: locked');
          throw error;
        }
        const user = await prisma.user.findUnique({ where: { username } });
        // The hash is checked whatever the user: unknown and disabled names cost what known ones do.
        const matches = await verifyPassword(password, user?.passwordHash ?? null);
        if (!user || user.disabledAt || !matches) {
          const lockedUntil = await recordFailure(prisma, username, new Date());
          request.log.warn({ username, locked: lockedUntil !== null }, 'log-in refused');
          throw new DomainError(
            'UNAUTHENTICATED',
            lockedUntil ? `用户名或密码不正确；失败次数过多，该账号已锁定至 ${shanghaiTime(lockedUntil)}` : '用户名或密码不正确',
          );
        }
        if (throttle) await prisma.loginThrottle.delete({ where: { username } }).catch(() => undefined);
        const actor = {
          username: user.username,
          role: user.role,
          jurisdiction: user.jurisdiction,
          ...(user.role === 'institution' && user.institutionCode ? { institutionCode: user.institutionCode } : {}),
        };
        return { token: await ctx.auth.issue(actor, user.displayName), user: { ...actor, displayName: user.displayName } };
      },
    );

    app.get('/me', { schema: { tags: ['auth'], response: { 200: actorSchema } } }, async (request) => request.actor!);
  };
