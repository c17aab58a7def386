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
import { Prisma, type PrismaClient } from '../../generated/prisma/client';
import { nextSendTime, WEEKDAYS, type TSendWindow } from '../../journey/time';

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

/** What the policy is decided from, read in one query (sendPolicyFacts). */
export type TSendPolicyFacts = {
  /** The address's suppressions (every scope). */
  suppressions: Array<{ scope: string; reason: string }>;
  /** The lead's latest marketing consent action (GRANTED / WITHDRAWN), or null when none. */
  marketingConsent: string | null;
  /** The open sender-reputation pause of the sending domain, if any. */
  senderPause: { reason: string } | null;
  /** Workflow times of the lead's other marketing emails claimed or sent since `sinceMs`. */
  recentMarketingSendsMs: number[];
};

export type TSendPolicyRequest = {
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
};

/**
 * Everything the send policy needs from the database, in ONE query (issue 13: one round trip for
 * the whole policy): the address's suppressions, the lead's latest marketing consent, the sending
 * domain's open pause and the lead's marketing sends inside the frequency cap's period. Times are
 * compared as UTC epoch milliseconds (Prisma stores timestamp(3) in UTC), so the session's time
 * zone plays no part.
 */
export async function sendPolicyFacts(
  prisma: PrismaClient,
  request: TSendPolicyFactsRequest,
  config: Pick<TSendPolicyConfig, 'frequencyCap'>,
): Promise<TSendPolicyFacts> {
  const rows = await prisma.$queryRaw<TSendPolicyFactsRow[]>`SELECT ${sendPolicyFactsColumns(request, config)}`;
  return toSendPolicyFacts(rows[0], request);
}

export type TSendPolicyFactsRequest = Pick<TSendPolicyRequest, 'atMs' | 'idempotencyKey' | 'senderDomain'> & {
  /** Without `email`, the lead's own address is read in the same query (the send activity asks before it has the lead). */
  lead: { id: string; email?: string | undefined };
};

/** The columns sendPolicyFactsColumns selects. */
export type TSendPolicyFactsRow = {
  suppressions: TSendPolicyFacts['suppressions'] | null;
  consent: string | null;
  pause: string | null;
  sends: number[] | null;
};

/**
 * The policy's facts as four scalar subqueries (a SELECT list): alone in sendPolicyFacts, or in a
 * larger statement that reads other things in the same round trip (domain/emails/read-send-facts.ts).
 */
export function sendPolicyFactsColumns(request: TSendPolicyFactsRequest, config: Pick<TSendPolicyConfig, 'frequencyCap'>): Prisma.Sql {
  const cap = parseFrequencyCap(config.frequencyCap);
  // No cap: the sends are not needed (decideSendPolicy ignores them); any bound will do.
  const sinceMs = cap ? request.atMs - cap.periodMs : request.atMs;
  return Prisma.sql`
      (SELECT json_agg(json_build_object('scope', s.scope, 'reason', s.reason))
         FROM "Suppression" s
         WHERE s.email = COALESCE(${request.lead.email ?? null}::text, (SELECT l.email FROM "Lead" l WHERE l.id = ${request.lead.id}::uuid))) AS suppressions,
      (SELECT c.action::text FROM "ConsentRecord" c
         WHERE c."leadId" = ${request.lead.id}::uuid AND c.purpose = 'marketing'
         ORDER BY c."occurredAt" DESC, c."recordedAt" DESC LIMIT 1) AS consent,
      (SELECT p.reason FROM "SenderDomainPause" p
         WHERE p.domain = ${request.senderDomain ?? ''} AND p."resumedAt" IS NULL LIMIT 1) AS pause,
      (SELECT json_agg(floor(extract(epoch FROM COALESCE(e."scheduledFor", e."claimedAt")) * 1000))
         FROM "EmailMessage" e
         WHERE e."leadId" = ${request.lead.id}::uuid AND e.category = 'marketing'
           AND e.status::text IN ('CLAIMED', 'SENT', 'BOUNCED') AND e."idempotencyKey" <> ${request.idempotencyKey}
           AND COALESCE(e."scheduledFor", e."claimedAt") > to_timestamp(${sinceMs / 1000}::float8) AT TIME ZONE 'UTC') AS sends`;
}

/** The facts from a row of sendPolicyFactsColumns. */
export function toSendPolicyFacts(
  row: TSendPolicyFactsRow | undefined,
  request: Pick<TSendPolicyRequest, 'senderDomain'>,
): TSendPolicyFacts {
  return {
    suppressions: row?.suppressions ?? [],
    marketingConsent: row?.consent ?? null,
    senderPause: request.senderDomain && row?.pause ? { reason: row.pause } : null,
    recentMarketingSendsMs: (row?.sends ?? []).map(Number),
  };
}

/** The policy's answer from its facts: pure (unit-tested), so the activity and the simulator decide alike. */
export function decideSendPolicy(facts: TSendPolicyFacts, request: TSendPolicyRequest, config: TSendPolicyConfig): TSendDecision {
  const { lead, category, suppressions } = { ...request, suppressions: facts.suppressions };
  const all = suppressions.find((s) => s.scope === 'all');
  if (all) return { action: 'suppress', reason: `suppressed:${all.reason}` };
  if (category !== 'marketing') return { action: 'send' };

  if (lead.unsubscribedAt) return { action: 'suppress', reason: 'unsubscribed' };
  const marketing = suppressions.find((s) => s.scope === 'marketing');
  if (marketing) return { action: 'suppress', reason: `suppressed:${marketing.reason}` };
  const topic = request.topic ?? 'general';
  if (suppressions.some((s) => s.scope === `topic:${topic}`)) return { action: 'suppress', reason: `opted-out:${topic}` };
  if (config.requireMarketingConsent && facts.marketingConsent !== 'GRANTED') return { action: 'suppress', reason: 'no-consent' };
  // The sender-reputation guard (sender-reputation-guard.ts) paused marketing from this domain:
  // journeys wait and ask again; a send that cannot wait is not sent (the reputation comes first).
  if (facts.senderPause) {
    if (!request.canPostpone) return { action: 'skip', reason: facts.senderPause.reason };
    return {
      action: 'postpone',
      untilMs: request.atMs + (config.senderPauseRecheckMs ?? SENDER_PAUSE_RECHECK_MS),
      reasons: [facts.senderPause.reason],
    };
  }
  if (!request.canPostpone) return { action: 'send' };

  const window = quietHoursWindow(config.quietHours);
  const cap = parseFrequencyCap(config.frequencyCap);
  const sentAtMs = cap ? [...facts.recentMarketingSendsMs, ...(request.alsoSentAtMs ?? [])] : [];

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

/** The policy's facts (one query) and its answer. */
export async function checkSendPolicy(
  prisma: PrismaClient,
  request: TSendPolicyRequest,
  config: TSendPolicyConfig,
): Promise<TSendDecision> {
  return decideSendPolicy(await sendPolicyFacts(prisma, request, config), request, config);
}
