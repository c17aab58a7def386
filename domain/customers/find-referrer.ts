import type { PrismaClient } from '../../generated/prisma/client';

/** The customer whose referral code this is, or null when no customer has it. */
export async function findReferrer(deps: { prisma: PrismaClient }, referralCode: string): Promise<{ id: string } | null> {
  return deps.prisma.customer.findUnique({ where: { referralCode }, select: { id: true } });
}
