/**
 * Tokens and log-in under attack (issue 13 §7, §8): tampered tokens are refused, a token outlives
 * neither 12 hours nor its user, and password guessing meets a lockout with backoff and a rate limit.
 * Real service, real PostgreSQL and Temporal dev server; a real JWKS served on the loopback.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type KeyLike } from 'jose';
import { hashPassword, hs256Authenticator, jwksAuthenticator, verifyPassword } from '../../api/auth';
import { testPrisma } from '../support/env';
import { startTestService, type TestService } from '../support/service';
import { MAX_UNKNOWN_NAME_ROWS } from '../../api/routes/auth';

const prisma = testPrisma();
let svc: TestService;
const PASSWORD = 'correct horse 42';

beforeAll(async () => {
  // The lockout tests log in some 25 times a minute: the per-address limit is tested on its own below.
  svc = await startTestService(prisma, `it-auth-${randomUUID()}`, { AUTH_LOGIN_PER_MINUTE: '1000' });
}, 120_000);

afterAll(async () => {
  await svc?.stop();
  await prisma.$disconnect();
});

/** A user of its own, so its failed log-ins lock nobody else's name. */
async function newUser(extra: { disabledAt?: Date } = {}) {
  const username = `edge.${randomUUID().slice(0, 8)}`;
  await prisma.user.create({
    data: {
      username,
      displayName: '测试用户',
      role: 'window_clerk',
      jurisdiction: 'taishan',
      passwordHash: await hashPassword(PASSWORD),
      ...extra,
    },
  });
  return username;
}

const logIn = (username: string, password: string) => svc.call(null, 'POST', '/auth/token', { username, password });
const me = (token: string) => svc.call(token, 'GET', '/me');

function sign(claims: Record<string, unknown>, opts: { alg?: string; exp?: number | null; iat?: number; sub?: string } = {}) {
  const secret = new TextEncoder().encode(svc.config.AUTH_JWT_SECRET!);
  const now = Math.floor(Date.now() / 1000);
  let jwt = new SignJWT({ role: 'window_clerk', jurisdiction: 'taishan', ...claims })
    .setProtectedHeader({ alg: opts.alg ?? 'HS256' })
    .setSubject(opts.sub ?? 'taishan.clerk')
    .setIssuer(svc.config.AUTH_ISSUER)
    .setAudience(svc.config.AUTH_AUDIENCE)
    .setIssuedAt(opts.iat ?? now);
  if (opts.exp !== null) jwt = jwt.setExpirationTime(opts.exp ?? now + 3600);
  return jwt.sign(secret);
}

