import { ApplicationFailure } from '@temporalio/activity';
import type { TActivityDeps } from '../index';
import type { TLeadSnapshot } from '../../journey/engine';
import { toLeadSnapshot } from '../../domain/leads/to-lead-snapshot';
import { readLead } from '../../domain/leads/read-lead';
import { createPublishedVersions, type TPublishedVersion } from '../../domain/sequences/published-versions';

/** The published version a journey runs (parsed once per worker: domain/sequences/published-versions.ts). */
export function createLoadJourney({ prisma }: Pick<TActivityDeps, 'prisma'>) {
  const versions = createPublishedVersions({ prisma });
  return async function loadJourney(input: { enrollmentId: string; sequenceVersionId: string }): Promise<TPublishedVersion> {
    const read = await versions(input.sequenceVersionId);
    if (!read.ok) throw ApplicationFailure.nonRetryable(read.message, read.code);
    return read.published;
  };
}

/**
 * A journey's first read (patch `journey-step-fold`): its definition and the lead, in one round of
 * queries, instead of two local activities one after the other. A journey whose enrolment handed
 * it both, and whose first task runs soon after its start, makes no such read (ADR-055).
 */
export function createBeginJourney({ prisma }: Pick<TActivityDeps, 'prisma'>) {
  const loadJourney = createLoadJourney({ prisma });
  return async function beginJourney(input: {
    enrollmentId: string;
    sequenceVersionId: string;
    leadId: string;
  }): Promise<TPublishedVersion & { lead: TLeadSnapshot }> {
    const [journey, lead] = await Promise.all([loadJourney(input), readLead(prisma, input.leadId)]);
    if (!lead) throw ApplicationFailure.nonRetryable(`Lead ${input.leadId} does not exist`, 'NOT_FOUND');
    return { ...journey, lead: toLeadSnapshot(lead) };
  };
}
