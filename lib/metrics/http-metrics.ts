/**
 * HTTP request metrics of the API, by method, route pattern (/leads/:id, never the raw URL) and
 * status code. A request that matched no route counts as route "unmatched".
 */
import { Counter, Histogram } from 'prom-client';
import { metricsRegistry } from './registry';

export const httpRequestsTotal = new Counter({
  name: 'nurture_http_requests_total',
  help: 'HTTP requests by method, route pattern and status code.',
  labelNames: ['method', 'route', 'status'] as const,
  registers: [metricsRegistry],
});

export const httpRequestDuration = new Histogram({
  name: 'nurture_http_request_duration_seconds',
  help: 'HTTP request duration by method and route pattern.',
  labelNames: ['method', 'route'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metricsRegistry],
});

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/** Records one finished request; `route` is the matched pattern or undefined. */
export function recordHttpRequest(method: string, route: string | undefined, status: number, seconds: number): void {
  const m = METHODS.has(method) ? method : 'OTHER';
  const r = route ?? 'unmatched';
  httpRequestsTotal.inc({ method: m, route: r, status: String(status) });
  httpRequestDuration.observe({ method: m, route: r }, seconds);
}
