import type { PrismaClient } from '../../generated/prisma/client';
import { AppError } from '../../lib/errors';
import type { TConsent } from './schemas';

/**
 * Appends to the lead's consent ledger. A withdrawal of "marketing" also unsubscribes (one
 * path for every withdrawal); a grant does not resubscribe an unsubscribed lead by itself:
 * that takes the person's own action in the preference centre.
 */
export async function recordConsent(prisma: PrismaClient, leadId: string, consent: TConsent) {
  const lead = await prisma.lead.findUnique({ where: { id: leadId }, select: { id: true, unsubscribedAt: true } });
  if (!lead) throw new AppError('NOT_FOUND', `Lead ${leadId} does not exist`);
  const occurredAt = consent.occurredAt ?? new Date();
  const [row] = await prisma.$transaction([
    prisma.consentRecord.create({
      data: {
        leadId,
        purpose: consent.purpose,
        action: consent.action,
        source: consent.source,
        textVersion: consent.textVersion ?? null,
        occurredAt,
      },
    }),
    prisma.leadEvent.create({
      data: {
        leadId,
        type: `consent.${consent.action.toLowerCase()}`,
        occurredAt,
        data: { purpose: consent.purpose, source: consent.source },
      },
    }),
    ...(consent.action === 'WITHDRAWN' && consent.purpose === 'marketing' && !lead.unsubscribedAt
      ? [prisma.lead.update({ where: { id: leadId }, data: { unsubscribedAt: occurredAt } })]
      : []),
  ]);
  return row;
}

export async function listConsents(prisma: PrismaClient, leadId: string) {
  const lead = await prisma.lead.findUnique({ where: { id: leadId }, select: { id: true } });
  if (!lead) throw new AppError('NOT_FOUND', `Lead ${leadId} does not exist`);
  return prisma.consentRecord.findMany({ where: { leadId }, orderBy: [{ occurredAt: 'asc' }, { recordedAt: 'asc' }] });
}
