/**
 * Public pages people reach from emails, no login: the win-back refusal questionnaire (signed
 * link, /q/<token>) and a customer's referral landing page (/ref/<code>), where a friend leaves
 * contact data and becomes a lead with source REFERRAL, linked to the customer who referred them.
 * The questionnaire speaks the lead's language; the referral and confirmation pages, which no lead
 * owns yet, the visitor's Accept-Language (locales/*.json "pages.*"). The referral form carries
 * the language its page was shown in (hidden field `lang`): the answer page, the double opt-in
 * email and the lead it becomes take that one, so what the visitor read is what they get (ADR-049).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TRouteDeps } from '../server';
import { leadIdFromToken, readLink } from '../../lib/mail/public-links';
import { RateLimiter } from '../../lib/security/rate-limit';
import { escapeHtml } from '../../lib/mail/render-template';
import { isAppError } from '../../lib/errors';
import { answerRefusal, REFUSAL_REASONS, ZRefusalAnswer } from '../../domain/leads/answer-refusal';
import { confirmSignup, requestReferralSignup } from '../../domain/leads/public-signup';
import { ZLeadCreate } from '../../domain/leads/schemas';
import { findReferrer } from '../../domain/customers/find-referrer';
import { getLeadLocale } from '../../domain/leads/get-lead-locale';
import type { TTranslator } from '../../lib/i18n/translator';
import { i18n } from '../../lib/i18n/load-catalogues';
import { htmlPage, invalidLinkPage, messagePage, pageTranslator, PUBLIC_FORM_BODY_LIMIT } from './html-page';

const ZToken = z.object({ token: z.string().min(1).max(1000) });
const ZCode = z.object({ code: z.string().min(1).max(40) });
/** Per process; see lib/security/rate-limit.ts. Generous for people, short for scripts. */
export const REFERRAL_LIMITS = { perIp: { max: 5, windowMs: 10 * 60_000 }, perCode: { max: 30, windowMs: 3600_000 } };

/** The refusal questionnaire; `error` is a catalogue key. */
function refusalForm(tr: TTranslator, error?: string): string {
  const m = (key: string) => escapeHtml(tr.t(`pages.refusal.${key}`));
  const options = Object.keys(REFUSAL_REASONS)
    .map((value) => `<label><input type="radio" name="reason" value="${value}"> ${m(`reason.${value}`)}</label><br>`)
    .join('');
  return htmlPage(
    tr.t('pages.refusal.title'),
    `<h1>${m('title')}</h1>${error ? `<p role="alert"><strong>${escapeHtml(tr.t(error))}</strong></p>` : ''}
<form method="post"><fieldset><legend>${m('legend')}</legend>${options}</fieldset>
<p><label>${m('comment')}<br><textarea name="comment" rows="3" cols="50" maxlength="2000"></textarea></label></p>
<button type="submit">${m('send')}</button></form>`,
    tr.lang,
  );
}

/** The referral landing page; `error` is a catalogue key. */
function referralForm(tr: TTranslator, code: string, error?: string): string {
  const m = (key: string) => escapeHtml(tr.t(`pages.referral.${key}`));
  return htmlPage(
    tr.t('pages.referral.title'),
    `<style>.hp{position:absolute;left:-10000px}</style><h1>${m('heading')}</h1><p>${m('intro')}</p>
${error ? `<p role="alert"><strong>${escapeHtml(tr.t(error))}</strong></p>` : ''}
<form method="post"><input type="hidden" name="code" value="${escapeHtml(code)}"><input type="hidden" name="lang" value="${escapeHtml(tr.locale)}">
<p class="hp" aria-hidden="true"><label>${m('website')}<br><input name="website" tabindex="-1" autocomplete="off"></label></p>
<p><label>${m('firstName')}<br><input name="firstName" required maxlength="100"></label></p>
<p><label>${m('lastName')}<br><input name="lastName" maxlength="100"></label></p>
<p><label>${m('email')}<br><input name="email" type="email" required maxlength="254"></label></p>
<p><label>${m('company')}<br><input name="company" maxlength="200"></label></p>
<p><label><input type="checkbox" name="consent" value="yes"> ${m('consent')}</label></p>
<button type="submit">${m('send')}</button></form>`,
    tr.lang,
  );
}

