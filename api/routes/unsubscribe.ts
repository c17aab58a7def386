/**
 * Public unsubscribe endpoint behind the List-Unsubscribe header (RFC 8058).
 *   GET  /u/:token  a confirmation page with a button; never unsubscribes by itself (mail
 *                   scanners follow links);
 *   POST /u/:token  unsubscribes at once (one-click from the mail client, or the button).
 * The token is HMAC-signed; a tampered or unknown token gets a 400 page.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TRouteDeps } from '../server';
import { leadIdFromToken } from '../../lib/mail/public-links';
import { stopMarketing } from '../../domain/leads/stop-marketing';
import { isAppError } from '../../lib/errors';
import { htmlPage, PUBLIC_FORM_BODY_LIMIT } from './html-page';

const ZParams = z.object({ token: z.string().min(1).max(1000) });
const INVALID = htmlPage(
  'Link not valid',
  '<h1>This link is not valid</h1><p>It may have been copied incompletely. Use the unsubscribe link in the latest email you received.</p>',
);

export const unsubscribeRoutes: FastifyPluginAsyncZod<TRouteDeps> = async (app, deps) => {
  const leadIdOf = (token: string) => leadIdFromToken(token, 'unsub', deps.env.SIGNING_SECRET);

  app.get(
    '/u/:token',
    {
      config: { public: true },
      schema: { tags: ['public'], summary: 'Unsubscribe confirmation page (does not unsubscribe)', params: ZParams },
    },
    async (req, reply) => {
      reply.type('text/html; charset=utf-8');
      if (!leadIdOf(req.params.token)) return reply.status(400).send(INVALID);
      return htmlPage(
        'Unsubscribe',
        `<h1>Unsubscribe from our emails?</h1><p>You will stop receiving marketing emails from us at once.</p>
<form method="post"><button type="submit">Unsubscribe</button></form>`,
      );
    },
  );

  app.post(
    '/u/:token',
    {
      config: { public: true },
      bodyLimit: PUBLIC_FORM_BODY_LIMIT,
      schema: { tags: ['public'], summary: 'One-click unsubscribe (RFC 8058)', params: ZParams, body: z.unknown().optional() },
    },
    async (req, reply) => {
      reply.type('text/html; charset=utf-8');
      const leadId = leadIdOf(req.params.token);
      if (!leadId) return reply.status(400).send(INVALID);
      const oneClick = (req.body as Record<string, unknown> | undefined)?.['List-Unsubscribe'] === 'One-Click';
      try {
        await stopMarketing(deps, leadId, oneClick ? 'list-unsubscribe-one-click' : 'unsubscribe-page');
      } catch (e) {
        if (isAppError(e) && e.code === 'NOT_FOUND') return reply.status(400).send(INVALID);
        throw e;
      }
      return htmlPage('Unsubscribed', '<h1>You are unsubscribed</h1><p>You will not receive marketing emails from us any more.</p>');
    },
  );
};
