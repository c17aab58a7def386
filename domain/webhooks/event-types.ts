/**
 * The events outgoing webhooks can subscribe to, and which timeline row each comes from. The
 * lead timeline (LeadEvent) and the customer card (CustomerEvent) are the outbox: every domain
 * operation already writes its row there, in its own transaction, so a webhook can never announce
 * something that was rolled back, and no domain function has to know about webhooks.
 */
import { z } from 'zod';

export const WEBHOOK_EVENT_TYPES = [
  'lead.created',
  'lead.status_changed',
  'lead.heat_changed',
  'lead.assigned',
  'email.sent',
  'email.bounced',
  'email.unsubscribed',
  'journey.exited',
  'journey.completed',
  'task.created',
  'task.completed',
  'customer.purchase',
  'referral.rewarded',
] as const;

export const ZWebhookEventType = z.enum(WEBHOOK_EVENT_TYPES);
export type TWebhookEventType = z.infer<typeof ZWebhookEventType>;

/** LeadEvent types that map one to one. */
const FROM_LEAD_EVENT: Record<string, TWebhookEventType> = {
  'lead.created': 'lead.created',
  'lead.status_changed': 'lead.status_changed',
  'lead.assigned': 'lead.assigned',
  'email.sent': 'email.sent',
  'email.bounced': 'email.bounced',
  'lead.unsubscribed': 'email.unsubscribed',
  'journey.exited': 'journey.exited',
  'journey.completed': 'journey.completed',
  'task.created': 'task.created',
  'task.completed': 'task.completed',
};

/** CustomerEvent types. */
const FROM_CUSTOMER_EVENT: Record<string, TWebhookEventType> = {
  purchase: 'customer.purchase',
  'referral.rewarded': 'referral.rewarded',
};

/** The timeline types the outbox reads (a filter for its query). */
export const OUTBOX_LEAD_EVENT_TYPES = [...Object.keys(FROM_LEAD_EVENT), 'lead.updated'];
export const OUTBOX_CUSTOMER_EVENT_TYPES = Object.keys(FROM_CUSTOMER_EVENT);

/**
 * The webhook event a timeline row is, if any. `lead.updated` is a heat change when it says so:
 * an API edit lists the changed fields (and carries `heat: { from, to }`), a journey step its change.
 */
export function webhookEventOf(source: 'lead' | 'customer', type: string, data: unknown): TWebhookEventType | undefined {
  if (source === 'customer') return FROM_CUSTOMER_EVENT[type];
  if (type === 'lead.updated') {
    const d = (data ?? {}) as { fields?: unknown; change?: { heat?: unknown } };
    const heatChanged = (Array.isArray(d.fields) && d.fields.includes('heat')) || Boolean(d.change?.heat);
    return heatChanged ? 'lead.heat_changed' : undefined;
  }
  return FROM_LEAD_EVENT[type];
}
