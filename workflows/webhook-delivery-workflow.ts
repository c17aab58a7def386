/**
 * Delivers one outgoing-webhook subscription's events, durably: a loop of delivery rounds (an
 * activity that reads the outbox, POSTs each lead's oldest pending event and records every
 * attempt) and timers in between, for as long as the subscription is active. The retry schedule
 * (hours) lives in the database rows (nextAttemptAt), so a worker or server restart loses
 * nothing; the workflow only wakes the rounds up. It ends when the subscription is paused or
 * deleted, and continues as new every few hundred rounds to keep its history short.
 */
import { condition, continueAsNew, proxyActivities, setHandler } from '@temporalio/workflow';
import type { TActivities } from '../activities';
import { webhookPokeSignal, type TWebhookDeliveryInput } from '../contract/webhooks';
import { WEBHOOK_ROUND_ACTIVITY } from './activity-options';

const acts = proxyActivities<TActivities>(WEBHOOK_ROUND_ACTIVITY);

const ROUNDS_PER_RUN = 300;

export async function webhookDeliveryWorkflow(input: TWebhookDeliveryInput): Promise<'paused' | 'deleted'> {
  let poked = false;
  setHandler(webhookPokeSignal, () => {
    poked = true;
  });
  for (let round = 0; round < ROUNDS_PER_RUN; round++) {
    const result = await acts.deliverWebhooks({ subscriptionId: input.subscriptionId });
    if (result.stop) return result.stop;
    if (!poked) await condition(() => poked, Math.max(result.sleepMs, 50));
    poked = false;
  }
  return continueAsNew<typeof webhookDeliveryWorkflow>(input);
}
