/**
 * Bearer tokens (JWT). The embedded default signs and verifies HS256 tokens with a shared secret
 * and offers a demo log-in; with AUTH_JWKS_URL the service verifies tokens of a real identity
 * provider instead and issues none. Claims: sub (username), role, jurisdiction, and for
 * institution users `institution` (the code of the designated institution they act as).
 *
 * Every token must carry `exp`, and live at most 12 hours (a working day with overtime): a leaked
 * token is worth little. The algorithm is pinned: HS256 for the shared secret; for a JWKS only
 * asymmetric algorithms, and jose holds each key to its own `alg` when the key names one (so a
 * public key can never be used as an HMAC secret, and `none` is never accepted). In embedded mode
 * the user must still exist, be enabled and hold the role and office the token names.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { promisify } from 'node:util';
import { SignJWT, createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { z } from 'zod';
import { DomainError } from '../domain/errors';
import { type Actor, type Jurisdiction, type Role, jurisdictionSchema, roleSchema } from '../domain/people';

const claimsSchema = z.object({
  sub: z.string().min(1),
  role: roleSchema,
  jurisdiction: jurisdictionSchema,
  institution: z.string().min(1).max(40).optional(),
});

/** The longest a token may live, from issue (`iat`) or from now, in seconds. */
export const MAX_TOKEN_LIFETIME_SECONDS = 12 * 3600;
/** Clock skew allowed between the identity provider and us. */
const CLOCK_TOLERANCE_SECONDS = 60;
/** What a JWKS may sign with: asymmetric algorithms only. */
const JWKS_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

export interface Authenticator {
  verify(token: string): Promise<Actor>;
  /** how many checked tokens are kept (tests see the bound) */
  verifiedTokensKept?(): number;
  /** only the embedded HS256 mode issues tokens */
  issue?(actor: Actor, displayName: string): Promise<string>;
}

/** A user of the embedded mode as stored: null when there is no such user. */
export type UserLookup = (username: string) => Promise<{
  role: Role;
  jurisdiction: Jurisdiction;
  disabledAt: Date | null;
  institutionCode?: string | null;
} | null>;

/**
 * Tokens whose signature and claims have been checked, kept until they expire (at most 12 hours,
 * and at most `maxAgeMs` after the check), at most `max` of them, the least recently used dropped
 * first. A token is the same bytes it was when it was checked, so checking it again gives the same
 * answer until it expires: a hit skips the signature (HMAC or RSA) and the claims' parse, which the
 * decision path pays on every request otherwise (issue 19). What a hit does not skip: the expiry
 * (an entry is dropped, and the token checked afresh and refused, once jose would refuse it) and,
 * in embedded mode, the user's row (a disabled user or a changed role is refused at once).
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, { actor: Actor; until: number }>();
  constructor(
    private readonly max = 10_000,
    private readonly maxAgeMs = Infinity,
    private readonly now: () => number = Date.now,
  ) {}

  get(token: string): Actor | undefined {
    const entry = this.entries.get(token);
    if (!entry) return undefined;
    this.entries.delete(token);
    if (this.now() >= entry.until) return undefined;
    this.entries.set(token, entry); // most recently used last
    return { ...entry.actor };
  }

  /** `exp` in seconds: jose refuses from (exp + tolerance) s on, so the entry lasts until then. */
  set(token: string, actor: Actor, exp: number): void {
    const until = Math.min((exp + CLOCK_TOLERANCE_SECONDS) * 1000, this.now() + this.maxAgeMs);
    this.entries.delete(token);
    this.entries.set(token, { actor: { ...actor }, until });
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value!);
  }

  get size(): number {
    return this.entries.size;
  }
}

