import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TRouteDeps } from '../server';
import { ROLES } from '../auth';
import { captureLead } from '../../domain/leads/capture-lead';
import { changeLeadStatus, ZStatusChange } from '../../domain/leads/change-lead-status';
import { startFollowUp } from '../../domain/leads/start-follow-up';
import { convertLead } from '../../domain/customers/convert-lead';
import { getCustomer } from '../../domain/customers/get-customer';
import { ZConvertLead, ZCustomer } from '../../domain/customers/schemas';
import { getLead } from '../../domain/leads/get-lead';
import { listStatusChanges } from '../../domain/leads/list-status-changes';
import { updateLead } from '../../domain/leads/update-lead';
import { getLeadTimeline } from '../../domain/leads/get-lead-timeline';
import { searchLeads } from '../../domain/leads/search-leads';
import { ZLeadSearchPage, ZLeadSearchQuery } from '../../domain/leads/search/schemas';
import { toLead, ZLead, ZLeadCreate, ZLeadId, ZLeadUpdate, ZTimelineEntry } from '../../domain/leads/schemas';
import { startLeadEmail } from '../../domain/emails/start-lead-email';
import { ZTemplateKey } from '../../domain/templates/schemas';
import { ZError } from './error-schema';
import { leadImportRoutes } from './lead-imports';
import { listConsents, recordConsent } from '../../domain/consent/record-consent';
import { ZConsentInput, ZConsentRecord } from '../../domain/consent/schemas';
import { logLeadNote } from '../../domain/leads/log-lead-note';
import { ZLeadNoteInput } from '../../domain/leads/note-schemas';

