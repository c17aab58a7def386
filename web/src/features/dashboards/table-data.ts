/**
 * One shape for every dashboard figure: a table of typed columns. The chart draws some of its
 * columns, the data-table alternative shows all of them, and the CSV download writes them — so
 * the three can never disagree.
 */
import { formatAmount } from '../../lib/format';

export type TFormat = 'text' | 'count' | 'rate' | 'money' | 'days';
export type TColumn = { key: string; label: string; format: TFormat };
export type TCell = string | number | null;
export type TRow = Record<string, TCell>;
export type TTable = { columns: TColumn[]; rows: TRow[] };

const count = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const percent = new Intl.NumberFormat(undefined, { style: 'percent', maximumFractionDigits: 1 });
const days = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

/** A cell for people: counts grouped, rates as percentages, money in currency units, days with one decimal; empty as "—". */
export function formatCell(value: TCell, format: TFormat): string {
  if (value === null || value === '') return '—';
  if (typeof value === 'string') return value;
  switch (format) {
    case 'count':
      return count.format(value);
    case 'rate':
      return percent.format(value);
    case 'money':
      return formatAmount(value);
    case 'days':
      return `${days.format(value)} d`;
    case 'text':
      return String(value);
  }
}

/** The same value for a spreadsheet: numbers as plain numbers (money in currency units, rates as fractions). */
export function csvValue(value: TCell, format: TFormat): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  return format === 'money' ? (value / 100).toFixed(2) : String(value);
}

/** A spreadsheet opens "=…", "+…", "-…", "@…" as formulas: text cells starting so get a leading apostrophe. */
const FORMULA_START = /^[=+\-@\t\r]/;
const quote = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

/** RFC 4180 CSV (CRLF line ends): a header row of the column labels, then one line per row. */
export function toCsv(table: TTable): string {
  const lines = [table.columns.map((c) => quote(c.label))];
  for (const row of table.rows) {
    lines.push(
      table.columns.map((c) => {
        const value = row[c.key] ?? null;
        const text = csvValue(value, c.format);
        return quote(typeof value === 'string' && FORMULA_START.test(text) ? `'${text}` : text);
      }),
    );
  }
  return `${lines.map((l) => l.join(',')).join('\r\n')}\r\n`;
}

/** "Funnel: Demo nurture" → "funnel-demo-nurture" (any script kept; only separators go). */
export function slug(text: string): string {
  return (
    text
      .toLocaleLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, '') || 'chart'
  );
}

/**
 * Round-number axis end and ticks for values up to `max` (0 → 1, so an empty chart still has an
 * axis); `whole` keeps ticks on whole numbers (counts).
 */
export function niceScale(max: number, options: { whole?: boolean; ticks?: number } = {}): { max: number; ticks: number[] } {
  if (!(max > 0)) return { max: 1, ticks: [0, 1] };
  const rough = max / (options.ticks ?? 4);
  const power = 10 ** Math.floor(Math.log10(rough));
  const nice = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power;
  const step = options.whole ? Math.max(1, Math.ceil(nice)) : nice;
  const end = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let t = 0; t <= end + step / 2; t += step) ticks.push(Number(t.toPrecision(12)));
  return { max: end, ticks };
}
