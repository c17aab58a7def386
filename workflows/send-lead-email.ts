/**
 * The thin vertical slice: send one template to one lead, durably.
 * Sandbox-pure: activities are imported as types only; no Node built-ins.
 */
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { TActivities, TSendLeadEmailResult } from '../activities';
import { SEND_ACTIVITY } from './activity-options';

import type { TSendLeadEmailInput } from '../contract/send-lead-email';

/** A refusal for good (SMTP_REJECTED) fails this workflow, with the reason; the row says FAILED. */
const { sendLeadEmail } = proxyActivities<TActivities>(SEND_ACTIVITY);

export async function sendLeadEmailWorkflow(input: TSendLeadEmailInput): Promise<TSendLeadEmailResult> {
  const { workflowId } = workflowInfo();
  return sendLeadEmail({
    leadId: input.leadId,
    templateKey: input.templateKey,
    idempotencyKey: `${workflowId}#email`,
    workflowId,
  });
}
