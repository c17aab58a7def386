import type { TActivityDeps } from '../index';
import { leadEventRows, type TJourneyEventRow } from '../../domain/journeys/record-journey-events';

/**
 * Ends the enrollment (COMPLETED or EXITED, with the reason) and writes it to the timeline, with
 * the journey's pending timeline rows (`events`, patch `journey-step-fold`) in the same transaction.
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
    await prisma.$transaction([
      prisma.enrollment.updateMany({
        where: { id: input.enrollmentId, status: 'ACTIVE' },
        data: { status: input.status, exitReason: input.reason, endedAt },
      }),
      prisma.leadEvent.createMany({
        data: [
          ...leadEventRows(input.events ?? []),
          {
            idempotencyKey: `${input.enrollmentId}/finished`,
            leadId: input.leadId,
            enrollmentId: input.enrollmentId,
            type: input.status === 'COMPLETED' ? 'journey.completed' : 'journey.exited',
            data: { reason: input.reason },
            occurredAt: endedAt,
          },
        ],
        skipDuplicates: true,
      }),
    ]);
  };
}
