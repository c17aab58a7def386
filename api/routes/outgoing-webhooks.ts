/**
 * Outgoing webhooks (admin only): subscriptions to domain events, and each delivery with every
 * attempt and answer. Receivers verify the Standard Webhooks signature with the subscription's
 * secret, shown once when it is created. See README "Webhooks".
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TRouteDeps } from '../server';
import { ROLES } from '../auth';
import { ZError } from './error-schema';
import { WEBHOOK_EVENT_TYPES } from '../../domain/webhooks/event-types';
import { journeyWebhookSecret } from '../../lib/webhooks/standard-webhooks';
import {
  createWebhookSubscription,
  deleteWebhookSubscription,
  getWebhookSubscription,
  listWebhookDeliveries,
  listWebhookSubscriptions,
  updateWebhookSubscription,
  ZWebhookDelivery,
  ZWebhookSubscription,
  ZWebhookSubscriptionInput,
  ZWebhookSubscriptionSummary,
  ZWebhookSubscriptionUpdate,
  type TWebhookDeps,
} from '../../domain/webhooks/subscriptions';

const ZId = z.object({ id: z.uuid() });

export const outgoingWebhookRoutes: FastifyPluginAsyncZod<TRouteDeps> = async (app, deps) => {
  const webhooks: TWebhookDeps = {
    prisma: deps.prisma,
    temporal: deps.temporal,
    taskQueue: deps.env.TEMPORAL_TASK_QUEUE,
    allowPrivateNetworks: deps.env.WEBHOOK_ALLOW_PRIVATE_NETWORKS ?? false,
  };
  const tags = ['webhooks (outgoing)'];

  app.get(
    '/webhook-subscriptions/event-types',
    {
      config: { roles: ROLES.admin },
      schema: { tags, summary: 'The event types a subscription can ask for', response: { 200: z.object({ items: z.array(z.string()) }) } },
    },
    async () => ({ items: [...WEBHOOK_EVENT_TYPES] }),
  );

  app.get(
    '/webhook-step-secret',
    {
      config: { roles: ROLES.admin },
      schema: {
        tags,
        summary: 'The secret journeys’ `webhook` steps sign their calls with (Standard Webhooks; derived from SIGNING_SECRET)',
        response: { 200: z.object({ secret: z.string() }) },
      },
    },
    async () => ({ secret: journeyWebhookSecret(deps.env.SIGNING_SECRET) }),
  );

  app.post(
    '/webhook-subscriptions',
    {
      config: { roles: ROLES.admin },
      schema: {
        tags,
        summary: 'Subscribe a URL to domain events; the answer holds the signing secret (shown only this once)',
        body: ZWebhookSubscriptionInput,
        response: { 201: ZWebhookSubscription.extend({ secret: z.string() }), 400: ZError },
      },
    },
    async (req, reply) => reply.status(201).send(await createWebhookSubscription(webhooks, req.body)),
  );

  app.get(
    '/webhook-subscriptions',
    {
      config: { roles: ROLES.admin },
      schema: {
        tags,
        summary:
          'Webhook subscriptions, each with its newest delivery (status, the last answer’s HTTP status) and how many deliveries wait',
        response: { 200: z.object({ items: z.array(ZWebhookSubscriptionSummary) }) },
      },
    },
    async () => ({ items: await listWebhookSubscriptions(webhooks) }),
  );

  app.get(
    '/webhook-subscriptions/:id',
    {
      config: { roles: ROLES.admin },
      schema: { tags, summary: 'One webhook subscription', params: ZId, response: { 200: ZWebhookSubscription, 404: ZError } },
    },
    async (req) => getWebhookSubscription(webhooks, req.params.id),
  );

  app.patch(
    '/webhook-subscriptions/:id',
    {
      config: { roles: ROLES.admin },
      schema: {
        tags,
        summary: 'Change a subscription: URL, events, description, or status (PAUSED / ACTIVE; resuming retries failed deliveries first)',
        params: ZId,
        body: ZWebhookSubscriptionUpdate,
        response: { 200: ZWebhookSubscription, 400: ZError, 404: ZError },
      },
    },
    async (req) => updateWebhookSubscription(webhooks, req.params.id, req.body),
  );

  app.delete(
    '/webhook-subscriptions/:id',
    {
      config: { roles: ROLES.admin },
      schema: { tags, summary: 'Delete a subscription and its delivery log', params: ZId, response: { 204: z.null(), 404: ZError } },
    },
    async (req, reply) => {
      await deleteWebhookSubscription(webhooks, req.params.id);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/webhook-subscriptions/:id/deliveries',
    {
      config: { roles: ROLES.admin },
      schema: {
        tags,
        summary: "A subscription's deliveries, newest first, each with its attempts and the receiver's answers",
        params: ZId,
        querystring: z.object({
          status: z.enum(['PENDING', 'DELIVERED', 'FAILED']).optional(),
          leadId: z.uuid().optional(),
          limit: z.coerce.number().int().min(1).max(500).default(50),
          offset: z.coerce.number().int().min(0).default(0),
        }),
        response: { 200: z.object({ items: z.array(ZWebhookDelivery), total: z.number() }), 404: ZError },
      },
    },
    async (req) => listWebhookDeliveries(webhooks, req.params.id, req.query),
  );
};
