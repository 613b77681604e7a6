/**
 * Composition: the worker and the HTTP API over one database and one Temporal namespace. The start
 * script runs both in one process; tests start and stop them separately (e.g. to restart a worker).
 */
import type { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import { buildApp, type App } from '../api/app';
import { type Authenticator, hs256Authenticator, jwksAuthenticator } from '../api/auth';
import type { PrismaClient } from '../generated/prisma/client';
import { createNoticeChannelWorkers, createWorker } from '../worker/worker';
import type { Config } from './config';
import { ensureSchedules } from './schedules';
import { connectClient, connectWorker, installTemporalRuntime } from './temporal';

export function authenticatorFor(config: Config, prisma: PrismaClient): Authenticator {
  const common = { issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE };
  if (config.AUTH_JWKS_URL) return jwksAuthenticator({ jwksUrl: config.AUTH_JWKS_URL, ...common });
  if (!config.AUTH_JWT_SECRET) throw new Error('configuration error: AUTH_JWT_SECRET or AUTH_JWKS_URL must be set');
  return hs256Authenticator({
    secret: config.AUTH_JWT_SECRET,
    ...common,
    users: (username) =>
      prisma.user.findUnique({ where: { username }, select: { role: true, jurisdiction: true, disabledAt: true, institutionCode: true } }),
  });
}

export interface RunningWorker {
  stop(): Promise<void>;
  /** the SDK's state: RUNNING while it polls; STOPPING while it drains */
  state(): string;
  /** Temporal answers this worker's connection (for its /readyz) */
  pingTemporal(ms: number): Promise<unknown>;
  /** settles when the worker has stopped: resolves after an orderly stop, rejects on a fatal error */
  finished: Promise<void>;
}

export async function startWorker(opts: {
  config: Config;
  temporalAddress: string;
  prisma: PrismaClient;
  logger: Logger;
}): Promise<RunningWorker> {
  installTemporalRuntime(opts.logger, opts.config.TEMPORAL_METRICS_BIND);
  const connection = await connectWorker(opts.config, opts.temporalAddress);
  const worker = await createWorker({
    connection,
    namespace: opts.config.TEMPORAL_NAMESPACE,
    taskQueue: opts.config.TEMPORAL_TASK_QUEUE,
    prisma: opts.prisma,
    logger: opts.logger,
    config: opts.config,
  });
  const channelWorkers = await createNoticeChannelWorkers({
    connection,
    namespace: opts.config.TEMPORAL_NAMESPACE,
    taskQueue: opts.config.TEMPORAL_TASK_QUEUE,
    prisma: opts.prisma,
    logger: opts.logger,
    config: opts.config,
  });
  const all = [worker, ...channelWorkers];
  const running = Promise.all(all.map((w) => w.run())).then(() => undefined);
  running.catch((e) => opts.logger.fatal({ err: e }, 'worker stopped with an error'));
  let stopped: Promise<void> | undefined;
  return {
    finished: running,
    state: () => worker.getState(),
    pingTemporal: (ms) => connection.withDeadline(Date.now() + ms, () => connection.workflowService.getSystemInfo({})),
    stop() {
      stopped ??= (async () => {
        for (const w of all) if (w.getState() === 'RUNNING') w.shutdown();
        await running.catch(() => {});
        await connection.close();
      })();
      return stopped;
    },
  };
}

export interface RunningApi {
  app: App;
  url: string;
  client: Client;
  stop(): Promise<void>;
}

export async function startApi(opts: {
  config: Config;
  temporalAddress: string;
  prisma: PrismaClient;
  logger: Logger;
  auth?: Authenticator;
  /**
   * Creates or updates the calendar-driven Schedules before the API listens, so that /readyz says
   * ready only once they exist (a stop that came while they were being made found the client
   * closed under them, and the start failed instead of stopping).
   */
  ensureSchedules?: boolean;
}): Promise<RunningApi> {
  const client = await connectClient(opts.config, opts.temporalAddress);
  if (opts.ensureSchedules) {
    try {
      await ensureSchedules(client, opts.config.TEMPORAL_TASK_QUEUE);
    } catch (e) {
      await client.connection.close();
      throw e;
    }
  }
  const app = await buildApp({
    prisma: opts.prisma,
    temporal: client,
    taskQueue: opts.config.TEMPORAL_TASK_QUEUE,
    auth: opts.auth ?? authenticatorFor(opts.config, opts.prisma),
    logger: opts.logger,
    loginPerMinute: opts.config.AUTH_LOGIN_PER_MINUTE,
    temporalDeadlineMs: opts.config.API_TEMPORAL_DEADLINE_MS,
  });
  const address = await app.listen({ host: opts.config.HTTP_HOST, port: opts.config.HTTP_PORT });
  return {
    app,
    client,
    url: address,
    async stop() {
      await app.close();
      await client.connection.close();
    },
  };
}
