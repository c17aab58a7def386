/**
 * One delivery round of an outgoing-webhook subscription (run by its workflow, again and again):
 *
 *   1. outbox: timeline rows recorded since the subscription's cursor (less a look-back that
 *      covers transactions committing late) become WebhookDelivery rows, once per row
 *      (unique subscriptionId + sourceId);
 *   2. per lead, the oldest pending delivery is the only one tried (in order per lead; leads do not
 *      wait for each other); due ones are POSTed, a few at a time, with Standard Webhooks headers
 *      (`webhook-id` = the delivery id, the same on every attempt), to an address checked against
 *      private ranges;
 *   3. every attempt is recorded with the answer; a 2xx delivers, anything else is retried after
 *      the next wait of the retry schedule (hours); past the last one the delivery fails, the
 *      subscription pauses and the admins get an email.
 * Returns how long the workflow may sleep: until the next retry is due, at most the poll interval.
 */
import type { PrismaClient, WebhookSubscription } from '../../generated/prisma/client';
import type { TMailer } from '../../lib/mail/create-mailer';
import { safePostJson } from '../../lib/webhooks/safe-post';
import { webhookHeaders } from '../../lib/webhooks/standard-webhooks';
import type { TWebhookRoundResult } from '../../contract/webhooks';
import { OUTBOX_CUSTOMER_EVENT_TYPES, OUTBOX_LEAD_EVENT_TYPES, webhookEventOf } from './event-types';
import { staffTranslator } from '../staff/staff-translator';

export type TWebhookConfig = {
  allowPrivateNetworks: boolean;
  /** Waits between attempts; after the last one the delivery fails. */
  retryScheduleMs: number[];
  pollMs: number;
  requestTimeoutMs: number;
  mailFrom: string;
};

export type TDeliverWebhooksDeps = {
  prisma: PrismaClient;
  mailer: TMailer;
  config: TWebhookConfig;
  /** Called after each attempt (the activity heartbeats). */
  progress?: () => void;
};

/** Transactions that commit later than this after writing their timeline row may be missed by the outbox. */
export const OUTBOX_LOOK_BACK_MS = 2 * 60_000;
const BATCH = 500;
const PARALLEL = 8;
const ROUND_BUDGET_MS = 60_000;

const leadFields = {
  id: true,
  email: true,
  firstName: true,
  lastName: true,
  company: true,
  status: true,
  heat: true,
  score: true,
  ownerEmail: true,
} as const;

async function fillOutbox(prisma: PrismaClient, sub: WebhookSubscription): Promise<void> {
  const scanStartedAt = new Date();
  const since = new Date(Math.max(sub.cursorAt.getTime() - OUTBOX_LOOK_BACK_MS, sub.createdAt.getTime()));
  const [leadRows, customerRows] = await Promise.all([
    prisma.leadEvent.findMany({
      where: { recordedAt: { gte: since }, type: { in: OUTBOX_LEAD_EVENT_TYPES } },
      orderBy: { recordedAt: 'asc' },
      take: BATCH,
      include: { lead: { select: leadFields } },
    }),
    prisma.customerEvent.findMany({
      where: { recordedAt: { gte: since }, type: { in: OUTBOX_CUSTOMER_EVENT_TYPES } },
      orderBy: { recordedAt: 'asc' },
      take: BATCH,
      include: { customer: { select: { id: true, leadId: true, lead: { select: leadFields } } } },
    }),
  ]);
  const wanted = new Set(sub.events);
  const rows = [
    ...leadRows.map((r) => ({ r, type: webhookEventOf('lead', r.type, r.data), leadId: r.leadId, lead: r.lead, extra: {} })),
    ...customerRows.map((r) => ({
      r,
      type: webhookEventOf('customer', r.type, r.data),
      leadId: r.customer.leadId,
      lead: r.customer.lead,
      extra: { customerId: r.customer.id },
    })),
  ].filter((x) => x.type && wanted.has(x.type));
  if (rows.length) {
    await prisma.webhookDelivery.createMany({
      data: rows.map(({ r, type, leadId, lead, extra }) => ({
        subscriptionId: sub.id,
        sourceId: r.id,
        leadId,
        eventType: type!,
        occurredAt: r.occurredAt,
        payload: {
          type: type!,
          timestamp: r.occurredAt.toISOString(),
          data: { ...(r.data as object), ...extra, leadId, lead },
        } as object,
      })),
      skipDuplicates: true,
    });
  }
  // A full batch: carry on from its last row next time; otherwise from this scan.
  const full = leadRows.length === BATCH || customerRows.length === BATCH;
  const lastSeen = [leadRows.at(-1)?.recordedAt, customerRows.at(-1)?.recordedAt].filter((d): d is Date => Boolean(d));
  const cursorAt = full ? new Date(Math.min(...lastSeen.map((d) => d.getTime()))) : scanStartedAt;
  await prisma.webhookSubscription.update({ where: { id: sub.id }, data: { cursorAt } });
}

