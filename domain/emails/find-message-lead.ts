import type { PrismaClient } from '../../generated/prisma/client';

/** Whom an email went to, by its Message-ID; null when no such email is on record. */
export async function findMessageLead(deps: { prisma: PrismaClient }, messageId: string): Promise<{ leadId: string } | null> {
  return deps.prisma.emailMessage.findUnique({ where: { messageId }, select: { leadId: true } });
}
