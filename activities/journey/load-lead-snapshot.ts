import { ApplicationFailure } from '@temporalio/activity';
import type { TActivityDeps } from '../index';
import type { TLeadSnapshot } from '../../journey/engine';
import { toLeadSnapshot } from '../../domain/leads/to-lead-snapshot';
import { readLead } from '../../domain/leads/read-lead';
import { recordJourneyEvents, type TJourneyEventRow } from '../../domain/journeys/record-journey-events';

/**
 * The lead as a journey sees it: no personal data beyond what conditions need. `events`: the
 * journey's pending timeline rows, written in the same round (patch `journey-step-fold`).
 */
export function createLoadLeadSnapshot({ prisma }: Pick<TActivityDeps, 'prisma'>) {
  return async function loadLeadSnapshot({ leadId, events }: { leadId: string; events?: TJourneyEventRow[] }): Promise<TLeadSnapshot> {
    const [lead] = await Promise.all([readLead(prisma, leadId), recordJourneyEvents(prisma, events ?? [])]);
    if (!lead) throw ApplicationFailure.nonRetryable(`Lead ${leadId} does not exist`, 'NOT_FOUND');
    return toLeadSnapshot(lead);
  };
}
