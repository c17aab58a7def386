import type { TCrmDeps } from '../crm/crm-deps';
import { pollUntil } from '../../lib/poll-until';
import { evaluateCondition, metGoalByEvents, type TEngagementEvent } from '../../journey/engine';
import { ZSequenceDefinition } from '../../journey/definition';
import { toLeadSnapshot } from '../leads/to-lead-snapshot';
import { toTrigger, type TTriggerEvent } from './schemas';
import type { TEnrollResult } from '../sequences/enroll-leads';

/**
 * Enrolls the lead in every sequence whose active trigger listens for `event` and whose
 * condition the lead meets. A lead already active in that sequence stays where it is.
 */
/**
 * Engagement each event also delivers to the lead's journeys: a running journey whose goal it
 * meets is ending, and its sequence's trigger starts it afresh (a new purchase ends the running
 * cross-sell and starts one for what was just bought).
 */
const ENDS_BY_GOAL: Partial<Record<TTriggerEvent, TEngagementEvent['type']>> = { 'purchase.recorded': 'purchased' };
/** How long a restart waits for the ending journey to record its end. */
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
    const ending = ENDS_BY_GOAL[event];
    if (ending) await untilEndedByGoal(deps, leadId, trigger.sequenceKey, ending);
    const [result] = await deps.enroll({ sequenceKey: trigger.sequenceKey, leadIds: [leadId], source: `trigger:${trigger.key}` });
    if (result) results.push({ ...result, trigger: trigger.key });
  }
  return results;
}

/** Waits (bounded) for the lead's active journey in the sequence to end, if its goals end it on `event`. */
async function untilEndedByGoal(deps: Pick<TCrmDeps, 'prisma'>, leadId: string, sequenceKey: string, event: string): Promise<void> {
  const active = await deps.prisma.enrollment.findFirst({
    where: { leadId, status: 'ACTIVE', sequence: { key: sequenceKey } },
    select: { id: true, sequenceVersion: { select: { definition: true } } },
  });
  if (!active) return;
  const { goals } = ZSequenceDefinition.parse(active.sequenceVersion.definition).settings;
  if (!metGoalByEvents(goals, [{ type: event, atMs: 0 }])) return; // it carries on: nothing to restart
  await pollUntil(async () => (await deps.prisma.enrollment.count({ where: { id: active.id, status: 'ACTIVE' } })) === 0, RESTART_WAIT_MS);
}
