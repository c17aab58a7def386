/** The notification workflow's contract (workflows/notify-workflow.ts). */
export type TNotifyInput = {
  version: 1;
  idempotencyKey: string;
  leadId: string;
  to: 'owner' | { email: string };
  subject: string;
  message: string;
};

export const notifyWorkflowId = (idempotencyKey: string) => `notify/${idempotencyKey}`;

export const NOTIFY_WORKFLOW = 'notifyWorkflow';
export type TNotifyWorkflow = (input: TNotifyInput) => Promise<'sent' | 'skipped'>;
