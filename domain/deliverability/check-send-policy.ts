/**
 * The send policy, asked right before every lead email (and again after every postponement):
 *
 *   suppress  the address or lead must not get this email: a hard bounce or too many soft
 *             bounces (scope "all": even sales and transactional mail), and for marketing mail
 *             unsubscribe, complaint or manual suppression, a topic opt-out, missing consent;
 *   postpone  marketing mail that may go out later: the lead paused marketing, quiet hours in the
 *             lead's zone, the frequency cap across all journeys. The time returned satisfies all
 *             three, and the journey waits for it (nothing is dropped);
 *             and marketing mail from a sending domain the sender-reputation guard paused
 *             (sender-reputation-guard.ts): it waits an hour and asks again, or, if it cannot
 *             wait (a holiday greeting), is skipped and the journey goes on;
 *   send      otherwise.
 * Time is the journey's time (`atMs`), so the policy is exact under time-skipping tests too.
 */
import type { PrismaClient } from '../../generated/prisma/client';
import { nextSendTime, WEEKDAYS, type TSendWindow } from '../../journey/time';
import { activeSenderPause } from './sender-reputation-guard';

export type TSendPolicyConfig = {
  /** "21:00-08:00" or "off". */
  quietHours: string;
  /** "3/7d" or "off". */
  frequencyCap: string;
  requireMarketingConsent: boolean;
  /** A marketing send from a paused domain asks again this long after (default 1 hour). */
  senderPauseRecheckMs?: number;
};

/** How long a journey waits before asking again while its sending domain is paused. */
export const SENDER_PAUSE_RECHECK_MS = 3_600_000;

/**
 * `skip`: this one email is not sent and the journey goes on (a send that cannot wait, e.g. a
 * holiday greeting, while its sending domain is paused: ending the journey for a pause the
 * operator will lift would lose the lead).
 */
export type TSendDecision =
  | { action: 'send' }
  | { action: 'suppress'; reason: string }
  | { action: 'postpone'; untilMs: number; reasons: string[] }
  | { action: 'skip'; reason: string };

const DAY = 86_400_000;

/** The hours marketing may go out, as a daily send window: quiet "21:00-08:00" allows 08:00–21:00. */
export function quietHoursWindow(quietHours: string): TSendWindow | undefined {
  const match = /^(\d\d:\d\d)-(\d\d:\d\d)$/.exec(quietHours);
  if (!match) return undefined;
  const [, quietStart, quietEnd] = match as unknown as [string, string, string];
  return quietStart === '00:00' ? { days: WEEKDAYS, start: quietEnd, end: '24:00' } : { days: WEEKDAYS, start: quietEnd, end: quietStart };
}

export function parseFrequencyCap(cap: string): { max: number; periodMs: number } | undefined {
  const match = /^(\d+)\/(\d+)d$/.exec(cap);
  return match ? { max: Number(match[1]), periodMs: Number(match[2]) * DAY } : undefined;
}

/** The earliest time ≥ atMs at which fewer than `max` of `sentAtMs` fall in the trailing period. */
export function nextUnderCap(atMs: number, sentAtMs: number[], cap: { max: number; periodMs: number }): number {
  const recent = sentAtMs.filter((t) => t > atMs - cap.periodMs).sort((a, b) => b - a);
  if (recent.length < cap.max) return atMs;
  // The cap-th most recent send must leave the period: then only max - 1 remain in it.
  return Math.max(atMs, recent[cap.max - 1]! + cap.periodMs);
}

