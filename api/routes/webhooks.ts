/**
 * Where email comes back: an ESP's event webhook and the inbound mailbox. Both need an admin
 * API key (Bearer, X-Api-Key, Basic auth password, or `?key=` for providers that only take a URL).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TRouteDeps } from '../server';
import { ROLES } from '../auth';
import { ZError } from './error-schema';
import { activityConfigFromEnv } from '../../activities';
import { ingestEspEvents, ZEspEvent } from '../../domain/deliverability/ingest-esp-events';
import { receiveInboundEmail } from '../../domain/deliverability/receive-inbound-email';
import { AppError } from '../../lib/errors';

const ZKeyQuery = z.object({ key: z.string().optional() });

export const webhookRoutes: FastifyPluginAsyncZod<TRouteDeps> = async (app, deps) => {
  const config = activityConfigFromEnv(deps.env);

  app.post(
    '/webhooks/email-events',
    {
      config: { roles: ROLES.admin, keyInQuery: true },
      schema: {
        tags: ['webhooks'],
        summary: "Bounces, complaints, deliveries, opens and clicks from an ESP (SendGrid's Event Webhook format)",
        description:
          'A JSON array of events: `{ email, event, timestamp, "smtp-id", sg_event_id, type, status, reason, url }`. Hard bounces suppress the address for all mail, complaints for marketing, soft bounces after SOFT_BOUNCE_LIMIT in 30 days. Each event gets its own outcome; a repeated sg_event_id is a duplicate.',
        querystring: ZKeyQuery,
        body: z.array(ZEspEvent).max(10_000),
        response: {
          200: z.object({
            received: z.number(),
            outcomes: z.array(z.object({ index: z.number(), event: z.string(), outcome: z.string(), note: z.string().optional() })),
          }),
          400: ZError,
          401: ZError,
        },
      },
    },
    async (req) => ({
      received: req.body.length,
      outcomes: await ingestEspEvents({ prisma: deps.prisma, temporal: deps.temporal, softBounceLimit: config.softBounceLimit }, req.body),
    }),
  );

  app.post(
    '/webhooks/inbound',
    {
      config: { roles: ROLES.admin, keyInQuery: true },
      schema: {
        tags: ['webhooks'],
        summary: 'One raw email (RFC 5322) that reached our inbound address: reply, bounce, complaint or unsubscribe',
        description:
          'Send the message as `Content-Type: message/rfc822` (or text/plain). Replies are matched to what we sent by In-Reply-To/References and reach the journeys as `replied`; DSN bounces (RFC 3464) and ARF complaints (RFC 5965) suppress; mail to the List-Unsubscribe mailbox unsubscribes; auto-replies are recorded as `auto_replied`, not as replies.',
        querystring: ZKeyQuery,
        response: {
          200: z.object({
            kind: z.enum(['bounce', 'complaint', 'unsubscribe', 'auto-reply', 'reply']),
            outcome: z.enum(['recorded', 'suppressed', 'unsubscribed', 'duplicate', 'unmatched']),
            leadId: z.string().nullable(),
            messageId: z.string().nullable(),
          }),
          400: ZError,
          401: ZError,
        },
      },
    },
    async (req) => {
      if (typeof req.body !== 'string' || !/^[\w-]+:/m.test(req.body)) {
        throw new AppError('VALIDATION_FAILED', 'Send one raw email (headers, blank line, body) with Content-Type: message/rfc822');
      }
      return receiveInboundEmail({ prisma: deps.prisma, temporal: deps.temporal, config }, req.body);
    },
  );
};
