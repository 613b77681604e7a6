/**
 * The workbench's hand-written client (web/src/api.ts) checked against the service's OpenAPI
 * document: every method and path it calls must exist, so a renamed or removed route fails here
 * rather than in a clerk's browser.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { testPrisma } from '../support/env';
import { startTestService, type TestService } from '../support/service';

const prisma = testPrisma();
let svc: TestService;

beforeAll(async () => {
  svc = await startTestService(prisma, `it-openapi-${randomUUID()}`);
}, 120_000);
afterAll(async () => {
  await svc?.stop();
  await prisma.$disconnect();
});

/** `call<T>('GET', `/cases/${enc(id)}/actions`)` → ['get', '/cases/{}/actions'] */
function clientCalls(source: string): [string, string][] {
  // A template literal may hold quotes of its own (`${query({ service: 'x' })}`).
  const calls = [...source.matchAll(/call<[^(]*>\(\s*'([A-Z]+)',\s*(?:`([^`]+)`|'([^']+)')/g)];
  return calls.map(([, method, template, plain]) => [
    method!.toLowerCase(),
    (template ?? plain)!
      .replace(/\?.*$/, '')
      .replace(/\$\{query\([^}]*\}?\)\}/g, '')
      .replace(/\$\{[^}]+\}/g, '{}'),
  ]);
}

test('every endpoint the workbench calls is in the OpenAPI document', async () => {
  const source = readFileSync(path.join(__dirname, '../../web/src/api.ts'), 'utf8');
  const calls = clientCalls(source);
  expect(calls.length).toBeGreaterThanOrEqual(15);
  const openapi = (await svc.call(null, 'GET', '/docs/json')).body as { paths: Record<string, Record<string, unknown>> };
  const documented = new Set(
    Object.entries(openapi.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m} ${p.replace(/\{[^}]+\}/g, '{}')}`)),
  );
  const missing = calls.map(([m, p]) => `${m} ${p}`).filter((c) => !documented.has(c));
  expect(missing).toEqual([]);
});

test('every operation documents its success reply and its error replies with their codes', async () => {
  const openapi = (await svc.call(null, 'GET', '/docs/json')).body as {
    paths: Record<
      string,
      Record<string, { responses?: Record<string, { description?: string; content?: Record<string, { schema?: object }> }> }>
    >;
  };
  const problems: string[] = [];
  for (const [p, ops] of Object.entries(openapi.paths)) {
    for (const [method, op] of Object.entries(ops)) {
      const responses = op.responses ?? {};
      const success = Object.entries(responses).filter(([s]) => /^2/.test(s));
      if (!success.length || success.some(([, r]) => !r.content || !Object.values(r.content).every((c) => c.schema))) {
        problems.push(`${method} ${p}: no success schema`);
      }
      for (const status of ['400', '401', '403', '404', '409', '500', '503']) {
        if (!responses[status]?.content?.['application/json']?.schema) problems.push(`${method} ${p}: no ${status} schema`);
      }
    }
  }
  expect(problems).toEqual([]);
  expect(openapi.paths['/cases/{id}']!.get!.responses!['404']!.description).toContain('CASE_NOT_FOUND');
  expect(openapi.paths['/cases/{id}/actions']!.post!.responses!['409']!.description).toContain('CASE_WRONG_STATE');
});
