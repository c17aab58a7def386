/**
 * The template variables that need the database (lib/mail/render-template.ts, TExtraVariable):
 * read only when the template uses them, so a plain nurture email costs no extra query.
 */
import type { PrismaClient } from '../../generated/prisma/client';
import type { TExtraVariable, TTemplateVariable } from '../../lib/mail/render-template';
import { referralUrlFor, refusalUrlFor } from '../../lib/mail/public-links';
import { holidayName } from '../../journey/holidays';
import { pickOffer, type TOffer, type TOfferKind } from '../catalogue/pick-offer';

export type TExtrasConfig = { publicBaseUrl: string; signingSecret: string; currency: string };

export const formatPrice = (cents: number, locale: string, currency: string) => {
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(cents / 100);
  } catch {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).format(cents / 100);
  }
};

export async function loadTemplateExtras(
  prisma: PrismaClient,
  used: readonly TTemplateVariable[],
  lead: { id: string; locale: string; ownerName: string | null },
  request: { offer?: TOfferKind | undefined; offerPicked?: TOffer | undefined; holidayId?: string | undefined },
  config: TExtrasConfig,
): Promise<Partial<Record<TExtraVariable, string>>> {
  const needs = (prefix: string) => used.some((v) => v.startsWith(prefix));
  const out: Partial<Record<TExtraVariable, string>> = { 'owner.name': lead.ownerName ?? '' };
  if (needs('offer.')) {
    const offer = request.offerPicked ?? (await pickOffer(prisma, lead.id, request.offer ?? 'current'));
    if (offer) {
      out['offer.name'] = offer.name;
      out['offer.price'] = formatPrice(offer.priceCents, lead.locale, config.currency);
      out['offer.url'] = offer.url ?? '';
    }
  }
  if (needs('referral.') || needs('reward.')) {
    const customer = await prisma.customer.findUnique({
      where: { leadId: lead.id },
      select: { referralCode: true, rewards: { orderBy: { createdAt: 'desc' }, take: 1, select: { description: true } } },
    });
    if (customer) {
      out['referral.code'] = customer.referralCode;
      out['referral.url'] = referralUrlFor(customer.referralCode, config);
      out['reward.description'] = customer.rewards[0]?.description ?? '';
    }
  }
  if (needs('holiday.') && request.holidayId) out['holiday.name'] = holidayName(request.holidayId, lead.locale) ?? '';
  if (needs('refusal.')) out['refusal.url'] = refusalUrlFor(lead.id, config);
  return out;
}