/** Per lead, its oldest pending delivery. */
async function heads(prisma: PrismaClient, subscriptionId: string) {
  const pending = await prisma.webhookDelivery.findMany({
    where: { subscriptionId, status: 'PENDING' },
    orderBy: [{ occurredAt: 'asc' }, { createdAt: 'asc' }, { sourceId: 'asc' }],
    take: 2000,
    select: { id: true, leadId: true, attempts: true, nextAttemptAt: true, payload: true, eventType: true },
  });
  const seen = new Set<string>();
  return pending.filter((d) => {
    const lane = d.leadId ?? `none:${d.id}`;
    if (seen.has(lane)) return false;
    seen.add(lane);
    return true;
  });
}

async function notifyAdmins(deps: TDeliverWebhooksDeps, sub: WebhookSubscription, reason: string): Promise<string | undefined> {
  const admins = await deps.prisma.user.findMany({ where: { role: 'ADMIN', disabledAt: null }, select: { email: true, name: true } });
  const problems: string[] = [];
  for (const admin of admins) {
    // In the admin's language (ADR-049): their rep card's or their own, else STAFF_LOCALE.
    const tr = await staffTranslator({ prisma: deps.prisma }, admin.email);
    try {
      await deps.mailer.send({
        from: deps.config.mailFrom,
        to: { name: admin.name, address: admin.email },
        subject: tr.t('staff.webhookPaused.subject', { name: sub.description ?? sub.url }),
        text: [
          tr.t('staff.webhookPaused.body', { id: sub.id, url: sub.url, reason }),
          '',
          tr.t('staff.webhookPaused.resume'),
          `  PATCH /webhook-subscriptions/${sub.id}  {"status":"ACTIVE"}`,
          tr.t('staff.webhookPaused.order'),
        ].join('\n'),
      });
    } catch (e) {
      problems.push(`${admin.email}: ${(e as Error).message}`);
    }
  }
  return problems.length ? `admin email failed (${problems.join('; ')})` : undefined;
}

