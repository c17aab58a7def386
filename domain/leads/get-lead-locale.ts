/** The language tag of a lead (for the public pages it reaches by a signed link), or null when it is gone. */
import type { PrismaClient } from '../../generated/prisma/client';

export async function getLeadLocale(deps: { prisma: PrismaClient }, leadId: string): Promise<string | null> {
  const lead = await deps.prisma.lead.findUnique({ where: { id: leadId }, select: { locale: true } });
  return lead?.locale ?? null;
}
