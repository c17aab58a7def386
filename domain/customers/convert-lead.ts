/**
 * Conversion: the lead becomes a customer. A customer card is created and linked (its own
 * owner and history), the lead's status becomes CUSTOMER (its journeys meet their goals), the
 * first purchase is recorded, and a referrer, if any, gets the reward and a thank-you email.
 */
import { randomBytes } from 'node:crypto';
import type { Customer } from '../../generated/prisma/client';
import { AppError } from '../../lib/errors';
import { fullNameOf } from '../../lib/mail/render-template';
import type { TCrmDeps } from '../crm/crm-deps';
import { startLeadEmail } from '../emails/start-lead-email';
import { localisedTemplateKeyFor } from '../templates/localised-template-key';
import { afterStatusChange, applyStatusChange } from '../leads/change-lead-status';
import { fireTriggers } from '../triggers/fire-triggers';
import { recordPurchase } from './record-purchase';
import type { TConvertLead } from './schemas';

/** The template of the thank-you email a referrer gets with the reward (a built-in). */
export const REFERRAL_THANKS_TEMPLATE = 'referral-thank-you';

/** 8 characters without look-alikes (no 0/O, 1/I/L): easy to read out and type. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const newReferralCode = () => [...randomBytes(8)].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join('');

export async function convertLead(deps: TCrmDeps, leadId: string, input: TConvertLead, by = 'api'): Promise<Customer> {
  const lead = await deps.prisma.lead.findUnique({ where: { id: leadId }, include: { customer: { select: { id: true } } } });
  if (!lead) throw new AppError('NOT_FOUND', `Lead ${leadId} does not exist`);
  if (lead.customer) {
    throw new AppError('CONFLICT', `Lead ${leadId} is already a customer`, { details: { customerId: lead.customer.id } });
  }
  const convertedAt = new Date();
  const customer = await deps.prisma.$transaction(async (tx) => {
    const created = await tx.customer.create({
      data: {
        leadId,
        name: input.name ?? fullNameOf(lead),
        email: lead.email,
        company: input.company ?? lead.company,
        phone: lead.phone,
        taxId: input.taxId ?? null,
        registrationNumber: input.registrationNumber ?? null,
        address: input.address ?? null,
        ownerName: input.ownerName ?? lead.ownerName,
        ownerEmail: input.ownerEmail ?? lead.ownerEmail,
        referralCode: newReferralCode(),
        convertedAt,
      },
    });
    await tx.customerEvent.create({
      data: { customerId: created.id, type: 'customer.created', occurredAt: convertedAt, data: { leadId, by, leadOwner: lead.ownerEmail } },
    });
    await applyStatusChange(tx, lead, { status: 'CUSTOMER', reason: 'converted' }, by, convertedAt.getTime());
    return created;
  });
  if (lead.referrerCustomerId) await rewardReferrer(deps, lead.referrerCustomerId, leadId);
  if (input.purchase) await recordPurchase(deps, customer.id, input.purchase);
  await afterStatusChange(deps, leadId, 'CUSTOMER');
  await fireTriggers(deps, 'customer.created', leadId);
  return customer;
}

/** One reward per referred lead; the referrer's thank-you email carries it ({{reward.description}}). */
async function rewardReferrer(deps: TCrmDeps, referrerCustomerId: string, referredLeadId: string): Promise<void> {
  const existing = await deps.prisma.referralReward.findUnique({ where: { referredLeadId } });
  const reward =
    existing ??
    (await deps.prisma.referralReward.create({
      data: { referrerCustomerId, referredLeadId, description: deps.config.referralReward },
    }));
  if (!existing) {
    await deps.prisma.customerEvent.create({
      data: {
        customerId: referrerCustomerId,
        type: 'referral.rewarded',
        data: { rewardId: reward.id, referredLeadId, description: reward.description },
      },
    });
  }
  const referrer = await deps.prisma.customer.findUniqueOrThrow({
    where: { id: referrerCustomerId },
    select: { leadId: true, lead: { select: { locale: true } } },
  });
  // In the referrer's language when a variant exists (referral-thank-you-kk), else English.
  const templateKey = await localisedTemplateKeyFor(deps, REFERRAL_THANKS_TEMPLATE, referrer.lead.locale);
  await startLeadEmail(deps, { leadId: referrer.leadId, templateKey, requestId: `reward-${reward.id}` });
}
