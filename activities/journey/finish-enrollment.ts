import type { TActivityDeps } from '../index';
import { leadEventRows, type TJourneyEventRow } from '../../domain/journeys/record-journey-events';
import { leadEventsInsert } from '../../domain/leads/insert-lead-events';

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
    const endedAt = new Date(input.atMs);
    const rows = [
      ...leadEventRows(input.events ?? []),
      {
        idempotencyKey: `${input.enrollmentId}/finished`,
        leadId: input.leadId,
        enrollmentId: input.enrollmentId,
        type: input.status === 'COMPLETED' ? 'journey.completed' : 'journey.exited',
        data: { reason: input.reason },
        occurredAt: endedAt,
      },
    ];
    await prisma.$executeRaw`
      WITH ended AS (
        UPDATE "Enrollment"
        SET "status" = ${input.status}::"EnrollmentStatus", "exitReason" = ${input.reason}, "endedAt" = ${endedAt.toISOString()}::timestamp(3)
        WHERE "id" = ${input.enrollmentId}::uuid AND "status" = 'ACTIVE'
      )
      ${leadEventsInsert(rows, { skipDuplicates: true })}`;
  };
}
