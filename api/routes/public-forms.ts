/**
 * Public pages people reach from emails, no login: the win-back refusal questionnaire (signed
 * link, /q/<token>) and a customer's referral landing page (/ref/<code>), where a friend leaves
 * contact data and becomes a lead with source REFERRAL, linked to the customer who referred them.
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
import { htmlPage, PUBLIC_FORM_BODY_LIMIT } from './html-page';

const ZToken = z.object({ token: z.string().min(1).max(1000) });
const ZCode = z.object({ code: z.string().min(1).max(40) });
/** Per process; see lib/security/rate-limit.ts. Generous for people, short for scripts. */
export const REFERRAL_LIMITS = { perIp: { max: 5, windowMs: 10 * 60_000 }, perCode: { max: 30, windowMs: 3600_000 } };

const INVALID = htmlPage('Link not valid', '<h1>This link is not valid</h1><p>Use the link in the email you received.</p>');

function refusalForm(error?: string): string {
  const options = Object.entries(REFUSAL_REASONS)
    .map(([value, label]) => `<label><input type="radio" name="reason" value="${value}"> ${escapeHtml(label)}</label><br>`)
    .join('');
  return htmlPage(
    'Why did it not work out?',
    `<h1>Why did it not work out?</h1>${error ? `<p role="alert"><strong>${escapeHtml(error)}</strong></p>` : ''}
<form method="post"><fieldset><legend>The main reason</legend>${options}</fieldset>
<p><label>Anything else? (optional)<br><textarea name="comment" rows="3" cols="50" maxlength="2000"></textarea></label></p>
<button type="submit">Send</button></form>`,
  );
}

function referralForm(code: string, error?: string): string {
  return htmlPage(
    'You were recommended to us',
    `<style>.hp{position:absolute;left:-10000px}</style><h1>A customer recommended us to you</h1><p>Leave your name and email: we will send you a link to confirm it.</p>
${error ? `<p role="alert"><strong>${escapeHtml(error)}</strong></p>` : ''}
<form method="post"><input type="hidden" name="code" value="${escapeHtml(code)}">
<p class="hp" aria-hidden="true"><label>Website<br><input name="website" tabindex="-1" autocomplete="off"></label></p>
<p><label>First name<br><input name="firstName" required maxlength="100"></label></p>
<p><label>Last name<br><input name="lastName" maxlength="100"></label></p>
<p><label>Email<br><input name="email" type="email" required maxlength="254"></label></p>
<p><label>Company<br><input name="company" maxlength="200"></label></p>
<p><label><input type="checkbox" name="consent" value="yes"> You may email me about your products (I can unsubscribe at any time).</label></p>
<button type="submit">Send</button></form>`,
  );
}

