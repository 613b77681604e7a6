/**
 * `npm run worker`: the worker alone, against a real Temporal cluster and PostgreSQL (any number of
 * them on one task queue). Its /healthz, /readyz and /metrics listen on WORKER_HEALTH_PORT.
 * SIGTERM or Ctrl-C drains: polling stops, in-flight workflow tasks and Updates finish, activities
 * get WORKER_SHUTDOWN_GRACE_MS to complete; then it exits 0. A fatal worker error exits 1, so an
 * orchestrator restarts it.
 */
import { ConfigError, loadConfig } from '../platform/config';
import { externalServers, stopOnSignals, type StopStep } from '../platform/lifecycle';
import { createLogger } from '../platform/logger';
import { metricsText } from '../platform/metrics';
import { createPrisma } from '../platform/prisma';
import { flushTracing } from '../platform/tracing';
import { startWorker } from '../platform/service';
import { serveWorkerHealth } from './health';

process.umask(0o077); // notices written as .eml files carry personal data (001 §26)

async function main() {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const { databaseUrl, temporalAddress } = externalServers(config, '`npm run worker`');
  const steps: StopStep[] = [];
  stopOnSignals('worker', () => steps);
  const prisma = createPrisma(databaseUrl, config.DATABASE_POOL_SIZE);
  const worker = await startWorker({ config, temporalAddress, prisma, logger });
  worker.finished.catch((e: unknown) => {
    logger.fatal({ err: e }, 'worker failed');
    process.exit(1);
  });
  const health = await serveWorkerHealth({ host: config.HTTP_HOST, port: config.WORKER_HEALTH_PORT, worker, prisma, metrics: metricsText });
  steps.push(
    { what: 'worker (draining in-flight tasks)', ms: config.WORKER_SHUTDOWN_GRACE_MS + 15_000, stop: () => worker.stop() },
    { what: 'traces', ms: 3_000, stop: flushTracing },
    { what: 'database client', ms: 5_000, stop: () => prisma.$disconnect() },
    { what: 'health endpoint', ms: 2_000, stop: () => health.close() },
  );
  console.log(
    `worker polling ${config.TEMPORAL_TASK_QUEUE} on ${temporalAddress} (namespace ${config.TEMPORAL_NAMESPACE}); ` +
      `readiness ${health.url}/readyz`,
  );
}

main().catch((e: unknown) => {
  console.error(e instanceof ConfigError ? e.message : `worker: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
