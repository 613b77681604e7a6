/** The API's /metrics: Prometheus text without a token, request latencies by route pattern, no personal data. */
import { randomUUID } from 'node:crypto';
import { testPrisma } from '../support/env';
import { startTestService, type TestService } from '../support/service';

const prisma = testPrisma();
let svc: TestService;

beforeAll(async () => {
  svc = await startTestService(prisma, `it-metrics-${randomUUID()}`);
}, 120_000);
afterAll(async () => {
  await svc?.stop();
  await prisma.$disconnect();
});

test('/metrics counts requests by method, route pattern and status, and shows the process figures', async () => {
  const token = await svc.login('taishan.clerk');
  expect((await svc.call(token, 'GET', '/cases/service-case:442189209003:NO-SUCH-CASE')).status).toBe(404);
  expect((await svc.call(token, 'GET', '/cases?status=open')).status).toBe(200);

  const res = await fetch(`${svc.api.url}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
  const text = await res.text();
  const count = (route: string, status: number) =>
    new RegExp(`^http_request_duration_seconds_count\\{method="GET",route="${route}",status_code="${status}"\\} [1-9]`, 'm');
  expect(text).toMatch(count('/cases/:id', 404));
  expect(text).toMatch(count('/cases', 200));
  expect(text).toMatch(/^http_request_duration_seconds_bucket\{le="0.1",method="POST",route="\/auth\/token",status_code="200"\}/m);
  expect(text).toMatch(/^nodejs_eventloop_lag_p99_seconds /m);
  expect(text).not.toContain('NO-SUCH-CASE'); // labels carry patterns, never URLs
});
