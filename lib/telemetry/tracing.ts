/**
 * OpenTelemetry traces (ADR-035), off by default. With OTEL_EXPORTER_OTLP_ENDPOINT set, a process
 * registers a tracer provider that exports spans over OTLP/HTTP (<endpoint>/v1/traces) and gets
 * the Temporal SDK's OpenTelemetry plugin (@temporalio/interceptors-opentelemetry) for its client
 * and worker: the trace context travels in Temporal headers from the API's request span through
 * the client call, the workflow and its activities. Without an endpoint nothing is registered and
 * the OpenTelemetry API stays a no-op (no cost beyond a function call).
 *
 * Database spans (ADR-050): with tracing on, @prisma/instrumentation hands Prisma Client a global
 * tracing helper, so every query inside a trace gets `prisma:client:operation` (model, method) and
 * its `prisma:client:db_query` children (the SQL text, never the parameters), through either
 * driver adapter (PGlite or PostgreSQL). Prisma calls outside any trace (the scrape-time gauges,
 * the sender-reputation guard's checks, boot) would each start a one-span trace of their own:
 * the root sampler drops those, and only those.
 */
import { trace, type Span } from '@opentelemetry/api';
import { Resource } from '@opentelemetry/resources';
import { registerInstrumentations } from '@opentelemetry/instrumentation';
import {
  BatchSpanProcessor,
  ParentBasedSampler,
  SamplingDecision,
  type Sampler,
  type SamplingResult,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { PrismaInstrumentation } from '@prisma/instrumentation';
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
  const sampler = new ParentBasedSampler({ root: new NoOrphanDatabaseSpans() });
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor], sampler });
  provider.register();
  // Prisma reads the helper from a global on every query: clients created before this call trace too.
  const unregister = registerInstrumentations({ tracerProvider: provider, instrumentations: [new PrismaInstrumentation()] });
  active = {
    temporalPlugin: new OpenTelemetryPlugin({ resource, spanProcessor }),
    async shutdown() {
      unregister();
      await provider.shutdown();
    },
  };
  return active;
}

/**
 * The root sampler: records every trace except one that a Prisma span would start (a query with no
 * request, workflow or activity around it). Children follow their parent (ParentBasedSampler).
 */
export class NoOrphanDatabaseSpans implements Sampler {
  shouldSample(_context: unknown, _traceId: string, spanName: string): SamplingResult {
    return { decision: spanName.startsWith('prisma:') ? SamplingDecision.NOT_RECORD : SamplingDecision.RECORD_AND_SAMPLED };
  }
  toString(): string {
    return 'NoOrphanDatabaseSpans';
  }
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
