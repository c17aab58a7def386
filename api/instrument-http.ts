/** Counts every API request by method, route pattern and status (lib/metrics/http-metrics.ts). */
import type { FastifyInstance } from 'fastify';
import { recordHttpRequest } from '../lib/metrics/http-metrics';

export function instrumentHttp(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    // routeOptions.url is the pattern (/leads/:id); it is undefined when no route matched.
    const route = request.routeOptions.url;
    recordHttpRequest(request.method, route, reply.statusCode, reply.elapsedTime / 1000);
  });
}
