import type { PrismaClient } from '../../generated/prisma/client';
import { AppError } from '../../lib/errors';
import { recordConsent } from '../consent/record-consent';
import { toLead, type TLead, type TLeadCreate } from './schemas';

/** Creates a lead card; a known address is a conflict that names the existing card. */
export async function createLead(prisma: PrismaClient, input: TLeadCreate): Promise<TLead> {
  const existing = await prisma.lead.findUnique({ where: { email: input.email }, select: { id: true } });
  if (existing) {
    throw new AppError('CONFLICT', `A lead with email ${input.email} already exists`, { details: { leadId: existing.id } });
  }
  const { consent, ...data } = input;
  const lead = await prisma.lead.create({ data });
  await prisma.leadEvent.create({ data: { leadId: lead.id, type: 'lead.created', data: { source: input.source ?? null } } });
  if (consent) await recordConsent(prisma, lead.id, { ...consent, action: 'GRANTED' });
  return toLead(lead);
}
