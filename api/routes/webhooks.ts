/**
 * Where email comes back: an ESP's event webhook and the inbound mailbox. Both need an API key
 * (Bearer, X-Api-Key, or the Basic auth password for providers that only take a URL).
 *
 * POST /webhooks/email-events also checks SendGrid's signature when SENDGRID_WEBHOOK_PUBLIC_KEY
 * is set: ECDSA over the timestamp header + the exact bytes received, so this route's JSON
 * parser keeps the raw body (for these routes only; the rest of the API parses JSON as usual).
 * POST /webhooks/inbound trusts a From address only when the receiving MTA named in
 * INBOUND_AUTHSERV_ID says DMARC (or aligned DKIM) passed; see receive-inbound-email.ts.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { TRouteDeps } from '../server';
import { ROLES } from '../auth';
import { ZError } from './error-schema';
import { activityConfigFromEnv } from '../../activities';
import { ingestEspEvents, ZEspEvent } from '../../domain/deliverability/ingest-esp-events';
import { receiveInboundEmail } from '../../domain/deliverability/receive-inbound-email';
import {
  ESP_SIGNATURE_HEADER,
  ESP_SIGNATURE_TOLERANCE_SECONDS,
  ESP_TIMESTAMP_HEADER,
  parseEspPublicKey,
  verifyEspSignature,
  type TEspSignatureCheck,
} from '../../domain/deliverability/verify-esp-signature';
import { AppError } from '../../lib/errors';

const SIGNATURE_PROBLEM: Record<Extract<TEspSignatureCheck, { ok: false }>['reason'], string> = {
  missing: 'Webhook signature missing: send X-Twilio-Email-Event-Webhook-Signature and X-Twilio-Email-Event-Webhook-Timestamp',
  malformed: 'Webhook signature or timestamp is malformed (base64 signature, timestamp in seconds)',
  stale: `Webhook signature timestamp is more than ${ESP_SIGNATURE_TOLERANCE_SECONDS / 60} minutes from our clock: refused as a possible replay`,
  bad_signature: 'Webhook signature does not match the timestamp and body',
};

const headerOf = (req: FastifyRequest, name: string) => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

export const webhookRoutes: FastifyPluginAsyncZod<TRouteDeps> = async (app, deps) => {
  const config = activityConfigFromEnv(deps.env);
  const env = deps.env;
  const espPublicKey = env.SENDGRID_WEBHOOK_PUBLIC_KEY?.trim() || undefined;
  if (espPublicKey && !parseEspPublicKey(espPublicKey)) {
    throw new AppError(
      'CONFIG_INVALID',
      'SENDGRID_WEBHOOK_PUBLIC_KEY: must be the base64 public key SendGrid shows for Signed Event Webhook Requests (an EC P-256 key)',
    );
  }
  const trustedAuthservIds = (env.INBOUND_AUTHSERV_ID ?? '')
    .split(',')
    .map((id) => id.trim().toLowerCase())
    .filter(Boolean);

  // JSON for these routes keeps the exact bytes received (the signature covers them). Content-type
  // parsers are scoped to this plugin, so the rest of the API is untouched; the parsing itself is
  // the API's: an empty body is no body, malformed JSON is a 400 that says so.
  const rawBodies = new WeakMap<FastifyRequest, Buffer>();
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    rawBodies.set(req, body as Buffer);
    const text = (body as Buffer).toString('utf8').trim();
    if (text === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (e) {
      done(new AppError('VALIDATION_FAILED', `Request body is not valid JSON: ${(e as Error).message}`), undefined);
    }
  });

  app.post(
    '/webhooks/email-events',
    {
      config: { roles: ROLES.webhook },
      schema: {
        tags: ['webhooks'],
        summary: "Bounces, complaints, deliveries, opens and clicks from an ESP (SendGrid's Event Webhook format)",
        description:
          'A JSON array of events: `{ email, event, timestamp, "smtp-id", sg_event_id, type, status, reason, url }`. Hard bounces suppress the address for all mail, complaints for marketing, soft bounces after SOFT_BOUNCE_LIMIT in 30 days. Each event gets its own outcome; a repeated sg_event_id is a duplicate. ' +
          'When SENDGRID_WEBHOOK_PUBLIC_KEY is set, the request must carry a valid X-Twilio-Email-Event-Webhook-Signature over X-Twilio-Email-Event-Webhook-Timestamp + the raw body, with the timestamp within 5 minutes of our clock; otherwise 401 and nothing is recorded.',
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
      // After parsing, before the body is validated: an unsigned request learns nothing about it.
      preValidation: async (req) => {
        if (!espPublicKey) return;
        const check = verifyEspSignature({
          publicKeyBase64: espPublicKey,
          signature: headerOf(req, ESP_SIGNATURE_HEADER),
          timestamp: headerOf(req, ESP_TIMESTAMP_HEADER),
          rawBody: rawBodies.get(req) ?? (typeof req.body === 'string' ? req.body : Buffer.alloc(0)),
          now: Date.now(),
        });
        if (!check.ok) {
          req.log.warn({ reason: check.reason }, 'ESP webhook refused: signature check failed');
          throw new AppError('UNAUTHENTICATED', SIGNATURE_PROBLEM[check.reason]);
        }
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
      config: { roles: ROLES.webhook },
      schema: {
        tags: ['webhooks'],
        summary: 'One raw email (RFC 5322) that reached our inbound address: reply, bounce, complaint or unsubscribe',
        description:
          'Send the message as `Content-Type: message/rfc822` (or text/plain). Replies are matched to what we sent by In-Reply-To/References and reach the journeys as `replied`; DSN bounces (RFC 3464) and ARF complaints (RFC 5965) suppress; mail to the List-Unsubscribe mailbox with its signed token (in the subject) unsubscribes; auto-replies are recorded as `auto_replied`, not as replies. ' +
          'The From address alone counts only when an Authentication-Results header from a trusted receiving MTA (INBOUND_AUTHSERV_ID) says dmarc=pass (or dkim=pass for the From domain); otherwise the outcome is `unmatched`, with a note, and nothing is recorded.',
        response: {
          200: z.object({
            kind: z.enum(['bounce', 'complaint', 'unsubscribe', 'auto-reply', 'reply']),
            outcome: z.enum(['recorded', 'suppressed', 'unsubscribed', 'duplicate', 'unmatched']),
            leadId: z.string().nullable(),
            messageId: z.string().nullable(),
            note: z.string().optional(),
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
      return receiveInboundEmail({ prisma: deps.prisma, temporal: deps.temporal, config: { ...config, trustedAuthservIds } }, req.body);
    },
  );
};
