/**
 * Open and click tracking (links made by lib/mail/track-links.ts).
 *   GET /t/o/<token>.gif  records "opened" and answers a 1×1 transparent GIF;
 *   GET /t/c/<token>      records "clicked" and redirects to the destination signed in the token.
 * The destination comes only from an HMAC-verified token: there is no open redirect, and a
 * tampered or unknown link gets a 4xx page. Events reach the lead's journeys as signals.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TRouteDeps } from '../server';
import { verifyToken } from '../../lib/security/signed-token';
import { ingestEvent } from '../../domain/journeys/ingest-event';
import { findMessageLead } from '../../domain/emails/find-message-lead';
import { htmlPage } from './html-page';

const ZParams = z.object({ token: z.string().min(1).max(6000) });
const PIXEL = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
const BROKEN = htmlPage(
  'Link not valid',
  '<h1>This link is not valid</h1><p>It may have been copied incompletely. Open the link from the email again.</p>',
);
const GONE = htmlPage('Link expired', '<h1>This link no longer works</h1><p>The email it came from is no longer on record.</p>');

export const trackingRoutes: FastifyPluginAsyncZod<TRouteDeps> = async (app, deps) => {
  const leadOf = (messageId: string) => findMessageLead({ prisma: deps.prisma }, messageId);
  const record = async (leadId: string, type: 'opened' | 'clicked', messageId: string, data: Record<string, unknown>) => {
    try {
      await ingestEvent(deps, { leadId, type, messageId, data });
    } catch (err) {
      // The person still gets the page or the pixel; the lost event is logged.
      app.log.warn({ err, messageId, type }, 'tracking event not recorded');
    }
  };

  app.get(
    '/t/o/:token',
    { config: { public: true }, schema: { tags: ['public'], summary: 'Open-tracking pixel', params: ZParams } },
    async (req, reply) => {
      const payload = verifyToken(req.params.token.replace(/\.gif$/, ''), deps.env.SIGNING_SECRET);
      if (payload?.p !== 'open' || !payload.m) return reply.status(400).type('text/html; charset=utf-8').send(BROKEN);
      const sent = await leadOf(payload.m);
      if (sent) await record(sent.leadId, 'opened', payload.m, { via: 'pixel' });
      return reply.header('cache-control', 'no-store, max-age=0').type('image/gif').send(PIXEL);
    },
  );

  app.get(
    '/t/c/:token',
    {
      config: { public: true },
      schema: { tags: ['public'], summary: 'Tracked link: records the click, then redirects to the signed destination', params: ZParams },
    },
    async (req, reply) => {
      const payload = verifyToken(req.params.token, deps.env.SIGNING_SECRET);
      const url = payload?.p === 'click' ? payload.u : undefined;
      if (!payload?.m || !url || !/^https?:\/\//i.test(url)) return reply.status(400).type('text/html; charset=utf-8').send(BROKEN);
      const sent = await leadOf(payload.m);
      if (!sent) return reply.status(404).type('text/html; charset=utf-8').send(GONE);
      await record(sent.leadId, 'clicked', payload.m, { url });
      return reply.header('cache-control', 'no-store').redirect(url, 302);
    },
  );
};
