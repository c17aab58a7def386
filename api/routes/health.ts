import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { runReadiness } from '../../lib/health/run-checks';

export type TCheck = () => Promise<string>;
/** Each check resolves with a short detail, or throws with the reason. */
export type THealthChecks = { database: TCheck; temporal: TCheck; smtp: TCheck; migrations?: TCheck };

const ZCheckResult = z.object({ status: z.enum(['ok', 'down']), detail: z.string(), latencyMs: z.number() });
const ZHealth = z.object({ status: z.enum(['ok', 'degraded']), checks: z.record(z.string(), ZCheckResult) });

async function run(check: TCheck, timeoutMs: number): Promise<z.infer<typeof ZCheckResult>> {
  const started = performance.now();
  try {
    const detail = await Promise.race([
      check(),
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref()),
    ]);
    return { status: 'ok', detail, latencyMs: Math.round(performance.now() - started) };
  } catch (e) {
    return { status: 'down', detail: (e as Error).message.split('\n')[0] ?? 'failed', latencyMs: Math.round(performance.now() - started) };
  }
}

const ZReadiness = z.object({
  status: z.enum(['ok', 'down']),
  checks: z.record(z.string(), ZCheckResult),
  /** The checks that are down, by name (empty when ready). */
  failing: z.array(z.string()),
});

export const healthRoutes: FastifyPluginAsyncZod<{ checks: THealthChecks }> = async (app, { checks }) => {
  app.get(
    '/health/live',
    {
      config: { public: true },
      schema: {
        tags: ['system'],
        summary: 'Liveness: the process answers (for orchestrators; checks no dependency)',
        response: { 200: z.object({ status: z.literal('ok'), uptimeSeconds: z.number() }) },
      },
    },
    async () => ({ status: 'ok' as const, uptimeSeconds: Math.round(process.uptime()) }),
  );

  app.get(
    '/health/ready',
    {
      config: { public: true },
      schema: {
        tags: ['system'],
        summary: 'Readiness: database, Temporal, SMTP reachable and migrations applied (503 names the failing checks)',
        response: { 200: ZReadiness, 503: ZReadiness },
      },
    },
    async (_req, reply) => {
      const readiness = await runReadiness(checks);
      return reply.status(readiness.status === 'ok' ? 200 : 503).send(readiness);
    },
  );

  app.get(
    '/health',
    {
      config: { public: true },
      schema: {
        tags: ['system'],
        summary: 'Status of each dependency (database, Temporal, SMTP)',
        response: { 200: ZHealth, 503: ZHealth },
      },
    },
    async (_req, reply) => {
      const names = (Object.keys(checks) as (keyof THealthChecks)[]).filter((n) => checks[n] !== undefined);
      const results = await Promise.all(names.map((n) => run(checks[n]!, 3000)));
      const body = {
        status: results.every((r) => r.status === 'ok') ? ('ok' as const) : ('degraded' as const),
        checks: Object.fromEntries(names.map((n, i) => [n, results[i]!])),
      };
      return reply.status(body.status === 'ok' ? 200 : 503).send(body);
    },
  );
};