export function hs256Authenticator(opts: {
  secret: string;
  issuer: string;
  audience: string;
  users: UserLookup;
  ttl?: string;
  /** checked tokens kept (default 10,000); 0 checks every request afresh */
  verifiedTokensKept?: number;
  /** the clock (tests move it past a token's expiry) */
  now?: () => number;
}): Authenticator {
  const key = new TextEncoder().encode(opts.secret);
  const now = opts.now ?? Date.now;
  const verified = new VerifiedTokens(opts.verifiedTokensKept ?? 10_000, Infinity, now);
  return {
    verifiedTokensKept: () => verified.size,
    async verify(token) {
      let actor = verified.get(token);
      if (!actor) {
        const checked = await verifyWith(token, key, ['HS256'], { ...opts, now });
        verified.set(token, checked.actor, checked.exp);
        actor = checked.actor;
      }
      const user = await opts.users(actor.username);
      if (!user || user.disabledAt) throw new DomainError('UNAUTHENTICATED', '该用户不存在或已停用，请联系管理员');
      if (
        user.role !== actor.role ||
        user.jurisdiction !== actor.jurisdiction ||
        (actor.role === 'institution' && user.institutionCode !== actor.institutionCode)
      ) {
        throw new DomainError('UNAUTHENTICATED', '您的角色或经办辖区已变更，请重新登录');
      }
      return actor;
    },
    issue: (actor, displayName) =>
      new SignJWT({
        role: actor.role,
        jurisdiction: actor.jurisdiction,
        name: displayName,
        ...(actor.institutionCode ? { institution: actor.institutionCode } : {}),
      })
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setSubject(actor.username)
        .setIssuer(opts.issuer)
        .setAudience(opts.audience)
        .setIssuedAt()
        .setExpirationTime(opts.ttl ?? '12h')
        .sign(key),
  };
}

/**
 * A key the identity provider withdraws from its JWKS stops verifying here once jose fetches the
 * set again (its cache keeps a set up to 10 minutes); a token checked with it is kept no longer
 * than that either.
 */
const JWKS_VERIFIED_MAX_AGE_MS = 5 * 60_000;

export function jwksAuthenticator(opts: {
  jwksUrl: string;
  issuer: string;
  audience: string;
  verifiedTokensKept?: number;
  now?: () => number;
}): Authenticator {
  const jwks = createRemoteJWKSet(new URL(opts.jwksUrl));
  // Each key signs with one algorithm: the one it declares, or else its type's usual one.
  const keyFor: JWTVerifyGetKey = async (header, token) => {
    const key = await jwks(header, token);
    const jwk = jwks.jwks()?.keys.find((k) => k.kid === header.kid);
    if (!jwk || header.alg !== (jwk.alg ?? usualAlgorithm(jwk))) throw new Error(`token algorithm ${header.alg} is not its key's`);
    return key;
  };
  const now = opts.now ?? Date.now;
  const verified = new VerifiedTokens(opts.verifiedTokensKept ?? 10_000, JWKS_VERIFIED_MAX_AGE_MS, now);
  return {
    verifiedTokensKept: () => verified.size,
    async verify(token) {
      const kept = verified.get(token);
      if (kept) return kept;
      const checked = await verifyWith(token, keyFor, JWKS_ALGORITHMS, { ...opts, now });
      verified.set(token, checked.actor, checked.exp);
      return checked.actor;
    },
  };
}

/** The algorithm a key without `alg` is taken to sign with (RFC 7518 §3.1's recommended ones). */
function usualAlgorithm(jwk: { kty?: string; crv?: string }): string | undefined {
  if (jwk.kty === 'RSA') return 'RS256';
  if (jwk.kty === 'EC') return ({ 'P-256': 'ES256', 'P-384': 'ES384', 'P-521': 'ES512' } as Record<string, string>)[jwk.crv ?? ''];
  if (jwk.kty === 'OKP') return 'EdDSA';
  return undefined;
}

