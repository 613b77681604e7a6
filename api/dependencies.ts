/**
 * When PostgreSQL or Temporal is down, a request answers 503 SERVICE_UNAVAILABLE within a few
 * seconds instead of hanging on the Temporal client's retries (about 20 s) and ending in a 500:
 * the API's Temporal client retries an unreachable server for API_TEMPORAL_RETRY_MS only
 * (platform/temporal.ts), the database pool gives up connecting after 3 s (platform/prisma.ts), and
 * every Temporal call of one request shares a deadline (API_TEMPORAL_DEADLINE_MS) against a server
 * that takes connections but never answers. Each failure is recognised here.
 */
import { WorkflowUpdateRPCTimeoutOrCancelledError, isGrpcServiceError, type Client } from '@temporalio/client';
import type { FastifyInstance } from 'fastify';

export type Dependency = 'database' | 'temporal';

/** The most one request waits on Temporal in all (API_TEMPORAL_DEADLINE_MS). */
export const TEMPORAL_REQUEST_DEADLINE_MS = 30_000;

/**
 * Runs each handler (and the Temporal calls it makes) under one gRPC deadline. A preHandler hook
 * calls the handler synchronously from `done`, so the deadline's async context reaches it.
 */
export function registerTemporalDeadline(app: FastifyInstance, temporal: Client, ms = TEMPORAL_REQUEST_DEADLINE_MS): void {
  app.addHook('preHandler', (_request, _reply, done) => {
    void temporal.connection.withDeadline(Date.now() + ms, async () => done());
  });
}

const GRPC_UNAVAILABLE = 14;
const GRPC_DEADLINE_EXCEEDED = 4;
/** Prisma's "cannot reach / lost / timed out / pool exhausted" codes. */
const PRISMA_CONNECTION_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
/** Driver-adapter error kinds that mean the server, not the query, is the problem. */
const ADAPTER_CONNECTION_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
const PG_CONNECTION_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Can't reach database server|ECONNREFUSED/;

/** Which dependency an error says is down, or null when it is an ordinary failure. */
export function unavailableDependency(error: unknown): Dependency | null {
  for (let e: unknown = error, depth = 0; e && depth < 6; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return 'temporal';
    if (isGrpcServiceError(e) && (e.code === GRPC_UNAVAILABLE || e.code === GRPC_DEADLINE_EXCEEDED)) return 'temporal';
    const { code, meta, name, message } = e as {
      code?: unknown;
      meta?: { driverAdapterError?: { cause?: { kind?: string; code?: string } } };
      name?: string;
      message?: unknown;
    };
    if (typeof code === 'string' && PRISMA_CONNECTION_CODES.has(code)) return 'database';
    const adapter = meta?.driverAdapterError?.cause;
    if (adapter?.kind && ADAPTER_CONNECTION_KINDS.has(adapter.kind)) return 'database';
    // 57P01–57P03: the server is shutting down or starting; class 08: connection exceptions.
    if (adapter?.kind === 'postgres' && /^(57P0[1-3]|08)/.test(adapter.code ?? '')) return 'database';
    if (
      (name === 'DriverAdapterError' || (typeof code === 'string' && code.startsWith('P'))) &&
      typeof message === 'string' &&
      PG_CONNECTION_MESSAGES.test(message)
    )
      return 'database';
  }
  return null;
}

/** Bounds a readiness probe: a dependency that does not answer within `ms` is reported down. */
export async function probe(ms: number, check: () => Promise<unknown>): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
      }),
    ]);
    return 'ok';
  } catch (e) {
    return `unavailable: ${String((e as Error)?.message ?? e).split('\n')[0]}`;
  } finally {
    clearTimeout(timer);
  }
}
