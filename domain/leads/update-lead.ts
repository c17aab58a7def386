import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../../generated/prisma/client';
import { leadChangedSignal } from '../../contract/journeys';
import { signalLeadJourneys } from '../journeys/signal-lead-journeys';
import { getLead } from './get-lead';
import type { TCrmDeps } from '../crm/crm-deps';
import { scoreLead } from '../scoring/score-lead';
import { toLead, type TLead, type TLeadUpdate } from './schemas';
import { searchFieldsAfter } from './search/search-text';

/**
 * Updates a lead and tells its active journeys, which re-check their goals at once (a lead that
 * became SQL or a customer leaves its nurture journeys without waiting for the next step).
 */
export async function updateLead(
  /** With `crm`, a changed lead is re-scored (fit rules read heat, source, company, tags, attributes). */
  deps: { prisma: PrismaClient; temporal: Client; crm?: TCrmDeps | undefined },
  id: string,
  change: TLeadUpdate,
): Promise<TLead> {
  const before = await getLead(deps.prisma, id);
  const lead = await deps.prisma.lead.update({
    where: { id },
    data: {
      ...change,
      ...searchFieldsAfter(before, change),
      ...(change.attributes ? { attributes: { ...before.attributes, ...change.attributes } as object } : {}),
    },
  });
  const changed = Object.keys(change).filter(
    (k) => JSON.stringify((before as Record<string, unknown>)[k]) !== JSON.stringify((lead as Record<string, unknown>)[k]),
  );
  if (changed.length) {
    await deps.prisma.leadEvent.create({
      data: {
        leadId: id,
        type: 'lead.updated',
        // A heat change says from what to what (the lead.heat_changed webhook carries both).
        data: { fields: changed, ...(changed.includes('heat') ? { heat: { from: before.heat, to: lead.heat } } : {}) },
      },
    });
    await signalLeadJourneys(deps, id, (handle) => handle.signal(leadChangedSignal));
    if (deps.crm) {
      await scoreLead(deps.crm, id);
      return getLead(deps.prisma, id);
    }
  }
  return toLead(lead);
}