export const publicFormRoutes: FastifyPluginAsyncZod<TRouteDeps> = async (app, deps) => {
  const leadOf = (token: string) => leadIdFromToken(token, 'refusal', deps.env.SIGNING_SECRET);
  const html = (reply: { status(n: number): { type(t: string): { send(b: string): unknown } } }, status: number, body: string) =>
    reply.status(status).type('text/html; charset=utf-8').send(body);

  app.get(
    '/q/:token',
    { config: { public: true }, schema: { tags: ['public'], summary: 'Refusal questionnaire (win-back farewell link)', params: ZToken } },
    async (req, reply) => (leadOf(req.params.token) ? html(reply, 200, refusalForm()) : html(reply, 400, INVALID)),
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
      if (!leadId) return html(reply, 400, INVALID);
      const answer = ZRefusalAnswer.safeParse({ reason: req.body.reason, comment: req.body.comment || undefined });
      if (!answer.success) return html(reply, 400, refusalForm('Please choose one of the reasons.'));
      try {
        await answerRefusal(deps.prisma, leadId, answer.data);
      } catch (e) {
        if (isAppError(e) && e.code === 'NOT_FOUND') return html(reply, 404, INVALID);
        throw e;
      }
      return html(reply, 200, htmlPage('Thank you', '<h1>Thank you</h1><p>Your answer helps us do better. We wish you well.</p>'));
    },
  );

  app.get(
    '/ref/:code',
    { config: { public: true }, schema: { tags: ['public'], summary: "A customer's referral landing page", params: ZCode } },
    async (req, reply) => {
      const customer = await findReferrer({ prisma: deps.prisma }, req.params.code);
      return customer ? html(reply, 200, referralForm(req.params.code)) : html(reply, 404, INVALID);
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
  const CHECK_INBOX = htmlPage(
    'Check your inbox',
    '<h1>Check your inbox</h1><p>We sent a confirmation link to the address you gave. Click it to hear from us; until then we keep nothing in your name.</p>',
  );

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
          })
          .loose(),
      },
    },
    async (req, reply) => {
      const { code } = req.params;
      const form = req.body;
      const limited = [perIp.hit(req.ip), perCode.hit(code)].find((d) => !d.allowed);
      if (limited && !limited.allowed) {
        reply.header('retry-after', Math.ceil(limited.retryAfterMs / 1000));
        return html(reply, 429, htmlPage('Too many requests', '<h1>Too many requests</h1><p>Please try again in a little while.</p>'));
      }
      // Honeypot: a field people never see. A bot that fills it is thanked and ignored.
      if (form.website) return html(reply, 200, CHECK_INBOX);
      const input = ZLeadCreate.safeParse({
        email: form.email ?? '',
        firstName: form.firstName ?? '',
        ...(form.lastName ? { lastName: form.lastName } : {}),
        ...(form.company ? { company: form.company } : {}),
        source: 'REFERRAL',
        referralCode: code,
        ...(form.consent === 'yes' ? { consent: { purpose: 'marketing', source: 'referral-form (double opt-in)' } } : {}),
      });
      if (!input.success) return html(reply, 400, referralForm(code, 'Please give your first name and a valid email address.'));
      const result = await requestReferralSignup(signupDeps, code, input.data);
      switch (result.outcome) {
        case 'unknown_code':
          return html(reply, 404, INVALID);
        case 'mail_failed':
          return html(
            reply,
            503,
            referralForm(code, 'We could not send the confirmation email just now. Please try again in a few minutes.'),
          );
        case 'confirmation_sent':
        case 'confirmation_recently_sent':
          return html(reply, 200, CHECK_INBOX);
      }
    },
  );

  // The link in the confirmation email. GET only shows a button: mail scanners that open links
  // must not confirm on the person's behalf.
  const confirmPage = (error?: string) =>
    htmlPage(
      'Confirm your email address',
      `<h1>Confirm your email address</h1>${error ? `<p role="alert"><strong>${escapeHtml(error)}</strong></p>` : ''}
<form method="post"><button type="submit">Yes, this is my address</button></form>`,
    );
  const EXPIRED = htmlPage('Link expired', '<h1>This link has expired</h1><p>Fill in the form again to get a new one.</p>');

  app.get(
    '/confirm/:token',
    { config: { public: true }, schema: { tags: ['public'], summary: 'Double opt-in confirmation page', params: ZToken } },
    async (req, reply) => {
      const link = readLink(req.params.token, 'signup', deps.env.SIGNING_SECRET);
      if (!link.ok) return link.reason === 'expired' ? html(reply, 410, EXPIRED) : html(reply, 400, INVALID);
      return html(reply, 200, confirmPage());
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
      switch (result.outcome) {
        case 'invalid':
          return html(reply, 400, INVALID);
        case 'expired':
          return html(reply, 410, EXPIRED);
        case 'confirmed':
        case 'already_confirmed':
          return html(reply, 200, htmlPage('Thank you', '<h1>Thank you, your address is confirmed</h1><p>We will be in touch soon.</p>'));
      }
    },
  );
};
