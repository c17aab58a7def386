/**
 * A chart with its two alternatives: "Show table" reveals every figure as a real table (a
 * disclosure button, then a focusable, named scroll region), and "Download CSV" saves the very
 * same rows, built in the browser from the data on screen.
 */
import { useId, useState, type ReactElement, type ReactNode } from 'react';
import { TableWrap } from '../../components/TableWrap';
import { BarChart } from './BarChart';
import { downloadCsv } from './download';
import { formatCell, slug, type TTable } from './table-data';
import { useT } from '../../lib/i18n';

export function ChartCard(props: {
  title: string;
  /** What the figures count, in a sentence. */
  note?: ReactNode;
  table: TTable;
  /** The bars: the column naming each group and the numeric columns drawn. */
  chart: { category: string; series: string[] };
  /** Extra content above the chart (figures in words, tiles). */
  lead?: ReactNode;
  /** Part of the CSV's file name: the period. */
  fileTag: string;
}): ReactElement {
  const t = useT();
  const headingId = useId();
  const tableId = useId();
  const [showTable, setShowTable] = useState(false);
  const empty = props.table.rows.length === 0;
  return (
    <section className="panel chart-card" aria-labelledby={headingId}>
      <div className="chart-card__head">
        <h3 id={headingId}>{props.title}</h3>
        {empty ? null : (
          <div className="button-row chart-card__actions">
            <button
              type="button"
              className="button button--secondary"
              aria-expanded={showTable}
              aria-controls={tableId}
              onClick={() => setShowTable((shown) => !shown)}
            >
              {showTable ? t('dashboards.hideTable') : t('dashboards.showTable')}
              <span className="visually-hidden">: {props.title}</span>
            </button>
            <button
              type="button"
              className="button button--secondary"
              onClick={() => downloadCsv(props.table, `${slug(props.title)}_${props.fileTag}.csv`)}
            >
              {t('dashboards.downloadCsv')}
              <span className="visually-hidden">: {props.title}</span>
            </button>
          </div>
        )}
      </div>
      {props.note ? <p className="muted small chart-card__note">{props.note}</p> : null}
      {props.lead}
      {empty ? (
        <p className="muted">{t('dashboards.nothingInThisPeriod')}</p>
      ) : (
        <BarChart table={props.table} category={props.chart.category} series={props.chart.series} title={props.title} />
      )}
      <div id={tableId} hidden={!showTable || empty}>
        {showTable && !empty ? (
          <TableWrap label={t('dashboards.dataTable', { title: props.title })}>
            <table>
              <caption className="visually-hidden">{props.title}</caption>
              <thead>
                <tr>
                  {props.table.columns.map((c) => (
                    <th key={c.key} scope="col" className={c.format === 'text' ? undefined : 'num'}>
                      {c.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {props.table.rows.map((row, r) => (
                  <tr key={r}>
                    {props.table.columns.map((c, i) =>
                      i === 0 ? (
                        <th key={c.key} scope="row">
                          {formatCell(row[c.key] ?? null, c.format)}
                        </th>
                      ) : (
                        <td key={c.key} className={c.format === 'text' ? undefined : 'num'}>
                          {formatCell(row[c.key] ?? null, c.format)}
                        </td>
                      ),
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        ) : null}
      </div>
    </section>
  );
}
