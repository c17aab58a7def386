/**
 * Composes one lead email (ADR-041): the template filled for the lead (the compiled-template
 * cache, the database variables: owner, offer, holiday), the compliance footer and
 * List-Unsubscribe headers on marketing mail, tracked links, the Message-ID derived from the key,
 * the sender (the owner for sales follow-ups) and the headers. No SMTP, no ledger: what to send.
 */
import type { EmailTemplate, Lead, PrismaClient } from '../../generated/prisma/client';
import { renderCompiled, templateContextFor, type TemplateCache } from '../../lib/mail/render-template';
import { messageIdFor } from '../../lib/mail/message-id';
import { listUnsubscribeHeader, preferencesUrlFor, unsubscribeUrlFor } from '../../lib/mail/public-links';
import { addComplianceFooter } from '../../lib/mail/add-compliance-footer';
import { trackLinks } from '../../lib/mail/track-links';
import { pickOffer, type TOfferKind } from '../catalogue/pick-offer';
import { loadTemplateExtras } from '../templates/load-template-extras';

export type TComposeConfig = Parameters<typeof unsubscribeUrlFor>[1] &
  Parameters<typeof preferencesUrlFor>[1] &
  Parameters<typeof listUnsubscribeHeader>[1] &
  Parameters<typeof loadTemplateExtras>[4] & {
    mailFrom: string;
    messageIdDomain: string;
    publicBaseUrl: string;
    signingSecret: string;
    postalAddress: string;
    tracking: { opens: boolean; clicks: boolean };
  };

export type TComposedEmail = {
  messageId: string;
  subject: string;
  html: string;
  text: string;
  from: string | { name: string; address: string };
  to: { name: string; address: string };
  headers: Record<string, string>;
};

export async function composeLeadEmail(
  deps: { prisma: PrismaClient; templates: TemplateCache; config: TComposeConfig },
  {
    lead,
    template,
    category,
    idempotencyKey,
    ...input
  }: {
    lead: Lead;
    template: EmailTemplate;
    category: 'marketing' | 'sales';
    idempotencyKey: string;
    fromOwner?: boolean | undefined;
    stepId?: string | undefined;
    topic?: string | undefined;
    /** An offer step; `pickOffers: false` when SMTP already accepted (the email is only recorded). */
    offer?: TOfferKind | undefined;
    pickOffers: boolean;
    holidayId?: string | undefined;
  },
): Promise<{ kind: 'skipped'; reason: string } | ({ kind: 'composed' } & TComposedEmail)> {
  const { prisma, templates, config } = deps;
  const compiled = await templates.get(template.id, template);
  // An offer step with nothing to offer is skipped, before anything is claimed.
  const offerPicked = input.offer && input.pickOffers ? await pickOffer(prisma, lead.id, input.offer) : undefined;
  if (input.offer && input.pickOffers && !offerPicked) return { kind: 'skipped', reason: `no ${input.offer} offer left for this lead` };
  const unsubscribeUrl = unsubscribeUrlFor(lead.id, config);
  const context = {
    ...templateContextFor(lead, {
      name: input.fromOwner && lead.ownerName ? lead.ownerName : config.mailFrom.replace(/\s*<.*$/, ''),
      unsubscribeUrl,
    }),
    ...(await loadTemplateExtras(
      prisma,
      compiled.variables,
      lead,
      { offer: input.offer, offerPicked, holidayId: input.holidayId },
      config,
    )),
  };
  const messageId = messageIdFor(idempotencyKey, config.messageIdDomain);
  let rendered = renderCompiled(compiled, context);
  if (category === 'marketing') {
    rendered = addComplianceFooter(rendered, {
      preferencesUrl: preferencesUrlFor(lead.id, config),
      unsubscribeUrl,
      postalAddress: config.postalAddress,
      locale: lead.locale,
    });
  }
  rendered = {
    ...rendered,
    html: trackLinks(rendered.html, {
      baseUrl: config.publicBaseUrl,
      secret: config.signingSecret,
      messageId,
      opens: config.tracking.opens,
      clicks: config.tracking.clicks,
    }),
  };
  return {
    kind: 'composed',
    messageId,
    subject: rendered.subject,
    html: rendered.html,
    text: rendered.text,
    from: input.fromOwner && lead.ownerEmail ? { name: lead.ownerName ?? '', address: lead.ownerEmail } : config.mailFrom,
    to: { name: context['lead.fullName'], address: lead.email },
    headers: {
      ...(category === 'marketing'
        ? {
            'List-Unsubscribe': listUnsubscribeHeader(lead.id, config),
            'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
            'Feedback-ID': `${input.stepId ?? 'single'}:${input.topic ?? 'general'}:marketing:nurture`,
          }
        : {}),
      'X-Nurture-Category': category === 'marketing' ? 'marketing' : 'transactional',
      'X-Nurture-Lead': lead.id,
    },
  };
}
