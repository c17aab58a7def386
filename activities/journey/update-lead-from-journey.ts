import type { TActivityDeps } from '../index';
import type { TStep } from '../../workflows/journey/definition';

type TChange = Extract<TStep, { type: 'updateLead' }>['updateLead'];

/** Applies an updateLead step once per key (a retry never adds the score delta twice). */
export function createUpdateLeadFromJourney({ prisma }: Pick<TActivityDeps, 'prisma'>) {
  return async function updateLeadFromJourney(input: {
    leadId: string;
    enrollmentId: string;
    stepId: string;
    change: TChange;
    idempotencyKey: string;
  }): Promise<void> {
    await prisma.$transaction(async (tx) => {
      const claimed = await tx.leadEvent.createMany({
        data: [
          {
            idempotencyKey: `${input.idempotencyKey}#update`,
            leadId: input.leadId,
            enrollmentId: input.enrollmentId,
            type: 'lead.updated',
            data: { stepId: input.stepId, change: input.change },
          },
        ],
        skipDuplicates: true,
      });
      if (claimed.count === 0) return;
      const lead = await tx.lead.findUniqueOrThrow({ where: { id: input.leadId }, select: { tags: true } });
      const tags = new Set(lead.tags);
      for (const t of input.change.addTags ?? []) tags.add(t);
      for (const t of input.change.removeTags ?? []) tags.delete(t);
      await tx.lead.update({
        where: { id: input.leadId },
        data: {
          ...(input.change.status ? { status: input.change.status } : {}),
          ...(input.change.heat ? { heat: input.change.heat } : {}),
          ...(input.change.scoreDelta ? { score: { increment: input.change.scoreDelta } } : {}),
          tags: [...tags],
        },
      });
    });
  };
}
