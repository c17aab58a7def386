/** The active trace on log lines (a pino mixin); only the OpenTelemetry API, a no-op while tracing is off. */
import { context, trace } from '@opentelemetry/api';

/** trace_id and span_id of the active span, on every log line written inside one. */
export function traceLogFields(): Record<string, string> {
  const span = trace.getSpan(context.active());
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return { trace_id: traceId, span_id: spanId };
}
