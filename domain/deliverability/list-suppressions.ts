import type { PrismaClient, Suppression } from '../../generated/prisma/client';
import { normalizeEmail } from '../leads/schemas';

export type TSuppressionQuery = { email?: string | undefined; q?: string | undefined; limit: number; offset: number };

/**
 * One page of the suppression list, newest first, and the total: one address's entries when
 * email is given, addresses containing `q` (any part, any case) when that is.
 */
export async function listSuppressions(
  deps: { prisma: PrismaClient },
  query: TSuppressionQuery,
): Promise<{ items: Suppression[]; total: number }> {
  const q = query.q?.trim().toLowerCase();
  const where = query.email ? { email: normalizeEmail(query.email) } : q ? { email: { contains: q } } : {};
  const [items, total] = await Promise.all([
    deps.prisma.suppression.findMany({ where, orderBy: { createdAt: 'desc' }, take: query.limit, skip: query.offset }),
    deps.prisma.suppression.count({ where }),
  ]);
  return { items, total };
}
