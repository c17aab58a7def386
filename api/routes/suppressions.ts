import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TRouteDeps } from '../server';
import { ROLES } from '../auth';
import { ZError } from './error-schema';
import { entriesFromCsv, importSuppressions } from '../../domain/deliverability/import-suppressions';
import { listSuppressions } from '../../domain/deliverability/list-suppressions';
import { isPersonRequested, removeSuppression, ZSuppressionRemoval } from '../../domain/deliverability/remove-suppression';
import { AppError } from '../../lib/errors';

const ZSuppression = z.object({
  id: z.uuid(),
  email: z.string(),
  scope: z.string(),
  reason: z.string(),
  detail: z.string().nullable(),
  createdAt: z.date(),
  /** The person's own request (complaint, unsubscribe, preference): only an admin may remove it. */
  adminOnly: z.boolean(),
});

export const suppressionRoutes: FastifyPluginAsyncZod<TRouteDeps> = async (app, deps) => {
  app.get(
    '/suppressions',
    {
      config: { roles: ROLES.marketing },
      schema: {
        tags: ['deliverability'],
        summary: 'The suppression list, newest first (filter by address, or search part of one with q)',
        querystring: z.object({
          email: z.string().optional(),
          q: z.string().max(254).optional(),
          limit: z.coerce.number().int().min(1).max(1000).default(100),
          offset: z.coerce.number().int().min(0).default(0),
        }),
        response: { 200: z.object({ items: z.array(ZSuppression), total: z.number() }) },
      },
    },
    async (req) => {
      const page = await listSuppressions({ prisma: deps.prisma }, req.query);
      return { ...page, items: page.items.map((s) => ({ ...s, adminOnly: isPersonRequested(s.reason) })) };
    },
  );

  app.post(
    '/suppressions',
    {
      config: { roles: ROLES.marketing },
      schema: {
        tags: ['deliverability'],
        summary: 'Import suppressions: JSON `{ entries: [{ email, scope?, reason? }] }` or CSV (`text/csv`, header `email,scope,reason`)',
        description:
          'scope is "all" (no email at all, even transactional), "marketing" (default) or "topic:<name>". Good rows are imported even when others are bad; each bad row comes back with its number (1 = first data row) and the problem. Addresses already suppressed for that scope are counted, not duplicated.',
        body: z.union([z.object({ entries: z.array(z.unknown()).min(1).max(100_000) }), z.string()]),
        response: {
          200: z.object({
            received: z.number(),
            imported: z.number(),
            alreadyPresent: z.number(),
            errors: z.array(z.object({ row: z.number(), message: z.string() })),
          }),
          400: ZError,
        },
      },
    },
    async (req) => {
      let entries: unknown[];
      if (typeof req.body === 'string') {
        const csv = entriesFromCsv(req.body);
        if (csv.problem) throw new AppError('VALIDATION_FAILED', `CSV: ${csv.problem}`);
        entries = csv.entries;
      } else entries = req.body.entries;
      if (entries.length > 100_000) throw new AppError('VALIDATION_FAILED', 'At most 100,000 rows per import');
      return importSuppressions(deps.prisma, entries);
    },
  );

  app.delete(
    '/suppressions',
    {
      config: { roles: ROLES.marketing },
      schema: {
        tags: ['deliverability'],
        summary: 'Remove an address from the suppression list for one scope, with a reason (audited)',
        description:
          "reason (why the address may be emailed again) is required. An entry whose reason is the person's own request (complaint, unsubscribe, preference) can be removed by an admin key only. " +
          'Every removal is audited: a `suppression.removed` event on the timeline of the lead with that address (who, when, the entry as it was, why); `audit` is null when no lead has the address (the API log keeps it then).',
        querystring: ZSuppressionRemoval,
        response: {
          200: z.object({ removed: z.number(), audit: z.object({ leadId: z.string(), eventId: z.string() }).nullable() }),
          400: ZError,
          403: ZError,
          404: ZError,
        },
      },
    },
    async (req) => {
      const by = req.principal ?? (req.apiKey ? { kind: 'api-key' as const, ...req.apiKey } : undefined);
      if (!by) throw new AppError('UNAUTHENTICATED', 'Removing a suppression needs an API key');
      const result = await removeSuppression({ prisma: deps.prisma }, { ...req.query, by });
      req.log.info(
        {
          audit: 'suppression.removed',
          suppressionId: result.suppression.id,
          email: result.suppression.email,
          scope: result.suppression.scope,
          suppressionReason: result.suppression.reason,
          why: req.query.reason,
          by: { kind: by.kind, id: by.id, name: by.name, role: by.role },
          auditEventId: result.audit?.eventId ?? null,
        },
        'suppression removed',
      );
      return { removed: result.removed, audit: result.audit };
    },
  );
};
