/**
 * `npm run api`: the HTTP API alone, against a real Temporal cluster and PostgreSQL; the workers run
 * as their own processes (`npm run worker`). SIGTERM or Ctrl-C drains: new requests get 503 (and
 * /readyz with them, so a load balancer stops sending), requests in flight finish, then it exits 0.
 */
import { ConfigError, loadConfig } from '../platform/config';
import { externalServers, stopOnSignals, type StopStep } from '../platform/lifecycle';
import { createLogger } from '../platform/logger';
import { createPrisma } from '../platform/prisma';
import { flushTracing } from '../platform/tracing';
import { startApi } from '../platform/service';

async function main() {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  const { databaseUrl, temporalAddress } = externalServers(config, '`npm run api`');
  const steps: StopStep[] = [];
  stopOnSignals('api', () => steps);
  const prisma = createPrisma(databaseUrl, config.DATABASE_POOL_SIZE);
  const api = await startApi({ config, temporalAddress, prisma, logger, ensureSchedules: true });
  steps.push(
    { what: 'API (requests in flight)', ms: 15_000, stop: () => api.stop() },
    { what: 'traces', ms: 3_000, stop: flushTracing },
    { what: 'database client', ms: 5_000, stop: () => prisma.$disconnect() },
  );
  console.log(`API on ${api.url} (Temporal ${temporalAddress}, namespace ${config.TEMPORAL_NAMESPACE}); readiness ${api.url}/readyz`);
}

main().catch((e: unknown) => {
  console.error(e instanceof ConfigError ? e.message : `api: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
