/**
 * Starts the real service for integration tests: worker + HTTP API on a free port, against the
 * suite's Temporal dev server and PostgreSQL (seeded once by scripts/test.ts).
 */
import { randomBytes } from 'node:crypto';
import { loadConfig, type Config } from '../../platform/config';
import type { PrismaClient } from '../../platform/prisma';
import { startApi, startWorker, type RunningApi, type RunningWorker } from '../../platform/service';
import { DEMO_PASSWORD } from '../../prisma/seed';
import { requiredEnv, testLogger } from './env';

export interface TestService {
  config: Config;
  api: RunningApi;
  worker: RunningWorker;
  temporalAddress: string;
  restartWorker(): Promise<void>;
  stop(): Promise<void>;
  login(username: string): Promise<string>;
  call(
    token: string | null,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: any; headers: Headers }>;
}

export async function startTestService(
  prisma: PrismaClient,
  taskQueue: string,
  overrides: Record<string, string> = {},
): Promise<TestService> {
  // A test may run the service against a Temporal server of its own (overrides.TEMPORAL_ADDRESS).
  const temporalAddress = overrides.TEMPORAL_ADDRESS ?? requiredEnv('TEMPORAL_ADDRESS');
  const config = loadConfig({
    ...process.env,
    HTTP_PORT: '0',
    TEMPORAL_TASK_QUEUE: taskQueue,
    AUTH_JWT_SECRET: randomBytes(32).toString('hex'),
    AUTH_JWKS_URL: undefined,
    ...overrides,
  });
  const worker = await startWorker({ config, temporalAddress, prisma, logger: testLogger });
  const api = await startApi({ config, temporalAddress, prisma, logger: testLogger }).catch(async (e) => {
    await worker.stop();
    throw e;
  });
  const service: TestService = {
    config,
    api,
    worker,
    temporalAddress,
    async restartWorker() {
      await service.worker.stop();
      service.worker = await startWorker({ config, temporalAddress, prisma, logger: testLogger });
    },
    async stop() {
      await service.api.stop();
      await service.worker.stop();
    },
    async login(username) {
      const res = await service.call(null, 'POST', '/auth/token', { username, password: DEMO_PASSWORD });
      if (res.status !== 200) throw new Error(`log-in of ${username} failed: ${JSON.stringify(res.body)}`);
      return res.body.token as string;
    },
    async call(token, method, path, body, headers = {}) {
      const res = await fetch(`${api.url}${path}`, {
        method,
        headers: {
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...headers,
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
      });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers };
    },
  };
  return service;
}
