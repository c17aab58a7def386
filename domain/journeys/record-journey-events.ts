import type { PrismaClient } from '../../generated/prisma/client';
import { insertLeadEvents } from '../leads/insert-lead-events';

/** One journey timeline row as the workflow describes it: its key makes a retried write land once. */
export type TJourneyEventRow = {
  enrollmentId: string;
  leadId: string;
  type: string;
  data: Record<string, unknown>;
  atMs: number;
  idempotencyKey: string;
};

/**
 * Writes a journey's pending timeline rows in one INSERT (ON CONFLICT DO NOTHING on the key, no
 * transaction around it: ADR-053).
 * Journeys from patch `journey-step-fold` on hand their rows to the next database call they make
 * anyway (the lead read, the send, the wait, the finish) instead of one call per row.
 */
export async function recordJourneyEvents(prisma: PrismaClient, events: readonly TJourneyEventRow[]): Promise<void> {
  if (!events.length) return;
  await insertLeadEvents(prisma, leadEventRows(events), { skipDuplicates: true });
}

/** The rows as LeadEvent columns (for insertLeadEvents, alone or in a larger statement). */
export function leadEventRows(events: readonly TJourneyEventRow[]) {
  return events.map((e) => ({
    idempotencyKey: e.idempotencyKey,
    leadId: e.leadId,
    enrollmentId: e.enrollmentId,
    type: e.type,
    data: e.data as object,
    occurredAt: new Date(e.atMs),
  }));
}
