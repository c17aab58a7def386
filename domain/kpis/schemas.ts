import { z } from 'zod';

const periodShape = {
  from: z.coerce.date().optional().describe('Start of the period (inclusive), an ISO date or date-time'),
  to: z.coerce.date().optional().describe('End of the period (exclusive), an ISO date or date-time'),
};
const ordered = (p: { from?: Date | undefined; to?: Date | undefined }) => !p.from || !p.to || p.from < p.to;
const orderedMessage = { message: 'must be later than from', path: ['to'] };
/** Optional period: leads (or enrollments, or customers) created in [from, to); `to` must follow `from`. */
export const ZKpiPeriod = z.object(periodShape).refine(ordered, orderedMessage);
export type TKpiPeriod = z.infer<typeof ZKpiPeriod>;
/** GET /kpis/conversion: the period and the grouping. */
export const ZConversionQuery = z.object({ ...periodShape, by: z.enum(['heat', 'rep']).default('heat') }).refine(ordered, orderedMessage);

/**
 * The timeline row a journey's `split` step writes when it assigns a lead to a variant (on the
 * enrollment, like `step.branch`): `data: { stepId, variant }`. Per-variant funnels read it.
 */
export const SPLIT_EVENT_TYPE = 'step.split';

/** The where-clause putting `field` in the period [from, to); empty when no period is given. */
export const inPeriod = <F extends string>(field: F, p: TKpiPeriod): Partial<Record<F, { gte?: Date; lt?: Date }>> =>
  p.from || p.to
    ? ({ [field]: { ...(p.from ? { gte: p.from } : {}), ...(p.to ? { lt: p.to } : {}) } } as Record<F, { gte?: Date; lt?: Date }>)
    : {};

/** A ratio rounded to 4 places; null when there is nothing to divide by. */
export const rate = (part: number, whole: number) => (whole ? Math.round((part / whole) * 10_000) / 10_000 : null);
export const round2 = (n: number) => Math.round(n * 100) / 100;
export const DAY_MS = 86_400_000;
export const mean = (xs: number[]) => (xs.length ? round2(xs.reduce((a, b) => a + b, 0) / xs.length) : null);
export function median(xs: number[]): number | null {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return round2(s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2);
}

const ZRate = z.number().nullable();
export const ZFunnel = z.object({
  sent: z.number(),
  opened: z.number(),
  clicked: z.number(),
  replied: z.number(),
  /** Sequence, variant: enrollments ended by an unsubscribe. Step: those whose last email before it was this step's. */
  unsubscribed: z.number(),
  converted: z.number(),
  openRate: ZRate,
  clickRate: ZRate,
  replyRate: ZRate,
});
export const ZSequenceKpis = z.object({
  items: z.array(
    ZFunnel.extend({
      sequenceKey: z.string(),
      name: z.string(),
      enrolled: z.number(),
      conversionRate: ZRate,
      steps: z.array(ZFunnel.extend({ stepId: z.string() })),
      /** Per variant of each split step (empty when the sequence has no split): emails and conversions after the assignment. */
      variants: z.array(ZFunnel.extend({ splitStepId: z.string(), variant: z.string(), enrolled: z.number(), conversionRate: ZRate })),
    }),
  ),
});
export const ZSourceKpis = z.object({
  items: z.array(
    z.object({
      source: z.string(),
      leads: z.number(),
      acquisitionCostCents: z.number(),
      costPerLeadCents: z.number().nullable(),
      customers: z.number(),
      conversionRate: ZRate,
      costPerCustomerCents: z.number().nullable(),
    }),
  ),
});
export const ZConversionKpis = z.object({
  by: z.enum(['heat', 'rep']),
  items: z.array(
    z.object({
      group: z.string(),
      leads: z.number(),
      customers: z.number(),
      conversionRate: ZRate,
      avgDaysToConvert: z.number().nullable(),
      medianDaysToConvert: z.number().nullable(),
    }),
  ),
});
export const ZRetentionKpis = z.object({
  customers: z.number(),
  repeatCustomers: z.number(),
  repeatPurchaseRate: ZRate,
  orders: z.number(),
  revenueCents: z.number(),
  revenuePerCustomerCents: z.number().nullable(),
  averageTicketCents: z.number().nullable(),
  /** Lead created → first purchase, in days. */
  avgSalesCycleDays: z.number().nullable(),
});
export const ZScoreBandKpis = z.object({
  thresholds: z.object({ mql: z.number(), sql: z.number() }),
  items: z.array(
    z.object({
      band: z.string(),
      minScore: z.number().nullable(),
      maxScore: z.number().nullable(),
      leads: z.number(),
      customers: z.number(),
      lost: z.number(),
      conversionRate: ZRate,
    }),
  ),
});
