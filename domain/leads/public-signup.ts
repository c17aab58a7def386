/**
 * Double opt-in for public forms (the referral page today). A stranger's post creates nothing a
 * lead, an owner or a journey can see: it is kept as a PendingSignup and a confirmation email with
 * a signed link goes to the address given. Only the click makes it a lead (with the consent it
 * gave, now proven to come from the address's owner). A public form never edits an existing card:
 * a known address confirms into a touch, and its owner hears of it at most once a day.
 *
 * The confirmation email speaks the language of the page the form was on (the input's `locale`,
 * which the referral page carries in a hidden field; ADR-049), and the lead it becomes keeps it.
 */
import type { Prisma } from '../../generated/prisma/client';
import { isAppError } from '../../lib/errors';
import { LINK_TTL_MS, readLink, signupConfirmUrlFor, type TLinkConfig } from '../../lib/mail/public-links';
import { i18n } from '../../lib/i18n/load-catalogues';
import type { TTranslator } from '../../lib/i18n/translator';
import { messageIdFor } from '../../lib/mail/message-id';
import type { TMailer } from '../../lib/mail/create-mailer';
import type { TCrmDeps } from '../crm/crm-deps';
import { captureLead } from './capture-lead';
import { ZLeadCreate, type TLeadCreate } from './schemas';

export type TSignupDeps = {
  crm: TCrmDeps;
  mailer: TMailer;
  links: TLinkConfig;
  mail: { from: string; messageIdDomain: string };
  now?: () => Date;
};

/** At most one confirmation email per address in this period, however often the form is posted. */
export const CONFIRMATION_RESEND_AFTER_MS = 24 * 3600_000;

export type TSignupRequest =
  | { outcome: 'confirmation_sent' | 'confirmation_recently_sent'; signupId: string }
  | { outcome: 'unknown_code' }
  | { outcome: 'mail_failed'; signupId: string };

/** The referral form was posted with valid fields: keep them, and ask the address to confirm. */
export async function requestReferralSignup(deps: TSignupDeps, code: string, input: TLeadCreate): Promise<TSignupRequest> {
  const { prisma } = deps.crm;
  const now = deps.now?.() ?? new Date();
  const customer = await prisma.customer.findUnique({ where: { referralCode: code }, select: { id: true } });
  if (!customer) return { outcome: 'unknown_code' };
  const recent = await prisma.pendingSignup.findFirst({
    where: { email: input.email, emailSentAt: { gte: new Date(now.getTime() - CONFIRMATION_RESEND_AFTER_MS) } },
    orderBy: { createdAt: 'desc' },
    select: { id: true },
  });
  if (recent) return { outcome: 'confirmation_recently_sent', signupId: recent.id };
  const signup = await prisma.pendingSignup.create({
    data: { form: 'referral', referralCode: code, email: input.email, input: input as unknown as Prisma.InputJsonValue, createdAt: now },
  });
  const url = signupConfirmUrlFor(signup.id, deps.links, now.getTime());
  const { subject, text, lang } = confirmationEmail(i18n().translator(input.locale), input.firstName, url);
  try {
    await deps.mailer.send({
      from: deps.mail.from,
      to: input.email,
      subject,
      messageId: messageIdFor(`signup/${signup.id}`, deps.mail.messageIdDomain),
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Nurture-Category': 'transactional', 'Content-Language': lang },
      text,
    });
  } catch {
    return { outcome: 'mail_failed', signupId: signup.id };
  }
  await prisma.pendingSignup.update({ where: { id: signup.id }, data: { emailSentAt: new Date() } });
  return { outcome: 'confirmation_sent', signupId: signup.id };
}

/** The double opt-in email ("emails.confirmSignup.*") in the reader's language. */
export function confirmationEmail(tr: TTranslator, firstName: string, url: string): { subject: string; text: string; lang: string } {
  const days = Math.round((LINK_TTL_MS.signup ?? 0) / (24 * 3600_000));
  const m = (key: string, values?: Record<string, string | number>) => tr.t(`emails.confirmSignup.${key}`, values);
  return {
    subject: m('subject'),
    text: `${m('greeting', { firstName })}\n\n${m('request', { days })}\n\n${url}\n\n${m('ignore')}\n`,
    lang: tr.lang,
  };
}

export type TSignupConfirmation =
  | { outcome: 'confirmed'; leadId: string; created: boolean }
  | { outcome: 'already_confirmed'; leadId: string | null }
  | { outcome: 'invalid' | 'expired' };

/** The person clicked the link in the confirmation email. Confirming twice changes nothing. */
export async function confirmSignup(deps: Pick<TSignupDeps, 'crm' | 'links'>, token: string): Promise<TSignupConfirmation> {
  const link = readLink(token, 'signup', deps.links.signingSecret);
  if (!link.ok) return { outcome: link.reason };
  const { prisma } = deps.crm;
  const signup = await prisma.pendingSignup.findUnique({ where: { id: link.id } });
  if (!signup) return { outcome: 'invalid' };
  if (signup.confirmedAt) return { outcome: 'already_confirmed', leadId: signup.leadId };
  // Claim the confirmation first: of two clicks at once, only one captures.
  const claimed = await prisma.pendingSignup.updateMany({ where: { id: signup.id, confirmedAt: null }, data: { confirmedAt: new Date() } });
  if (claimed.count === 0) return { outcome: 'already_confirmed', leadId: null };
  const input = ZLeadCreate.parse(signup.input);
  try {
    const { lead, created } = await captureLead(deps.crm, input, { by: `${signup.form}-form`, publicForm: true });
    await prisma.pendingSignup.update({ where: { id: signup.id }, data: { leadId: lead.id } });
    return { outcome: 'confirmed', leadId: lead.id, created };
  } catch (e) {
    // The referral code went away meanwhile: the link is of no use any more.
    if (isAppError(e) && e.code === 'VALIDATION_FAILED') return { outcome: 'invalid' };
    await prisma.pendingSignup.update({ where: { id: signup.id }, data: { confirmedAt: null } });
    throw e;
  }
}
