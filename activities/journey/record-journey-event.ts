import type { TActivityDeps } from '../index';

export type TRecordJourneyEventInput = {
  enrollmentId: string;
  leadId: string;
  type: string;
  data: Record<string, unknown>;
  atMs: number;
  idempotencyKey: string;
};

/** One timeline row per journey outcome; the key makes a retried activity write it once. */
export function createRecordJourneyEvent({ prisma }: Pick<TActivityDeps, 'prisma'>) {
  return async function recordJourneyEvent(input: TRecordJourneyEventInput): Promise<void> {
    await prisma.leadEvent.createMany({
      data: [
        {
          idempotencyKey: input.idempotencyKey,
          leadId: input.leadId,
          enrollmentId: input.enrollmentId,
          type: input.type,
          data: input.data as object,
          occurredAt: new Date(input.atMs),
        },
      ],
      skipDuplicates: true,
    });
  };
}
