/**
 * Public unsubscribe endpoint behind the List-Unsubscribe header (RFC 8058).
 *   GET  /u/:token  a confirmation page with a button; never unsubscribes by itself (mail
 *                   scanners follow links);
 *   POST /u/:token  unsubscribes at once (one-click from the mail client, or the button).
 * The token is HMAC-signed; a tampered or unknown token gets a 400 page. Pages speak the lead's
 * language (a bad token: the browser's Accept-Language).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TRouteDeps } from '../server';
import { leadIdFromToken } from '../../lib/mail/public-links';
import { stopMarketing } from '../../domain/leads/stop-marketing';
import { isAppError } from '../../lib/errors';
import { escapeHtml } from '../../lib/mail/render-template';
import { getLeadLocale } from '../../domain/leads/get-lead-locale';
import { htmlPage, invalidLinkPage, messagePage, pageTranslator, PUBLIC_FORM_BODY_LIMIT } from './html-page';

const ZParams = z.object({ token: z.string().min(1).max(1000) });
const INVALID_HINT = 'pages.unsubscribe.invalid';

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
      const leadId = leadIdOf(req.params.token);
      const tr = pageTranslator(req.headers['accept-language'], leadId ? await getLeadLocale(deps, leadId) : null);
      if (!leadId) return reply.status(400).send(invalidLinkPage(tr, INVALID_HINT));
      return htmlPage(
        tr.t('pages.unsubscribe.title'),
        `<h1>${escapeHtml(tr.t('pages.unsubscribe.heading'))}</h1><p>${escapeHtml(tr.t('pages.unsubscribe.body'))}</p>
<form method="post"><button type="submit">${escapeHtml(tr.t('pages.unsubscribe.button'))}</button></form>`,
        tr.lang,
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
      // Read before unsubscribing: the lead may be erased, the page still speaks its language.
      const tr = pageTranslator(req.headers['accept-language'], leadId ? await getLeadLocale(deps, leadId) : null);
      if (!leadId) return reply.status(400).send(invalidLinkPage(tr, INVALID_HINT));
      const oneClick = (req.body as Record<string, unknown> | undefined)?.['List-Unsubscribe'] === 'One-Click';
      try {
        await stopMarketing(deps, leadId, oneClick ? 'list-unsubscribe-one-click' : 'unsubscribe-page');
      } catch (e) {
        if (isAppError(e) && e.code === 'NOT_FOUND') return reply.status(400).send(invalidLinkPage(tr, INVALID_HINT));
        throw e;
      }
      return messagePage(tr, 'pages.unsubscribe.doneTitle', 'pages.unsubscribe.doneHeading', 'pages.unsubscribe.doneBody');
    },
  );
};
