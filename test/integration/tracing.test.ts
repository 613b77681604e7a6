/**
 * OTEL_TRACING=true: a case's create and accept over HTTP leave linked spans of the API's client
 * (StartWorkflow, StartWorkflowUpdate), the workflow (HandleUpdate, StartActivity; RunWorkflow only
 * when it ends) and the activity (RunActivity), received by an OTLP/HTTP endpoint on loopback.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { applicationNo, testPrisma } from '../support/env';
import { startTestService, type TestService } from '../support/service';

const prisma = testPrisma();
let svc: TestService;
let collector: http.Server;
const spans: { name: string; traceId: string }[] = [];

beforeAll(async () => {
  collector = http.createServer((request, response) => {
    let body = '';
    request.on('data', (d: Buffer) => {
      body += d.toString();
    });
    request.on('end', () => {
      const sent = JSON.parse(body) as { resourceSpans: { scopeSpans: { spans: { name: string; traceId: string }[] }[] }[] };
      for (const r of sent.resourceSpans) for (const s of r.scopeSpans) spans.push(...s.spans);
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => collector.listen(0, '127.0.0.1', resolve));
  // The OpenTelemetry exporter reads its own standard variable.
  process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT = `http://127.0.0.1:${(collector.address() as AddressInfo).port}/v1/traces`;
  svc = await startTestService(prisma, `it-tracing-${randomUUID()}`, { OTEL_TRACING: 'true' });
}, 120_000);

afterAll(async () => {
  await svc?.stop();
  await prisma.$disconnect();
  collector?.close();
  delete process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT;
});

test('create and accept leave client, workflow and activity spans', async () => {
  const clerk = await svc.login('taishan.clerk');
  const created = await svc.call(clerk, 'POST', '/cases', {
    itemCode: '442189209003',
    applicationNo: applicationNo('OT'),
    jurisdiction: 'taishan',
    applicant: { name: '郑十', idNumber: '44078119580308123X' },
  });
  expect(created.status).toBe(201);
  expect((await svc.call(clerk, 'POST', `/cases/${encodeURIComponent(created.body.id)}/actions`, { action: 'accept' })).status).toBe(200);

  // Activity names belong to the workflows; any activity run under the Update will do.
  // The create is one update-with-start (its span is named after the opening Update); the accept an Update.
  const wanted = ['UpdateWithStartWorkflow:', 'StartWorkflowUpdate:act', 'HandleUpdate:act', 'StartActivity:', 'RunActivity:'];
  const missing = () => wanted.filter((n) => !spans.some((s) => s.name === n || (n.endsWith(':') && s.name.startsWith(n))));
  for (const until = Date.now() + 15_000; Date.now() < until && missing().length > 0; ) {
    await new Promise((r) => setTimeout(r, 200));
  }
  expect(missing()).toEqual([]);
  // One trace from the API's Update call through the workflow's handler into the activity it ran
  // (propagated through Temporal's headers, across the client, workflow and activity).
  const traceOf = (name: string) => spans.find((s) => s.name === name)!.traceId;
  const accept = traceOf('StartWorkflowUpdate:act');
  expect(traceOf('HandleUpdate:act')).toBe(accept);
  expect(spans.some((s) => s.name.startsWith('RunActivity:') && s.traceId === accept)).toBe(true);
});
