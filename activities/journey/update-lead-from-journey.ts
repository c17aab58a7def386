import type { TActivityDeps } from '../index';
import type { TStep } from '../../journey/definition';
import { parseDuration } from '../../journey/time';
import { changedTags } from '../../journey/lead-change';
import { afterStatusChange, applyStatusChange } from '../../domain/leads/change-lead-status';

type TChange = Extract<TStep, { type: 'updateLead' }>['updateLead'];

/**
 * Applies an updateLead step once per key (a retry never adds the score delta twice). A status
 * change goes into the lifecycle history like any other; its effects (journeys re-check goals,
 * triggers fire) run on every attempt, since they are idempotent and a crash may fall between.
 */
export function createUpdateLeadFromJourney({ prisma, crm }: Pick<TActivityDeps, 'prisma' | 'crm'>) {
  return async function updateLeadFromJourney(input: {
    leadId: string;
    enrollmentId: string;
    stepId: string;
    change: TChange;
    idempotencyKey: string;
    /** Journey time of the step (deferFor counts from it). */
    atMs?: number;
    sequenceKey?: string;
  }): Promise<void> {
    const atMs = input.atMs ?? Date.now();
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
      const lead = await tx.lead.findUniqueOrThrow({ where: { id: input.leadId }, select: { id: true, tags: true, status: true } });
      const tags = changedTags(lead.tags, input.change);
      await tx.lead.update({
        where: { id: input.leadId },
        data: {
          ...(input.change.heat ? { heat: input.change.heat } : {}),
          ...(input.change.scoreDelta ? { score: { increment: input.change.scoreDelta } } : {}),
          tags,
        },
      });
      if (input.change.status) {
        const by = `journey:${input.sequenceKey ?? input.enrollmentId}`;
        await applyStatusChange(tx, lead, { status: input.change.status, reason: `step ${input.stepId}` }, by, atMs);
      }
      if (input.change.deferFor) {
        const until = new Date(atMs + parseDuration(input.change.deferFor)!);
        await tx.lead.update({ where: { id: input.leadId }, data: { deferredUntil: until, deferReason: `journey step ${input.stepId}` } });
      }
    });
    if (input.change.status && crm) await afterStatusChange(crm, input.leadId, input.change.status);
  };
}
