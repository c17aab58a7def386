import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TApiDeps } from '../server';
import { ROLES } from '../auth';
import { createLead } from '../../domain/leads/create-lead';
import { getLead } from '../../domain/leads/get-lead';
import { updateLead } from '../../domain/leads/update-lead';
import { getLeadTimeline } from '../../domain/leads/get-lead-timeline';
import { ZLead, ZLeadCreate, ZLeadId, ZLeadUpdate, ZTimelineEntry } from '../../domain/leads/schemas';
import { startLeadEmail } from '../../domain/emails/start-lead-email';
import { ZTemplateKey } from '../../domain/templates/schemas';
import { ZError } from './error-schema';
import { listConsents, recordConsent } from '../../domain/consent/record-consent';
import { ZConsentInput, ZConsentRecord } from '../../domain/consent/schemas';

export const leadRoutes: FastifyPluginAsyncZod<TApiDeps> = async (app, deps) => {
  app.post(
    '/leads',
    {
      config: { roles: ROLES.anyone },
      schema: { tags: ['leads'], summary: 'Create a lead', body: ZLeadCreate, response: { 201: ZLead, 400: ZError, 409: ZError } },
    },
    async (req, reply) => reply.status(201).send(await createLead(deps.prisma, req.body)),
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
        description: 'A withdrawal of "marketing" also unsubscribes the lead.',
        params: ZLeadId,
        body: ZConsentInput,
        response: { 201: ZConsentRecord, 400: ZError, 404: ZError },
      },
    },
    async (req, reply) => reply.status(201).send(await recordConsent(deps.prisma, req.params.id, req.body)),
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
