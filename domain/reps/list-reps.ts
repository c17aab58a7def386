import type { PrismaClient } from '../../generated/prisma/client';
import { countOpenLeads } from './count-open-leads';

/** Reps by tier, with their current load of open leads. */
export async function listReps(prisma: PrismaClient) {
  const reps = await prisma.rep.findMany({ orderBy: [{ tier: 'asc' }, { email: 'asc' }] });
  const load = await countOpenLeads(
    prisma,
    reps.map((r) => r.email),
  );
  return reps.map((r) => ({ ...r, openLeads: load.get(r.email) ?? 0 }));
}
