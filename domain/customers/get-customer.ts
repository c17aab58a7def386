import type { PrismaClient } from '../../generated/prisma/client';
import { AppError } from '../../lib/errors';
import { referralUrlFor } from '../../lib/mail/public-links';
import type { TCustomer } from './schemas';

/** The customer card: its own owner and history, purchases, referral code and rewards. */
export async function getCustomer(
  prisma: PrismaClient,
  where: { id: string } | { leadId: string },
  config: { publicBaseUrl: string },
): Promise<TCustomer> {
  const c = await prisma.customer.findUnique({
    where,
    include: {
      purchases: { orderBy: { purchasedAt: 'asc' } },
      rewards: { orderBy: { createdAt: 'asc' } },
      referredLeads: { select: { id: true } },
      events: { orderBy: { occurredAt: 'asc' } },
    },
  });
  if (!c)
    throw new AppError('NOT_FOUND', 'id' in where ? `Customer ${where.id} does not exist` : `Lead ${where.leadId} has no customer card`);
  return {
    ...c,
    referralUrl: referralUrlFor(c.referralCode, config),
    purchases: c.purchases.map((p) => ({ id: p.id, productSku: p.productSku, amountCents: p.amountCents, purchasedAt: p.purchasedAt })),
    rewards: c.rewards.map((r) => ({ id: r.id, referredLeadId: r.referredLeadId, description: r.description, createdAt: r.createdAt })),
    referredLeadIds: c.referredLeads.map((l) => l.id),
    history: c.events.map((e) => ({ type: e.type, occurredAt: e.occurredAt, data: (e.data ?? {}) as Record<string, unknown> })),
  };
}
