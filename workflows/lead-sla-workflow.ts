/**
 * The routing SLA of one lead: its owner must act (complete a task, email it, change its status)
 * within the SLA for its heat; otherwise the lead goes to the next rep (round-robin in the tier)
 * and the manager hears of it. A new assignment restarts the watch (same workflow id).
 */
import { proxyActivities, sleep } from '@temporalio/workflow';
import type { TActivities } from '../activities';
import { SEND_ACTIVITY } from './activity-options';

import type { TLeadSlaInput, TLeadSlaResult } from '../contract/lead-sla';

/** A lead bounced between this many reps is left with the last one (and the manager knows). */
const MAX_REASSIGNMENTS = 3;

/** checkLeadSla emails the manager on a miss: send options. A rejected address is recorded and the reassignment goes on. */
const acts = proxyActivities<TActivities>(SEND_ACTIVITY);

export async function leadSlaWorkflow(input: TLeadSlaInput): Promise<TLeadSlaResult> {
  let { ownerEmail, assignedAtMs, slaMs } = input;
  for (let reassignments = 0; ; reassignments++) {
    // The watch starts with the assignment: its deadline counts on the workflow clock from there.
    await sleep(slaMs);
    const checked = await acts.checkLeadSla({
      leadId: input.leadId,
      ownerEmail,
      assignedAtMs,
      mayReassign: reassignments < MAX_REASSIGNMENTS,
    });
    if (checked.outcome !== 'reassigned') return { outcome: checked.outcome, reassignments };
    ({ ownerEmail, assignedAtMs, slaMs } = checked);
  }
}
