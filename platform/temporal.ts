/** Connections to Temporal: the embedded dev server, a self-hosted cluster (mTLS) or Temporal Cloud (mTLS or API key). */
import { readFileSync } from 'node:fs';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type NativeConnectionOptions } from '@temporalio/worker';
import type { Logger } from 'pino';
import type { Config } from './config';

function connectionOptions(config: Config, address: string): NativeConnectionOptions {
  const read = (p?: string) => (p ? readFileSync(p) : undefined);
  const mtls = config.TEMPORAL_TLS_CERT && config.TEMPORAL_TLS_KEY
    ? { crt: read(config.TEMPORAL_TLS_CERT)!, key: read(config.TEMPORAL_TLS_KEY)! } : undefined;
  const useTls = Boolean(mtls || config.TEMPORAL_TLS_CA || config.TEMPORAL_API_KEY);
  return {
    address,
    tls: useTls ? {
      clientCertPair: mtls,
      serverRootCACertificate: read(config.TEMPORAL_TLS_CA),
      serverNameOverride: config.TEMPORAL_TLS_SERVER_NAME,
    } : undefined,
    apiKey: config.TEMPORAL_API_KEY,
  };
}

export async function connectClient(config: Config, address: string): Promise<Client> {
  const connection = await Connection.connect(connectionOptions(config, address));
  return new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
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
export function installTemporalRuntime(logger: Logger): void {
  if (runtimeInstalled) return;
  runtimeInstalled = true;
  const levels = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' } as const;
  try {
    Runtime.install({
      shutdownSignals: [],
      logger: new DefaultLogger('WARN', (entry) => logger[levels[entry.level]]({ ...entry.meta, sdk: 'temporal' }, entry.message)),
    });
  } catch {
    /* a runtime was installed earlier in this process (tests): keep it */
  }
}
