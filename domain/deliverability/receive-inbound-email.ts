/**
 * Acts on one email that reached our inbound address (POST /webhooks/inbound): bounces and
 * complaints suppress the address, unsubscribe requests unsubscribe, replies reach the lead's
 * journeys as the `replied` event (so "stop on reply" works for real), auto-replies are
 * recorded but are not replies. Delivering the same email twice is harmless.
 *
 * The From header is not proof of anything, so an unsubscribe or a reply acts only when the
 * message proves itself:
 *   - an unsubscribe carries the signed token of the List-Unsubscribe mailto: (its subject);
 *   - a reply or auto-reply names one of our Message-IDs in In-Reply-To/References (derived
 *     from an idempotency key: unguessable, only the recipient and those it forwards to know it);
 *   - otherwise, the sender's address is used only when our receiving MTA (a trusted
 *     authserv-id, INBOUND_AUTHSERV_ID) says DMARC or aligned DKIM passed for the From domain.
 * Anything else is `unmatched` and records nothing.
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
  config: {
    unsubscribeMailto: string;
    signingSecret: string;
    softBounceLimit: number;
    /** authserv-ids of our receiving MTAs whose Authentication-Results are believed; none: the From address alone never matches. */
    trustedAuthservIds?: readonly string[] | undefined;
  };
};

export type TInboundResult = {
  kind: TInboundEmail['kind'];
  /** What was done: recorded, suppressed, unsubscribed, duplicate, or unmatched (nothing we sent). */
  outcome: 'recorded' | 'suppressed' | 'unsubscribed' | 'duplicate' | 'unmatched';
  leadId: string | null;
  messageId: string | null;
  /** Why nothing was done, for `unmatched`. */
  note?: string;
};

const UNVERIFIED_FROM = 'the From address is not verified (no trusted Authentication-Results with dmarc=pass or aligned dkim=pass)';

export async function receiveInboundEmail(deps: TInboundDeps, raw: string): Promise<TInboundResult> {
  const { prisma } = deps;
  const mail = await classifyInboundEmail(raw, {
    unsubscribeMailto: deps.config.unsubscribeMailto,
    trustedAuthservIds: deps.config.trustedAuthservIds,
  });
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
  /** The lead with the sender's address, only when the address is verified. */
  const leadByVerifiedFrom = async (m: { from: string | null; fromVerified: boolean }) =>
    m.from && m.fromVerified ? ((await prisma.lead.findUnique({ where: { email: m.from }, select: { id: true } }))?.id ?? null) : null;
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
        (mail.token ? leadIdFromToken(mail.token, 'unsub', deps.config.signingSecret) : undefined) ?? (await leadByVerifiedFrom(mail));
      if (!leadId) {
        const note = mail.fromVerified ? "no lead has the sender's address" : `no valid unsubscribe token, and ${UNVERIFIED_FROM}`;
        return { kind: mail.kind, outcome: 'unmatched', leadId: null, messageId: null, note };
      }
      await stopMarketing(deps, leadId, 'list-unsubscribe-mailto');
      return { kind: mail.kind, outcome: 'unsubscribed', leadId, messageId: null };
    }
    case 'auto-reply':
    case 'reply': {
      const sent = await findSent(mail.inReplyTo);
      const leadId = sent?.leadId ?? (await leadByVerifiedFrom(mail));
      if (!leadId) {
        const note = mail.fromVerified
          ? "it answers no email we sent, and no lead has the sender's address"
          : `it answers no email we sent (In-Reply-To/References), and ${UNVERIFIED_FROM}`;
        return { kind: mail.kind, outcome: 'unmatched', leadId: null, messageId: null, note };
      }
      const ingested = await ingestEvent(deps, {
        leadId,
        type: mail.kind === 'reply' ? 'replied' : 'auto_replied',
        messageId: sent?.messageId,
        idempotencyKey: key,
        data: { from: mail.from, via: 'inbound-email', matchedBy: sent ? 'message-id' : 'verified-from' },
      });
      return { kind: mail.kind, outcome: ingested.duplicate ? 'duplicate' : 'recorded', leadId, messageId: sent?.messageId ?? null };
    }
    default: {
      const unreachable: never = mail;
      throw new Error(`unknown inbound kind ${JSON.stringify(unreachable)}`);
    }
  }
}
