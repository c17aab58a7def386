/**
 * The thin vertical slice: send one template to one lead, durably.
 * Sandbox-pure: activities are imported as types only; no Node built-ins.
 */
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { TActivities, TSendLeadEmailResult } from '../activities';

/** Workflow inputs carry ids and a version, never personal data. */
export type TSendLeadEmailInput = { version: 1; leadId: string; templateKey: string };

/** Deterministic: the same request id never starts a second workflow (or sends a second email). */
export const sendLeadEmailWorkflowId = (leadId: string, templateKey: string, requestId: string) =>
  `lead-email/${leadId}/${templateKey}/${requestId}`;

const { sendLeadEmail } = proxyActivities<TActivities>({
  startToCloseTimeout: '2 minutes',
  heartbeatTimeout: '1 minute',
  retry: {
    initialInterval: '2 seconds',
    backoffCoefficient: 2,
    maximumInterval: '10 minutes',
    nonRetryableErrorTypes: ['NOT_FOUND', 'TEMPLATE_INVALID'],
  },
});

export async function sendLeadEmailWorkflow(input: TSendLeadEmailInput): Promise<TSendLeadEmailResult> {
  const { workflowId } = workflowInfo();
  return sendLeadEmail({
    leadId: input.leadId,
    templateKey: input.templateKey,
    idempotencyKey: `${workflowId}#email`,
    workflowId,
  });
}
