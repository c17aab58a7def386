/** One delivery round of an outgoing-webhook subscription (domain/webhooks/deliver-webhooks.ts), heartbeating as it goes. */
import { Context } from '@temporalio/activity';
import type { TActivityDeps } from '../index';
import { deliverWebhooks, type TWebhookConfig } from '../../domain/webhooks/deliver-webhooks';
import type { TWebhookRoundResult } from '../../contract/webhooks';

export function createDeliverWebhooks(deps: TActivityDeps) {
  const config: TWebhookConfig = { ...deps.config.webhooks, mailFrom: deps.config.mailFrom };
  return async function deliverWebhooksActivity(input: { subscriptionId: string }): Promise<TWebhookRoundResult> {
    let beat: (() => void) | undefined;
    try {
      const context = Context.current();
      beat = () => context.heartbeat();
    } catch {
      beat = undefined; // called outside an activity (a plain unit call)
    }
    return deliverWebhooks({ prisma: deps.prisma, mailer: deps.mailer, config, ...(beat ? { progress: beat } : {}) }, input);
  };
}
