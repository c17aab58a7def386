import type { TCrmDeps } from '../crm/crm-deps';
import { evaluateCondition } from '../../workflows/journey/engine';
import { toLeadSnapshot } from '../leads/to-lead-snapshot';
import { toTrigger, type TTriggerEvent } from './schemas';
import type { TEnrollResult } from '../sequences/enroll-leads';

/**
 * Enrolls the lead in every sequence whose active trigger listens for `event` and whose
 * condition the lead meets. A lead already active in that sequence stays where it is.
 */
/**
 * Events after which a journey in the target sequence starts afresh: a new purchase ends the
 * running cross-sell (its goal) and starts one for what was just bought.
 */
const RESTARTING: readonly TTriggerEvent[] = ['purchase.recorded'];
/** How long a restart waits for the running journey to record its end. */
const RESTART_WAIT_MS = 10_000;

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
    if (RESTARTING.includes(event)) await untilEnded(deps, leadId, trigger.sequenceKey);
    const [result] = await deps.enroll({ sequenceKey: trigger.sequenceKey, leadIds: [leadId], source: `trigger:${trigger.key}` });
    if (result) results.push({ ...result, trigger: trigger.key });
  }
  return results;
}

/** Waits (bounded) for the lead's active journey in the sequence, already told to stop, to end. */
async function untilEnded(deps: Pick<TCrmDeps, 'prisma'>, leadId: string, sequenceKey: string): Promise<void> {
  const deadline = Date.now() + RESTART_WAIT_MS;
  while (Date.now() < deadline) {
    const active = await deps.prisma.enrollment.count({ where: { leadId, status: 'ACTIVE', sequence: { key: sequenceKey } } });
    if (active === 0) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}
