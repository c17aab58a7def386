import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

export type TCheck = () => Promise<string>;
/** Each check resolves with a short detail, or throws with the reason. */
export type THealthChecks = { database: TCheck; temporal: TCheck; smtp: TCheck };

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

export const healthRoutes: FastifyPluginAsyncZod<{ checks: THealthChecks }> = async (app, { checks }) => {
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
      const names = Object.keys(checks) as (keyof THealthChecks)[];
      const results = await Promise.all(names.map((n) => run(checks[n], 3000)));
      const body = {
        status: results.every((r) => r.status === 'ok') ? ('ok' as const) : ('degraded' as const),
        checks: Object.fromEntries(names.map((n, i) => [n, results[i]!])),
      };
      return reply.status(body.status === 'ok' ? 200 : 503).send(body);
    },
  );
};
