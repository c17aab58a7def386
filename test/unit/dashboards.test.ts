/**
 * The dashboards' pure logic (no DOM): the period in the URL and what it covers, the KPI answers
 * as tables, CSV (quoting, spreadsheet formulas) and the chart's axis.
 */
import { englishT } from '../helpers/console-t';
import {
  customRangeError,
  describePeriod,
  parsePeriod,
  periodQuery,
  periodTag,
  resolvePeriod,
  withPeriod,
} from '../../web/src/features/dashboards/period';
import { funnelTable, stepsTable, variantsTable, type TSequenceKpi } from '../../web/src/features/dashboards/kpi-tables';
import { formatCell, niceScale, slug, toCsv, type TTable } from '../../web/src/features/dashboards/table-data';

// 15 March 2026, 10:30 local time (the tests' TZ is whatever the machine says; periods are local days).
const NOW = new Date(2026, 2, 15, 10, 30);
const local = (y: number, m: number, d: number) => new Date(y, m - 1, d);

describe('the dashboards period', () => {
  it('reads a preset or a custom range from the URL, and falls back to the last 30 days saying why', () => {
    expect(parsePeriod(englishT, new URLSearchParams(''))).toEqual({ period: { kind: 'preset', preset: '30d' } });
    expect(parsePeriod(englishT, new URLSearchParams('period=last-month'))).toEqual({ period: { kind: 'preset', preset: 'last-month' } });
    expect(parsePeriod(englishT, new URLSearchParams('from=2026-03-01&to=2026-03-31'))).toEqual({
      period: { kind: 'custom', from: '2026-03-01', to: '2026-03-31' },
    });
    const reversed = parsePeriod(englishT, new URLSearchParams('from=2026-03-31&to=2026-03-01'));
    expect(reversed.period).toEqual({ kind: 'preset', preset: '30d' });
    expect(reversed.problem).toMatch(/last day comes before the first/);
    expect(parsePeriod(englishT, new URLSearchParams('from=2026-02-30&to=2026-03-01')).problem).toMatch(/“2026-02-30” is not a date/);
    expect(parsePeriod(englishT, new URLSearchParams('period=fortnight')).problem).toMatch(/“fortnight”/);
  });

  it('writes the period back to the URL, keeping the chosen sequence and dropping the default', () => {
    const params = new URLSearchParams('sequence=demo-nurture&period=7d');
    expect(withPeriod(params, { kind: 'custom', from: '2026-03-01', to: '2026-03-31' }).toString()).toBe(
      'sequence=demo-nurture&from=2026-03-01&to=2026-03-31',
    );
    expect(withPeriod(params, { kind: 'preset', preset: '30d' }).toString()).toBe('sequence=demo-nurture');
    expect(withPeriod(params, { kind: 'preset', preset: 'all' }).toString()).toBe('sequence=demo-nurture&period=all');
  });

  it('covers whole local days, the last one included', () => {
    expect(resolvePeriod({ kind: 'preset', preset: '7d' }, NOW)).toEqual({ from: local(2026, 3, 9), to: local(2026, 3, 16) });
    expect(resolvePeriod({ kind: 'preset', preset: '30d' }, NOW)).toEqual({ from: local(2026, 2, 14), to: local(2026, 3, 16) });
    expect(resolvePeriod({ kind: 'preset', preset: 'month' }, NOW)).toEqual({ from: local(2026, 3, 1), to: local(2026, 3, 16) });
    expect(resolvePeriod({ kind: 'preset', preset: 'last-month' }, NOW)).toEqual({ from: local(2026, 2, 1), to: local(2026, 3, 1) });
    expect(resolvePeriod({ kind: 'preset', preset: 'last-month' }, local(2026, 1, 10))).toEqual({
      from: local(2025, 12, 1),
      to: local(2026, 1, 1),
    });
    expect(resolvePeriod({ kind: 'preset', preset: 'year' }, NOW)).toEqual({ from: local(2026, 1, 1), to: local(2026, 3, 16) });
    const all = resolvePeriod({ kind: 'preset', preset: 'all' }, NOW);
    expect([periodQuery(all), describePeriod(englishT, all), periodTag(all)]).toEqual([{}, 'All time', 'all-time']);
    const march = resolvePeriod({ kind: 'custom', from: '2026-03-01', to: '2026-03-31' }, NOW);
    expect(march).toEqual({ from: local(2026, 3, 1), to: local(2026, 4, 1) });
    expect(periodQuery(march)).toEqual({ from: local(2026, 3, 1).toISOString(), to: local(2026, 4, 1).toISOString() });
    expect(periodTag(march)).toBe('2026-03-01_2026-03-31');
    expect(describePeriod(englishT, march, 'en-GB')).toBe('1 Mar 2026 – 31 Mar 2026');
  });

  it('explains what is wrong with a custom range', () => {
    expect(customRangeError(englishT, '', '2026-03-01')).toMatch(/both/);
    expect(customRangeError(englishT, '2026-3-1', '2026-03-01')).toMatch(/not a date/);
    expect(customRangeError(englishT, '2026-03-02', '2026-03-01')).toMatch(/before/);
    expect(customRangeError(englishT, '2026-03-01', '2026-03-01')).toBeUndefined();
  });
});

