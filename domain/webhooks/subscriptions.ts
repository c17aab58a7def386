/**
 * Outgoing-webhook subscriptions (admin): create, list, change, pause/resume, delete. Creating or
 * resuming one starts its delivery workflow (one per subscription, workflows/webhook-delivery-workflow.ts);
 * pausing or deleting ends it at its next round.
 */
import { z } from 'zod';
import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/client';
import type { PrismaClient, WebhookSubscription } from '../../generated/prisma/client';
import { AppError } from '../../lib/errors';
import { assertWebhookUrl, refusedAddressReason } from '../../lib/webhooks/safe-post';
import { createWebhookSecret } from '../../lib/webhooks/standard-webhooks';
import {
  WEBHOOK_DELIVERY_WORKFLOW,
  webhookDeliveryWorkflowId,
  webhookPokeSignal,
  type TWebhookDeliveryWorkflow,
} from '../../contract/webhooks';
import type { TWebhookSubscriptionInput, TWebhookSubscriptionUpdate } from './schemas';

export type TWebhookDeps = { prisma: PrismaClient; temporal: Client; taskQueue: string; allowPrivateNetworks: boolean };

export {
  ZWebhookSubscriptionInput,
  ZWebhookSubscriptionUpdate,
  type TWebhookSubscriptionInput,
  type TWebhookSubscriptionUpdate,
} from './schemas';

