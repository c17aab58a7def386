import type { PrismaClient } from '../../generated/prisma/client';
import { AppError } from '../../lib/errors';
import { toLead, type TLead } from './schemas';

export async function getLead(prisma: PrismaClient, id: string): Promise<TLead> {
  const lead = await prisma.lead.findUnique({ where: { id } });
  if (!lead) throw new AppError('NOT_FOUND', `Lead ${id} does not exist`);
  return toLead(lead);
}
