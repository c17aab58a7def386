import type { PrismaClient } from '../../generated/prisma/client';
import { AppError } from '../../lib/errors';
import type { TApiRole } from '../../lib/security/api-keys';
import { isFutureConsentTime, type TConsent } from './schemas';

/**
 * Appends to the lead's consent ledger. A withdrawal of "marketing" also unsubscribes (one
 * path for every withdrawal); a grant does not resubscribe an unsubscribed lead by itself:
 * that takes the person's own action in the preference centre. A consent cannot be dated in the
 * future (ZConsentInput says so at the edge; this holds for every caller). `by`, when an API
 * caller records it, goes on the timeline event (who entered it).
 */
export async function recordConsent(
  prisma: PrismaClient,
  leadId: string,
  consent: TConsent,
  options: { by?: { kind: string; id: string; name: string; role: TApiRole } | undefined } = {},
) {
  const now = new Date();
  if (consent.occurredAt && isFutureConsentTime(consent.occurredAt, now.getTime())) {
    throw new AppError('VALIDATION_FAILED', 'occurredAt: cannot be in the future: consent is recorded as given at or before now', {
      details: [`occurredAt ${consent.occurredAt.toISOString()} is after ${now.toISOString()}`],
    });
  }
  const lead = await prisma.lead.findUnique({ where: { id: leadId }, select: { id: true, unsubscribedAt: true } });
  if (!lead) throw new AppError('NOT_FOUND', `Lead ${leadId} does not exist`);
  const occurredAt = consent.occurredAt ?? now;
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
        data: {
          purpose: consent.purpose,
          source: consent.source,
          ...(options.by ? { by: { kind: options.by.kind, id: options.by.id, name: options.by.name, role: options.by.role } } : {}),
        },
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