export const publicFormRoutes: FastifyPluginAsyncZod<TRouteDeps> = async (app, deps) => {
  const leadOf = (token: string) => leadIdFromToken(token, 'refusal', deps.env.SIGNING_SECRET);
  const visitor = (req: { headers: { 'accept-language'?: string | undefined } }) => pageTranslator(req.headers['accept-language']);
  const leadReader = async (req: { headers: { 'accept-language'?: string | undefined } }, leadId: string | undefined) =>
    pageTranslator(req.headers['accept-language'], leadId ? await getLeadLocale(deps, leadId) : null);
  const html = (reply: { status(n: number): { type(t: string): { send(b: string): unknown } } }, status: number, body: string) =>
    reply.status(status).type('text/html; charset=utf-8').send(body);

  app.get(
    '/q/:token',
    { config: { public: true }, schema: { tags: ['public'], summary: 'Refusal questionnaire (win-back farewell link)', params: ZToken } },
    async (req, reply) => {
      const leadId = leadOf(req.params.token);
      const tr = await leadReader(req, leadId);
      return leadId ? html(reply, 200, refusalForm(tr)) : html(reply, 400, invalidLinkPage(tr));
    },
  );

  app.post(
    '/q/:token',
    {
      config: { public: true },
      bodyLimit: PUBLIC_FORM_BODY_LIMIT,
      schema: {
        tags: ['public'],
        summary: 'Answer the refusal questionnaire',
        params: ZToken,
        body: z.object({ reason: z.string().optional(), comment: z.string().optional() }).loose(),
      },
    },
    async (req, reply) => {
      const leadId = leadOf(req.params.token);
      const tr = await leadReader(req, leadId);
      if (!leadId) return html(reply, 400, invalidLinkPage(tr));
      const answer = ZRefusalAnswer.safeParse({ reason: req.body.reason, comment: req.body.comment || undefined });
      if (!answer.success) return html(reply, 400, refusalForm(tr, 'pages.refusal.chooseReason'));
      try {
        await answerRefusal(deps.prisma, leadId, answer.data);
      } catch (e) {
        if (isAppError(e) && e.code === 'NOT_FOUND') return html(reply, 404, invalidLinkPage(tr));
        throw e;
      }
      return html(reply, 200, messagePage(tr, 'pages.refusal.thanksTitle', 'pages.refusal.thanksTitle', 'pages.refusal.thanksBody'));
    },
  );

  app.get(
    '/ref/:code',
    { config: { public: true }, schema: { tags: ['public'], summary: "A customer's referral landing page", params: ZCode } },
    async (req, reply) => {
      const customer = await findReferrer({ prisma: deps.prisma }, req.params.code);
      const tr = visitor(req);
      return customer ? html(reply, 200, referralForm(tr, req.params.code)) : html(reply, 404, invalidLinkPage(tr));
    },
  );

  // A script posting the form: a few posts per address (IP) and per referral code, then 429.
  const perIp = new RateLimiter(REFERRAL_LIMITS.perIp);
  const perCode = new RateLimiter(REFERRAL_LIMITS.perCode);
  const signupDeps = {
    crm: deps.crm,
    mailer: deps.mailer,
    links: { publicBaseUrl: deps.env.PUBLIC_BASE_URL, signingSecret: deps.env.SIGNING_SECRET },
    mail: { from: deps.env.MAIL_FROM, messageIdDomain: deps.env.MESSAGE_ID_DOMAIN },
  };
  const checkInbox = (tr: TTranslator) =>
    messagePage(tr, 'pages.referral.checkTitle', 'pages.referral.checkTitle', 'pages.referral.checkBody');

  app.post(
    '/ref/:code',
    {
      config: { public: true },
      bodyLimit: PUBLIC_FORM_BODY_LIMIT,
      schema: {
        tags: ['public'],
        summary: 'Leave contact data through a referral link (double opt-in: a confirmation email first)',
        description:
          'Nothing is created until the person clicks the signed link emailed to the address given (GET/POST /confirm/{token}): then the address becomes a REFERRAL lead linked to the customer, or a touch on an existing card (which a public form never edits). Rate-limited per IP and per code; a filled honeypot field (`website`) is accepted silently and ignored.',
        params: ZCode,
        body: z
          .object({
            firstName: z.string().optional(),
            lastName: z.string().optional(),
            email: z.string().optional(),
            company: z.string().optional(),
            consent: z.string().optional(),
            website: z.string().optional(),
            /** The language the page was shown in (a hidden field); absent: Accept-Language. */
            lang: z.string().max(35).optional(),
          })
          .loose(),
      },
    },
    async (req, reply) => {
      const { code } = req.params;
      const form = req.body;
      // The page's language; a tag we have no catalogue for (or none) falls to Accept-Language.
      const pageLang = form.lang ? i18n().negotiate(form.lang) : undefined;
      const tr = pageLang && (pageLang !== 'en' || form.lang?.toLowerCase().startsWith('en')) ? i18n().translator(pageLang) : visitor(req);
      const limited = [perIp.hit(req.ip), perCode.hit(code)].find((d) => !d.allowed);
      if (limited && !limited.allowed) {
        reply.header('retry-after', Math.ceil(limited.retryAfterMs / 1000));
        return html(
          reply,
          429,
          messagePage(tr, 'pages.referral.tooManyTitle', 'pages.referral.tooManyTitle', 'pages.referral.tooManyBody'),
        );
      }
      // Honeypot: a field people never see. A bot that fills it is thanked and ignored.
      if (form.website) return html(reply, 200, checkInbox(tr));
      const input = ZLeadCreate.safeParse({
        email: form.email ?? '',
        firstName: form.firstName ?? '',
        ...(form.lastName ? { lastName: form.lastName } : {}),
        ...(form.company ? { company: form.company } : {}),
        source: 'REFERRAL',
        referralCode: code,
        locale: tr.locale,
        ...(form.consent === 'yes' ? { consent: { purpose: 'marketing', source: 'referral-form (double opt-in)' } } : {}),
      });
      if (!input.success) return html(reply, 400, referralForm(tr, code, 'pages.referral.invalidInput'));
      const result = await requestReferralSignup(signupDeps, code, input.data);
      switch (result.outcome) {
        case 'unknown_code':
          return html(reply, 404, invalidLinkPage(tr));
        case 'mail_failed':
          return html(reply, 503, referralForm(tr, code, 'pages.referral.mailFailed'));
        case 'confirmation_sent':
        case 'confirmation_recently_sent':
          return html(reply, 200, checkInbox(tr));
      }
    },
  );

  // The link in the confirmation email. GET only shows a button: mail scanners that open links
  // must not confirm on the person's behalf.
  const confirmPage = (tr: TTranslator) =>
    htmlPage(
      tr.t('pages.confirm.title'),
      `<h1>${escapeHtml(tr.t('pages.confirm.title'))}</h1>
<form method="post"><button type="submit">${escapeHtml(tr.t('pages.confirm.button'))}</button></form>`,
      tr.lang,
    );
  const expired = (tr: TTranslator) =>
    messagePage(tr, 'pages.confirm.expiredTitle', 'pages.confirm.expiredHeading', 'pages.confirm.expiredBody');

  app.get(
    '/confirm/:token',
    { config: { public: true }, schema: { tags: ['public'], summary: 'Double opt-in confirmation page', params: ZToken } },
    async (req, reply) => {
      const link = readLink(req.params.token, 'signup', deps.env.SIGNING_SECRET);
      const tr = visitor(req);
      if (!link.ok) return link.reason === 'expired' ? html(reply, 410, expired(tr)) : html(reply, 400, invalidLinkPage(tr));
      return html(reply, 200, confirmPage(tr));
    },
  );

  app.post(
    '/confirm/:token',
    {
      config: { public: true },
      bodyLimit: PUBLIC_FORM_BODY_LIMIT,
      schema: {
        tags: ['public'],
        summary: 'Confirm a public form submission (double opt-in)',
        params: ZToken,
        body: z.unknown().optional(),
      },
    },
    async (req, reply) => {
      const result = await confirmSignup(signupDeps, req.params.token);
      const tr = visitor(req);
      switch (result.outcome) {
        case 'invalid':
          return html(reply, 400, invalidLinkPage(tr));
        case 'expired':
          return html(reply, 410, expired(tr));
        case 'confirmed':
        case 'already_confirmed':
          return html(reply, 200, messagePage(tr, 'pages.confirm.doneTitle', 'pages.confirm.doneHeading', 'pages.confirm.doneBody'));
      }
    },
  );
};
