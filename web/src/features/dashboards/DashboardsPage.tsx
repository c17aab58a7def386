/**
 * Dashboards: the KPI API as charts. One period (in the URL) drives every chart; each chart has a
 * data-table alternative and a CSV download of the same rows. Sequences show the funnel, the
 * funnel per email step and, when the sequence has a split step, per variant.
 */
import { useMemo, type ReactElement } from 'react';
import { useSearchParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { api, data } from '../../api/client';
import { Field } from '../../components/Field';
import { Alert, Loading, QueryError } from '../../components/Messages';
import { usePageTitle } from '../../components/PageTitle';
import { ChartCard } from './ChartCard';
import {
  conversionTable,
  FUNNEL_SERIES,
  funnelTable,
  retentionTable,
  scoreBandsTable,
  sequencesTable,
  sourcesTable,
  stepsTable,
  variantsTable,
  type TSequenceKpis,
} from './kpi-tables';
import { describePeriod, parsePeriod, periodQuery, periodTag, resolvePeriod, withPeriod, type TPeriod } from './period';
import { PeriodPicker } from './PeriodPicker';
import { formatCell } from './table-data';
import './dashboards.css';

export default function DashboardsPage(): ReactElement {
  usePageTitle('Dashboards');
  const [params, setParams] = useSearchParams();
  const { period, problem } = parsePeriod(params);
  const periodKey = ['period', 'from', 'to'].map((k) => params.get(k) ?? '').join('|');
  // Resolved once per period in the URL: "last 30 days" must not move between the six queries of one view.
  const resolved = useMemo(() => resolvePeriod(period, new Date()), [periodKey]);
  const query = periodQuery(resolved);
  const tag = periodTag(resolved);
  const label = describePeriod(resolved);
  const onPeriod = (next: TPeriod) => setParams(withPeriod(params, next));

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Dashboards</h1>
          <p className="subtitle">
            Sequences, sources, conversion, retention and scores. Every chart has its figures as a table and as CSV.
          </p>
        </div>
      </div>
      {problem ? <Alert>{problem}</Alert> : null}
      <div className="panel dashboards-period">
        <PeriodPicker key={periodKey} period={period} resolved={resolved} onChange={onPeriod} />
        <p className="dashboards-period__label" role="status">
          Showing <strong>{label}</strong>
        </p>
      </div>
      <SequenceSection query={query} tag={tag} />
      <SourceSection query={query} tag={tag} />
      <ConversionSection query={query} tag={tag} />
      <RetentionSection query={query} tag={tag} />
      <ScoreSection query={query} tag={tag} />
    </>
  );
}

type TSectionProps = { query: { from?: string; to?: string }; tag: string };

function SequenceSection({ query, tag }: TSectionProps): ReactElement {
  const [params, setParams] = useSearchParams();
  const kpis = useQuery({ queryKey: ['kpis', 'sequences', query], queryFn: () => data(api.GET('/kpis/sequences', { params: { query } })) });
  return (
    <section className="dashboard-section" aria-labelledby="dash-sequences">
      <h2 id="dash-sequences">Sequences</h2>
      <p className="muted small">Enrollments started in the period, and the emails, engagement and conversions that followed.</p>
      {kpis.isPending ? <Loading label="Loading sequence figures…" /> : null}
      {kpis.isError ? <QueryError error={kpis.error} what="the sequence figures" retry={() => void kpis.refetch()} /> : null}
      {kpis.data ? (
        <SequenceCharts
          kpis={kpis.data}
          tag={tag}
          chosen={params.get('sequence')}
          onChoose={(key) => setParams(withSequence(params, key))}
        />
      ) : null}
    </section>
  );
}

const withSequence = (params: URLSearchParams, key: string) => {
  const next = new URLSearchParams(params);
  next.set('sequence', key);
  return next;
};

