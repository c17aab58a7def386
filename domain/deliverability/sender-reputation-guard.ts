/**
 * The sender-reputation guard (ADR-035). Mailbox providers block senders whose spam-complaint
 * rate passes 0.3 % (Gmail and Yahoo's 2024 sender rules) or whose hard bounces show a dirty
 * list, so the engine watches both per sending domain over a rolling window and pauses its own
 * marketing mail from a domain that passes a threshold:
 *
 *   measure   sent = emails SMTP accepted from the domain in the window; complaints and hard
 *             bounces = delivery events in the window on those emails (by Message-ID, or by
 *             address for an event that carries none). The window starts no earlier than the
 *             domain's last resume, so a resumed domain is judged on what happened since.
 *   pause     complaint rate > complaintRateMax or hard-bounce rate > hardBounceRateMax, with at
 *             least minSent emails in the window: one open SenderDomainPause row per domain (a
 *             partial unique index, so concurrent workers pause once); check-send-policy.ts then
 *             postpones marketing mail from the domain with the pause's reason.
 *   notify    the admins (enabled ADMIN users, plus alertEmail) get one email per pause: the row
 *             is claimed (notifiedAt) before sending, and released if the send fails.
 *   resume    an admin's one call (POST /deliverability/sender-domains/:domain/resume).
 * Transactional and 1:1 sales mail are never paused: the policy only asks for marketing mail.
 */
import type { PrismaClient, SenderDomainPause } from '../../generated/prisma/client';
import { AppError } from '../../lib/errors';
import type { TMailer } from '../../lib/mail/create-mailer';
import type { TLogger } from '../../lib/logger';
import type { TEnv } from '../../lib/env';
import type { TSenderDomainSample } from '../../lib/metrics/sender-metrics';
import type { TTranslator } from '../../lib/i18n/translator';
import { formatStaffRate, groupByStaffLocale, staffTranslatorFor } from '../staff/staff-translator';
import { isUniqueViolation } from '../../lib/db/unique-violation';

export type TSenderReputationConfig = {
  /** Percent, e.g. 0.3. */
  complaintRateMax: number;
  /** Percent, e.g. 5. */
  hardBounceRateMax: number;
  windowMs: number;
  /** Fewer sends than this in the window never pause (too few to judge). */
  minSent: number;
  /** Extra recipient of pause alerts, besides the ADMIN users. */
  alertEmail?: string | undefined;
  /** From address of the alerts (MAIL_FROM). */
  mailFrom: string;
};

export type TSenderReputation = {
  domain: string;
  since: Date;
  sent: number;
  complaints: number;
  hardBounces: number;
  /** Percent. */
  complaintRate: number;
  /** Percent. */
  hardBounceRate: number;
};

export type TSenderDomainStatus = TSenderReputation & { paused: SenderDomainPause | null };

const HOUR = 3_600_000;

/** "24 h", "90 min", "2 d". */
export function formatWindow(ms: number): string {
  if (ms % (24 * HOUR) === 0 && ms >= 48 * HOUR) return `${ms / (24 * HOUR)} d`;
  if (ms % HOUR === 0) return `${ms / HOUR} h`;
  return `${Math.round(ms / 60_000)} min`;
}

/** 0.4 → "0.4 %", 5.263 → "5.26 %". */
export const formatRate = (percent: number) => `${Number(percent.toFixed(2))} %`;

const rate = (count: number, sent: number) => (sent > 0 ? (count / sent) * 100 : 0);

/** The open pause of a domain, if any. */
export function activeSenderPause(prisma: PrismaClient, domain: string): Promise<SenderDomainPause | null> {
  return prisma.senderDomainPause.findFirst({ where: { domain, resumedAt: null } });
}

async function windowStart(prisma: PrismaClient, domain: string, windowMs: number, now: Date): Promise<Date> {
  const last = await prisma.senderDomainPause.findFirst({
    where: { domain, resumedAt: { not: null } },
    orderBy: { resumedAt: 'desc' },
    select: { resumedAt: true },
  });
  const since = now.getTime() - windowMs;
  return new Date(Math.max(since, last?.resumedAt?.getTime() ?? 0));
}

