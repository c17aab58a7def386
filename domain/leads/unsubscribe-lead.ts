import type { PrismaClient } from '../../generated/prisma/client';
import { AppError } from '../../lib/errors';

/**
 * Suppresses all marketing email to the lead at once. Idempotent: a second call keeps the first
 * time. Send activities check `unsubscribedAt` right before every send.
 */
export async function unsubscribeLead(
  prisma: PrismaClient,
  leadId: string,
  via: string,
): Promise<{ unsubscribedAt: Date; alreadyUnsubscribed: boolean }> {
  const lead = await prisma.lead.findUnique({ where: { id: leadId }, select: { unsubscribedAt: true } });
  if (!lead) throw new AppError('NOT_FOUND', 'This unsubscribe link is no longer valid');
  if (lead.unsubscribedAt) return { unsubscribedAt: lead.unsubscribedAt, alreadyUnsubscribed: true };
  const unsubscribedAt = new Date();
  await prisma.$transaction([
    prisma.lead.update({ where: { id: leadId }, data: { unsubscribedAt } }),
    prisma.leadEvent.create({ data: { leadId, type: 'lead.unsubscribed', occurredAt: unsubscribedAt, data: { via } } }),
  ]);
  return { unsubscribedAt, alreadyUnsubscribed: false };
}