function SequenceCharts(props: { kpis: TSequenceKpis; tag: string; chosen: string | null; onChoose: (key: string) => void }): ReactElement {
  const { kpis, tag } = props;
  if (kpis.items.length === 0) return <p className="panel muted">No lead was enrolled in a sequence in this period.</p>;
  const sequence = kpis.items.find((s) => s.sequenceKey === props.chosen) ?? kpis.items[0]!;
  const chosenMissing = props.chosen !== null && sequence.sequenceKey !== props.chosen;
  return (
    <>
      <div className="panel dashboards-choice">
        <Field label="Sequence" hint={chosenMissing ? `“${props.chosen}” has no enrollments in this period.` : undefined}>
          {(control) => (
            <select {...control} value={sequence.sequenceKey} onChange={(e) => props.onChoose(e.target.value)}>
              {kpis.items.map((s) => (
                <option key={s.sequenceKey} value={s.sequenceKey}>
                  {s.name} ({s.sequenceKey})
                </option>
              ))}
            </select>
          )}
        </Field>
        <p className="small">
          {formatCell(sequence.enrolled, 'count')} enrolled · conversion {formatCell(sequence.conversionRate, 'rate')}
        </p>
      </div>
      <div className="chart-grid">
        <ChartCard
          title={`Funnel: ${sequence.name}`}
          note="Opened, clicked and replied: share of emails sent. Unsubscribed and converted: share of enrolled leads."
          table={funnelTable(sequence)}
          chart={{ category: 'stage', series: ['count'] }}
          fileTag={tag}
        />
        <ChartCard
          title={`By step: ${sequence.name}`}
          note="Each email step; an unsubscribe counts for the last email the lead received before it."
          table={stepsTable(sequence)}
          chart={{ category: 'step', series: FUNNEL_SERIES }}
          fileTag={tag}
        />
        {sequence.variants.length ? (
          <ChartCard
            title={`By variant: ${sequence.name}`}
            note="Each variant of a split step: the emails sent and conversions after the lead was assigned to it."
            table={variantsTable(sequence)}
            chart={{ category: 'variant', series: FUNNEL_SERIES }}
            fileTag={tag}
          />
        ) : null}
        <ChartCard
          title="All sequences"
          table={sequencesTable(kpis)}
          chart={{ category: 'sequence', series: ['enrolled', ...FUNNEL_SERIES] }}
          fileTag={tag}
        />
      </div>
    </>
  );
}

function SourceSection({ query, tag }: TSectionProps): ReactElement {
  const kpis = useQuery({ queryKey: ['kpis', 'sources', query], queryFn: () => data(api.GET('/kpis/sources', { params: { query } })) });
  const table = kpis.data ? sourcesTable(kpis.data) : undefined;
  return (
    <section className="dashboard-section" aria-labelledby="dash-sources">
      <h2 id="dash-sources">Sources</h2>
      <p className="muted small">Leads created in the period, by source: what they cost and how many became customers.</p>
      {kpis.isPending ? <Loading label="Loading source figures…" /> : null}
      {kpis.isError ? <QueryError error={kpis.error} what="the source figures" retry={() => void kpis.refetch()} /> : null}
      {table ? (
        <div className="chart-grid">
          <ChartCard
            title="Leads and customers by source"
            table={table}
            chart={{ category: 'source', series: ['leads', 'customers'] }}
            fileTag={tag}
          />
          <ChartCard title="Conversion by source" table={table} chart={{ category: 'source', series: ['conversionRate'] }} fileTag={tag} />
          <ChartCard
            title="Cost per lead and per customer"
            note="Acquisition cost recorded on the leads, in the server's currency."
            table={table}
            chart={{ category: 'source', series: ['costPerLead', 'costPerCustomer'] }}
            fileTag={tag}
          />
        </div>
      ) : null}
    </section>
  );
}