export const ZWebhookSubscription = z.object({
  id: z.uuid(),
  url: z.string(),
  description: z.string().nullable(),
  events: z.array(z.string()),
  status: z.enum(['ACTIVE', 'PAUSED']),
  pausedReason: z.string().nullable(),
  pausedAt: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type TWebhookSubscription = z.infer<typeof ZWebhookSubscription>;

const toSubscription = (row: WebhookSubscription): TWebhookSubscription => ({
  id: row.id,
  url: row.url,
  description: row.description,
  events: row.events,
  status: row.status,
  pausedReason: row.pausedReason,
  pausedAt: row.pausedAt,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

/** Refuses what can be refused without DNS (each delivery resolves and checks again). */
function checkUrl(value: string, allowPrivateNetworks: boolean): string {
  const url = assertWebhookUrl(value);
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivateNetworks) {
    const literal = /^[\d.]+$/.test(host) || host.includes(':') ? refusedAddressReason(host) : undefined;
    if (literal || host === 'localhost' || host.endsWith('.localhost')) {
      throw new AppError('VALIDATION_FAILED', 'Request is invalid', {
        details: [
          `url: ${literal ?? `${host} is loopback`}; webhooks go to public addresses (WEBHOOK_ALLOW_PRIVATE_NETWORKS=true allows private ones)`,
        ],
      });
    }
  }
  return url.toString();
}

/** Starts the subscription's delivery workflow, or wakes it when it runs. */
export async function startWebhookDelivery(deps: Pick<TWebhookDeps, 'temporal' | 'taskQueue'>, subscriptionId: string): Promise<void> {
  await deps.temporal.workflow.signalWithStart<TWebhookDeliveryWorkflow, []>(WEBHOOK_DELIVERY_WORKFLOW, {
    workflowId: webhookDeliveryWorkflowId(subscriptionId),
    taskQueue: deps.taskQueue,
    args: [{ version: 1, subscriptionId }],
    signal: webhookPokeSignal,
    signalArgs: [],
  });
}

async function wake(deps: Pick<TWebhookDeps, 'temporal'>, subscriptionId: string): Promise<void> {
  try {
    await deps.temporal.workflow.getHandle(webhookDeliveryWorkflowId(subscriptionId)).signal(webhookPokeSignal);
  } catch (e) {
    if (!(e instanceof WorkflowNotFoundError)) throw e;
  }
}

export async function createWebhookSubscription(
  deps: TWebhookDeps,
  input: TWebhookSubscriptionInput,
): Promise<TWebhookSubscription & { secret: string }> {
  const row = await deps.prisma.webhookSubscription.create({
    data: {
      url: checkUrl(input.url, deps.allowPrivateNetworks),
      events: [...new Set(input.events)],
      description: input.description ?? null,
      secret: createWebhookSecret(),
    },
  });
  await startWebhookDelivery(deps, row.id);
  return { ...toSubscription(row), secret: row.secret };
}

/** A subscription as the list shows it: with its newest delivery (and the receiver's last answer to it) and how many wait. */
export const ZWebhookSubscriptionSummary = ZWebhookSubscription.extend({
  lastDelivery: z
    .object({
      id: z.uuid(),
      eventType: z.string(),
      status: z.enum(['PENDING', 'DELIVERED', 'FAILED']),
      attempts: z.number(),
      occurredAt: z.date(),
      deliveredAt: z.date().nullable(),
      lastError: z.string().nullable(),
      /** The HTTP status of its last attempt (null: none yet, or no answer). */
      statusCode: z.number().nullable(),
    })
    .nullable(),
  pendingDeliveries: z.number(),
});
export type TWebhookSubscriptionSummary = z.infer<typeof ZWebhookSubscriptionSummary>;

export async function listWebhookSubscriptions(deps: Pick<TWebhookDeps, 'prisma'>): Promise<TWebhookSubscriptionSummary[]> {
  const rows = await deps.prisma.webhookSubscription.findMany({ orderBy: { createdAt: 'asc' } });
  // A handful of subscriptions per deployment: two indexed reads each.
  return Promise.all(
    rows.map(async (row) => {
      const [last, pendingDeliveries] = await Promise.all([
        deps.prisma.webhookDelivery.findFirst({
          where: { subscriptionId: row.id },
          orderBy: [{ occurredAt: 'desc' }, { createdAt: 'desc' }],
          include: { attemptLog: { orderBy: { attempt: 'desc' }, take: 1, select: { statusCode: true } } },
        }),
        deps.prisma.webhookDelivery.count({ where: { subscriptionId: row.id, status: 'PENDING' } }),
      ]);
      return {
        ...toSubscription(row),
        lastDelivery: last
          ? {
              id: last.id,
              eventType: last.eventType,
              status: last.status,
              attempts: last.attempts,
              occurredAt: last.occurredAt,
              deliveredAt: last.deliveredAt,
              lastError: last.lastError,
              statusCode: last.attemptLog[0]?.statusCode ?? null,
            }
          : null,
        pendingDeliveries,
      };
    }),
  );
}

export async function getWebhookSubscription(deps: Pick<TWebhookDeps, 'prisma'>, id: string): Promise<TWebhookSubscription> {
  const row = await deps.prisma.webhookSubscription.findUnique({ where: { id } });
  if (!row) throw new AppError('NOT_FOUND', `Webhook subscription ${id} does not exist`);
  return toSubscription(row);
}

export async function updateWebhookSubscription(
  deps: TWebhookDeps,
  id: string,
  change: TWebhookSubscriptionUpdate,
): Promise<TWebhookSubscription> {
  const before = await getWebhookSubscription(deps, id);
  const resuming = change.status === 'ACTIVE' && before.status === 'PAUSED';
  const row = await deps.prisma.webhookSubscription.update({
    where: { id },
    data: {
      ...(change.url !== undefined ? { url: checkUrl(change.url, deps.allowPrivateNetworks) } : {}),
      ...(change.events ? { events: [...new Set(change.events)] } : {}),
      ...(change.description !== undefined ? { description: change.description } : {}),
      ...(change.status === 'PAUSED' && before.status === 'ACTIVE'
        ? { status: 'PAUSED', pausedAt: new Date(), pausedReason: 'paused by an admin' }
        : {}),
      ...(resuming ? { status: 'ACTIVE', pausedAt: null, pausedReason: null } : {}),
    },
  });
  if (resuming) {
    // Deliveries given up while it failed go again, first: nothing for a lead overtakes them.
    await deps.prisma.webhookDelivery.updateMany({
      where: { subscriptionId: id, status: 'FAILED' },
      data: { status: 'PENDING', attempts: 0, nextAttemptAt: new Date() },
    });
    await startWebhookDelivery(deps, id);
  } else await wake(deps, id);
  return toSubscription(row);
}

export async function deleteWebhookSubscription(deps: TWebhookDeps, id: string): Promise<void> {
  await getWebhookSubscription(deps, id);
  await deps.prisma.webhookSubscription.delete({ where: { id } });
  await wake(deps, id);
}

export const ZWebhookAttempt = z.object({
  attempt: z.number(),
  startedAt: z.date(),
  durationMs: z.number().nullable(),
  statusCode: z.number().nullable(),
  responseBody: z.string().nullable(),
  error: z.string().nullable(),
});
export const ZWebhookDelivery = z.object({
  id: z.uuid(),
  eventType: z.string(),
  leadId: z.string().nullable(),
  status: z.enum(['PENDING', 'DELIVERED', 'FAILED']),
  attempts: z.number(),
  nextAttemptAt: z.date().nullable(),
  occurredAt: z.date(),
  deliveredAt: z.date().nullable(),
  lastError: z.string().nullable(),
  payload: z.unknown(),
  attemptLog: z.array(ZWebhookAttempt),
});
export type TWebhookDelivery = z.infer<typeof ZWebhookDelivery>;

export async function listWebhookDeliveries(
  deps: Pick<TWebhookDeps, 'prisma'>,
  subscriptionId: string,
  query: { status?: 'PENDING' | 'DELIVERED' | 'FAILED' | undefined; leadId?: string | undefined; limit: number; offset: number },
): Promise<{ items: TWebhookDelivery[]; total: number }> {
  await getWebhookSubscription(deps, subscriptionId);
  const where = {
    subscriptionId,
    ...(query.status ? { status: query.status } : {}),
    ...(query.leadId ? { leadId: query.leadId } : {}),
  };
  const [rows, total] = await Promise.all([
    deps.prisma.webhookDelivery.findMany({
      where,
      orderBy: [{ occurredAt: 'desc' }, { createdAt: 'desc' }],
      take: query.limit,
      skip: query.offset,
      include: { attemptLog: { orderBy: { attempt: 'asc' } } },
    }),
    deps.prisma.webhookDelivery.count({ where }),
  ]);
  return {
    items: rows.map((r) => ({
      id: r.id,
      eventType: r.eventType,
      leadId: r.leadId,
      status: r.status,
      attempts: r.attempts,
      nextAttemptAt: r.status === 'PENDING' ? r.nextAttemptAt : null,
      occurredAt: r.occurredAt,
      deliveredAt: r.deliveredAt,
      lastError: r.lastError,
      payload: r.payload,
      attemptLog: r.attemptLog.map((a) => ({
        attempt: a.attempt,
        startedAt: a.startedAt,
        durationMs: a.durationMs,
        statusCode: a.statusCode,
        responseBody: a.responseBody,
        error: a.error,
      })),
    })),
    total,
  };
}
