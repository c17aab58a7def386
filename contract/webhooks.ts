/** The outgoing-webhook delivery workflow's contract (workflows/webhook-delivery-workflow.ts): input, id, signal. */
import { defineSignal } from '@temporalio/workflow';

export type TWebhookDeliveryInput = { version: 1; subscriptionId: string };

/** One workflow per subscription: it delivers that subscription's events, in order per lead. */
export const webhookDeliveryWorkflowId = (subscriptionId: string) => `webhooks/${subscriptionId}`;
/** Look at the outbox now instead of at the next poll (a resumed subscription, a manual retry). */
export const webhookPokeSignal = defineSignal('webhookPoke');

export const WEBHOOK_DELIVERY_WORKFLOW = 'webhookDeliveryWorkflow';
export type TWebhookDeliveryWorkflow = (input: TWebhookDeliveryInput) => Promise<'paused' | 'deleted'>;

/** What one delivery round reports back to the workflow. */
export type TWebhookRoundResult = { stop: 'paused' | 'deleted' | null; sleepMs: number; delivered: number; failed: number };
