/**
 * A journey's `webhook` step: POSTs { leadId, fields, journey } to the step's URL, signed (Standard
 * Webhooks, `webhook-id` = the step run's idempotency key, the same on every retry, so the receiver
 * can drop repeats), to an address checked against private ranges unless
 * WEBHOOK_ALLOW_PRIVATE_NETWORKS. A 2xx returns the reply's answer field; anything else throws
 * for Temporal to retry (a refused address is not retried).
 */
import { ApplicationFailure } from '@temporalio/activity';
import type { TActivityDeps } from '../index';
import { RefusedDestinationError, safePostJson } from '../../lib/webhooks/safe-post';
import { journeyWebhookSecret, webhookHeaders } from '../../lib/webhooks/standard-webhooks';

export type TCallJourneyWebhookInput = {
  leadId: string;
  enrollmentId: string;
  sequenceKey: string;
  stepId: string;
  url: string;
  fields: string[];
  /** The reply's JSON field to return; unset: the reply is not read. */
  answerField?: string | undefined;
  idempotencyKey: string;
};

export type TCallJourneyWebhookResult = { statusCode: number; answer: string | null };

export const WEBHOOK_STEP_FAILED = 'WEBHOOK_STEP_FAILED';

export function createCallJourneyWebhook(deps: TActivityDeps) {
  const secret = journeyWebhookSecret(deps.config.signingSecret);
  return async function callJourneyWebhook(input: TCallJourneyWebhookInput): Promise<TCallJourneyWebhookResult> {
    const lead = await deps.prisma.lead.findUnique({ where: { id: input.leadId } });
    if (!lead) throw ApplicationFailure.nonRetryable(`Lead ${input.leadId} does not exist`, 'NOT_FOUND');
    const fields: Record<string, unknown> = {};
    for (const name of input.fields) {
      fields[name] = name.startsWith('attributes.')
        ? (((lead.attributes ?? {}) as Record<string, unknown>)[name.slice('attributes.'.length)] ?? null)
        : ((lead as Record<string, unknown>)[name] ?? null);
    }
    const body = JSON.stringify({
      type: 'journey.webhook',
      timestamp: new Date().toISOString(),
      data: {
        leadId: lead.id,
        fields,
        journey: { enrollmentId: input.enrollmentId, sequenceKey: input.sequenceKey, stepId: input.stepId },
      },
    });
    let res;
    try {
      res = await safePostJson(input.url, body, {
        headers: webhookHeaders(secret, input.idempotencyKey, Math.floor(Date.now() / 1000), body),
        timeoutMs: deps.config.webhooks.requestTimeoutMs,
        allowPrivateNetworks: deps.config.webhooks.allowPrivateNetworks,
      });
    } catch (e) {
      if (e instanceof RefusedDestinationError) throw ApplicationFailure.nonRetryable(e.message, WEBHOOK_STEP_FAILED);
      throw ApplicationFailure.retryable(`${input.url}: ${(e as Error).message}`, WEBHOOK_STEP_FAILED);
    }
    if (res.status < 200 || res.status >= 300) {
      throw ApplicationFailure.retryable(`${input.url} answered ${res.status}: ${res.body.slice(0, 200)}`, WEBHOOK_STEP_FAILED);
    }
    let answer: string | null = null;
    if (input.answerField) {
      try {
        const value = (JSON.parse(res.body) as Record<string, unknown>)[input.answerField];
        if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') answer = String(value);
      } catch {
        answer = null; // not JSON: no answer, the step's `otherwise` applies
      }
    }
    return { statusCode: res.status, answer };
  };
}