export async function deliverWebhooks(deps: TDeliverWebhooksDeps, input: { subscriptionId: string }): Promise<TWebhookRoundResult> {
  const { prisma, config } = deps;
  let sub = await prisma.webhookSubscription.findUnique({ where: { id: input.subscriptionId } });
  if (!sub) return { stop: 'deleted', sleepMs: 0, delivered: 0, failed: 0 };
  if (sub.status === 'PAUSED') return { stop: 'paused', sleepMs: 0, delivered: 0, failed: 0 };
  await fillOutbox(prisma, sub);

  let delivered = 0;
  let failed = 0;
  const deadline = Date.now() + ROUND_BUDGET_MS;
  for (;;) {
    const now = Date.now();
    const lanes = await heads(prisma, sub.id);
    const due = lanes.filter((d) => d.nextAttemptAt.getTime() <= now);
    if (!due.length || now > deadline) {
      const next = Math.min(...lanes.map((d) => d.nextAttemptAt.getTime()), now + config.pollMs);
      return { stop: null, sleepMs: Math.max(next - now, 0), delivered, failed };
    }
    let pausedBy: string | undefined;
    for (let i = 0; i < due.length && !pausedBy; i += PARALLEL) {
      const outcomes = await Promise.all(due.slice(i, i + PARALLEL).map((d) => attempt(deps, sub!, d)));
      for (const o of outcomes) {
        if (o === 'delivered') delivered++;
        else if (o !== 'retry') {
          failed++;
          pausedBy ??= o.gaveUp;
        }
      }
      deps.progress?.();
    }
    if (pausedBy) {
      const problem = await notifyAdmins(deps, sub, pausedBy);
      if (problem) await prisma.webhookSubscription.update({ where: { id: sub.id }, data: { pausedReason: `${pausedBy}; ${problem}` } });
      return { stop: 'paused', sleepMs: 0, delivered, failed };
    }
    // An admin may have paused or deleted it meanwhile.
    sub = await prisma.webhookSubscription.findUnique({ where: { id: sub.id } });
    if (!sub) return { stop: 'deleted', sleepMs: 0, delivered, failed };
    if (sub.status === 'PAUSED') return { stop: 'paused', sleepMs: 0, delivered, failed };
  }
}

async function attempt(
  deps: TDeliverWebhooksDeps,
  sub: WebhookSubscription,
  d: { id: string; attempts: number; payload: unknown; eventType: string },
): Promise<'delivered' | 'retry' | { gaveUp: string }> {
  const { prisma, config } = deps;
  const n = d.attempts + 1;
  const body = JSON.stringify(d.payload);
  const startedAt = new Date();
  let statusCode: number | null = null;
  let responseBody: string | null = null;
  let error: string | null = null;
  let durationMs: number | null = null;
  try {
    const res = await safePostJson(sub.url, body, {
      headers: webhookHeaders(sub.secret, d.id, Math.floor(startedAt.getTime() / 1000), body),
      timeoutMs: config.requestTimeoutMs,
      allowPrivateNetworks: config.allowPrivateNetworks,
    });
    statusCode = res.status;
    responseBody = res.body.slice(0, 2000);
    durationMs = res.durationMs;
    if (res.status < 200 || res.status >= 300) error = `the receiver answered ${res.status}`;
  } catch (e) {
    error = (e as Error).message.slice(0, 2000);
    durationMs = Date.now() - startedAt.getTime();
  }
  const ok = error === null;
  const wait = config.retryScheduleMs[n - 1];
  const gaveUp = !ok && wait === undefined;
  const reason = gaveUp ? `delivery ${d.id} (${d.eventType}) failed ${n} times; last: ${error}` : undefined;
  await prisma.$transaction(async (tx) => {
    await tx.webhookAttempt.createMany({
      data: [{ deliveryId: d.id, attempt: n, startedAt, durationMs, statusCode, responseBody, error }],
      skipDuplicates: true,
    });
    // Only from the state this attempt started in: a concurrent round cannot count it twice.
    const moved = await tx.webhookDelivery.updateMany({
      where: { id: d.id, attempts: d.attempts, status: 'PENDING' },
      data: ok
        ? { status: 'DELIVERED', attempts: n, deliveredAt: new Date(), lastError: null }
        : gaveUp
          ? { status: 'FAILED', attempts: n, lastError: error }
          : { attempts: n, lastError: error, nextAttemptAt: new Date(Date.now() + wait!) },
    });
    if (moved.count && gaveUp) {
      await tx.webhookSubscription.update({
        where: { id: sub.id },
        data: { status: 'PAUSED', pausedAt: new Date(), pausedReason: reason! },
      });
    }
  });
  return ok ? 'delivered' : gaveUp ? { gaveUp: reason! } : 'retry';
}
