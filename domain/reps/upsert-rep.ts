import type { PrismaClient, Rep } from '../../generated/prisma/client';
import type { TRepInput } from './schemas';

/** Creates or updates a rep by email (tier, capacity, manager, active). */
export async function upsertRep(prisma: PrismaClient, email: string, input: TRepInput): Promise<{ rep: Rep; created: boolean }> {
  const existing = await prisma.rep.findUnique({ where: { email }, select: { id: true } });
  const data = { ...input, managerEmail: input.managerEmail ?? null };
  const rep = await prisma.rep.upsert({ where: { email }, create: { email, ...data }, update: data });
  return { rep, created: !existing };
}
