/**
 * Acts on one email that reached our inbound address (POST /webhooks/inbound): bounces and
 * complaints suppress the address, unsubscribe requests unsubscribe, replies reach the lead's
 * journeys as the `replied` event (so "stop on reply" works for real), auto-replies are
 * recorded but are not replies. A message is matched to what we sent by In-Reply-To/References
 * (our Message-IDs), then by the sender's address. Delivering the same email twice is harmless.
 */
import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../../generated/prisma/client';
import { leadIdFromToken } from '../../lib/mail/public-links';
import { ingestEvent } from '../journeys/ingest-event';
import { stopMarketing } from '../leads/stop-marketing';
import { classifyInboundEmail, type TInboundEmail } from './classify-inbound-email';
import { handleDeliveryEvent } from './handle-delivery-event';

export type TInboundDeps = {
  prisma: PrismaClient;
  temporal: Client;
  config: { unsubscribeMailto: string; signingSecret: string; softBounceLimit: number };
};

export type TInboundResult = {
  kind: TInboundEmail['kind'];
  /** What was done: recorded, suppressed, unsubscribed, duplicate, or unmatched (nothing we sent). */
  outcome: 'recorded' | 'suppressed' | 'unsubscribed' | 'duplicate' | 'unmatched';
  leadId: string | null;
  messageId: string | null;
};

export async function receiveInboundEmail(deps: TInboundDeps, raw: string): Promise<TInboundResult> {
  const { prisma } = deps;
  const mail = await classifyInboundEmail(raw, { unsubscribeMailto: deps.config.unsubscribeMailto });
  const findSent = async (ids: (string | null)[]) => {
    for (const messageId of ids) {
      if (!messageId) continue;
      const sent = await prisma.emailMessage.findUnique({
        where: { messageId },
        select: { messageId: true, leadId: true, toAddress: true },
      });
      if (sent) return sent;
    }
    return null;
  };
  const leadByAddress = async (email: string | null) =>
    email ? ((await prisma.lead.findUnique({ where: { email }, select: { id: true } }))?.id ?? null) : null;
  const key = mail.ownMessageId ? `inbound:${mail.ownMessageId}` : undefined;

  switch (mail.kind) {
    case 'bounce':
    case 'complaint': {
      const sent = await findSent([mail.originalMessageId]);
      const email = mail.recipient ?? sent?.toAddress ?? null;
      if (!email) return { kind: mail.kind, outcome: 'unmatched', leadId: null, messageId: mail.originalMessageId };
      const outcome = await handleDeliveryEvent(
        { prisma, temporal: deps.temporal, softBounceLimit: deps.config.softBounceLimit },
        {
          email,
          kind: mail.kind === 'complaint' ? 'COMPLAINT' : mail.hard ? 'HARD_BOUNCE' : 'SOFT_BOUNCE',
          source: mail.kind === 'complaint' ? 'arf' : 'dsn',
          messageId: sent?.messageId,
          detail: mail.kind === 'complaint' ? `feedback-type ${mail.feedbackType}` : `${mail.status} ${mail.diagnostic ?? ''}`.trim(),
          externalId: key,
        },
      );
      return {
        kind: mail.kind,
        outcome: !outcome.recorded ? 'duplicate' : outcome.suppressed ? 'suppressed' : 'recorded',
        leadId: outcome.leadId,
        messageId: sent?.messageId ?? null,
      };
    }
    case 'unsubscribe': {
      const leadId =
        (mail.token ? leadIdFromToken(mail.token, 'unsub', deps.config.signingSecret) : undefined) ?? (await leadByAddress(mail.from));
      if (!leadId) return { kind: mail.kind, outcome: 'unmatched', leadId: null, messageId: null };
      await stopMarketing(deps, leadId, 'list-unsubscribe-mailto');
      return { kind: mail.kind, outcome: 'unsubscribed', leadId, messageId: null };
    }
    case 'auto-reply':
    case 'reply': {
      const sent = await findSent(mail.inReplyTo);
      const leadId = sent?.leadId ?? (await leadByAddress(mail.from));
      if (!leadId) return { kind: mail.kind, outcome: 'unmatched', leadId: null, messageId: null };
      const ingested = await ingestEvent(deps, {
        leadId,
        type: mail.kind === 'reply' ? 'replied' : 'auto_replied',
        messageId: sent?.messageId,
        idempotencyKey: key,
        data: { from: mail.from, via: 'inbound-email' },
      });
      return { kind: mail.kind, outcome: ingested.duplicate ? 'duplicate' : 'recorded', leadId, messageId: sent?.messageId ?? null };
    }
    default: {
      const unreachable: never = mail;
      throw new Error(`unknown inbound kind ${JSON.stringify(unreachable)}`);
    }
  }
}