async function verifyWith(
  token: string,
  key: Uint8Array | JWTVerifyGetKey,
  algorithms: string[],
  opts: { issuer: string; audience: string; now: () => number },
): Promise<{ actor: Actor; exp: number }> {
  let payload: Record<string, unknown>;
  const options = {
    issuer: opts.issuer,
    audience: opts.audience,
    algorithms,
    requiredClaims: ['exp'],
    clockTolerance: CLOCK_TOLERANCE_SECONDS,
    currentDate: new Date(opts.now()),
  };
  try {
    ({ payload } = typeof key === 'function' ? await jwtVerify(token, key, options) : await jwtVerify(token, key, options));
  } catch {
    throw new DomainError('UNAUTHENTICATED', '登录凭证无效或已过期，请重新登录');
  }
  const now = Math.floor(opts.now() / 1000);
  const exp = payload.exp as number;
  const iat = typeof payload.iat === 'number' ? payload.iat : undefined;
  const limit = MAX_TOKEN_LIFETIME_SECONDS + CLOCK_TOLERANCE_SECONDS;
  if (exp - now > limit || (iat !== undefined && (exp - iat > limit || iat > now + CLOCK_TOLERANCE_SECONDS))) {
    throw new DomainError('UNAUTHENTICATED', '登录凭证有效期超过12小时，不予接受，请重新登录');
  }
  const claims = claimsSchema.safeParse(payload);
  if (!claims.success) throw new DomainError('UNAUTHENTICATED', '登录凭证缺少角色或辖区信息');
  const { sub, role, jurisdiction, institution } = claims.data;
  // An institution user acts only as one institution (12.7): a token without it is not one.
  if (role === 'institution' && !institution) throw new DomainError('UNAUTHENTICATED', '定点机构用户的登录凭证缺少所属机构编码');
  return { actor: { username: sub, role, jurisdiction, ...(role === 'institution' ? { institutionCode: institution } : {}) }, exp };
}

// ---------------------------------------------------------------------------------------------
// Passwords (embedded demo log-in)
// ---------------------------------------------------------------------------------------------

const scryptInPool = promisify(scrypt) as (password: string, salt: Buffer, keylen: number) => Promise<Buffer>;

/**
 * At most this many hashes at once: scrypt runs in libuv's thread pool, off the event loop, but
 * unbounded it would take every core and starve the loop all the same; further log-ins queue.
 */
const HASH_CONCURRENCY = Math.max(1, Math.floor(availableParallelism() / 2));
let hashing = 0;
const waiting: (() => void)[] = [];

/** scrypt with node:crypto's defaults (N=16384, r=8, p=1), as prisma/seed.ts hashes. */
async function scryptAsync(password: string, salt: Buffer, keylen: number): Promise<Buffer> {
  if (hashing >= HASH_CONCURRENCY) await new Promise<void>((resolve) => waiting.push(resolve));
  else hashing++;
  try {
    return await scryptInPool(password, salt, keylen);
  } finally {
    // hand the slot straight to the next in line, or free it
    const next = waiting.shift();
    if (next) next();
    else hashing--;
  }
}

/** `scrypt$<salt hex>$<hash hex>`, the format of prisma/seed.ts. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  return `scrypt$${salt.toString('hex')}$${(await scryptAsync(password, salt, 32)).toString('hex')}`;
}

/** A hash no password matches, checked when the user is unknown so that every name costs the same. */
let dummyHash: Promise<string> | undefined;

/**
 * Whether `password` matches `stored`. With no stored hash (unknown user, external users, a
 * malformed hash) a dummy hash is checked all the same and the answer is false: the time taken
 * does not tell whether the name exists.
 */
export async function verifyPassword(password: string, stored: string | null): Promise<boolean> {
  const parts = stored?.split('$') ?? [];
  const usable = parts.length === 3 && parts[0] === 'scrypt' && /^[0-9a-f]{32}$/.test(parts[1]!) && /^[0-9a-f]{64}$/.test(parts[2]!);
  const [, saltHex, hashHex] = usable ? parts : (await (dummyHash ??= hashPassword(randomBytes(16).toString('hex')))).split('$');
  const expected = Buffer.from(hashHex!, 'hex');
  const actual = await scryptAsync(password, Buffer.from(saltHex!, 'hex'), expected.length);
  return timingSafeEqual(actual, expected) && usable;
}
