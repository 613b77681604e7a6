/**
 * The worker process's own endpoints (`npm run worker`): /healthz (the process answers), /readyz
 * (the worker polls, and PostgreSQL and Temporal answer; 503 while it drains on shutdown, naming
 * what is down) and /metrics (Prometheus text, when a registry is given).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { probe } from '../api/dependencies';
import type { PrismaClient } from '../platform/prisma';
import type { RunningWorker } from '../platform/service';

const PROBE_MS = 1_500;

export interface HealthServer {
  url: string;
  close(): Promise<void>;
}

export async function serveWorkerHealth(opts: {
  host: string;
  port: number;
  worker: RunningWorker;
  prisma: PrismaClient;
  metrics?: () => Promise<{ contentType: string; body: string }>;
}): Promise<HealthServer> {
  const server = http.createServer((request, response) => {
    const send = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
    };
    const url = (request.url ?? '/').split('?')[0];
    if (url === '/healthz') return send(200, { status: 'ok' });
    if (url === '/readyz') {
      void (async () => {
        const state = opts.worker.state();
        const [database, temporal] = await Promise.all([
          probe(PROBE_MS, () => opts.prisma.$queryRaw`SELECT 1`),
          probe(PROBE_MS, () => opts.worker.pingTemporal(PROBE_MS)),
        ]);
        const checks = { worker: state === 'RUNNING' ? 'ok' : `not polling: ${state}`, database, temporal };
        const down = Object.entries(checks)
          .filter(([, v]) => v !== 'ok')
          .map(([k]) => k);
        send(down.length ? 503 : 200, { status: down.length ? 'not_ready' : 'ready', checks, ...(down.length ? { down } : {}) });
      })();
      return;
    }
    if (url === '/metrics' && opts.metrics) {
      void opts.metrics().then(
        (m) => response.writeHead(200, { 'content-type': m.contentType }).end(m.body),
        (e: Error) => send(500, { code: 'INTERNAL_ERROR', message: e.message }),
      );
      return;
    }
    send(404, { code: 'NOT_FOUND', message: `没有 ${request.method} ${url} 这个接口` });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${opts.host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
