/** The KPI API's answers as dashboard tables (pure: unit-tested, shared by chart, table and CSV). */
import type { TOk } from '../../api/types';
import type { TColumn, TTable } from './table-data';

export type TSequenceKpis = TOk<'/kpis/sequences', 'get'>;
export type TSequenceKpi = TSequenceKpis['items'][number];
export type TSourceKpis = TOk<'/kpis/sources', 'get'>;
export type TConversionKpis = TOk<'/kpis/conversion', 'get'>;
export type TRetentionKpis = TOk<'/kpis/retention', 'get'>;
export type TScoreBandKpis = TOk<'/kpis/score-bands', 'get'>;

/** The funnel's stages, in order. */
export const FUNNEL = ['sent', 'opened', 'clicked', 'replied', 'unsubscribed', 'converted'] as const;
const FUNNEL_LABELS: Record<(typeof FUNNEL)[number], string> = {
  sent: 'Sent',
  opened: 'Opened',
  clicked: 'Clicked',
  replied: 'Replied',
  unsubscribed: 'Unsubscribed',
  converted: 'Converted',
};
const funnelColumns: TColumn[] = FUNNEL.map((key) => ({ key, label: FUNNEL_LABELS[key], format: 'count' }));
const rateColumns: TColumn[] = [
  { key: 'openRate', label: 'Open rate', format: 'rate' },
  { key: 'clickRate', label: 'Click rate', format: 'rate' },
  { key: 'replyRate', label: 'Reply rate', format: 'rate' },
];
export const FUNNEL_SERIES: string[] = [...FUNNEL];

/** One sequence's funnel: a row per stage with its count and rate (engagement per email sent; unsubscribes and conversions per enrolled lead). */
export function funnelTable(s: TSequenceKpi): TTable {
  const perEnrolled = (n: number) => (s.enrolled ? Math.round((n / s.enrolled) * 10_000) / 10_000 : null);
  const rates = {
    sent: null,
    opened: s.openRate,
    clicked: s.clickRate,
    replied: s.replyRate,
    unsubscribed: perEnrolled(s.unsubscribed),
    converted: s.conversionRate,
  };
  return {
    columns: [
      { key: 'stage', label: 'Stage', format: 'text' },
      { key: 'count', label: 'Count', format: 'count' },
      { key: 'rate', label: 'Rate', format: 'rate' },
    ],
    rows: FUNNEL.map((key) => ({ stage: FUNNEL_LABELS[key], count: s[key], rate: rates[key] })),
  };
}

/** Per email step of one sequence. */
export function stepsTable(s: TSequenceKpi): TTable {
  return {
    columns: [{ key: 'step', label: 'Step', format: 'text' }, ...funnelColumns, ...rateColumns],
    rows: s.steps.map((step) => ({
      step: step.stepId,
      ...pick(step, FUNNEL),
      openRate: step.openRate,
      clickRate: step.clickRate,
      replyRate: step.replyRate,
    })),
  };
}

/** Per variant of each split step of one sequence (empty when it has none). */
export function variantsTable(s: TSequenceKpi): TTable {
  const several = new Set(s.variants.map((v) => v.splitStepId)).size > 1;
  return {
    columns: [
      { key: 'variant', label: 'Variant', format: 'text' },
      { key: 'splitStep', label: 'Split step', format: 'text' },
      { key: 'enrolled', label: 'Enrolled', format: 'count' },
      ...funnelColumns,
      ...rateColumns,
      { key: 'conversionRate', label: 'Conversion rate', format: 'rate' },
    ],
    rows: s.variants.map((v) => ({
      variant: several ? `${v.splitStepId}: ${v.variant}` : v.variant,
      splitStep: v.splitStepId,
      enrolled: v.enrolled,
      ...pick(v, FUNNEL),
      openRate: v.openRate,
      clickRate: v.clickRate,
      replyRate: v.replyRate,
      conversionRate: v.conversionRate,
    })),
  };
}

/** Every sequence side by side. */
export function sequencesTable(k: TSequenceKpis): TTable {
  return {
    columns: [
      { key: 'sequence', label: 'Sequence', format: 'text' },
      { key: 'key', label: 'Key', format: 'text' },
      { key: 'enrolled', label: 'Enrolled', format: 'count' },
      ...funnelColumns,
      { key: 'conversionRate', label: 'Conversion rate', format: 'rate' },
    ],
    rows: k.items.map((s) => ({
      sequence: s.name,
      key: s.sequenceKey,
      enrolled: s.enrolled,
      ...pick(s, FUNNEL),
      conversionRate: s.conversionRate,
    })),
  };
}

