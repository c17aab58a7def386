import type { TActivityDeps } from '../index';
import { leadEventRows, type TJourneyEventRow } from '../../domain/journeys/record-journey-events';
import { endEnrollment } from '../../domain/journeys/end-enrollment';

/**
 * Ends the enrollment (COMPLETED or EXITED, with the reason) and writes it to the timeline, with
 * the journey's pending timeline rows (`events`, patch `journey-step-fold`), in one statement: the
 * UPDATE as a data-modifying CTE of the INSERT, so both land or neither (ADR-053).
 */
export function createFinishEnrollment({ prisma }: Pick<TActivityDeps, 'prisma'>) {
  return async function finishEnrollment(input: {
    enrollmentId: string;
    leadId: string;
    status: 'COMPLETED' | 'EXITED';
    reason: string;
    atMs: number;
    events?: TJourneyEventRow[];
  }): Promise<void> {
    const { events = [], atMs, ...end } = input;
    await endEnrollment(prisma, { end: { ...end, endedAt: new Date(atMs) }, rows: leadEventRows(events) });
  };
}
