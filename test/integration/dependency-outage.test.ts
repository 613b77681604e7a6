/**
 * Issue 13 §14: with Temporal or PostgreSQL down, requests answer 503 SERVICE_UNAVAILABLE within
 * 5 s (not a 20 s hang and a 500) and /readyz answers within 2 s naming what is down. Real servers:
 * a Temporal dev server of this test's own, killed mid-test; a database URL on a closed port.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { loadConfig } from '../../platform/config';
import { createPrisma } from '../../platform/prisma';
import { authenticatorFor, startApi, type RunningApi } from '../../platform/service';
import { freePort, startTemporalDevServer } from '../../scripts/lib/services';
import { applicationNo, requiredEnv, testLogger, testPrisma } from '../support/env';
import { startTestService } from '../support/service';

const RETIREMENT = '442189209003';
const applicant = { name: '周八', idNumber: '44078119580308123X' };

async function timed(url: string, init?: RequestInit) {
  const started = Date.now();
  const res = await fetch(url, init);
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : null, ms: Date.now() - started, headers: res.headers };
}

test('Temporal down: actions and creates answer 503 within 5 s, reads still work, /readyz names temporal', async () => {
  const prisma = testPrisma();
  const temporal = await startTemporalDevServer({ port: await freePort(), uiPort: null, dbFile: null });
  const svc = await startTestService(prisma, `it-outage-${randomUUID()}`, { TEMPORAL_ADDRESS: temporal.url });
  try {
    const clerk = await svc.login('taishan.clerk');
    const created = await svc.call(clerk, 'POST', '/cases', {
      itemCode: RETIREMENT,
      applicationNo: applicationNo('OUT'),
      jurisdiction: 'taishan',
      applicant,
    });
    expect(created.status).toBe(201);

    temporal.process.kill('SIGKILL');
    await temporal.stop();
    const post = (path: string, body: object) =>
      timed(`${svc.api.url}${path}`, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { authorization: `Bearer ${clerk}`, 'content-type': 'application/json', 'idempotency-key': `outage-${randomUUID()}` },
      });
    const accept = await post(`/cases/${encodeURIComponent(created.body.id)}/actions`, { action: 'accept' });
    expect(accept).toMatchObject({ status: 503, body: { code: 'SERVICE_UNAVAILABLE', facts: { dependency: 'temporal' } } });
    expect(accept.ms).toBeLessThan(5_000);
    expect(accept.headers.get('retry-after')).toBe('5');
    const create = await post('/cases', { itemCode: RETIREMENT, applicationNo: applicationNo('OUT'), jurisdiction: 'taishan', applicant });
    expect(create).toMatchObject({ status: 503, body: { code: 'SERVICE_UNAVAILABLE' } });
    expect(create.ms).toBeLessThan(5_000);

    // A calendar load is saved, then its telling cannot start: 503, and the repeated load starts it
    // (the year is sent as loaded, so other tests see no change).
    const admin = await svc.login('municipal.admin');
    const year = await svc.call(admin, 'GET', '/calendar/2025');
    const load = await timed(`${svc.api.url}/calendar/2025`, {
      method: 'PUT',
      body: JSON.stringify({ notice: year.body.notice, holidays: year.body.holidays, makeupWorkdays: year.body.makeupWorkdays }),
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
    });
    expect(load).toMatchObject({ status: 503, body: { code: 'SERVICE_UNAVAILABLE', facts: { dependency: 'temporal', saved: true } } });
    expect(load.body.message).toContain('修改已保存');
    expect(load.ms).toBeLessThan(5_000);

    const read = await svc.call(clerk, 'GET', `/cases/${encodeURIComponent(created.body.id)}`);
    expect(read.body).toMatchObject({ status: 'open', pendingStep: 'accept' }); // the refused accept changed nothing

    const ready = await timed(`${svc.api.url}/readyz`);
    expect(ready).toMatchObject({ status: 503, body: { status: 'not_ready', down: ['temporal'], checks: { database: 'ok' } } });
    expect(ready.ms).toBeLessThan(2_000);
  } finally {
    await svc.stop();
    await prisma.$disconnect();
  }
}, 60_000);

test('PostgreSQL down: log-in and reads answer 503 within 5 s, /readyz names the database', async () => {
  const closed = createPrisma(`postgresql://insurance:none@127.0.0.1:${await freePort()}/medical_insurance`);
  const config = loadConfig({ ...process.env, HTTP_PORT: '0', AUTH_JWT_SECRET: randomBytes(32).toString('hex'), AUTH_JWKS_URL: undefined });
  const auth = authenticatorFor(config, closed);
  let api: RunningApi | undefined;
  try {
    api = await startApi({ config, temporalAddress: requiredEnv('TEMPORAL_ADDRESS'), prisma: closed, logger: testLogger, auth });
    const login = await timed(`${api.url}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'taishan.clerk', password: 'demo1234' }),
    });
    expect(login).toMatchObject({ status: 503, body: { code: 'SERVICE_UNAVAILABLE', facts: { dependency: 'database' } } });
    expect(login.ms).toBeLessThan(5_000);

    const token = await auth.issue!({ username: 'taishan.clerk', role: 'window_clerk', jurisdiction: 'taishan' }, '台山窗口');
    const list = await timed(`${api.url}/cases`, { headers: { authorization: `Bearer ${token}` } });
    expect(list).toMatchObject({ status: 503, body: { code: 'SERVICE_UNAVAILABLE', facts: { dependency: 'database' } } });
    expect(list.ms).toBeLessThan(5_000);

    const ready = await timed(`${api.url}/readyz`);
    expect(ready).toMatchObject({ status: 503, body: { down: ['database'], checks: { temporal: 'ok' } } });
    expect(ready.ms).toBeLessThan(2_000);
  } finally {
    await api?.stop();
    await closed.$disconnect();
  }
}, 60_000);
