/** The one-email workflow's contract (workflows/send-lead-email.ts): input, id, type name. */
import type { TSendLeadEmailResult } from '../activities/send-lead-email';

/** Workflow inputs carry ids and a version, never personal data. */
export type TSendLeadEmailInput = { version: 1; leadId: string; templateKey: string };

/** Deterministic: the same request id never starts a second workflow (or sends a second email). */
export const sendLeadEmailWorkflowId = (leadId: string, templateKey: string, requestId: string) =>
  `lead-email/${leadId}/${templateKey}/${requestId}`;

export const SEND_LEAD_EMAIL_WORKFLOW = 'sendLeadEmailWorkflow';
export type TSendLeadEmailWorkflow = (input: TSendLeadEmailInput) => Promise<TSendLeadEmailResult>;
