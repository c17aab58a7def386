/**
 * The preference centre, reached from the signed "Manage preferences" link in every marketing
 * email (no login): topics to keep or drop, language, pause all marketing for some weeks,
 * unsubscribe from everything or subscribe again. Every change lands in the consent ledger.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TRouteDeps } from '../server';
import { leadIdFromToken } from '../../lib/mail/public-links';
import { escapeHtml } from '../../lib/mail/render-template';
import { isAppError } from '../../lib/errors';
import { getPreferences, type TPreferences } from '../../domain/preferences/get-preferences';
import { updatePreferences } from '../../domain/preferences/update-preferences';
import { htmlPage, PUBLIC_FORM_BODY_LIMIT } from './html-page';

const ZParams = z.object({ token: z.string().min(1).max(1000) });
const ZForm = z
  .object({
    topic: z.union([z.string(), z.array(z.string())]).optional(),
    locale: z.string().max(35).optional(),
    pause: z
      .string()
      .regex(/^\d{1,2}$/)
      .optional(),
    unsubscribe: z.string().optional(),
    resubscribe: z.string().optional(),
  })
  .loose();
const INVALID = htmlPage(
  'Link not valid',
  '<h1>This link is not valid</h1><p>Use the "Manage preferences" link in the latest email you received.</p>',
);
const PAUSES = [0, 2, 4, 8, 12];

function page(p: TPreferences, saved: string[] | undefined): string {
  const e = escapeHtml;
  const topics = p.topics
    .map(
      (t) => `<label><input type="checkbox" name="topic" value="${e(t.topic)}"${t.subscribed ? ' checked' : ''}> ${e(t.topic)}</label><br>`,
    )
    .join('');
  const locales = p.locales.map((l) => `<option value="${e(l)}"${l === p.locale ? ' selected' : ''}>${e(l)}</option>`).join('');
  const pauses = PAUSES.map((w) => `<option value="${w}">${w === 0 ? 'No pause' : `${w} weeks`}</option>`).join('');
  return htmlPage(
    'Email preferences',
    `<h1>Email preferences</h1><p class="muted">For ${e(p.email)}</p>
${saved ? `<p role="status"><strong>Saved.</strong> ${saved.length ? e(saved.join('; ')) : 'Nothing changed.'}</p>` : ''}
${p.unsubscribed ? '<p><strong>You are unsubscribed from all marketing email.</strong></p>' : ''}
${p.pausedUntil ? `<p>Marketing email is paused until ${e(p.pausedUntil.toISOString().slice(0, 10))}.</p>` : ''}
<form method="post">
<fieldset><legend>Topics you want to hear about</legend>${topics}</fieldset>
<p><label>Language <select name="locale">${locales}</select></label></p>
<p><label>Pause all marketing email <select name="pause">${pauses}</select></label></p>
${
  p.unsubscribed
    ? '<p><label><input type="checkbox" name="resubscribe" value="yes"> Subscribe me again</label></p>'
    : '<p><label><input type="checkbox" name="unsubscribe" value="yes"> Unsubscribe me from all marketing email</label></p>'
}
<button type="submit">Save</button></form>`,
  );
}

export const preferenceRoutes: FastifyPluginAsyncZod<TRouteDeps> = async (app, deps) => {
  const leadIdOf = (token: string) => leadIdFromToken(token, 'pref', deps.env.SIGNING_SECRET);
  const withLead = async (token: string, run: (leadId: string) => Promise<string>): Promise<{ status: number; html: string }> => {
    const leadId = leadIdOf(token);
    if (!leadId) return { status: 400, html: INVALID };
    try {
      return { status: 200, html: await run(leadId) };
    } catch (e) {
      if (isAppError(e) && e.code === 'NOT_FOUND') return { status: 404, html: INVALID };
      if (isAppError(e) && e.code === 'VALIDATION_FAILED') {
        return { status: 400, html: htmlPage('Not saved', `<h1>Not saved</h1><p>${escapeHtml(e.message)}</p><p><a href="">Back</a></p>`) };
      }
      throw e;
    }
  };

  app.get(
    '/p/:token',
    {
      config: { public: true },
      schema: { tags: ['public'], summary: 'Preference centre page (signed link from every marketing email)', params: ZParams },
    },
    async (req, reply) => {
      const { status, html } = await withLead(req.params.token, async (leadId) =>
        page(await getPreferences(deps.prisma, leadId), undefined),
      );
      return reply.status(status).type('text/html; charset=utf-8').send(html);
    },
  );

  app.post(
    '/p/:token',
    {
      config: { public: true },
      bodyLimit: PUBLIC_FORM_BODY_LIMIT,
      schema: { tags: ['public'], summary: 'Save preferences (form post from the preference centre)', params: ZParams, body: ZForm },
    },
    async (req, reply) => {
      const form = req.body;
      const { status, html } = await withLead(req.params.token, async (leadId) => {
        const { changes } = await updatePreferences(deps, leadId, {
          topics: [form.topic ?? []].flat(),
          ...(form.locale ? { locale: form.locale } : {}),
          ...(form.pause !== undefined ? { pauseWeeks: Number(form.pause) } : {}),
          unsubscribeAll: form.unsubscribe === 'yes',
          resubscribe: form.resubscribe === 'yes',
        });
        return page(await getPreferences(deps.prisma, leadId), changes);
      });
      return reply.status(status).type('text/html; charset=utf-8').send(html);
    },
  );
};
