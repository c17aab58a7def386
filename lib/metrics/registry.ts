/**
 * One Prometheus registry per process (prom-client). Every metric of the engine is defined in this
 * folder, with bounded label sets: outcome, category, sequence key, reason class, route pattern,
 * status code. Never a lead id, an email address or a free-text reason.
 */
import { Registry, collectDefaultMetrics } from 'prom-client';

export const metricsRegistry = new Registry();

let defaultsOn = false;
/** Node.js process metrics (heap, event-loop lag, GC), once per process. */
export function collectProcessMetrics(): void {
  if (defaultsOn) return;
  defaultsOn = true;
  collectDefaultMetrics({ register: metricsRegistry, prefix: 'nurture_' });
}

/** The Prometheus text exposition of everything registered, and its content type. */
export async function renderMetrics(): Promise<{ contentType: string; body: string }> {
  return { contentType: metricsRegistry.contentType, body: await metricsRegistry.metrics() };
}
