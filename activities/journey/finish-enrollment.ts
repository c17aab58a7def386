import type { TActivityDeps } from '../index';

/** Ends the enrollment (COMPLETED or EXITED, with the reason) and writes it to the timeline. */
export function createFinishEnrollment({ prisma }: Pick<TActivityDeps, 'prisma'>) {
  return async function finishEnrollment(input: {
    enrollmentId: string;
    leadId: string;
    status: 'COMPLETED' | 'EXITED';
    reason: string;
    atMs: number;
  }): Promise<void> {
    const endedAt = new Date(input.atMs);
    await prisma.$transaction([
      prisma.enrollment.updateMany({
        where: { id: input.enrollmentId, status: 'ACTIVE' },
        data: { status: input.status, exitReason: input.reason, endedAt },
      }),
      prisma.leadEvent.createMany({
        data: [
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
