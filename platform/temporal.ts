/** Connections to Temporal: the embedded dev server, a self-hosted cluster (mTLS) or Temporal Cloud (mTLS or API key). */
import { readFileSync } from 'node:fs';
import { Client, Connection, type ConnectionOptions, defaultGrpcRetryOptions, makeGrpcRetryInterceptor } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type NativeConnectionOptions } from '@temporalio/worker';
import type { Logger } from 'pino';
import type { Config } from './config';
import { setSdkMetricsAddress } from './metrics';
import { clientTracing } from './tracing';

function connectionOptions(config: Config, address: string): NativeConnectionOptions {
  const read = (p?: string) => (p ? readFileSync(p) : undefined);
  const mtls =
    config.TEMPORAL_TLS_CERT && config.TEMPORAL_TLS_KEY
      ? { crt: read(config.TEMPORAL_TLS_CERT)!, key: read(config.TEMPORAL_TLS_KEY)! }
      : undefined;
  const useTls = Boolean(mtls || config.TEMPORAL_TLS_CA || config.TEMPORAL_API_KEY);
  return {
    address,
    tls: useTls
      ? {
          clientCertPair: mtls,
          serverRootCACertificate: read(config.TEMPORAL_TLS_CA),
          serverNameOverride: config.TEMPORAL_TLS_SERVER_NAME,
        }
      : undefined,
    apiKey: config.TEMPORAL_API_KEY,
  };
}

type GrpcInterceptor = NonNullable<ConnectionOptions['interceptors']>[number];

/**
 * The SDK's retry of UNAVAILABLE calls (10 attempts, about 20 s of backoff) makes a request hang
 * while Temporal is down. This one retries the same way for at most `budgetMs` from the call's
 * first try (and never past its deadline), so an unreachable Temporal answers 503 within seconds
 * (issue 13 §14), while a call that Temporal is merely slow to answer still waits for it.
 */
function boundedRetry(budgetMs: number): GrpcInterceptor {
  const base = defaultGrpcRetryOptions();
  return (options, nextCall) => {
    const deadline = options.deadline === undefined ? Infinity : new Date(options.deadline).getTime();
    const giveUpAt = Math.min(deadline, Date.now() + budgetMs);
    let delay = 0;
    return makeGrpcRetryInterceptor({
      retryableDecider(attempt, status) {
        if (!base.retryableDecider(attempt, status)) return false;
        delay = base.delayFunction(attempt, status);
        return Date.now() + delay < giveUpAt;
      },
      delayFunction: () => delay,
    })(options, nextCall);
  };
}

export async function connectClient(config: Config, address: string): Promise<Client> {
  const connection = await Connection.connect({
    ...connectionOptions(config, address),
    interceptors: [boundedRetry(config.API_TEMPORAL_RETRY_MS)],
  });
  return new Client({ connection, namespace: config.TEMPORAL_NAMESPACE, interceptors: clientTracing(config) });
}

export async function connectWorker(config: Config, address: string): Promise<NativeConnection> {
  return NativeConnection.connect(connectionOptions(config, address));
}

let runtimeInstalled = false;
/**
 * Routes the Temporal SDK's own logs into pino (warnings and above) and leaves signal handling to
 * us: by default the SDK re-raises SIGINT after stopping its workers, which would end the process
 * before the database and dev server are stopped.
 */
export function installTemporalRuntime(logger: Logger, metricsBind?: string): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  const levels = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;
  try {
    Runtime.install({
      shutdownSignals: [],
      logger: new DefaultLogger('WARN', (entry) => logger[levels[entry.level]]({ ...entry.meta, sdk: 'temporal' }, entry.message)),
      // The SDK's own metrics (schedule-to-start latency, slots, failures) for /metrics to pass on.
      ...(metricsBind ? { telemetryOptions: { metrics: { prometheus: { bindAddress: metricsBind, useSecondsForDurations: true } } } } : {}),
    });
    setSdkMetricsAddress(metricsBind ?? null);
  } catch {
    /* a runtime was installed earlier in this process (tests): keep it */
  }
}