export async function checkSendPolicy(
  prisma: PrismaClient,
  request: {
    lead: { id: string; email: string; timeZone: string; unsubscribedAt: Date | null; marketingPausedUntil: Date | null };
    category: 'marketing' | 'sales';
    topic: string | undefined;
    atMs: number;
    idempotencyKey: string;
    /** False for journeys that predate postponement: they send now or not at all. */
    canPostpone: boolean;
    /** The sending domain (sender-reputation.ts): marketing mail from a paused domain waits. */
    senderDomain?: string | undefined;
    /** Marketing sends not in the database that count toward the cap (the simulator's own). */
    alsoSentAtMs?: readonly number[];
  },
  config: TSendPolicyConfig,
): Promise<TSendDecision> {
  const { lead, category } = request;
  const suppressions = await prisma.suppression.findMany({ where: { email: lead.email }, select: { scope: true, reason: true } });
  const all = suppressions.find((s) => s.scope === 'all');
  if (all) return { action: 'suppress', reason: `suppressed:${all.reason}` };
  if (category !== 'marketing') return { action: 'send' };

  if (lead.unsubscribedAt) return { action: 'suppress', reason: 'unsubscribed' };
  const marketing = suppressions.find((s) => s.scope === 'marketing');
  if (marketing) return { action: 'suppress', reason: `suppressed:${marketing.reason}` };
  const topic = request.topic ?? 'general';
  if (suppressions.some((s) => s.scope === `topic:${topic}`)) return { action: 'suppress', reason: `opted-out:${topic}` };
  if (config.requireMarketingConsent) {
    const latest = await prisma.consentRecord.findFirst({
      where: { leadId: lead.id, purpose: 'marketing' },
      orderBy: [{ occurredAt: 'desc' }, { recordedAt: 'desc' }],
    });
    if (latest?.action !== 'GRANTED') return { action: 'suppress', reason: 'no-consent' };
  }
  // The sender-reputation guard (sender-reputation-guard.ts) paused marketing from this domain:
  // journeys wait and ask again; a send that cannot wait is not sent (the reputation comes first).
  const senderPause = request.senderDomain ? await activeSenderPause(prisma, request.senderDomain) : null;
  if (senderPause) {
    if (!request.canPostpone) return { action: 'skip', reason: senderPause.reason };
    return {
      action: 'postpone',
      untilMs: request.atMs + (config.senderPauseRecheckMs ?? SENDER_PAUSE_RECHECK_MS),
      reasons: [senderPause.reason],
    };
  }
  if (!request.canPostpone) return { action: 'send' };

  const window = quietHoursWindow(config.quietHours);
  const cap = parseFrequencyCap(config.frequencyCap);
  let sentAtMs: number[] = [];
  if (cap) {
    const since = new Date(request.atMs - cap.periodMs);
    const recent = await prisma.emailMessage.findMany({
      where: {
        leadId: lead.id,
        category: 'marketing',
        status: { in: ['CLAIMED', 'SENT', 'BOUNCED'] },
        idempotencyKey: { not: request.idempotencyKey },
        OR: [{ scheduledFor: { gt: since } }, { scheduledFor: null, claimedAt: { gt: since } }],
      },
      select: { scheduledFor: true, claimedAt: true },
    });
    sentAtMs = [...recent.map((e) => (e.scheduledFor ?? e.claimedAt).getTime()), ...(request.alsoSentAtMs ?? [])];
  }

  const reasons = new Set<string>();
  let at = request.atMs;
  // Each rule only moves time forward; a few rounds settle on a time all three allow.
  for (let round = 0; round < 10; round++) {
    const before = at;
    if (lead.marketingPausedUntil && lead.marketingPausedUntil.getTime() > at) {
      at = lead.marketingPausedUntil.getTime();
      reasons.add(`paused by the lead until ${lead.marketingPausedUntil.toISOString()}`);
    }
    if (window) {
      const allowed = nextSendTime(at, window, lead.timeZone);
      if (allowed > at) reasons.add(`quiet hours ${config.quietHours} ${lead.timeZone}`);
      at = allowed;
    }
    if (cap) {
      const allowed = nextUnderCap(at, sentAtMs, cap);
      if (allowed > at) reasons.add(`frequency cap ${config.frequencyCap}`);
      at = allowed;
    }
    if (at === before) break;
  }
  return at > request.atMs ? { action: 'postpone', untilMs: at, reasons: [...reasons] } : { action: 'send' };
}