function ConversionSection({ query, tag }: TSectionProps): ReactElement {
  const heat = useQuery({
    queryKey: ['kpis', 'conversion', 'heat', query],
    queryFn: () => data(api.GET('/kpis/conversion', { params: { query: { ...query, by: 'heat' } } })),
  });
  const rep = useQuery({
    queryKey: ['kpis', 'conversion', 'rep', query],
    queryFn: () => data(api.GET('/kpis/conversion', { params: { query: { ...query, by: 'rep' } } })),
  });
  return (
    <section className="dashboard-section" aria-labelledby="dash-conversion">
      <h2 id="dash-conversion">Conversion</h2>
      <p className="muted small">Leads created in the period that became customers, by heat and by the rep who owns them now.</p>
      {heat.isPending || rep.isPending ? <Loading label="Loading conversion figures…" /> : null}
      {heat.isError ? <QueryError error={heat.error} what="conversion by heat" retry={() => void heat.refetch()} /> : null}
      {rep.isError ? <QueryError error={rep.error} what="conversion by rep" retry={() => void rep.refetch()} /> : null}
      <div className="chart-grid">
        {heat.data ? (
          <ChartCard
            title="Conversion by heat"
            table={conversionTable(heat.data)}
            chart={{ category: 'group', series: ['conversionRate'] }}
            fileTag={tag}
          />
        ) : null}
        {rep.data ? (
          <ChartCard
            title="Conversion by rep"
            table={conversionTable(rep.data)}
            chart={{ category: 'group', series: ['conversionRate'] }}
            fileTag={tag}
          />
        ) : null}
      </div>
    </section>
  );
}

function RetentionSection({ query, tag }: TSectionProps): ReactElement {
  const kpis = useQuery({ queryKey: ['kpis', 'retention', query], queryFn: () => data(api.GET('/kpis/retention', { params: { query } })) });
  const k = kpis.data;
  return (
    <section className="dashboard-section" aria-labelledby="dash-retention">
      <h2 id="dash-retention">Retention</h2>
      <p className="muted small">Customers converted in the period: whether they bought again, what they spent, how long the sale took.</p>
      {kpis.isPending ? <Loading label="Loading retention figures…" /> : null}
      {kpis.isError ? <QueryError error={kpis.error} what="the retention figures" retry={() => void kpis.refetch()} /> : null}
      {k ? (
        <ChartCard
          title="Retention"
          table={k.customers ? retentionTable(k) : { ...retentionTable(k), rows: [] }}
          chart={{ category: 'period', series: ['customers', 'repeatCustomers', 'orders'] }}
          fileTag={tag}
          lead={
            <dl className="stat-tiles">
              <div>
                <dt>Repeat-purchase rate</dt>
                <dd>{formatCell(k.repeatPurchaseRate, 'rate')}</dd>
              </div>
              <div>
                <dt>Revenue per customer</dt>
                <dd>{formatCell(k.revenuePerCustomerCents, 'money')}</dd>
              </div>
              <div>
                <dt>Average ticket</dt>
                <dd>{formatCell(k.averageTicketCents, 'money')}</dd>
              </div>
              <div>
                <dt>Sales cycle</dt>
                <dd>{formatCell(k.avgSalesCycleDays, 'days')}</dd>
              </div>
            </dl>
          }
        />
      ) : null}
    </section>
  );
}

function ScoreSection({ query, tag }: TSectionProps): ReactElement {
  const kpis = useQuery({
    queryKey: ['kpis', 'score-bands', query],
    queryFn: () => data(api.GET('/kpis/score-bands', { params: { query } })),
  });
  return (
    <section className="dashboard-section" aria-labelledby="dash-scores">
      <h2 id="dash-scores">Scores against outcomes</h2>
      <p className="muted small">
        Leads created in the period, by band of the scoring model's thresholds: how many became customers, how many were lost.
      </p>
      {kpis.isPending ? <Loading label="Loading score figures…" /> : null}
      {kpis.isError ? <QueryError error={kpis.error} what="the score figures" retry={() => void kpis.refetch()} /> : null}
      {kpis.data ? (
        <ChartCard
          title="Score bands against outcomes"
          table={kpis.data.items.some((b) => b.leads) ? scoreBandsTable(kpis.data) : { ...scoreBandsTable(kpis.data), rows: [] }}
          chart={{ category: 'band', series: ['leads', 'customers', 'lost'] }}
          fileTag={tag}
        />
      ) : null}
    </section>
  );
}
