/**
 * OpenTelemetry traces (ADR-035), off by default. With OTEL_EXPORTER_OTLP_ENDPOINT set, a process
 * registers a tracer provider that exports spans over OTLP/HTTP (<endpoint>/v1/traces) and gets
 * the Temporal SDK's OpenTelemetry plugin (@temporalio/interceptors-opentelemetry) for its client
 * and worker: the trace context travels in Temporal headers from the API's request span through
 * the client call, the workflow and its activities. Without an endpoint nothing is registered and
 * the OpenTelemetry API stays a no-op (no cost beyond a function call).
 */
import { trace, type Span } from '@opentelemetry/api';
import { Resource } from '@opentelemetry/resources';
import { BatchSpanProcessor, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { OpenTelemetryPlugin } from '@temporalio/interceptors-opentelemetry';

export type TTracing = {
  /** For Client({ plugins }) and Worker.create({ plugins }); undefined when tracing is off. */
  temporalPlugin: OpenTelemetryPlugin | undefined;
  /** Flushes and stops the exporter (at shutdown). */
  shutdown(): Promise<void>;
};

const OFF: TTracing = { temporalPlugin: undefined, shutdown: async () => undefined };

let active: TTracing | undefined;

/**
 * Sets up tracing once per process (later calls return the first setup). `exporter` replaces the
 * OTLP exporter (tests pass an in-memory one).
 */
export function setupTracing(options: { endpoint: string | undefined; serviceName: string; exporter?: SpanExporter }): TTracing {
  if (active) return active;
  if (!options.endpoint && !options.exporter) return OFF;
  const exporter = options.exporter ?? new OTLPTraceExporter({ url: `${options.endpoint!.replace(/\/+$/, '')}/v1/traces` });
  const resource = new Resource({ 'service.name': options.serviceName });
  const spanProcessor: SpanProcessor = new BatchSpanProcessor(exporter, { scheduledDelayMillis: 500 });
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register();
  active = {
    temporalPlugin: new OpenTelemetryPlugin({ resource, spanProcessor }),
    async shutdown() {
      await provider.shutdown();
    },
  };
  return active;
}

/** The tracing set up in this process, or OFF. */
export const currentTracing = (): TTracing => active ?? OFF;

export const tracer = () => trace.getTracer('nurture-engine');

/** Runs `fn` in a child span of the active context; the span records an exception and rethrows. */
export async function inSpan<T>(
  name: string,
  attributes: Record<string, string | number | boolean>,
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  return tracer().startActiveSpan(name, { attributes }, async (span) => {
    try {
      return await fn(span);
    } catch (e) {
      span.recordException(e as Error);
      span.setStatus({ code: 2, message: (e as Error).message?.split('\n')[0] ?? 'error' });
      throw e;
    } finally {
      span.end();
    }
  });
}
