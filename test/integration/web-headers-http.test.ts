/**
 * Issue 13 §9: security headers on every answer, a content-security-policy the workbench works
 * under (the end-to-end test drives it in Chromium under this header), compressed static assets,
 * and /favicon.ico without a token. Real service (the workbench build in web/dist is required).
 */
import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { testPrisma } from '../support/env';
import { startTestService, type TestService } from '../support/service';

const prisma = testPrisma();
let svc: TestService;

beforeAll(async () => {
  svc = await startTestService(prisma, `it-web-headers-${randomUUID()}`);
}, 120_000);

afterAll(async () => {
  await svc?.stop();
  await prisma.$disconnect();
});

/** A raw GET (no automatic decompression), so the encoding on the wire is what is asserted. */
function rawGet(
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; bytes: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${svc.api.url}${path}`, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const buf = Buffer.concat(chunks);
        resolve({ status: res.statusCode!, headers: res.headers, bytes: buf.length, body: buf.toString('latin1') });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

test('the workbench page carries a strict content-security-policy and the usual security headers', async () => {
  const page = await rawGet('/app/');
  expect(page.status).toBe(200);
  const csp = String(page.headers['content-security-policy']);
  for (const directive of ["default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'", "frame-ancestors 'none'"]) {
    expect(csp).toContain(directive);
  }
  expect(csp).not.toContain('unsafe-inline');
  expect(page.headers['x-content-type-options']).toBe('nosniff');
  expect(page.headers['x-frame-options']).toBe('SAMEORIGIN');
  expect(page.headers['referrer-policy']).toBe('no-referrer');
  // every script and style the page loads is a file of this origin: nothing inline that the policy would block
  expect(page.body).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
  expect(page.body).not.toMatch(/<style/);

  const api = await rawGet('/healthz');
  expect(api.headers['content-security-policy']).toBe(page.headers['content-security-policy']);
  expect(api.headers['x-content-type-options']).toBe('nosniff');

  const docs = await rawGet('/docs/');
  expect(docs.status).toBe(200);
  expect(String(docs.headers['content-security-policy'])).toContain("script-src 'self'");
});

test('static assets are sent compressed to a browser that accepts it', async () => {
  const page = await rawGet('/app/');
  const script = /src="(\/app\/assets\/[^"]+\.js)"/.exec(page.body)?.[1];
  expect(script).toBeDefined();
  const plain = await rawGet(script!);
  const br = await rawGet(script!, { 'accept-encoding': 'br, gzip' });
  const gzip = await rawGet(script!, { 'accept-encoding': 'gzip' });
  expect(plain.headers['content-encoding']).toBeUndefined();
  expect(br.headers['content-encoding']).toBe('br');
  expect(gzip.headers['content-encoding']).toBe('gzip');
  expect(br.bytes).toBeLessThan(plain.bytes / 2);
  expect(gzip.bytes).toBeLessThan(plain.bytes / 2);

  // below 1 KB, compressing is not worth it
  const small = await rawGet('/healthz', { 'accept-encoding': 'br, gzip' });
  expect(small.headers['content-encoding']).toBeUndefined();
});

test('/favicon.ico answers without a token', async () => {
  const res = await rawGet('/favicon.ico');
  expect(res.status).toBe(204);
  expect(res.headers['cache-control']).toContain('max-age');
});
