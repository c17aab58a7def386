import type { PrismaClient } from '../../generated/prisma/client';

/** Lead statuses a rep is still working: what counts against the rep's capacity. */
export const OPEN_STATUSES = ['NEW', 'MQL', 'SQL', 'RECYCLED'] as const;

/** Open leads per rep email (a rep with none is absent: read with `?? 0`). */
export async function countOpenLeads(prisma: PrismaClient, repEmails: string[]): Promise<Map<string, number>> {
  const rows = await prisma.lead.groupBy({
    by: ['ownerEmail'],
    where: { ownerEmail: { in: repEmails }, status: { in: [...OPEN_STATUSES] } },
    _count: { _all: true },
  });
  return new Map(rows.map((r) => [r.ownerEmail!, r._count._all]));
}
