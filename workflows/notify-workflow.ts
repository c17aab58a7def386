/** One notification email to a lead's owner (or a named address), started from the API (e.g. a known lead came back). */
import { proxyActivities } from '@temporalio/workflow';
import type { TActivities } from '../activities';

export type TNotifyInput = {
  version: 1;
  idempotencyKey: string;
  leadId: string;
  to: 'owner' | { email: string };
  subject: string;
  message: string;
};

export const notifyWorkflowId = (idempotencyKey: string) => `notify/${idempotencyKey}`;

const acts = proxyActivities<TActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes', nonRetryableErrorTypes: ['NOT_FOUND'] },
});

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
