/**
 * Optional OpenTelemetry tracing through Temporal's interceptors (off unless OTEL_TRACING=true):
 * spans for starting workflows and Updates (client), for running workflows, handlers and their
 * activity calls (workflow, exported through a sink) and for running activities (worker), linked
 * across processes by headers. Spans go by OTLP/HTTP to OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or
 * OTEL_EXPORTER_OTLP_ENDPOINT (the OpenTelemetry exporter's own variables; default
 * http://localhost:4318/v1/traces).
 */
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { Resource } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { ClientInterceptors } from '@temporalio/client';
import {
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
  makeWorkflowExporter,
} from '@temporalio/interceptors-opentelemetry';
import type { WorkerOptions } from '@temporalio/worker';
import type { Config } from './config';

const resource = new Resource({ 'service.name': 'jiangmen-medical-insurance' });
let processor: SpanProcessor | undefined;

/** The process's span processor (created and registered globally on first use). */
function spanProcessor(): SpanProcessor {
  if (!processor) {
    processor = new BatchSpanProcessor(new OTLPTraceExporter(), { scheduledDelayMillis: 1_000 });
    const provider = new BasicTracerProvider({ resource, spanProcessors: [processor] });
    // The W3C trace-context propagator carries a span across Temporal's headers; the async-local
    // context manager keeps the active span across awaits.
    provider.register({ contextManager: new AsyncLocalStorageContextManager() });
  }
  return processor;
}

/** The workflow bundle's interceptor module when tracing is on (worker/worker.ts bundles it in). */
export const workflowTracingModule = require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors');

export function tracingOn(config?: Config): boolean {
  return config?.OTEL_TRACING === true;
}

/** Client interceptors (the API's Temporal client). */
export function clientTracing(config: Config): ClientInterceptors | undefined {
  if (!tracingOn(config)) return undefined;
  spanProcessor();
  return { workflow: [new OpenTelemetryWorkflowClientInterceptor()] };
}

/** Worker options: activity interceptors and the sink that exports the workflows' spans. */
export function workerTracing(config?: Config): Pick<WorkerOptions, 'interceptors' | 'sinks'> {
  if (!tracingOn(config)) return {};
  return {
    interceptors: {
      activity: [
        (ctx) => ({
          inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
          outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
        }),
      ],
    },
    sinks: { exporter: makeWorkflowExporter(spanProcessor(), resource) },
  };
}

/** Sends what is buffered (orderly stop). */
export async function flushTracing(): Promise<void> {
  await processor?.forceFlush();
}
