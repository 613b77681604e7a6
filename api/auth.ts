/**
 * Bearer tokens (JWT). The embedded default signs and verifies HS256 tokens with a shared secret
 * and offers a demo log-in; with AUTH_JWKS_URL the service verifies tokens of a real identity
 * provider instead and issues none. Claims: sub (username), role, jurisdiction.
 */
import { scryptSync, timingSafeEqual } from 'node:crypto';
import { SignJWT, createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { DomainError } from '../domain/errors';
import { type Actor, jurisdictionSchema, roleSchema } from '../domain/people';

const claimsSchema = z.object({ sub: z.string().min(1), role: roleSchema, jurisdiction: jurisdictionSchema });

export interface Authenticator {
  verify(token: string): Promise<Actor>;
  /** only the embedded HS256 mode issues tokens */
  issue?(actor: Actor, displayName: string): Promise<string>;
}

export function hs256Authenticator(opts: { secret: string; issuer: string; audience: string; ttl?: string }): Authenticator {
  const key = new TextEncoder().encode(opts.secret);
  return {
    verify: (token) => verifyWith(token, key, opts),
    issue: (actor, displayName) => new SignJWT({ role: actor.role, jurisdiction: actor.jurisdiction, name: displayName })
      .setProtectedHeader({ alg: 'HS256' }).setSubject(actor.username).setIssuer(opts.issuer)
      .setAudience(opts.audience).setIssuedAt().setExpirationTime(opts.ttl ?? '12h').sign(key),
  };
}

export function jwksAuthenticator(opts: { jwksUrl: string; issuer: string; audience: string }): Authenticator {
  const jwks = createRemoteJWKSet(new URL(opts.jwksUrl));
  return { verify: (token) => verifyWith(token, jwks, opts) };
}

async function verifyWith(token: string, key: Uint8Array | JWTVerifyGetKey, opts: { issuer: string; audience: string }): Promise<Actor> {
  let payload: unknown;
  try {
    ({ payload } = typeof key === 'function'
      ? await jwtVerify(token, key, { issuer: opts.issuer, audience: opts.audience })
      : await jwtVerify(token, key, { issuer: opts.issuer, audience: opts.audience }));
  } catch {
    throw new DomainError('UNAUTHENTICATED', '登录凭证无效或已过期，请重新登录');
  }
  const claims = claimsSchema.safeParse(payload);
  if (!claims.success) throw new DomainError('UNAUTHENTICATED', '登录凭证缺少角色或辖区信息');
  return { username: claims.data.sub, role: claims.data.role, jurisdiction: claims.data.jurisdiction };
}

export function verifyPassword(password: string, stored: string | null): boolean {
  if (!stored) return false;
  const [scheme, saltHex, hashHex] = stored.split('$');
  if (scheme !== 'scrypt' || !saltHex || !hashHex) return false;
  const expected = Buffer.from(hashHex, 'hex');
  const actual = scryptSync(password, Buffer.from(saltHex, 'hex'), expected.length);
  return timingSafeEqual(actual, expected);
}
