/**
 * What the separate entry points (`npm run worker`, `npm run api`) share with `make start`: the
 * servers they need, a private umask, and an orderly stop on SIGTERM/SIGINT whose every step is
 * bounded, so a dead dependency cannot hold the stop up.
 */
import { type Config, ConfigError } from './config';

/** Bounds one stop step; a step that fails or overruns is reported and the stop goes on. */
export async function bounded(what: string, ms: number, stop: () => Promise<unknown>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const outcome = await Promise.race([
    stop().then(
      () => 'ok',
      (e: unknown) => `failed: ${e instanceof Error ? e.message : String(e)}`,
    ),
    new Promise<string>((resolve) => {
      timer = setTimeout(() => resolve(`did not stop within ${ms / 1000} s`), ms);
    }),
  ]);
  clearTimeout(timer);
  if (outcome !== 'ok') console.error(`  ${what} ${outcome}; going on`);
}

export interface StopStep {
  what: string;
  ms: number;
  stop: () => Promise<unknown>;
}

/** On SIGTERM or SIGINT (once): runs `steps()` in order, then exits 0. */
export function stopOnSignals(name: string, steps: () => StopStep[]): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${name}: ${signal}, draining and stopping…`);
    for (const step of steps()) await bounded(step.what, step.ms, step.stop);
    console.log(`${name}: stopped`);
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

/** A separate process runs against real servers: `make start` is the one that embeds them. */
export function externalServers(config: Config, entry: string): { databaseUrl: string; temporalAddress: string } {
  const missing = [!config.DATABASE_URL && 'DATABASE_URL', !config.TEMPORAL_ADDRESS && 'TEMPORAL_ADDRESS'].filter(Boolean);
  if (missing.length) {
    throw new ConfigError(`configuration error: ${missing.join(', ')}: required for ${entry} (\`make start\` runs the embedded servers)`);
  }
  return { databaseUrl: config.DATABASE_URL!, temporalAddress: config.TEMPORAL_ADDRESS! };
}
