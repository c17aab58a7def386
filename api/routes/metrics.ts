/**
 * GET /metrics: the API process's Prometheus metrics (HTTP requests by route and status, journeys
 * per sequence, Node.js process). Registered only with API_METRICS=true; public like /health, so
 * bind the API to a private address or firewall the path. Label sets never name a lead.
 */
import type { FastifyPluginAsync } from 'fastify';
import { renderMetrics } from '../../lib/metrics/registry';

export const metricsRoutes: FastifyPluginAsync = async (app) => {
  app.get('/metrics', { config: { public: true }, schema: { hide: true } }, async (_req, reply) => {
    const { contentType, body } = await renderMetrics();
    return reply.header('content-type', contentType).header('cache-control', 'no-store').send(body);
  });
};
