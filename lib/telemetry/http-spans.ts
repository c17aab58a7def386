/**
 * One server span per API request, active for the whole request lifecycle (hooks, handler, and
 * whatever they await: the Temporal client call carries it on to the workflow). Named by route
 * pattern ("POST /leads/:id/journeys"), never the raw URL.
 */
import { context, trace, SpanKind, SpanStatusCode, type Span } from '@opentelemetry/api';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { tracer } from './tracing';

const spans = new WeakMap<FastifyRequest, Span>();

export function traceHttp(app: FastifyInstance): void {
  // A callback hook: `done` runs inside context.with, so the rest of the lifecycle inherits the span.
  app.addHook('onRequest', (request, _reply, done) => {
    const route = request.routeOptions.url ?? 'unmatched';
    const span = tracer().startSpan(`${request.method} ${route}`, {
      kind: SpanKind.SERVER,
      attributes: { 'http.request.method': request.method, 'http.route': route },
    });
    spans.set(request, span);
    context.with(trace.setSpan(context.active(), span), done);
  });
  app.addHook('onResponse', (request, reply, done) => {
    const span = spans.get(request);
    if (span) {
      span.setAttribute('http.response.status_code', reply.statusCode);
      if (reply.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    }
    done();
  });
}
