import type { PrismaClient } from '../../generated/prisma/client';
import { AppError } from '../../lib/errors';
import { NOTE_EVENT_TYPES, type TLeadNoteInput, type TNoteAuthor, type TNoteEventData } from './note-schemas';
import type { TTimelineEntry } from './schemas';

/**
 * Records a call or a note on the lead's timeline (`call.logged` / `note.logged`), naming who
 * logged it. It is a touch: the lead's updatedAt moves (the "least recently touched" sort), and
 * it counts as the owner acting for the routing SLA (activities/leads/check-lead-sla.ts).
 */
export async function logLeadNote(
  prisma: PrismaClient,
  leadId: string,
  note: TLeadNoteInput,
  options: { by: TNoteAuthor },
): Promise<TTimelineEntry> {
  const lead = await prisma.lead.findUnique({ where: { id: leadId }, select: { id: true } });
  if (!lead) throw new AppError('NOT_FOUND', `Lead ${leadId} does not exist`);
  const occurredAt = new Date();
  const data: TNoteEventData = {
    text: note.text,
    ...(note.kind === 'call' && note.outcome ? { outcome: note.outcome } : {}),
    by: { kind: options.by.kind, id: options.by.id, name: options.by.name, role: options.by.role },
  };
  const [event] = await prisma.$transaction([
    prisma.leadEvent.create({ data: { leadId, type: NOTE_EVENT_TYPES[note.kind], occurredAt, data } }),
    prisma.lead.update({ where: { id: leadId }, data: { updatedAt: occurredAt }, select: { id: true } }),
  ]);
  return { ...event, data: (event.data ?? {}) as Record<string, unknown> };
}
