import type { PrismaClient } from '../../generated/prisma/client';
import { getLead } from './get-lead';

/** A lead's lifecycle history, oldest first (404 when the lead does not exist). */
export async function listStatusChanges(deps: { prisma: PrismaClient }, leadId: string) {
  await getLead(deps.prisma, leadId);
  return deps.prisma.leadStatusChange.findMany({ where: { leadId }, orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }] });
}