/** Sent, complaints and hard bounces of one sending domain over the rolling window. */
export async function measureSenderReputation(
  prisma: PrismaClient,
  domain: string,
  options: { windowMs: number; now?: Date },
): Promise<TSenderReputation> {
  const now = options.now ?? new Date();
  const since = await windowStart(prisma, domain, options.windowMs, now);
  const [sent, events] = await Promise.all([
    prisma.emailMessage.count({ where: { fromDomain: domain, sentAt: { gte: since, lte: now }, status: { in: ['SENT', 'BOUNCED'] } } }),
    prisma.$queryRaw<Array<{ kind: string; n: number }>>`
      SELECT d.kind, count(DISTINCT COALESCE(d."messageId", d.email))::int AS n
      FROM "DeliveryEvent" d
      WHERE d.kind IN ('COMPLAINT', 'HARD_BOUNCE') AND d."occurredAt" >= ${since} AND d."occurredAt" <= ${now}
        AND EXISTS (
          SELECT 1 FROM "EmailMessage" m
          WHERE m."fromDomain" = ${domain}
            AND (m."messageId" = d."messageId" OR (d."messageId" IS NULL AND m."toAddress" = d.email))
        )
      GROUP BY d.kind`,
  ]);
  const complaints = Number(events.find((e) => e.kind === 'COMPLAINT')?.n ?? 0);
  const hardBounces = Number(events.find((e) => e.kind === 'HARD_BOUNCE')?.n ?? 0);
  return {
    domain,
    since,
    sent,
    complaints,
    hardBounces,
    complaintRate: rate(complaints, sent),
    hardBounceRate: rate(hardBounces, sent),
  };
}

/** Why a domain must pause, or undefined: "sending paused: complaint rate 0.4 % over 24 h". */
export function pauseReason(
  reputation: TSenderReputation,
  config: Pick<TSenderReputationConfig, 'complaintRateMax' | 'hardBounceRateMax' | 'minSent' | 'windowMs'>,
): string | undefined {
  if (reputation.sent < config.minSent) return undefined;
  const over: string[] = [];
  if (reputation.complaintRate > config.complaintRateMax) over.push(`complaint rate ${formatRate(reputation.complaintRate)}`);
  if (reputation.hardBounceRate > config.hardBounceRateMax) over.push(`hard-bounce rate ${formatRate(reputation.hardBounceRate)}`);
  return over.length ? `sending paused: ${over.join(' and ')} over ${formatWindow(config.windowMs)}` : undefined;
}

export type TSenderGuardDeps = { prisma: PrismaClient; mailer: TMailer; config: TSenderReputationConfig; log?: TLogger | undefined };

/**
 * One pass of the guard: measure every domain that sent in the window, pause those over a
 * threshold, and email the admins about every pause not yet notified. Returns the pauses opened.
 */
export async function runSenderReputationCheck(deps: TSenderGuardDeps, now = new Date()): Promise<SenderDomainPause[]> {
  const { prisma, config } = deps;
  const domains = await prisma.emailMessage.findMany({
    where: { fromDomain: { not: null }, sentAt: { gte: new Date(now.getTime() - config.windowMs) } },
    distinct: ['fromDomain'],
    select: { fromDomain: true },
  });
  const opened: SenderDomainPause[] = [];
  for (const { fromDomain } of domains) {
    const domain = fromDomain!;
    if (await activeSenderPause(prisma, domain)) continue;
    const reputation = await measureSenderReputation(prisma, domain, { windowMs: config.windowMs, now });
    const reason = pauseReason(reputation, config);
    if (!reason) continue;
    try {
      const pause = await prisma.senderDomainPause.create({
        data: {
          domain,
          reason,
          complaintRate: reputation.complaintRate,
          hardBounceRate: reputation.hardBounceRate,
          sent: reputation.sent,
        },
      });
      opened.push(pause);
      deps.log?.warn({ domain, reason, sent: reputation.sent }, 'marketing sends paused for a sending domain');
    } catch (e) {
      // Another worker paused it first (the partial unique index): nothing more to do.
      if (!isUniqueViolation(e)) throw e;
    }
  }
  await notifyAdmins(deps);
  return opened;
}

