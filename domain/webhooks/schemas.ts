/**
 * What an admin sends to create or change an outgoing-webhook subscription: shared by the API
 * (route bodies) and the console (its form checks the same rules before sending). Browser-safe:
 * zod and the event types only.
 */
import { z } from 'zod';
import { ZWebhookEventType } from './event-types';

/** An http(s) URL with a host; the API checks it further (credentials, private addresses). */
const ZWebhookUrl = z
  .string()
  .trim()
  .min(1, 'enter the URL that receives the events')
  .max(2000)
  .refine((v) => /^https?:\/\/[^\s/?#]+/i.test(v), 'must be an http(s) URL, like https://crm.example.com/hooks/nurture');

export const ZWebhookSubscriptionInput = z.object({
  url: ZWebhookUrl,
  events: z.array(ZWebhookEventType).min(1, 'choose at least one event').max(50),
  description: z.string().trim().max(500).optional(),
});
export type TWebhookSubscriptionInput = z.infer<typeof ZWebhookSubscriptionInput>;

export const ZWebhookSubscriptionUpdate = z.object({
  url: ZWebhookUrl.optional(),
  events: z.array(ZWebhookEventType).min(1, 'choose at least one event').max(50).optional(),
  description: z.string().trim().max(500).nullable().optional(),
  /** PAUSED stops deliveries (pending ones wait); ACTIVE resumes them, oldest first. */
  status: z.enum(['ACTIVE', 'PAUSED']).optional(),
});
export type TWebhookSubscriptionUpdate = z.infer<typeof ZWebhookSubscriptionUpdate>;
