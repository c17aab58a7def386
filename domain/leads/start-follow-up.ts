/**
 * Sales' entry point (POST /leads/:id/follow-ups): starts a sales cadence for the lead, owned by
 * its rep (routed first if it has none). The cadence stops on a reply, a booked meeting, won or lost.
 */
import { AppError } from '../../lib/errors';
import type { TCrmDeps } from '../crm/crm-deps';
import { assignLead } from '../reps/assign-lead';
import type { TEnrollResult } from '../sequences/enroll-leads';
import { ZSequenceDefinition } from '../../journey/definition';

export const DEFAULT_FOLLOW_UP_SEQUENCE = 'sales-follow-up';

export async function startFollowUp(
  deps: TCrmDeps,
  leadId: string,
  input: { sequenceKey?: string | undefined },
): Promise<TEnrollResult & { ownerEmail: string }> {
  const sequenceKey = input.sequenceKey ?? DEFAULT_FOLLOW_UP_SEQUENCE;
  const lead = await deps.prisma.lead.findUnique({ where: { id: leadId } });
  if (!lead) throw new AppError('NOT_FOUND', `Lead ${leadId} does not exist`);
  if (['CUSTOMER', 'LOST'].includes(lead.status)) {
    throw new AppError('CONFLICT', `The lead is ${lead.status}: a sales cadence would stop at once (change its status first)`);
  }
  const sequence = await deps.prisma.sequence.findUnique({
    where: { key: sequenceKey },
    include: { versions: { orderBy: { version: 'desc' }, take: 1 } },
  });
  const latest = sequence?.versions[0];
  if (!latest) throw new AppError('NOT_FOUND', `Sequence ${sequenceKey} does not exist`);
  if (ZSequenceDefinition.parse(latest.definition).settings.category !== 'sales') {
    throw new AppError('VALIDATION_FAILED', `Sequence ${sequenceKey} is a marketing sequence; a follow-up needs a sales cadence`);
  }
  let ownerEmail = lead.ownerEmail;
  if (!ownerEmail) ownerEmail = (await assignLead(deps, leadId, { reason: 'sales follow-up' }))?.email ?? null;
  if (!ownerEmail) throw new AppError('CONFLICT', 'The lead has no owner and no rep has free capacity: add a rep or set the owner');
  const [result] = await deps.enroll({ sequenceKey, leadIds: [leadId], source: 'follow-up' });
  return { ...result!, ownerEmail };
}