async function notifyAdmins(deps: TSenderGuardDeps): Promise<void> {
  const { prisma, mailer, config } = deps;
  const pending = await prisma.senderDomainPause.findMany({ where: { resumedAt: null, notifiedAt: null } });
  if (!pending.length) return;
  const admins = await prisma.user.findMany({ where: { role: 'ADMIN', disabledAt: null }, select: { email: true } });
  const to = [...new Set([...admins.map((a) => a.email), ...(config.alertEmail ? [config.alertEmail] : [])])];
  if (!to.length) {
    deps.log?.warn(
      { domains: pending.map((p) => p.domain) },
      'sending paused, but there is no admin user or SENDER_REPUTATION_ALERT_EMAIL to tell',
    );
    return;
  }
  for (const pause of pending) {
    // Claim the notification: of concurrent guards only one sends it.
    const claimed = await prisma.senderDomainPause.updateMany({
      where: { id: pause.id, notifiedAt: null },
      data: { notifiedAt: new Date() },
    });
    if (claimed.count !== 1) continue;
    try {
      // One email per language among the recipients (ADR-049): each reads it in their own.
      for (const [locale, recipients] of await groupByStaffLocale({ prisma }, to)) {
        const { subject, text } = pauseAlert(staffTranslatorFor(locale), pause, config);
        await mailer.send({ from: config.mailFrom, to: recipients, subject, text, headers: { 'X-Nurture-Category': 'transactional' } });
      }
    } catch (e) {
      await prisma.senderDomainPause.update({ where: { id: pause.id }, data: { notifiedAt: null } });
      deps.log?.error({ err: e, domain: pause.domain }, 'could not email the admins about a sending pause; will retry');
    }
  }
}

/**
 * The admins' alert about a pause, in the reader's language. The reason is said again from the
 * pause's figures (which rates are over their limits, over the window), so it reads as one language;
 * in English it is the pause's own reason.
 */
export function pauseAlert(
  tr: TTranslator,
  pause: Pick<SenderDomainPause, 'domain' | 'sent' | 'complaintRate' | 'hardBounceRate'>,
  config: Pick<TSenderReputationConfig, 'complaintRateMax' | 'hardBounceRateMax' | 'windowMs'>,
): { subject: string; text: string } {
  const rate = (percent: number) => formatStaffRate(tr, percent);
  const over = [
    pause.complaintRate > config.complaintRateMax ? tr.t('staff.senderPaused.complaintRate', { rate: rate(pause.complaintRate) }) : '',
    pause.hardBounceRate > config.hardBounceRateMax ? tr.t('staff.senderPaused.hardBounceRate', { rate: rate(pause.hardBounceRate) }) : '',
  ].filter(Boolean);
  // Limits changed since the pause: both figures, as they were.
  const [first = '', second] = over.length
    ? over
    : [
        tr.t('staff.senderPaused.complaintRate', { rate: rate(pause.complaintRate) }),
        tr.t('staff.senderPaused.hardBounceRate', { rate: rate(pause.hardBounceRate) }),
      ];
  const rates = second === undefined ? first : tr.t('staff.senderPaused.both', { first, second });
  const ms = config.windowMs;
  const window =
    ms % (24 * HOUR) === 0 && ms >= 48 * HOUR
      ? { unit: 'd', n: ms / (24 * HOUR) }
      : ms % HOUR === 0
        ? { unit: 'h', n: ms / HOUR }
        : { unit: 'min', n: Math.round(ms / 60_000) };
  const reason = tr.t('staff.senderPaused.reason', { rates, window: tr.t('staff.senderPaused.window', window) });
  const text = [
    tr.t('staff.senderPaused.body', { domain: pause.domain, reason }),
    '',
    tr.t('staff.senderPaused.stats', {
      sent: tr.formatNumber(pause.sent),
      complaintRate: rate(pause.complaintRate),
      hardBounceRate: rate(pause.hardBounceRate),
    }),
    tr.t('staff.senderPaused.flow'),
    '',
    tr.t('staff.senderPaused.resume'),
    `  POST /deliverability/sender-domains/${pause.domain}/resume`,
  ].join('\n');
  return { subject: tr.t('staff.senderPaused.subject', { domain: pause.domain, reason }), text };
}

