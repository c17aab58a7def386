import { ApplicationFailure } from '@temporalio/activity';
import type { TActivityDeps } from '../index';
import type { TLeadSnapshot } from '../../journey/engine';
import { toLeadSnapshot } from '../../domain/leads/to-lead-snapshot';

/** The lead as a journey sees it: no personal data beyond what conditions need. */
export function createLoadLeadSnapshot({ prisma }: Pick<TActivityDeps, 'prisma'>) {
  return async function loadLeadSnapshot({ leadId }: { leadId: string }): Promise<TLeadSnapshot> {
    const lead = await prisma.lead.findUnique({ where: { id: leadId } });
    if (!lead) throw ApplicationFailure.nonRetryable(`Lead ${leadId} does not exist`, 'NOT_FOUND');
    return toLeadSnapshot(lead);
  };
}
