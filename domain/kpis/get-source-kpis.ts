/**
 * Per source/channel (DOMAIN.md, "Attracting leads"): leads, what they cost, cost per lead,
 * customers, conversion to customer and cost per customer. Leads without a source: UNKNOWN.
 */
import type { PrismaClient } from '../../generated/prisma/client';
import { inPeriod, rate, type TKpiPeriod } from './schemas';

export async function getSourceKpis(prisma: PrismaClient, period: TKpiPeriod) {
  const leads = await prisma.lead.findMany({
    where: inPeriod('createdAt', period),
    select: { source: true, acquisitionCostCents: true, customer: { select: { id: true } } },
  });
  const groups = new Map<string, { leads: number; cost: number; customers: number }>();
  for (const l of leads) {
    const key = l.source ?? 'UNKNOWN';
    const g = groups.get(key) ?? { leads: 0, cost: 0, customers: 0 };
    g.leads++;
    g.cost += l.acquisitionCostCents ?? 0;
    if (l.customer) g.customers++;
    groups.set(key, g);
  }
  return {
    items: [...groups.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([source, g]) => ({
        source,
        leads: g.leads,
        acquisitionCostCents: g.cost,
        costPerLeadCents: g.leads ? Math.round(g.cost / g.leads) : null,
        customers: g.customers,
        conversionRate: rate(g.customers, g.leads),
        costPerCustomerCents: g.customers ? Math.round(g.cost / g.customers) : null,
      })),
  };
}
