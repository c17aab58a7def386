import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../../generated/prisma/client';
import { unsubscribeSignal } from '../../contract/journeys';
import { signalLeadJourneys } from '../journeys/signal-lead-journeys';
import { unsubscribeLead } from './unsubscribe-lead';

/**
 * What every unsubscribe path does (link, mailto, ESP event): record it (unsubscribe-lead.ts, which
 * also waits for a send already at SMTP), then tell the lead's journeys so marketing ones stop now.
 */
export async function stopMarketing(deps: { prisma: PrismaClient; temporal: Client }, leadId: string, via: string) {
  const result = await unsubscribeLead(deps.prisma, leadId, via);
  await signalLeadJourneys(deps, leadId, (handle) => handle.signal(unsubscribeSignal));
  return result;
}
