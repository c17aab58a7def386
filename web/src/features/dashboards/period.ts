/**
 * The dashboards' period lives in the URL (`?period=30d`, or `?from=2026-03-01&to=2026-03-31` for a
 * custom range, both days inclusive), so a dashboard is a link and the back button works. Days are
 * the viewer's own calendar days: a period is [first day 00:00, day after the last 00:00) local,
 * sent to the KPI API as instants. The words are console.dashboards.preset.* and .periodText.*.
 */
import type { TTranslate } from '../../lib/translate';

export const PRESETS = ['7d', '30d', '90d', 'month', 'last-month', 'year', 'all'] as const;
export type TPresetId = (typeof PRESETS)[number];
export const presetLabel = (t: TTranslate, id: TPresetId) => t(`dashboards.preset.${id}`);
export const DEFAULT_PRESET: TPresetId = '30d';

export type TPeriod = { kind: 'preset'; preset: TPresetId } | { kind: 'custom'; from: string; to: string };
/** A period as instants: [from, to); undefined ends are open ("all time"). */
export type TResolvedPeriod = { from: Date | undefined; to: Date | undefined };

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A YYYY-MM-DD day as local midnight, or undefined when it is not a real day (2026-02-30). */
export function parseDay(value: string): Date | undefined {
  const m = DAY.exec(value);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(y, mo - 1, d);
  return date.getFullYear() === y && date.getMonth() === mo - 1 && date.getDate() === d ? date : undefined;
}

const pad = (n: number) => String(n).padStart(2, '0');
/** Local midnight → YYYY-MM-DD. */
export const formatDay = (date: Date): string => `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
const addDays = (date: Date, days: number) => new Date(date.getFullYear(), date.getMonth(), date.getDate() + days);
const startOfDay = (date: Date) => new Date(date.getFullYear(), date.getMonth(), date.getDate());

/** Why a custom range cannot be used, or undefined when it can. */
export function customRangeError(t: TTranslate, from: string, to: string): string | undefined {
  if (!from || !to) return t('dashboards.periodText.both');
  const start = parseDay(from);
  const end = parseDay(to);
  if (!start) return t('dashboards.periodText.notFrom', { value: from });
  if (!end) return t('dashboards.periodText.notTo', { value: to });
  if (end < start) return t('dashboards.periodText.reversed');
  return undefined;
}

/** The period the URL asks for; a broken one falls back to the default and says why. */
export function parsePeriod(t: TTranslate, params: URLSearchParams): { period: TPeriod; problem?: string } {
  const from = params.get('from');
  const to = params.get('to');
  if (from !== null || to !== null) {
    const problem = customRangeError(t, from ?? '', to ?? '');
    if (!problem) return { period: { kind: 'custom', from: from!, to: to! } };
    return { period: { kind: 'preset', preset: DEFAULT_PRESET }, problem: t('dashboards.periodText.unusable', { problem }) };
  }
  const preset = params.get('period');
  if (preset === null) return { period: { kind: 'preset', preset: DEFAULT_PRESET } };
  const known = PRESETS.find((p) => p === preset);
  if (known) return { period: { kind: 'preset', preset: known } };
  return {
    period: { kind: 'preset', preset: DEFAULT_PRESET },
    problem: t('dashboards.periodText.unknown', { preset }),
  };
}

/** The URL's parameters for a period, keeping the others (the chosen sequence). */
export function withPeriod(params: URLSearchParams, period: TPeriod): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const key of ['period', 'from', 'to']) next.delete(key);
  if (period.kind === 'custom') {
    next.set('from', period.from);
    next.set('to', period.to);
  } else if (period.preset !== DEFAULT_PRESET) next.set('period', period.preset);
  return next;
}

/** The instants a period covers, seen from `now` (the viewer's local calendar). */
export function resolvePeriod(period: TPeriod, now: Date): TResolvedPeriod {
  const today = startOfDay(now);
  const tomorrow = addDays(today, 1);
  if (period.kind === 'custom') return { from: parseDay(period.from), to: addDays(parseDay(period.to)!, 1) };
  switch (period.preset) {
    case '7d':
      return { from: addDays(today, -6), to: tomorrow };
    case '30d':
      return { from: addDays(today, -29), to: tomorrow };
    case '90d':
      return { from: addDays(today, -89), to: tomorrow };
    case 'month':
      return { from: new Date(today.getFullYear(), today.getMonth(), 1), to: tomorrow };
    case 'last-month':
      return { from: new Date(today.getFullYear(), today.getMonth() - 1, 1), to: new Date(today.getFullYear(), today.getMonth(), 1) };
    case 'year':
      return { from: new Date(today.getFullYear(), 0, 1), to: tomorrow };
    case 'all':
      return { from: undefined, to: undefined };
  }
}

/** The KPI API's query (`from`, `to` as ISO instants; absent ends are open). */
export function periodQuery(p: TResolvedPeriod): { from?: string; to?: string } {
  return { ...(p.from ? { from: p.from.toISOString() } : {}), ...(p.to ? { to: p.to.toISOString() } : {}) };
}

/** "1 Mar 2026 – 31 Mar 2026" (days inclusive), or "All time". */
export function describePeriod(t: TTranslate, p: TResolvedPeriod, locale?: string): string {
  if (!p.from && !p.to) return t('dashboards.preset.all');
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  const first = p.from ? day.format(p.from) : t('dashboards.periodText.beginning');
  const last = p.to ? day.format(addDays(p.to, -1)) : t('dashboards.periodText.today');
  return t('dashboards.periodText.range', { first, last });
}

/** A file-name-safe tag for the period: "2026-03-01_2026-03-31" or "all-time". */
export function periodTag(p: TResolvedPeriod): string {
  if (!p.from && !p.to) return 'all-time';
  return `${p.from ? formatDay(p.from) : 'start'}_${p.to ? formatDay(addDays(p.to, -1)) : 'today'}`;
}
