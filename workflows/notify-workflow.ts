/** One notification email to a lead's owner (or a named address), started from the API (e.g. a known lead came back). */
import { patched, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { TActivities } from '../activities';
import { SEND_ACTIVITY, sendActivityOn } from './activity-options';
import { PATCHES } from './patches';
import { sendTaskQueueOf } from '../contract/send-queue';

import type { TNotifyInput } from '../contract/notify';

/** A rejected address (SMTP_REJECTED, recorded as notification.failed) fails this workflow with the reason. */
const mainQueue = proxyActivities<TActivities>(SEND_ACTIVITY);

export async function notifyWorkflow(input: TNotifyInput): Promise<'sent' | 'skipped'> {
  // On the rate-limited send queue (ADR-041); runs started before keep the main queue.
  const acts = patched(PATCHES.sendTaskQueue.id)
    ? proxyActivities<TActivities>(sendActivityOn(sendTaskQueueOf(workflowInfo().taskQueue)))
    : mainQueue;
  const { status } = await acts.sendNotification({
    idempotencyKey: input.idempotencyKey,
    leadId: input.leadId,
    to: input.to,
    subject: input.subject,
    message: input.message,
  });
  return status;
}
