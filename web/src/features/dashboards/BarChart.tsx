/**
 * A horizontal bar chart in hand-written SVG (ADR-039): one group of bars per row of the table,
 * one bar per series column, the value written at each bar's end, a legend when there are several
 * series. It is drawn at the width of its box (ResizeObserver), so text stays legible on a phone.
 * Screen readers get a short description here and every figure in the data-table alternative.
 */
import { useEffect, useId, useRef, useState, type ReactElement, type RefObject } from 'react';
import { formatCell, niceScale, type TTable } from './table-data';
import { useT } from '../../lib/i18n';

/** Series colours: each at least 4.5:1 on white, in an order that keeps neighbours distinct. */
export const SERIES_COLOURS = ['#1d4ed8', '#0f766e', '#7c3aed', '#b45309', '#be123c', '#166534', '#4b5563'];

const BAR = 16;
const BAR_GAP = 3;
const GROUP_GAP = 14;
const AXIS = 22;
const VALUE_ROOM = 64;
const FONT = 12;
/** A generous average glyph width (capitals, wide scripts), as a share of the font size. */
const CHAR = 0.7;

function useWidth<T extends HTMLElement>(): [RefObject<T | null>, number] {
  const ref = useRef<T>(null);
  const [width, setWidth] = useState(640);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth || 640);
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(([entry]) => entry && setWidth(Math.max(240, Math.round(entry.contentRect.width))));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

const clip = (text: string, room: number) => {
  const fits = Math.max(3, Math.floor(room / (FONT * CHAR)));
  return text.length > fits ? `${text.slice(0, fits - 1)}…` : text;
};

export function BarChart(props: {
  table: TTable;
  /** The column naming each group (a step, a source, a band). */
  category: string;
  /** The numeric columns drawn as bars, in legend order; they share one scale, so one unit. */
  series: string[];
  /** The chart's name, for its accessible description. */
  title: string;
}): ReactElement {
  const t = useT();
  const [box, width] = useWidth<HTMLDivElement>();
  const descId = useId();
  const { table, category, series } = props;
  const columns = series.map((key) => table.columns.find((c) => c.key === key)!);
  const format = columns[0]?.format ?? 'count';
  const categoryLabel = (row: TTable['rows'][number]) => String(row[category] ?? '—');
  const values = table.rows.flatMap((r) => series.map((s) => r[s])).filter((v): v is number => typeof v === 'number');
  const scale = niceScale(Math.max(0, ...values), { whole: format === 'count' });

  const longest = Math.max(4, ...table.rows.map((r) => categoryLabel(r).length));
  const labelWidth = Math.min(Math.round(width * 0.36), Math.max(56, longest * FONT * CHAR + 12));
  const plot = Math.max(40, width - labelWidth - VALUE_ROOM);
  const groupHeight = series.length * BAR + (series.length - 1) * BAR_GAP;
  const height = table.rows.length * (groupHeight + GROUP_GAP) + AXIS;
  const x = (v: number) => labelWidth + (v / scale.max) * plot;

  return (
    <div className="bar-chart" ref={box}>
      {series.length > 1 ? (
        <ul className="chart-legend" aria-hidden="true">
          {columns.map((c, i) => (
            <li key={c.key}>
              <span className="chart-legend__swatch" style={{ background: SERIES_COLOURS[i % SERIES_COLOURS.length] }} />
              {c.label}
            </li>
          ))}
        </ul>
      ) : null}
      <svg width={width} height={height} viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby={descId} className="bar-chart__svg">
        <desc id={descId}>
          {t('dashboards.barChartOfFor', {
            title: props.title,
            value: columns.map((c) => c.label.toLowerCase()).join(', '),
            length: table.rows.length,
            value2: table.rows.length === 1 ? 'row' : 'rows',
          })}
        </desc>
        {scale.ticks.map((t) => (
          <g key={t}>
            <line x1={x(t)} x2={x(t)} y1={0} y2={height - AXIS} className="bar-chart__grid" />
            <text x={x(t)} y={height - 6} textAnchor="middle" className="bar-chart__tick">
              {formatCell(t, format)}
            </text>
          </g>
        ))}
        {table.rows.map((row, r) => {
          const top = r * (groupHeight + GROUP_GAP) + GROUP_GAP / 2;
          const label = categoryLabel(row);
          return (
            <g key={`${label}-${r}`}>
              <text x={labelWidth - 8} y={top + groupHeight / 2} dominantBaseline="middle" textAnchor="end" className="bar-chart__label">
                <title>{label}</title>
                {clip(label, labelWidth - 12)}
              </text>
              {series.map((key, s) => {
                const value = row[key];
                const n = typeof value === 'number' ? value : 0;
                const y = top + s * (BAR + BAR_GAP);
                const w = Math.max(n > 0 ? 2 : 0, x(n) - labelWidth);
                return (
                  <g key={key}>
                    <rect x={labelWidth} y={y} width={w} height={BAR} rx={2} fill={SERIES_COLOURS[s % SERIES_COLOURS.length]} />
                    <text x={labelWidth + w + 4} y={y + BAR / 2} dominantBaseline="middle" className="bar-chart__value">
                      {formatCell(typeof value === 'number' ? value : null, format)}
                    </text>
                  </g>
                );
              })}
            </g>
          );
        })}
        <line x1={labelWidth} x2={labelWidth} y1={0} y2={height - AXIS} className="bar-chart__axis" />
      </svg>
    </div>
  );
}
