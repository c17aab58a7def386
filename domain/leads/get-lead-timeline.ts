import type { PrismaClient } from '../../generated/prisma/client';
import { getLead } from './get-lead';
import type { TTimelineEntry } from './schemas';

/** The lead's full history, oldest first, read from the database alone. */
export async function getLeadTimeline(prisma: PrismaClient, leadId: string): Promise<TTimelineEntry[]> {
  await getLead(prisma, leadId);
  const events = await prisma.leadEvent.findMany({ where: { leadId }, orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }] });
  return events.map((e) => ({ ...e, data: (e.data ?? {}) as Record<string, unknown> }));
}
