/**
 * Public pages people reach from emails, no login: the win-back refusal questionnaire (signed
 * link, /q/<token>) and a customer's referral landing page (/ref/<code>), where a friend leaves
 * contact data and becomes a lead with source REFERRAL, linked to the customer who referred them.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TRouteDeps } from '../server';
import { leadIdFromToken } from '../../lib/mail/public-links';
import { escapeHtml } from '../../lib/mail/render-template';
import { isAppError } from '../../lib/errors';
import { answerRefusal, REFUSAL_REASONS, ZRefusalAnswer } from '../../domain/leads/answer-refusal';
import { captureLead } from '../../domain/leads/capture-lead';
import { ZLeadCreate } from '../../domain/leads/schemas';
import { htmlPage } from './html-page';

const ZToken = z.object({ token: z.string().min(1).max(1000) });
const ZCode = z.object({ code: z.string().min(1).max(40) });
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
    `<h1>A customer recommended us to you</h1><p>Leave your name and email and we will be in touch.</p>
${error ? `<p role="alert"><strong>${escapeHtml(error)}</strong></p>` : ''}
<form method="post"><input type="hidden" name="code" value="${escapeHtml(code)}">
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
    { schema: { tags: ['public'], summary: 'Refusal questionnaire (win-back farewell link)', params: ZToken } },
    async (req, reply) => (leadOf(req.params.token) ? html(reply, 200, refusalForm()) : html(reply, 400, INVALID)),
  );

  app.post(
    '/q/:token',
    {
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
    { schema: { tags: ['public'], summary: "A customer's referral landing page", params: ZCode } },
    async (req, reply) => {
      const customer = await deps.prisma.customer.findUnique({ where: { referralCode: req.params.code }, select: { id: true } });
      return customer ? html(reply, 200, referralForm(req.params.code)) : html(reply, 404, INVALID);
    },
  );

  app.post(
    '/ref/:code',
    {
      schema: {
        tags: ['public'],
        summary: 'Leave contact data through a referral link (becomes a REFERRAL lead linked to the customer)',
        params: ZCode,
        body: z
          .object({
            firstName: z.string().optional(),
            lastName: z.string().optional(),
            email: z.string().optional(),
            company: z.string().optional(),
            consent: z.string().optional(),
          })
          .loose(),
      },
    },
    async (req, reply) => {
      const { code } = req.params;
      const form = req.body;
      const input = ZLeadCreate.safeParse({
        email: form.email ?? '',
        firstName: form.firstName ?? '',
        ...(form.lastName ? { lastName: form.lastName } : {}),
        ...(form.company ? { company: form.company } : {}),
        source: 'REFERRAL',
        referralCode: code,
        ...(form.consent === 'yes' ? { consent: { purpose: 'marketing', source: 'referral-form' } } : {}),
      });
      if (!input.success) return html(reply, 400, referralForm(code, 'Please give your first name and a valid email address.'));
      try {
        await captureLead(deps.crm, input.data, { by: 'referral-form' });
      } catch (e) {
        if (isAppError(e) && e.code === 'VALIDATION_FAILED') return html(reply, 404, INVALID);
        throw e;
      }
      return html(reply, 200, htmlPage('Thank you', '<h1>Thank you</h1><p>We will be in touch soon.</p>'));
    },
  );
};
