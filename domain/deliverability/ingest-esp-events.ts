/**
 * Events from an email service provider's webhook, in SendGrid's Event Webhook format (a JSON
 * array; Postmark, Mailgun and SES relays map onto it easily, see the README):
 *   bounce (type "bounce" → hard, type "blocked" or a 4.x.x status → soft), spamreport →
 *   complaint, deferred, delivered, open, click, unsubscribe / group_unsubscribe.
 * Messages are matched by our Message-ID in "smtp-id" (or "message_id"); "sg_event_id" makes a
 * re-delivered webhook harmless. One bad event never rejects the batch: each gets an outcome.
 */
import { z } from 'zod';
import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../../generated/prisma/client';
import { normalizeEmail } from '../leads/schemas';
import { stopMarketing } from '../leads/stop-marketing';
import { ingestEvent } from '../journeys/ingest-event';
import { handleDeliveryEvent } from './handle-delivery-event';
import type { TDeliveryKind } from './record-delivery-event';

export const ZEspEvent = z
  .object({
    email: z.string().min(3).max(254),
    event: z.string().min(1).max(40),
    timestamp: z.number().optional(),
    'smtp-id': z.string().max(500).optional(),
    message_id: z.string().max(500).optional(),
    sg_event_id: z.string().max(200).optional(),
    type: z.string().max(40).optional(),
    status: z.string().max(40).optional(),
    reason: z.string().max(2000).optional(),
    response: z.string().max(2000).optional(),
    url: z.string().max(4000).optional(),
  })
  .loose();
export type TEspEvent = z.infer<typeof ZEspEvent>;

export type TEspOutcome = {
  index: number;
  event: string;
  outcome: 'recorded' | 'suppressed' | 'duplicate' | 'unsubscribed' | 'ignored';
  note?: string;
};

export async function ingestEspEvents(
  deps: { prisma: PrismaClient; temporal: Client; softBounceLimit: number },
  events: TEspEvent[],
): Promise<TEspOutcome[]> {
  const outcomes: TEspOutcome[] = [];
  for (const [index, e] of events.entries()) {
    const email = normalizeEmail(e.email);
    const messageId = /<[^<>\s]+>/.exec(e['smtp-id'] ?? e.message_id ?? '')?.[0];
    const occurredAt = e.timestamp ? new Date(e.timestamp * 1000) : undefined;
    const externalId = e.sg_event_id ? `esp:${e.sg_event_id}` : undefined;
    const kind: TDeliveryKind | undefined =
      e.event === 'bounce'
        ? e.type === 'blocked' || e.status?.startsWith('4')
          ? 'SOFT_BOUNCE'
          : 'HARD_BOUNCE'
        : e.event === 'spamreport'
          ? 'COMPLAINT'
          : e.event === 'deferred'
            ? 'DEFERRED'
            : e.event === 'delivered'
              ? 'DELIVERED'
              : undefined;
    if (kind) {
      const known = messageId ? await deps.prisma.emailMessage.findUnique({ where: { messageId }, select: { id: true } }) : null;
      const result = await handleDeliveryEvent(deps, {
        email,
        kind,
        source: 'webhook',
        messageId: known ? messageId : undefined,
        detail: [e.status, e.reason ?? e.response].filter(Boolean).join(' ') || undefined,
        externalId,
        occurredAt,
      });
      outcomes.push({ index, event: e.event, outcome: !result.recorded ? 'duplicate' : result.suppressed ? 'suppressed' : 'recorded' });
      continue;
    }
    if (e.event === 'open' || e.event === 'click') {
      const sent = messageId ? await deps.prisma.emailMessage.findUnique({ where: { messageId }, select: { leadId: true } }) : null;
      if (!sent) {
        outcomes.push({ index, event: e.event, outcome: 'ignored', note: 'no email we sent has this smtp-id' });
        continue;
      }
      const ingested = await ingestEvent(deps, {
        leadId: sent.leadId,
        type: e.event === 'open' ? 'opened' : 'clicked',
        messageId,
        idempotencyKey: externalId,
        data: { via: 'esp-webhook', ...(e.url ? { url: e.url } : {}) },
      });
      outcomes.push({ index, event: e.event, outcome: ingested.duplicate ? 'duplicate' : 'recorded' });
      continue;
    }
    if (e.event === 'unsubscribe' || e.event === 'group_unsubscribe') {
      const lead = await deps.prisma.lead.findUnique({ where: { email }, select: { id: true } });
      if (!lead) {
        outcomes.push({ index, event: e.event, outcome: 'ignored', note: 'no lead has this address' });
        continue;
      }
      await stopMarketing(deps, lead.id, 'esp-webhook');
      outcomes.push({ index, event: e.event, outcome: 'unsubscribed' });
      continue;
    }
    outcomes.push({ index, event: e.event, outcome: 'ignored', note: `event "${e.event}" is not used` });
  }
  return outcomes;
}