export function sourcesTable(k: TSourceKpis): TTable {
  return {
    columns: [
      { key: 'source', label: 'Source', format: 'text' },
      { key: 'leads', label: 'Leads', format: 'count' },
      { key: 'customers', label: 'Customers', format: 'count' },
      { key: 'conversionRate', label: 'Conversion rate', format: 'rate' },
      { key: 'acquisitionCost', label: 'Acquisition cost', format: 'money' },
      { key: 'costPerLead', label: 'Cost per lead', format: 'money' },
      { key: 'costPerCustomer', label: 'Cost per customer', format: 'money' },
    ],
    rows: k.items.map((s) => ({
      source: enumLabel(s.source),
      leads: s.leads,
      customers: s.customers,
      conversionRate: s.conversionRate,
      acquisitionCost: s.acquisitionCostCents,
      costPerLead: s.costPerLeadCents,
      costPerCustomer: s.costPerCustomerCents,
    })),
  };
}

export function conversionTable(k: TConversionKpis): TTable {
  return {
    columns: [
      { key: 'group', label: k.by === 'heat' ? 'Heat' : 'Rep', format: 'text' },
      { key: 'leads', label: 'Leads', format: 'count' },
      { key: 'customers', label: 'Customers', format: 'count' },
      { key: 'conversionRate', label: 'Conversion rate', format: 'rate' },
      { key: 'avgDays', label: 'Mean days to convert', format: 'days' },
      { key: 'medianDays', label: 'Median days to convert', format: 'days' },
    ],
    rows: k.items.map((g) => ({
      group: k.by === 'heat' ? enumLabel(g.group) : g.group,
      leads: g.leads,
      customers: g.customers,
      conversionRate: g.conversionRate,
      avgDays: g.avgDaysToConvert,
      medianDays: g.medianDaysToConvert,
    })),
  };
}

/** Retention is one set of figures: one row (the chart draws the counts). */
export function retentionTable(k: TRetentionKpis): TTable {
  return {
    columns: [
      { key: 'period', label: 'Customers converted', format: 'text' },
      { key: 'customers', label: 'Customers', format: 'count' },
      { key: 'repeatCustomers', label: 'Repeat customers', format: 'count' },
      { key: 'orders', label: 'Orders', format: 'count' },
      { key: 'repeatPurchaseRate', label: 'Repeat-purchase rate', format: 'rate' },
      { key: 'revenue', label: 'Revenue', format: 'money' },
      { key: 'revenuePerCustomer', label: 'Revenue per customer', format: 'money' },
      { key: 'averageTicket', label: 'Average ticket', format: 'money' },
      { key: 'salesCycleDays', label: 'Sales cycle (mean days)', format: 'days' },
    ],
    rows: [
      {
        period: 'In this period',
        customers: k.customers,
        repeatCustomers: k.repeatCustomers,
        orders: k.orders,
        repeatPurchaseRate: k.repeatPurchaseRate,
        revenue: k.revenueCents,
        revenuePerCustomer: k.revenuePerCustomerCents,
        averageTicket: k.averageTicketCents,
        salesCycleDays: k.avgSalesCycleDays,
      },
    ],
  };
}

export function scoreBandsTable(k: TScoreBandKpis): TTable {
  return {
    columns: [
      { key: 'band', label: 'Score band', format: 'text' },
      { key: 'leads', label: 'Leads', format: 'count' },
      { key: 'customers', label: 'Customers', format: 'count' },
      { key: 'lost', label: 'Lost', format: 'count' },
      { key: 'conversionRate', label: 'Conversion rate', format: 'rate' },
    ],
    rows: k.items.map((b) => ({ band: b.band, leads: b.leads, customers: b.customers, lost: b.lost, conversionRate: b.conversionRate })),
  };
}

function pick<K extends string>(from: Record<K, number>, keys: readonly K[]): Record<K, number> {
  const out = {} as Record<K, number>;
  for (const k of keys) out[k] = from[k];
  return out;
}

/** A source or heat as people write it: TRADE_SHOW → "Trade show" (as the lead pages show them). */
export const enumLabel = (value: string): string => {
  const words = value.replace(/_+/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
};
