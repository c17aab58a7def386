import { pollUntil } from '../../lib/poll-until';
import type { PrismaClient } from '../../generated/prisma/client';
import { AppError } from '../../lib/errors';

/** How long an unsubscribe waits for a marketing send already past its checks to finish. */
const IN_FLIGHT_WAIT_MS = 15_000;
/** An attempt at SMTP longer than this died with its worker; its retry re-checks and will not send. */
const IN_FLIGHT_MAX_AGE_MS = 60_000;

/**
 * Suppresses all marketing email to the lead and records the withdrawal in the consent ledger.
 * Idempotent: a second call keeps the first time.
 *
 * Returns only once no marketing send to the lead is in flight: a send marks its row
 * (`sendingAt`), then re-reads `unsubscribedAt` right before SMTP (activities/send-lead-email.ts). So when this
 * resolves, the person has been told "unsubscribed" and nothing reaches them after that moment
 * (measured by `npm run chaos`, "unsubscribe storm").
 */
export async function unsubscribeLead(
  prisma: PrismaClient,
  leadId: string,
  via: string,
): Promise<{ unsubscribedAt: Date; alreadyUnsubscribed: boolean; inFlightSettled: boolean }> {
  const lead = await prisma.lead.findUnique({ where: { id: leadId }, select: { unsubscribedAt: true } });
  if (!lead) throw new AppError('NOT_FOUND', 'This unsubscribe link is no longer valid');
  let unsubscribedAt = lead.unsubscribedAt;
  if (!unsubscribedAt) {
    unsubscribedAt = new Date();
    await prisma.$transaction([
      prisma.lead.update({ where: { id: leadId }, data: { unsubscribedAt } }),
      prisma.consentRecord.create({ data: { leadId, purpose: 'marketing', action: 'WITHDRAWN', source: via, occurredAt: unsubscribedAt } }),
      prisma.leadEvent.create({ data: { leadId, type: 'lead.unsubscribed', occurredAt: unsubscribedAt, data: { via } } }),
    ]);
  }
  const inFlightSettled = await awaitInFlightMarketingSends(prisma, leadId);
  return { unsubscribedAt, alreadyUnsubscribed: lead.unsubscribedAt !== null, inFlightSettled };
}

const awaitInFlightMarketingSends = (prisma: PrismaClient, leadId: string): Promise<boolean> =>
  pollUntil(
    async () =>
      (await prisma.emailMessage.count({
        where: { leadId, category: 'marketing', status: 'CLAIMED', sendingAt: { gt: new Date(Date.now() - IN_FLIGHT_MAX_AGE_MS) } },
      })) === 0,
    IN_FLIGHT_WAIT_MS,
    { firstDelayMs: 10, maxDelayMs: 250 },
  );