describe('tokens', () => {
  test('a well-formed token of the service works; tampered ones are refused with 401', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect((await me(await sign({}))).status).toBe(200);

    const refused = {
      'no exp': await sign({}, { exp: null }),
      'exp 24 h ahead': await sign({}, { exp: now + 24 * 3600 }),
      'issued 13 h ago, valid 14 h': await sign({}, { iat: now - 13 * 3600, exp: now + 3600 }),
      'HS512 with the right secret': await sign({}, { alg: 'HS512' }),
      'alg none': `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${Buffer.from(
        JSON.stringify({
          sub: 'taishan.clerk',
          role: 'window_clerk',
          jurisdiction: 'taishan',
          iss: svc.config.AUTH_ISSUER,
          aud: svc.config.AUTH_AUDIENCE,
          iat: now,
          exp: now + 3600,
        }),
      ).toString('base64url')}.`,
      'a user that does not exist': await sign({}, { sub: `ghost.${randomUUID().slice(0, 8)}` }),
      'a role the user does not hold': await sign({ role: 'supervisor' }),
      "another office than the user's": await sign({ jurisdiction: 'kaiping' }),
    };
    for (const [what, token] of Object.entries(refused)) {
      const res = await me(token);
      expect([what, res.status, res.body.code]).toEqual([what, 401, 'UNAUTHENTICATED']);
      expect(res.body.message).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  test('a disabled user can neither log in nor use a token issued before', async () => {
    const username = await newUser();
    const login = await logIn(username, PASSWORD);
    expect(login.status).toBe(200);
    expect((await me(login.body.token)).status).toBe(200);

    await prisma.user.update({ where: { username }, data: { disabledAt: new Date() } });
    const res = await me(login.body.token);
    expect(res.status).toBe(401);
    expect(res.body.message).toContain('停用');
    expect((await logIn(username, PASSWORD)).status).toBe(401);
  });

  test('a checked token is kept for its lifetime only: expired, disabled or changed users are refused all the same', async () => {
    const username = await newUser();
    let clock = Date.now();
    const auth = hs256Authenticator({
      secret: svc.config.AUTH_JWT_SECRET!,
      issuer: svc.config.AUTH_ISSUER,
      audience: svc.config.AUTH_AUDIENCE,
      users: (name) => prisma.user.findUnique({ where: { username: name } }),
      verifiedTokensKept: 3,
      now: () => clock,
    });
    const exp = Math.floor(clock / 1000) + 600;
    const token = await sign({}, { sub: username, exp });
    const actor = { username, role: 'window_clerk', jurisdiction: 'taishan' };
    await expect(auth.verify(token)).resolves.toEqual(actor);
    await expect(auth.verify(token)).resolves.toEqual(actor); // from the kept check
    expect(auth.verifiedTokensKept!()).toBe(1);

    // Still good up to jose's tolerance of 60 s past exp, refused from then on although it was kept.
    clock = (exp + 59) * 1000;
    await expect(auth.verify(token)).resolves.toEqual(actor);
    clock = (exp + 60) * 1000;
    await expect(auth.verify(token)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringContaining('过期') });
    expect(auth.verifiedTokensKept!()).toBe(0);

    // A kept token of a user who is then given another role, or disabled, is refused at once.
    clock = Date.now();
    const fresh = await sign({}, { sub: username });
    await expect(auth.verify(fresh)).resolves.toEqual(actor);
    await prisma.user.update({ where: { username }, data: { role: 'reviewer' } });
    await expect(auth.verify(fresh)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringContaining('变更') });
    await prisma.user.update({ where: { username }, data: { role: 'window_clerk', disabledAt: new Date() } });
    await expect(auth.verify(fresh)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', message: expect.stringContaining('停用') });
    await prisma.user.update({ where: { username }, data: { disabledAt: null } });
    await expect(auth.verify(fresh)).resolves.toEqual(actor);

    // At most `verifiedTokensKept` are kept, and a tampered copy of a kept token is still refused.
    for (let i = 1; i <= 5; i++) await auth.verify(await sign({}, { sub: username, exp: Math.floor(clock / 1000) + 600 + i }));
    expect(auth.verifiedTokensKept!()).toBe(3);
    const [head, body, signature] = fresh.split('.');
    const tampered = `${head}.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body!, 'base64url').toString()), role: 'admin' })).toString('base64url')}.${signature}`;
    await expect(auth.verify(tampered)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
  });

  test('an administrator disables an account (its tokens and log-in refused at once) and enables it again, audited', async () => {
    const admin = await svc.login('municipal.admin');
    const username = await newUser();
    const token = (await logIn(username, PASSWORD)).body.token as string;
    const change = (who: string, what: 'disable' | 'enable', body: object = { reason: '调离岗位' }, name = username) =>
      svc.call(who, 'POST', `/admin/users/${encodeURIComponent(name)}/${what}`, body);
    expect((await change(await svc.login('taishan.clerk'), 'disable')).status).toBe(403);
    expect(await change(admin, 'disable', {})).toMatchObject({ status: 400, body: { code: 'VALIDATION_FAILED' } });
    expect(await change(admin, 'disable', undefined, 'nobody.here')).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
    expect(await change(admin, 'disable', undefined, 'municipal.admin')).toMatchObject({ status: 409 }); // not oneself
    expect((await me(token)).status).toBe(200); // nothing changed so far

    const disabled = await change(admin, 'disable');
    expect(disabled).toMatchObject({ status: 200, body: { username, disabledAt: expect.any(String) } });
    expect((await me(token)).status).toBe(401);
    expect((await logIn(username, PASSWORD)).status).toBe(401);
    expect((await change(admin, 'disable')).body.disabledAt).toBe(disabled.body.disabledAt); // again: no change

    expect(await change(admin, 'enable', { reason: '返岗' })).toMatchObject({ status: 200, body: { disabledAt: null } });
    expect((await logIn(username, PASSWORD)).status).toBe(200);
    const audit = await prisma.auditEvent.findMany({ where: { caseId: `user:${username}` }, orderBy: { seq: 'asc' } });
    expect(audit).toMatchObject([
      { seq: 1, action: 'user_disabled', actor: 'municipal.admin', actorRole: 'admin', reason: '调离岗位', before: { disabledAt: null } },
      { seq: 2, action: 'user_enabled', actor: 'municipal.admin', reason: '返岗', after: { disabledAt: null } },
    ]);
  });

  test("JWKS mode: the key's own algorithm only, never HMAC or none, exp required", async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    // a second key that declares no algorithm: it is held to RSA's usual one, RS256
    const second = await generateKeyPair('RS256');
    const bare = { ...(await exportJWK(second.publicKey)), kid: 'k2', use: 'sig' };
    const server: Server = createServer((_req, res) =>
      res.setHeader('content-type', 'application/json').end(JSON.stringify({ keys: [jwk, bare] })),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const auth = jwksAuthenticator({
        jwksUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks.json`,
        issuer: 'idp',
        audience: 'mi',
      });
      const now = Math.floor(Date.now() / 1000);
      const token = (alg: string, key: KeyLike | Uint8Array, exp: number | null = now + 600, kid = 'k1') => {
        let jwt = new SignJWT({ role: 'reviewer', jurisdiction: 'kaiping' })
          .setProtectedHeader({ alg, kid })
          .setSubject('kaiping.someone')
          .setIssuer('idp')
          .setAudience('mi')
          .setIssuedAt(now);
        if (exp !== null) jwt = jwt.setExpirationTime(exp);
        return jwt.sign(key);
      };
      await expect(auth.verify(await token('RS256', privateKey))).resolves.toEqual({
        username: 'kaiping.someone',
        role: 'reviewer',
        jurisdiction: 'kaiping',
      });
      // the classic confusion: the public key's bytes used as an HMAC secret
      const publicAsSecret = new TextEncoder().encode(JSON.stringify(jwk));
      await expect(auth.verify(await token('HS256', publicAsSecret))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
      // the right key under another algorithm than the one the key names
      await expect(auth.verify(await token('PS256', privateKey))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
      await expect(auth.verify(await token('RS256', privateKey, null))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
      await expect(auth.verify(await token('RS256', privateKey, now + 13 * 3600))).rejects.toMatchObject({ code: 'UNAUTHENTICATED' });
      await expect(auth.verify(await token('RS256', second.privateKey, now + 600, 'k2'))).resolves.toMatchObject({ role: 'reviewer' });
      await expect(auth.verify(await token('PS256', second.privateKey, now + 600, 'k2'))).rejects.toMatchObject({
        code: 'UNAUTHENTICATED',
      });
    } finally {
      server.close();
    }
  });
});

describe('log-in', () => {
  test('after five wrong passwords the right one is refused with 429 until the lock ends; the lock doubles', async () => {
    const username = await newUser();
    for (let i = 1; i <= 5; i++) {
      const res = await logIn(username, `wrong-${i}`);
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    }
    const locked = await logIn(username, PASSWORD);
    expect(locked.status).toBe(429);
    expect(locked.body).toMatchObject({
      code: 'LOGIN_LOCKED',
      facts: { retryAt: expect.any(String), retryAfterSeconds: expect.any(Number) },
    });
    expect(locked.body.message).toMatch(/请于 \d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d:\d\d（北京时间）后再试/);
    expect(locked.body.facts.retryAfterSeconds).toBeGreaterThan(50);
    expect(locked.body.facts.retryAfterSeconds).toBeLessThanOrEqual(60);
    expect(Number(locked.headers.get('retry-after'))).toBe(locked.body.facts.retryAfterSeconds);

    // The minute passes (moved back in the table rather than waited for): one more wrong password
    // locks for two minutes; after that, the right one works and the count starts afresh.
    const passed = () => prisma.loginThrottle.update({ where: { username }, data: { lockedUntil: new Date(Date.now() - 1000) } });
    await passed();
    expect((await logIn(username, 'wrong-6')).status).toBe(401);
    const longer = await logIn(username, PASSWORD);
    expect(longer.status).toBe(429);
    expect(longer.body.facts.retryAfterSeconds).toBeGreaterThan(110);
    expect(longer.body.facts.retryAfterSeconds).toBeLessThanOrEqual(120);
    await passed();
    expect((await logIn(username, PASSWORD)).status).toBe(200);
    expect(await prisma.loginThrottle.findUnique({ where: { username } })).toBeNull();
  });

  test('an unknown name gets exactly the answers a known one gets, lock included', async () => {
    const known = await newUser();
    const unknown = `edge.${randomUUID().slice(0, 8)}`;
    for (let i = 1; i <= 6; i++) {
      const [a, b] = [await logIn(known, 'wrong'), await logIn(unknown, 'wrong')];
      expect([b.status, b.body.code]).toEqual([a.status, a.body.code]);
      // the same words; a lock's end time may differ by the second between the two calls
      const words = (m: string) => m.replace(/\d{4}年\d{1,2}月\d{1,2}日 \d\d:\d\d:\d\d/, '<time>');
      expect(words(b.body.message)).toBe(words(a.body.message));
    }
    expect((await logIn(unknown, 'wrong')).body.code).toBe('LOGIN_LOCKED');
  });

  test('the lockout table stays bounded: stale runs and the oldest unknown names beyond the cap are forgotten', async () => {
    const prefix = `flood.${randomUUID().slice(0, 8)}.`;
    const now = Date.now();
    // A flood of made-up names within the last day (older than what the other tests write), 100 beyond the cap.
    const unknownRows = async () =>
      Number(
        (
          await prisma.$queryRaw<{ n: bigint }[]>`
            SELECT count(*) AS n FROM "LoginThrottle" t WHERE NOT EXISTS (SELECT 1 FROM "User" u WHERE u."username" = t."username")`
        )[0]!.n,
      );
    const flood = Math.max(0, MAX_UNKNOWN_NAME_ROWS - (await unknownRows())) + 100;
    await prisma.loginThrottle.createMany({
      data: Array.from({ length: flood }, (_, i) => ({
        username: `${prefix}${String(i).padStart(6, '0')}`,
        failures: 1,
        lastFailure: new Date(now - 23 * 3600_000 + i),
      })),
    });
    // A known user's run of failures from two days ago, no lock in force: it would start afresh anyway.
    const stale = await newUser();
    await prisma.loginThrottle.create({ data: { username: stale, failures: 3, lastFailure: new Date(now - 48 * 3600_000) } });
    // A known user locked now, its last failure long ago: its lock is kept.
    const locked = await newUser();
    const lockedUntil = new Date(now + 10 * 60_000);
    await prisma.loginThrottle.create({ data: { username: locked, failures: 9, lockedUntil, lastFailure: new Date(now - 48 * 3600_000) } });
    try {
      expect((await logIn(`edge.${randomUUID().slice(0, 8)}`, 'wrong')).status).toBe(401);
      expect(await unknownRows()).toBeLessThanOrEqual(MAX_UNKNOWN_NAME_ROWS);
      // the least recently tried made-up names went first; the newest are kept
      expect(await prisma.loginThrottle.findUnique({ where: { username: `${prefix}000000` } })).toBeNull();
      expect(
        await prisma.loginThrottle.findUnique({ where: { username: `${prefix}${String(flood - 1).padStart(6, '0')}` } }),
      ).not.toBeNull();
      expect(await prisma.loginThrottle.findUnique({ where: { username: stale } })).toBeNull();
      expect(await prisma.loginThrottle.findUnique({ where: { username: locked } })).toMatchObject({ lockedUntil });
      expect((await logIn(locked, PASSWORD)).status).toBe(429);
    } finally {
      await prisma.loginThrottle.deleteMany({ where: { username: { startsWith: prefix } } });
    }
  });

  test('the password check runs off the event loop, for unknown names too', async () => {
    const stored = await hashPassword(PASSWORD);
    // With a synchronous hash the promise is settled before the event loop turns once.
    const turnedBefore = async (check: Promise<boolean>) => {
      let turned = false;
      setImmediate(() => {
        turned = true;
      });
      const result = await check;
      return { result, turned };
    };
    await expect(turnedBefore(verifyPassword(PASSWORD, stored))).resolves.toEqual({ result: true, turned: true });
    await expect(turnedBefore(verifyPassword('wrong', stored))).resolves.toEqual({ result: false, turned: true });
    await expect(turnedBefore(verifyPassword(PASSWORD, null))).resolves.toEqual({ result: false, turned: true });
    await expect(turnedBefore(verifyPassword(PASSWORD, 'not-a-hash'))).resolves.toEqual({ result: false, turned: true });
  });

  test('more log-ins per minute from one address than allowed are refused with 429 RATE_LIMITED', async () => {
    const limited = await startTestService(prisma, `it-auth-limit-${randomUUID()}`, { AUTH_LOGIN_PER_MINUTE: '3' });
    try {
      const username = await newUser();
      for (let i = 0; i < 3; i++)
        expect((await limited.call(null, 'POST', '/auth/token', { username, password: PASSWORD })).status).toBe(200);
      const res = await limited.call(null, 'POST', '/auth/token', { username, password: PASSWORD });
      expect(res.status).toBe(429);
      expect(res.body).toMatchObject({
        code: 'RATE_LIMITED',
        message: expect.stringMatching(/请求过于频繁/),
        facts: { retryAfterSeconds: expect.any(Number) },
      });
      expect(res.headers.get('retry-after')).toBeTruthy();
      // other routes are not limited
      expect((await limited.call(null, 'GET', '/healthz')).status).toBe(200);
    } finally {
      await limited.stop();
    }
  }, 120_000);
});
