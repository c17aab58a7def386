import { ApplicationFailure } from '@temporalio/activity';
import type { TActivityDeps } from '../index';
import type { TLeadSnapshot } from '../../workflows/journey/engine';

/** The lead as a journey sees it: no personal data beyond what conditions need. */
export function createLoadLeadSnapshot({ prisma }: Pick<TActivityDeps, 'prisma'>) {
  return async function loadLeadSnapshot({ leadId }: { leadId: string }): Promise<TLeadSnapshot> {
    const lead = await prisma.lead.findUnique({ where: { id: leadId } });
    if (!lead) throw ApplicationFailure.nonRetryable(`Lead ${leadId} does not exist`, 'NOT_FOUND');
    return {
      id: lead.id,
      status: lead.status,
      heat: lead.heat,
      score: lead.score,
      source: lead.source,
      locale: lead.locale,
      timeZone: lead.timeZone,
      company: lead.company,
      tags: lead.tags,
      attributes: (lead.attributes ?? {}) as Record<string, unknown>,
      unsubscribed: lead.unsubscribedAt !== null,
      ownerEmail: lead.ownerEmail,
    };
  };
}
