/**
 * Prometheus metrics of one process: the API's request counts and latencies (prom-client), Node's
 * own (memory, event-loop lag, GC) and, when TEMPORAL_METRICS_BIND is set, the Temporal SDK
 * runtime's (schedule-to-start latencies, task slots, activity failures, gRPC requests), which the
 * SDK serves on that address and /metrics passes on, so one scrape of /metrics gets them all.
 */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const registry = new Registry();
collectDefaultMetrics({ register: registry });

export const httpRequestDuration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP requests by method, route pattern and status code',
  labelNames: ['method', 'route', 'status_code'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

export const dependencyUnavailable = new Counter({
  name: 'dependency_unavailable_total',
  help: 'Requests answered 503 because PostgreSQL or Temporal did not answer',
  labelNames: ['dependency'] as const,
  registers: [registry],
});

let sdkMetricsAddress: string | null = null;
/** Where the Temporal SDK runtime of this process serves its metrics (set when it is installed). */
export function setSdkMetricsAddress(address: string | null): void {
  sdkMetricsAddress = address;
}

/** The metrics of this process in Prometheus text format. */
export async function metricsText(): Promise<{ contentType: string; body: string }> {
  let body = await registry.metrics();
  if (sdkMetricsAddress) {
    const sdk = await fetch(`http://${sdkMetricsAddress}/metrics`, { signal: AbortSignal.timeout(1_000) }).then(
      (r) => r.text(),
      (e: Error) => `# Temporal SDK metrics unavailable: ${e.message}\n`,
    );
    body += `\n${sdk}`;
  }
  return { contentType: registry.contentType, body };
}
