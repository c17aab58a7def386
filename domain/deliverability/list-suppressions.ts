import type { PrismaClient, Suppression } from '../../generated/prisma/client';
import { normalizeEmail } from '../leads/schemas';

export type TSuppressionQuery = { email?: string | undefined; limit: number; offset: number };

/** One page of the suppression list, newest first (only one address's entries when email is given), and the total. */
export async function listSuppressions(
  deps: { prisma: PrismaClient },
  query: TSuppressionQuery,
): Promise<{ items: Suppression[]; total: number }> {
  const where = query.email ? { email: normalizeEmail(query.email) } : {};
  const [items, total] = await Promise.all([
    deps.prisma.suppression.findMany({ where, orderBy: { createdAt: 'desc' }, take: query.limit, skip: query.offset }),
    deps.prisma.suppression.count({ where }),
  ]);
  return { items, total };
}