const SEQUENCE: TSequenceKpi = {
  sequenceKey: 'demo',
  name: 'Demo',
  enrolled: 4,
  sent: 8,
  opened: 4,
  clicked: 2,
  replied: 1,
  unsubscribed: 1,
  converted: 1,
  conversionRate: 0.25,
  openRate: 0.5,
  clickRate: 0.25,
  replyRate: 0.125,
  steps: [
    {
      stepId: 'welcome',
      sent: 4,
      opened: 3,
      clicked: 1,
      replied: 0,
      unsubscribed: 1,
      converted: 1,
      openRate: 0.75,
      clickRate: 0.25,
      replyRate: 0,
    },
  ],
  variants: [
    {
      splitStepId: 'split',
      variant: 'A',
      enrolled: 2,
      sent: 3,
      opened: 1,
      clicked: 1,
      replied: 0,
      unsubscribed: 0,
      converted: 1,
      conversionRate: 0.5,
      openRate: 0.3333,
      clickRate: 0.3333,
      replyRate: 0,
    },
    {
      splitStepId: 'split',
      variant: '=B',
      enrolled: 2,
      sent: 3,
      opened: 2,
      clicked: 0,
      replied: 1,
      unsubscribed: 1,
      converted: 0,
      conversionRate: 0,
      openRate: 0.6667,
      clickRate: 0,
      replyRate: 0.3333,
    },
  ],
};

describe('the KPI answers as tables', () => {
  it('a funnel: a row per stage, engagement per email sent, unsubscribes and conversions per enrolled lead', () => {
    expect(funnelTable(englishT, SEQUENCE).rows).toEqual([
      { stage: 'Sent', count: 8, rate: null },
      { stage: 'Opened', count: 4, rate: 0.5 },
      { stage: 'Clicked', count: 2, rate: 0.25 },
      { stage: 'Replied', count: 1, rate: 0.125 },
      { stage: 'Unsubscribed', count: 1, rate: 0.25 },
      { stage: 'Converted', count: 1, rate: 0.25 },
    ]);
    expect(stepsTable(englishT, SEQUENCE).rows[0]).toMatchObject({ step: 'welcome', sent: 4, unsubscribed: 1, openRate: 0.75 });
    expect(variantsTable(englishT, SEQUENCE).rows.map((r) => [r.variant, r.enrolled, r.sent])).toEqual([
      ['A', 2, 3],
      ['=B', 2, 3],
    ]);
  });

  it('as CSV: labels first, raw numbers, quoted text, no spreadsheet formulas', () => {
    const csv = toCsv(variantsTable(englishT, SEQUENCE));
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(
      'Variant,Split step,Enrolled,Sent,Opened,Clicked,Replied,Unsubscribed,Converted,Open rate,Click rate,Reply rate,Conversion rate',
    );
    expect(lines[1]).toBe('A,split,2,3,1,1,0,0,1,0.3333,0.3333,0,0.5');
    // A variant named "=B" would run as a formula in a spreadsheet: it is written as text.
    expect(lines[2]).toBe("'=B,split,2,3,2,0,1,1,0,0.6667,0,0.3333,0");
    expect(lines[3]).toBe('');
    const money: TTable = {
      columns: [
        { key: 'source', label: 'Source, channel', format: 'text' },
        { key: 'cost', label: 'Cost per lead', format: 'money' },
      ],
      rows: [
        { source: 'Trade "show"', cost: 133_333 },
        { source: 'Web', cost: null },
      ],
    };
    expect(toCsv(money)).toBe('"Source, channel",Cost per lead\r\n"Trade ""show""",1333.33\r\nWeb,\r\n');
  });

  it('formats cells for people and names files in any script', () => {
    expect(formatCell(null, 'rate')).toBe('—');
    expect(formatCell(0.6667, 'rate')).toMatch(/66[.,]7\s?%/);
    expect(formatCell(12.25, 'days')).toMatch(/12[.,]3 d/);
    expect(slug('Funnel: Դեմո nurture!')).toBe('funnel-դեմո-nurture');
    expect(slug('***')).toBe('chart');
  });

  it('gives the chart round axis ends', () => {
    expect(niceScale(0)).toEqual({ max: 1, ticks: [0, 1] });
    expect(niceScale(8)).toEqual({ max: 8, ticks: [0, 2, 4, 6, 8] });
    // Counts stay whole: 2 leads get ticks 0, 1, 2 (not 0, 0.5, 1, 1.5, 2).
    expect(niceScale(2, { whole: true })).toEqual({ max: 2, ticks: [0, 1, 2] });
    expect(niceScale(2)).toEqual({ max: 2, ticks: [0, 0.5, 1, 1.5, 2] });
    expect(niceScale(7)).toEqual({ max: 8, ticks: [0, 2, 4, 6, 8] });
    expect(niceScale(0.6667)).toEqual({ max: 0.8, ticks: [0, 0.2, 0.4, 0.6, 0.8] });
    expect(niceScale(1333)).toEqual({ max: 1500, ticks: [0, 500, 1000, 1500] });
  });
});
