/**
 * The KPI API's answers as dashboard tables (pure: unit-tested, shared by chart, table and CSV).
 * Column and stage names are console.dashboards.column.* / .stage.* (the console's `t`).
 */
import type { TOk } from '../../api/types';
import type { TTranslate } from '../../lib/translate';
import type { TColumn, TTable } from './table-data';

export type TSequenceKpis = TOk<'/kpis/sequences', 'get'>;
export type TSequenceKpi = TSequenceKpis['items'][number];
export type TSourceKpis = TOk<'/kpis/sources', 'get'>;
export type TConversionKpis = TOk<'/kpis/conversion', 'get'>;
export type TRetentionKpis = TOk<'/kpis/retention', 'get'>;
export type TScoreBandKpis = TOk<'/kpis/score-bands', 'get'>;

/** The funnel's stages, in order. */
export const FUNNEL = ['sent', 'opened', 'clicked', 'replied', 'unsubscribed', 'converted'] as const;
const funnelColumns = (t: TTranslate): TColumn[] => FUNNEL.map((key) => ({ key, label: t(`dashboards.stage.${key}`), format: 'count' }));
const rateColumns = (t: TTranslate): TColumn[] => [
  { key: 'openRate', label: t('dashboards.column.openRate'), format: 'rate' },
  { key: 'clickRate', label: t('dashboards.column.clickRate'), format: 'rate' },
  { key: 'replyRate', label: t('dashboards.column.replyRate'), format: 'rate' },
];
export const FUNNEL_SERIES: string[] = [...FUNNEL];

/** One sequence's funnel: a row per stage with its count and rate (engagement per email sent; unsubscribes and conversions per enrolled lead). */
export function funnelTable(t: TTranslate, s: TSequenceKpi): TTable {
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
      { key: 'stage', label: t('dashboards.column.stage'), format: 'text' },
      { key: 'count', label: t('dashboards.column.count'), format: 'count' },
      { key: 'rate', label: t('dashboards.column.rate'), format: 'rate' },
    ],
    rows: FUNNEL.map((key) => ({ stage: t(`dashboards.stage.${key}`), count: s[key], rate: rates[key] })),
  };
}

/** Per email step of one sequence. */
export function stepsTable(t: TTranslate, s: TSequenceKpi): TTable {
  return {
    columns: [{ key: 'step', label: t('dashboards.column.step'), format: 'text' }, ...funnelColumns(t), ...rateColumns(t)],
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
export function variantsTable(t: TTranslate, s: TSequenceKpi): TTable {
  const several = new Set(s.variants.map((v) => v.splitStepId)).size > 1;
  return {
    columns: [
      { key: 'variant', label: t('dashboards.column.variant'), format: 'text' },
      { key: 'splitStep', label: t('dashboards.column.splitStep'), format: 'text' },
      { key: 'enrolled', label: t('dashboards.column.enrolled'), format: 'count' },
      ...funnelColumns(t),
      ...rateColumns(t),
      { key: 'conversionRate', label: t('dashboards.column.conversionRate'), format: 'rate' },
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
export function sequencesTable(t: TTranslate, k: TSequenceKpis): TTable {
  return {
    columns: [
      { key: 'sequence', label: t('dashboards.column.sequence'), format: 'text' },
      { key: 'key', label: t('dashboards.column.key'), format: 'text' },
      { key: 'enrolled', label: t('dashboards.column.enrolled'), format: 'count' },
      ...funnelColumns(t),
      { key: 'conversionRate', label: t('dashboards.column.conversionRate'), format: 'rate' },
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

export function sourcesTable(t: TTranslate, k: TSourceKpis): TTable {
  return {
    columns: [
      { key: 'source', label: t('dashboards.column.source'), format: 'text' },
      { key: 'leads', label: t('dashboards.column.leads'), format: 'count' },
      { key: 'customers', label: t('dashboards.column.customers'), format: 'count' },
      { key: 'conversionRate', label: t('dashboards.column.conversionRate'), format: 'rate' },
      { key: 'acquisitionCost', label: t('dashboards.column.acquisitionCost'), format: 'money' },
      { key: 'costPerLead', label: t('dashboards.column.costPerLead'), format: 'money' },
      { key: 'costPerCustomer', label: t('dashboards.column.costPerCustomer'), format: 'money' },
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

export function conversionTable(t: TTranslate, k: TConversionKpis): TTable {
  return {
    columns: [
      { key: 'group', label: t(k.by === 'heat' ? 'dashboards.column.heat' : 'dashboards.column.rep'), format: 'text' },
      { key: 'leads', label: t('dashboards.column.leads'), format: 'count' },
      { key: 'customers', label: t('dashboards.column.customers'), format: 'count' },
      { key: 'conversionRate', label: t('dashboards.column.conversionRate'), format: 'rate' },
      { key: 'avgDays', label: t('dashboards.column.avgDays'), format: 'days' },
      { key: 'medianDays', label: t('dashboards.column.medianDays'), format: 'days' },
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
export function retentionTable(t: TTranslate, k: TRetentionKpis): TTable {
  return {
    columns: [
      { key: 'period', label: t('dashboards.column.period'), format: 'text' },
      { key: 'customers', label: t('dashboards.column.customers'), format: 'count' },
      { key: 'repeatCustomers', label: t('dashboards.column.repeatCustomers'), format: 'count' },
      { key: 'orders', label: t('dashboards.column.orders'), format: 'count' },
      { key: 'repeatPurchaseRate', label: t('dashboards.column.repeatPurchaseRate'), format: 'rate' },
      { key: 'revenue', label: t('dashboards.column.revenue'), format: 'money' },
      { key: 'revenuePerCustomer', label: t('dashboards.column.revenuePerCustomer'), format: 'money' },
      { key: 'averageTicket', label: t('dashboards.column.averageTicket'), format: 'money' },
      { key: 'salesCycleDays', label: t('dashboards.column.salesCycleDays'), format: 'days' },
    ],
    rows: [
      {
        period: t('dashboards.inThisPeriod'),
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

export function scoreBandsTable(t: TTranslate, k: TScoreBandKpis): TTable {
  return {
    columns: [
      { key: 'band', label: t('dashboards.column.band'), format: 'text' },
      { key: 'leads', label: t('dashboards.column.leads'), format: 'count' },
      { key: 'customers', label: t('dashboards.column.customers'), format: 'count' },
      { key: 'lost', label: t('dashboards.column.lost'), format: 'count' },
      { key: 'conversionRate', label: t('dashboards.column.conversionRate'), format: 'rate' },
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
