import type { PrismaClient } from '../../generated/prisma/client';
import { OPEN_STATUSES } from './assign-lead';

/** Reps by tier, with their current load of open leads. */
export async function listReps(prisma: PrismaClient) {
  const reps = await prisma.rep.findMany({ orderBy: [{ tier: 'asc' }, { email: 'asc' }] });
  const loads = await prisma.lead.groupBy({
    by: ['ownerEmail'],
    where: { ownerEmail: { in: reps.map((r) => r.email) }, status: { in: [...OPEN_STATUSES] } },
    _count: { _all: true },
  });
  const load = new Map(loads.map((l) => [l.ownerEmail, l._count._all]));
  return reps.map((r) => ({ ...r, openLeads: load.get(r.email) ?? 0 }));
}
