/** One notification email to a lead's owner (or a named address), started from the API (e.g. a known lead came back). */
import { proxyActivities } from '@temporalio/workflow';
import type { TActivities } from '../activities';
import { SEND_ACTIVITY } from './activity-options';

import type { TNotifyInput } from '../contract/notify';

/** A rejected address (SMTP_REJECTED, recorded as notification.failed) fails this workflow with the reason. */
const acts = proxyActivities<TActivities>(SEND_ACTIVITY);

export async function notifyWorkflow(input: TNotifyInput): Promise<'sent' | 'skipped'> {
  const { status } = await acts.sendNotification({
    idempotencyKey: input.idempotencyKey,
    leadId: input.leadId,
    to: input.to,
    subject: input.subject,
    message: input.message,
  });
  return status;
}
