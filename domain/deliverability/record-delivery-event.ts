/**
 * What happened to a message after SMTP accepted it (an ESP webhook, a DSN bounce message) or
 * while sending it (SMTP 5xx/4xx): recorded once, on the message and the lead's timeline, and
 * acted on at once:
 *   HARD_BOUNCE  suppress the address for everything (even sales and transactional mail);
 *   SOFT_BOUNCE  suppress it once SOFT_BOUNCE_LIMIT soft bounces fall within 30 days;
 *   COMPLAINT    suppress marketing and unsubscribe the lead (consent withdrawn);
 *   DEFERRED, DELIVERED  recorded only.
 * The caller tells journeys (signals need a Temporal client; see handle-delivery-event.ts).
 */
import type { PrismaClient } from '../../generated/prisma/client';
import { normalizeEmail } from '../leads/schemas';
import { unsubscribeLead } from '../leads/unsubscribe-lead';
import { suppressAddress } from './suppress-address';

export const DELIVERY_KINDS = ['HARD_BOUNCE', 'SOFT_BOUNCE', 'COMPLAINT', 'DEFERRED', 'DELIVERED'] as const;
export type TDeliveryKind = (typeof DELIVERY_KINDS)[number];

export type TDeliveryEvent = {
  email: string;
  kind: TDeliveryKind;
  /** webhook, dsn, smtp, arf. */
  source: string;
  messageId?: string | undefined;
  detail?: string | undefined;
  externalId?: string | undefined;
  occurredAt?: Date | undefined;
};

export type TDeliveryOutcome = {
  /** False when the same externalId was already recorded (a re-delivered webhook). */
  recorded: boolean;
  leadId: string | null;
  /** The suppression this event caused, if it caused one now. */
  suppressed: { scope: 'all' | 'marketing'; reason: string } | null;
};

const SOFT_BOUNCE_PERIOD_MS = 30 * 86_400_000;
const TIMELINE_TYPE: Record<TDeliveryKind, string> = {
  HARD_BOUNCE: 'email.bounced',
  SOFT_BOUNCE: 'email.bounced',
  COMPLAINT: 'email.complained',
  DEFERRED: 'email.deferred',
  DELIVERED: 'email.delivered',
};

export async function recordDeliveryEvent(
  prisma: PrismaClient,
  event: TDeliveryEvent,
  options: { softBounceLimit: number },
): Promise<TDeliveryOutcome> {
  const email = normalizeEmail(event.email);
  const occurredAt = event.occurredAt ?? new Date();
  const { count } = await prisma.deliveryEvent.createMany({
    data: [
      {
        email,
        kind: event.kind,
        source: event.source,
        messageId: event.messageId ?? null,
        detail: event.detail?.slice(0, 2000) ?? null,
        externalId: event.externalId ?? null,
        occurredAt,
      },
    ],
    skipDuplicates: true,
  });
  const message = event.messageId
    ? await prisma.emailMessage.findUnique({
        where: { messageId: event.messageId },
        select: { id: true, leadId: true, enrollmentId: true, status: true },
      })
    : null;
  const leadId = message?.leadId ?? (await prisma.lead.findUnique({ where: { email }, select: { id: true } }))?.id ?? null;
  if (count === 0) return { recorded: false, leadId, suppressed: null };

  const bounce = event.kind === 'HARD_BOUNCE' || event.kind === 'SOFT_BOUNCE';
  if (message && bounce && message.status === 'SENT') {
    await prisma.emailMessage.update({
      where: { id: message.id },
      data: { status: 'BOUNCED', error: `${event.kind}: ${event.detail ?? ''}`.slice(0, 2000) },
    });
  }
  if (leadId) {
    await prisma.leadEvent.create({
      data: {
        leadId,
        enrollmentId: message?.enrollmentId ?? null,
        type: TIMELINE_TYPE[event.kind],
        occurredAt,
        data: {
          kind: event.kind === 'HARD_BOUNCE' ? 'hard' : event.kind === 'SOFT_BOUNCE' ? 'soft' : event.kind.toLowerCase(),
          source: event.source,
          messageId: event.messageId ?? null,
          detail: event.detail ?? null,
        },
      },
    });
  }

  let suppressed: TDeliveryOutcome['suppressed'] = null;
  if (event.kind === 'HARD_BOUNCE') {
    if ((await suppressAddress(prisma, { email, scope: 'all', reason: 'hard-bounce', detail: event.detail })).created)
      suppressed = { scope: 'all', reason: 'hard-bounce' };
  } else if (event.kind === 'SOFT_BOUNCE') {
    const recent = await prisma.deliveryEvent.count({
      where: { email, kind: 'SOFT_BOUNCE', occurredAt: { gt: new Date(occurredAt.getTime() - SOFT_BOUNCE_PERIOD_MS) } },
    });
    if (recent >= options.softBounceLimit) {
      const detail = `${recent} soft bounces in 30 days; last: ${event.detail ?? ''}`;
      if ((await suppressAddress(prisma, { email, scope: 'all', reason: 'soft-bounce', detail })).created)
        suppressed = { scope: 'all', reason: 'soft-bounce' };
    }
  } else if (event.kind === 'COMPLAINT') {
    if ((await suppressAddress(prisma, { email, scope: 'marketing', reason: 'complaint', detail: event.detail })).created)
      suppressed = { scope: 'marketing', reason: 'complaint' };
    if (leadId) await unsubscribeLead(prisma, leadId, 'complaint');
  }
  return { recorded: true, leadId, suppressed };
}
