import type { PrismaClient } from '../../generated/prisma/client';
import { AppError } from '../../lib/errors';
import { toLead, type TLead, type TLeadCreate } from './schemas';

/** Creates a lead card; a known address is a conflict that names the existing card. */
export async function createLead(prisma: PrismaClient, input: TLeadCreate): Promise<TLead> {
  const existing = await prisma.lead.findUnique({ where: { email: input.email }, select: { id: true } });
  if (existing) {
    throw new AppError('CONFLICT', `A lead with email ${input.email} already exists`, { details: { leadId: existing.id } });
  }
  const lead = await prisma.lead.create({ data: input });
  await prisma.leadEvent.create({ data: { leadId: lead.id, type: 'lead.created', data: { source: input.source ?? null } } });
  return toLead(lead);
}
