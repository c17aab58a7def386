/**
 * The preference centre, reached from the signed "Manage preferences" link in every marketing
 * email (no login): topics to keep or drop, language, pause all marketing for some weeks,
 * unsubscribe from everything or subscribe again. Every change lands in the consent ledger.
 * The page speaks the lead's language (its `locale`, down the I18N_FALLBACK chain).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TRouteDeps } from '../server';
import { leadIdFromToken } from '../../lib/mail/public-links';
import { escapeHtml } from '../../lib/mail/render-template';
import { isAppError } from '../../lib/errors';
import { getPreferences, type TPreferences } from '../../domain/preferences/get-preferences';
import { updatePreferences, type TPreferenceChange } from '../../domain/preferences/update-preferences';
import { getLeadLocale } from '../../domain/leads/get-lead-locale';
import { i18n } from '../../lib/i18n/load-catalogues';
import type { TTranslator } from '../../lib/i18n/translator';
import { htmlPage, invalidLinkPage, pageTranslator, PUBLIC_FORM_BODY_LIMIT } from './html-page';

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
const INVALID_HINT = 'pages.preferences.invalid';
const PAUSES = [0, 2, 4, 8, 12];

/** A topic's name in the reader's language; a company's own topic keeps its id. */
const topicLabel = (tr: TTranslator, topic: string) => {
  const key = `pages.preferences.topic.${topic}`;
  return tr.has(key) ? tr.t(key) : topic;
};

/** A language by its own name ("suomi", "қазақ тілі (kk-KZ)") when a catalogue has it, else its tag. */
const languageLabel = (locale: string) => {
  const tag = locale.toLowerCase();
  const base = tag.split('-')[0] ?? tag;
  if (!i18n().locales.includes(base)) return locale;
  const name = i18n().translator(base).t('language.name');
  return tag === base ? name : `${name} (${locale})`;
};

/** What a save changed, in the reader's language: "opted out of Offers; language fi". */
const changeText = (tr: TTranslator, c: TPreferenceChange) => {
  const key = `pages.preferences.change.${c.kind}`;
  if (c.kind === 'optedOut' || c.kind === 'optedIn') return tr.t(key, { topic: topicLabel(tr, c.topic) });
  if (c.kind === 'language') return tr.t(key, { language: c.locale });
  if (c.kind === 'paused') return tr.t(key, { date: tr.formatDate(c.until) });
  return tr.t(key);
};

function page(p: TPreferences, saved: TPreferenceChange[] | undefined): string {
  const e = escapeHtml;
  const tr = pageTranslator(undefined, p.locale);
  const m = (key: string, values?: Record<string, string | number>) => e(tr.t(`pages.preferences.${key}`, values));
  const topics = p.topics
    .map(
      (t) =>
        `<label><input type="checkbox" name="topic" value="${e(t.topic)}"${t.subscribed ? ' checked' : ''}> ${e(topicLabel(tr, t.topic))}</label><br>`,
    )
    .join('');
  const locales = p.locales
    .map((l) => `<option value="${e(l)}"${l === p.locale ? ' selected' : ''}>${e(languageLabel(l))}</option>`)
    .join('');
  const pauses = PAUSES.map((w) => `<option value="${w}">${w === 0 ? m('noPause') : m('pauseWeeks', { weeks: w })}</option>`).join('');
  return htmlPage(
    tr.t('pages.preferences.title'),
    `<h1>${m('title')}</h1><p class="muted">${m('for', { email: p.email })}</p>
${saved ? `<p role="status"><strong>${m('saved')}</strong> ${saved.length ? e(saved.map((c) => changeText(tr, c)).join('; ')) : m('changes', { count: 0 })}</p>` : ''}
${p.unsubscribed ? `<p><strong>${m('unsubscribed')}</strong></p>` : ''}
${p.pausedUntil ? `<p>${m('pausedUntil', { date: tr.formatDate(p.pausedUntil) })}</p>` : ''}
<form method="post">
<fieldset><legend>${m('topics')}</legend>${topics}</fieldset>
<p><label>${m('language')} <select name="locale">${locales}</select></label></p>
<p><label>${m('pause')} <select name="pause">${pauses}</select></label></p>
${
  p.unsubscribed
    ? `<p><label><input type="checkbox" name="resubscribe" value="yes"> ${m('resubscribe')}</label></p>`
    : `<p><label><input type="checkbox" name="unsubscribe" value="yes"> ${m('unsubscribeAll')}</label></p>`
}
<button type="submit">${m('save')}</button></form>`,
    tr.lang,
  );
}

export const preferenceRoutes: FastifyPluginAsyncZod<TRouteDeps> = async (app, deps) => {
  const leadIdOf = (token: string) => leadIdFromToken(token, 'pref', deps.env.SIGNING_SECRET);
  const withLead = async (
    token: string,
    acceptLanguage: string | undefined,
    run: (leadId: string) => Promise<string>,
  ): Promise<{ status: number; html: string }> => {
    const leadId = leadIdOf(token);
    const tr = () => pageTranslator(acceptLanguage);
    if (!leadId) return { status: 400, html: invalidLinkPage(tr(), INVALID_HINT) };
    try {
      return { status: 200, html: await run(leadId) };
    } catch (e) {
      if (isAppError(e) && e.code === 'NOT_FOUND') return { status: 404, html: invalidLinkPage(tr(), INVALID_HINT) };
      if (isAppError(e) && e.code === 'VALIDATION_FAILED') {
        // The domain's message names the bad value in English; the lead reads its own language.
        const own = pageTranslator(acceptLanguage, await getLeadLocale(deps, leadId));
        const m = (key: string) => escapeHtml(own.t(`pages.preferences.${key}`));
        return {
          status: 400,
          html: htmlPage(
            own.t('pages.preferences.notSavedTitle'),
            `<h1>${m('notSavedTitle')}</h1><p>${m('notSavedBody')}</p><p><a href="">${m('back')}</a></p>`,
            own.lang,
          ),
        };
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
      const { status, html } = await withLead(req.params.token, req.headers['accept-language'], async (leadId) =>
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
      const { status, html } = await withLead(req.params.token, req.headers['accept-language'], async (leadId) => {
        const { details } = await updatePreferences(deps, leadId, {
          topics: [form.topic ?? []].flat(),
          ...(form.locale ? { locale: form.locale } : {}),
          ...(form.pause !== undefined ? { pauseWeeks: Number(form.pause) } : {}),
          unsubscribeAll: form.unsubscribe === 'yes',
          resubscribe: form.resubscribe === 'yes',
        });
        return page(await getPreferences(deps.prisma, leadId), details);
      });
      return reply.status(status).type('text/html; charset=utf-8').send(html);
    },
  );
};
