/**
 * The thin vertical slice: send one template to one lead, durably.
 * Sandbox-pure: activities are imported as types only; no Node built-ins.
 */
import { patched, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { TActivities, TSendLeadEmailResult } from '../activities';
import { SEND_ACTIVITY, sendActivityOn } from './activity-options';
import { PATCHES } from './patches';
import { sendTaskQueueOf } from '../contract/send-queue';

import type { TSendLeadEmailInput } from '../contract/send-lead-email';

/** A refusal for good (SMTP_REJECTED) fails this workflow, with the reason; the row says FAILED. */
const mainQueue = proxyActivities<TActivities>(SEND_ACTIVITY);

export async function sendLeadEmailWorkflow(input: TSendLeadEmailInput): Promise<TSendLeadEmailResult> {
  const { workflowId, taskQueue } = workflowInfo();
  // On the rate-limited send queue (ADR-041); runs started before keep the main queue.
  const { sendLeadEmail } = patched(PATCHES.sendTaskQueue.id)
    ? proxyActivities<TActivities>(sendActivityOn(sendTaskQueueOf(taskQueue)))
    : mainQueue;
  return sendLeadEmail({
    leadId: input.leadId,
    templateKey: input.templateKey,
    idempotencyKey: `${workflowId}#email`,
    workflowId,
  });
}