/** Runs the guard every `everyMs` until stopped (one per worker; passes are idempotent, never overlapping). */
export function startSenderReputationGuard(deps: TSenderGuardDeps, everyMs: number): { stop(): Promise<void> } {
  let running: Promise<unknown> | undefined;
  const timer = setInterval(() => {
    if (running) return; // the previous pass is still going (a slow database): skip this tick
    running = runSenderReputationCheck(deps)
      .catch((e: unknown) => deps.log?.error({ err: e }, 'sender-reputation check failed'))
      .finally(() => (running = undefined));
  }, everyMs);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

/** Reputation and pause of every domain that sent in the window, or has an open pause. */
export async function listSenderDomains(
  deps: { prisma: PrismaClient; config: Pick<TSenderReputationConfig, 'windowMs'> },
  now = new Date(),
): Promise<TSenderDomainStatus[]> {
  const { prisma, config } = deps;
  const [sending, paused] = await Promise.all([
    prisma.emailMessage.findMany({
      where: { fromDomain: { not: null }, sentAt: { gte: new Date(now.getTime() - config.windowMs) } },
      distinct: ['fromDomain'],
      select: { fromDomain: true },
    }),
    prisma.senderDomainPause.findMany({ where: { resumedAt: null } }),
  ]);
  const domains = [...new Set([...sending.map((s) => s.fromDomain!), ...paused.map((p) => p.domain)])].sort();
  return Promise.all(
    domains.map(async (domain) => ({
      ...(await measureSenderReputation(prisma, domain, { windowMs: config.windowMs, now })),
      paused: paused.find((p) => p.domain === domain) ?? null,
    })),
  );
}

/** Per-domain samples for the `nurture_sender_*` gauges (lib/metrics/sender-metrics.ts). */
export async function senderDomainSamples(deps: {
  prisma: PrismaClient;
  config: Pick<TSenderReputationConfig, 'windowMs'>;
}): Promise<TSenderDomainSample[]> {
  return (await listSenderDomains(deps)).map((d) => ({
    domain: d.domain,
    sent: d.sent,
    complaintRate: d.complaintRate,
    hardBounceRate: d.hardBounceRate,
    paused: d.paused !== null,
  }));
}

/** An admin resumes marketing sends from a paused domain. */
export async function resumeSenderDomain(
  deps: { prisma: PrismaClient },
  input: { domain: string; by: string },
): Promise<SenderDomainPause> {
  const domain = input.domain.trim().toLowerCase();
  const open = await activeSenderPause(deps.prisma, domain);
  if (!open) throw new AppError('NOT_FOUND', `Sending from ${domain} is not paused`);
  return deps.prisma.senderDomainPause.update({ where: { id: open.id }, data: { resumedAt: new Date(), resumedBy: input.by } });
}

export type TSenderReputationEnv = Pick<
  TEnv,
  | 'SENDER_REPUTATION_GUARD'
  | 'SENDER_COMPLAINT_RATE_MAX'
  | 'SENDER_HARD_BOUNCE_RATE_MAX'
  | 'SENDER_REPUTATION_WINDOW'
  | 'SENDER_REPUTATION_MIN_SENT'
  | 'SENDER_REPUTATION_CHECK_SECONDS'
  | 'SENDER_REPUTATION_ALERT_EMAIL'
  | 'MAIL_FROM'
>;

export function senderReputationConfigFromEnv(env: TSenderReputationEnv): TSenderReputationConfig {
  return {
    complaintRateMax: env.SENDER_COMPLAINT_RATE_MAX,
    hardBounceRateMax: env.SENDER_HARD_BOUNCE_RATE_MAX,
    windowMs: env.SENDER_REPUTATION_WINDOW,
    minSent: env.SENDER_REPUTATION_MIN_SENT,
    alertEmail: env.SENDER_REPUTATION_ALERT_EMAIL,
    mailFrom: env.MAIL_FROM,
  };
}
