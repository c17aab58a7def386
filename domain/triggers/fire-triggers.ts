import type { TCrmDeps } from '../crm/crm-deps';
import { evaluateCondition } from '../../workflows/journey/engine';
import { toLeadSnapshot } from '../leads/to-lead-snapshot';
import { toTrigger, type TTriggerEvent } from './schemas';
import type { TEnrollResult } from '../sequences/enroll-leads';

/**
 * Enrolls the lead in every sequence whose active trigger listens for `event` and whose
 * condition the lead meets. A lead already active in that sequence stays where it is.
 */
export async function fireTriggers(
  deps: Pick<TCrmDeps, 'prisma' | 'enroll'>,
  event: TTriggerEvent,
  leadId: string,
): Promise<(TEnrollResult & { trigger: string })[]> {
  const triggers = (await deps.prisma.journeyTrigger.findMany({ where: { event, active: true }, orderBy: { key: 'asc' } })).map(toTrigger);
  if (!triggers.length) return [];
  const lead = await deps.prisma.lead.findUnique({ where: { id: leadId } });
  if (!lead) return [];
  const snapshot = toLeadSnapshot(lead);
  const results: (TEnrollResult & { trigger: string })[] = [];
  for (const trigger of triggers) {
    if (trigger.condition && !evaluateCondition(trigger.condition, snapshot, [])) continue;
    const [result] = await deps.enroll({ sequenceKey: trigger.sequenceKey, leadIds: [leadId], source: `trigger:${trigger.key}` });
    if (result) results.push({ ...result, trigger: trigger.key });
  }
  return results;
}
