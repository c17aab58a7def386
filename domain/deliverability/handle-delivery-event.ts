/**
 * Records a delivery event (record-delivery-event.ts) and tells the lead's journeys at once:
 * an address suppressed for everything (hard bounce, repeated soft bounces) ends every journey,
 * sales cadences included; a complaint unsubscribes the lead, which ends marketing journeys.
 */
import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../../generated/prisma/client';
import { exitSignal, unsubscribeSignal } from '../../contract/journeys';
import { signalLeadJourneys } from '../journeys/signal-lead-journeys';
import { recordDeliveryEvent, type TDeliveryEvent, type TDeliveryOutcome } from './record-delivery-event';

export async function handleDeliveryEvent(
  deps: { prisma: PrismaClient; temporal: Client; softBounceLimit: number },
  event: TDeliveryEvent,
): Promise<TDeliveryOutcome> {
  const outcome = await recordDeliveryEvent(deps.prisma, event, { softBounceLimit: deps.softBounceLimit });
  if (outcome.leadId && outcome.suppressed) {
    const reason = `suppressed:${outcome.suppressed.reason}`;
    await signalLeadJourneys(deps, outcome.leadId, (handle) =>
      outcome.suppressed!.scope === 'all' ? handle.signal(exitSignal, { reason }) : handle.signal(unsubscribeSignal),
    );
  }
  return outcome;
}