export const leadRoutes: FastifyPluginAsyncZod<TRouteDeps> = async (app, deps) => {
  const { crm } = deps;
  const ZCaptured = ZLead.extend({ deduplicated: z.boolean() });

  app.get(
    '/leads',
    {
      config: { roles: ROLES.anyone },
      schema: {
        tags: ['leads'],
        summary: 'Search leads: free text, filters, sort, cursor pages',
        description:
          'q matches names, email, company and phone in any script, ignoring case and diacritics (every word must occur, as a substring); ' +
          'filters combine with AND, comma-separated values within one filter with OR. Pages are keyset pages: pass nextCursor as cursor ' +
          '(with the same sort and filters) until it is null. total counts every match.',
        querystring: ZLeadSearchQuery,
        response: { 200: ZLeadSearchPage, 400: ZError },
      },
    },
    async (req) => searchLeads(deps, req.query),
  );

  app.post(
    '/leads',
    {
      config: { roles: ROLES.anyone },
      schema: {
        tags: ['leads'],
        summary: 'Capture a lead (deduplicated)',
        description:
          'An unknown person gets a new card (201): routed to a rep when no owner is given, scored, and enrolled by the triggers (e.g. cold leads into nurture). ' +
          'A known person (same normalised email, or same phone in E.164) is not a second card: the request is recorded as a touch on the existing card, missing fields are filled, the owner is notified (200, deduplicated: true).',
        body: ZLeadCreate,
        response: { 200: ZCaptured, 201: ZCaptured, 400: ZError },
      },
    },
    async (req, reply) => {
      const { lead, created } = await captureLead(crm, req.body);
      return reply.status(created ? 201 : 200).send({ ...toLead(lead), deduplicated: !created });
    },
  );

  // CSV imports: their own body parsers and limit (api/routes/lead-imports.ts).
  await app.register(leadImportRoutes, deps);

  app.post(
    '/leads/:id/status',
    {
      config: { roles: ROLES.anyone },
      schema: {
        tags: ['leads'],
        summary: 'Move the lead in its lifecycle: MQL, SQL, LOST (with reason), DEFERRED (until a date, with reason), RECYCLED',
        description:
          'Kept in the lifecycle history (GET /leads/{id}/history). Journeys re-check their goals at once; the triggers for the new status fire ' +
          '(LOST starts win-back, DEFERRED starts deferred demand, MQL and RECYCLED start nurture); an SQL without an owner is routed. To win a lead, use POST /leads/{id}/convert.',
        params: ZLeadId,
        body: ZStatusChange,
        response: { 200: ZLead, 400: ZError, 404: ZError, 409: ZError },
      },
    },
    async (req) => toLead(await changeLeadStatus(crm, req.params.id, req.body)),
  );

  app.get(
    '/leads/:id/history',
    {
      config: { roles: ROLES.anyone },
      schema: {
        tags: ['leads'],
        summary: "The lead's lifecycle: every status change, oldest first",
        params: ZLeadId,
        response: {
          200: z.object({
            items: z.array(
              z.object({
                from: z.string().nullable(),
                to: z.string(),
                reason: z.string().nullable(),
                until: z.date().nullable(),
                by: z.string(),
                occurredAt: z.date(),
              }),
            ),
          }),
          404: ZError,
        },
      },
    },
    async (req) => ({ items: await listStatusChanges(deps, req.params.id) }),
  );

  app.post(
    '/leads/:id/convert',
    {
      config: { roles: ROLES.sales },
      schema: {
        tags: ['customers'],
        summary: 'Win the lead: create its customer card',
        description:
          'The customer card is linked to the lead, with its own owner and history; the lead becomes CUSTOMER (its journeys meet their goals). ' +
          'A first purchase can be recorded at once. If a customer referred the lead, they get the reward and a thank-you email.',
        params: ZLeadId,
        body: ZConvertLead.nullish(),
        response: { 201: ZCustomer, 400: ZError, 404: ZError, 409: ZError },
      },
    },
    async (req, reply) => {
      const customer = await convertLead(crm, req.params.id, req.body ?? {});
      return reply.status(201).send(await getCustomer(deps.prisma, { id: customer.id }, { publicBaseUrl: deps.env.PUBLIC_BASE_URL }));
    },
  );

  app.post(
    '/leads/:id/follow-ups',
    {
      config: { roles: ROLES.sales },
      schema: {
        tags: ['sales'],
        summary: 'Start a sales follow-up cadence for the lead',
        description:
          'Tasks for the owning rep and 1:1 emails from them (the built-in "sales-follow-up", or another sales sequence). Stops on a reply, a booked meeting, won or lost. ' +
          'A lead without an owner is routed first. Idempotent: a lead already in the cadence is reported, not enrolled twice.',
        params: ZLeadId,
        body: z.object({ sequenceKey: z.string().optional() }).nullish(),
        response: {
          202: z.object({
            outcome: z.string(),
            enrollmentId: z.string().optional(),
            workflowId: z.string().optional(),
            ownerEmail: z.string(),
          }),
          400: ZError,
          404: ZError,
          409: ZError,
        },
      },
    },
    async (req, reply) => {
      const {
        leadId: _leadId,
        version: _version,
        ...result
      } = await startFollowUp(crm, req.params.id, { sequenceKey: req.body?.sequenceKey });
      return reply.status(202).send(result);
    },
  );

  app.get(
    '/leads/:id',
    {
      config: { roles: ROLES.anyone },
      schema: { tags: ['leads'], summary: 'Get a lead', params: ZLeadId, response: { 200: ZLead, 404: ZError } },
    },
    async (req) => getLead(deps.prisma, req.params.id),
  );

  app.patch(
    '/leads/:id',
    {
      config: { roles: ROLES.anyone },
      schema: {
        tags: ['leads'],
        summary: 'Update a lead (status, heat, score, tags, owner, attributes…)',
        description: 'Active journeys re-check their goals at once: a lead marked SQL or CUSTOMER leaves the journeys whose goals say so.',
        params: ZLeadId,
        body: ZLeadUpdate,
        response: { 200: ZLead, 400: ZError, 404: ZError },
      },
    },
    async (req) => updateLead(deps, req.params.id, req.body),
  );

  app.get(
    '/leads/:id/consents',
    {
      config: { roles: ROLES.anyone },
      schema: {
        tags: ['leads'],
        summary: "The lead's consent ledger: every grant and withdrawal, oldest first",
        params: ZLeadId,
        response: { 200: z.object({ items: z.array(ZConsentRecord) }), 404: ZError },
      },
    },
    async (req) => ({ items: await listConsents(deps.prisma, req.params.id) }),
  );

  app.post(
    '/leads/:id/consents',
    {
      config: { roles: ROLES.anyone },
      schema: {
        tags: ['leads'],
        summary: 'Record consent given or withdrawn outside our forms (phone, trade show, a letter)',
        description:
          'A withdrawal of "marketing" also unsubscribes the lead. occurredAt (when it was given, default now) cannot be in the future (5 minutes of clock skew allowed). The timeline event names the API key that recorded it.',
        params: ZLeadId,
        body: ZConsentInput,
        response: { 201: ZConsentRecord, 400: ZError, 404: ZError },
      },
    },
    async (req, reply) => {
      const by = req.principal ?? (req.apiKey ? { kind: 'api-key' as const, ...req.apiKey } : undefined);
      return reply.status(201).send(await recordConsent(deps.prisma, req.params.id, req.body, { by }));
    },
  );

  app.get(
    '/leads/:id/timeline',
    {
      config: { roles: ROLES.anyone },
      schema: {
        tags: ['leads'],
        summary: "The lead's history: every recorded outcome, oldest first",
        params: ZLeadId,
        response: { 200: z.object({ items: z.array(ZTimelineEntry) }), 404: ZError },
      },
    },
    async (req) => ({ items: await getLeadTimeline(deps.prisma, req.params.id) }),
  );

  app.post(
    '/leads/:id/notes',
    {
      config: { roles: ROLES.anyone },
      schema: {
        tags: ['leads'],
        summary: 'Log a call or a note on the lead',
        description:
          'Recorded on the timeline as call.logged or note.logged, naming who logged it (the signed-in person or the API key). ' +
          'text is 1–5000 characters; a call may say how it went (outcome: reached, voicemail, no_answer, wrong_number). ' +
          "It is a touch (the lead's updatedAt moves) and counts as the owner acting for the routing SLA.",
        params: ZLeadId,
        body: ZLeadNoteInput,
        response: { 201: ZTimelineEntry, 400: ZError, 404: ZError },
      },
    },
    async (req, reply) => {
      const by = req.principal ?? (req.apiKey ? { kind: 'api-key' as const, ...req.apiKey } : undefined);
      if (!by) throw new Error('POST /leads/:id/notes reached without a principal');
      return reply.status(201).send(await logLeadNote(deps.prisma, req.params.id, req.body, { by }));
    },
  );

  app.post(
    '/leads/:id/emails',
    {
      config: { roles: ROLES.anyone },
      schema: {
        tags: ['emails'],
        summary: 'Send one template to the lead through a durable workflow',
        description:
          'Idempotent per requestId: repeating a request with the same requestId reports the first workflow and sends nothing more.',
        params: ZLeadId,
        body: z.object({
          templateKey: ZTemplateKey,
          requestId: z
            .string()
            .min(1)
            .max(100)
            .regex(/^[\w.-]+$/)
            .optional(),
        }),
        response: { 202: z.object({ workflowId: z.string(), alreadyStarted: z.boolean() }), 400: ZError, 404: ZError },
      },
    },
    async (req, reply) =>
      reply
        .status(202)
        .send(
          await startLeadEmail(
            { prisma: deps.prisma, temporal: deps.temporal, taskQueue: deps.env.TEMPORAL_TASK_QUEUE },
            { leadId: req.params.id, ...req.body },
          ),
        ),
  );
};
