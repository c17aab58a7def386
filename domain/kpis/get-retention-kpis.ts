/**
 * Retention (DOMAIN.md, "Retention"): share of customers who bought again, revenue per
 * customer, average ticket, and the sales cycle (lead card created → first purchase).
 */
import type { PrismaClient } from '../../generated/prisma/client';
import { inPeriod, DAY_MS, mean, rate, type TKpiPeriod } from './schemas';

export async function getRetentionKpis(prisma: PrismaClient, period: TKpiPeriod) {
  const customers = await prisma.customer.findMany({
    where: inPeriod('convertedAt', period),
    select: { lead: { select: { createdAt: true } }, purchases: { select: { amountCents: true, purchasedAt: true } } },
  });
  const orders = customers.reduce((n, c) => n + c.purchases.length, 0);
  const revenue = customers.reduce((n, c) => n + c.purchases.reduce((m, p) => m + p.amountCents, 0), 0);
  const repeat = customers.filter((c) => c.purchases.length >= 2).length;
  const cycles = customers
    .filter((c) => c.purchases.length)
    .map((c) => (Math.min(...c.purchases.map((p) => p.purchasedAt.getTime())) - c.lead.createdAt.getTime()) / DAY_MS);
  return {
    customers: customers.length,
    repeatCustomers: repeat,
    repeatPurchaseRate: rate(repeat, customers.length),
    orders,
    revenueCents: revenue,
    revenuePerCustomerCents: customers.length ? Math.round(revenue / customers.length) : null,
    averageTicketCents: orders ? Math.round(revenue / orders) : null,
    avgSalesCycleDays: mean(cycles),
  };
}
