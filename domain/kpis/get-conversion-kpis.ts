/**
 * Conversion by heat or by rep (DOMAIN.md: "compute conversion per heat group"; per manager:
 * "conversion and speed of their leads"): leads, customers, conversion rate, and days from the
 * lead card's creation to the customer card's (mean and median). A lead counts for the rep who
 * owns its card now; unowned leads are "unassigned".
 */
import type { PrismaClient } from '../../generated/prisma/client';
import { inPeriod, DAY_MS, mean, median, rate, type TKpiPeriod } from './schemas';

export async function getConversionKpis(prisma: PrismaClient, by: 'heat' | 'rep', period: TKpiPeriod) {
  const leads = await prisma.lead.findMany({
    where: inPeriod('createdAt', period),
    select: { heat: true, ownerEmail: true, createdAt: true, customer: { select: { convertedAt: true } } },
  });
  const groups = new Map<string, { leads: number; days: number[] }>();
  for (const l of leads) {
    const key = by === 'heat' ? l.heat : (l.ownerEmail ?? 'unassigned');
    const g = groups.get(key) ?? { leads: 0, days: [] };
    g.leads++;
    if (l.customer) g.days.push((l.customer.convertedAt.getTime() - l.createdAt.getTime()) / DAY_MS);
    groups.set(key, g);
  }
  const order = by === 'heat' ? ['HOT', 'WARM', 'COLD'] : [...groups.keys()].sort();
  return {
    by,
    items: order
      .filter((k) => groups.has(k))
      .map((group) => {
        const g = groups.get(group)!;
        return {
          group,
          leads: g.leads,
          customers: g.days.length,
          conversionRate: rate(g.days.length, g.leads),
          avgDaysToConvert: mean(g.days),
          medianDaysToConvert: median(g.days),
        };
      }),
  };
}
