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
import { useT } from '../../lib/i18n';

export default function DashboardsPage(): ReactElement {
  const t = useT();
  usePageTitle(t('dashboards.dashboards'));
  const [params, setParams] = useSearchParams();
  const { period, problem } = parsePeriod(t, params);
  const periodKey = ['period', 'from', 'to'].map((k) => params.get(k) ?? '').join('|');
  // Resolved once per period in the URL: "last 30 days" must not move between the six queries of one view.
  const resolved = useMemo(() => resolvePeriod(period, new Date()), [periodKey]);
  const query = periodQuery(resolved);
  const tag = periodTag(resolved);
  const label = describePeriod(t, resolved);
  const onPeriod = (next: TPeriod) => setParams(withPeriod(params, next));

  return (
    <>
      <div className="page-header">
        <div>
          <h1>{t('dashboards.dashboards')}</h1>
          <p className="subtitle">{t('dashboards.sequencesSourcesConversionRetention')}</p>
        </div>
      </div>
      {problem ? <Alert>{problem}</Alert> : null}
      <div className="panel dashboards-period">
        <PeriodPicker key={periodKey} period={period} resolved={resolved} onChange={onPeriod} />
        <p className="dashboards-period__label" role="status">
          {t('dashboards.showing')}
          <strong>{label}</strong>
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
  const t = useT();
  const [params, setParams] = useSearchParams();
  const kpis = useQuery({ queryKey: ['kpis', 'sequences', query], queryFn: () => data(api.GET('/kpis/sequences', { params: { query } })) });
  return (
    <section className="dashboard-section" aria-labelledby="dash-sequences">
      <h2 id="dash-sequences">{t('dashboards.sequences')}</h2>
      <p className="muted small">{t('dashboards.enrollmentsStartedInThe')}</p>
      {kpis.isPending ? <Loading label={t('dashboards.loadingSequenceFigures')} /> : null}
      {kpis.isError ? <QueryError error={kpis.error} what={t('dashboards.theSequenceFigures')} retry={() => void kpis.refetch()} /> : null}
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
  const t = useT();
  const { kpis, tag } = props;
  if (kpis.items.length === 0) return <p className="panel muted">{t('dashboards.noLeadWasEnrolled')}</p>;
  const sequence = kpis.items.find((s) => s.sequenceKey === props.chosen) ?? kpis.items[0]!;
  const chosenMissing = props.chosen !== null && sequence.sequenceKey !== props.chosen;
  return (
    <>
      <div className="panel dashboards-choice">
        <Field
          label={t('dashboards.sequence')}
          hint={chosenMissing ? t('dashboards.hasNoEnrollmentsIn', { chosen: props.chosen ?? '' }) : undefined}
        >
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
          {formatCell(sequence.enrolled, 'count')}
          {t('dashboards.enrolledConversion')}
          {formatCell(sequence.conversionRate, 'rate')}
        </p>
      </div>
      <div className="chart-grid">
        <ChartCard
          title={t('dashboards.funnel', { name: sequence.name })}
          note={t('dashboards.note.funnel')}
          table={funnelTable(t, sequence)}
          chart={{ category: 'stage', series: ['count'] }}
          fileTag={tag}
        />
        <ChartCard
          title={t('dashboards.byStep', { name: sequence.name })}
          note={t('dashboards.note.steps')}
          table={stepsTable(t, sequence)}
          chart={{ category: 'step', series: FUNNEL_SERIES }}
          fileTag={tag}
        />
        {sequence.variants.length ? (
          <ChartCard
            title={t('dashboards.byVariant', { name: sequence.name })}
            note={t('dashboards.note.variants')}
            table={variantsTable(t, sequence)}
            chart={{ category: 'variant', series: FUNNEL_SERIES }}
            fileTag={tag}
          />
        ) : null}
        <ChartCard
          title={t('dashboards.allSequences')}
          table={sequencesTable(t, kpis)}
          chart={{ category: 'sequence', series: ['enrolled', ...FUNNEL_SERIES] }}
          fileTag={tag}
        />
      </div>
    </>
  );
}

function SourceSection({ query, tag }: TSectionProps): ReactElement {
  const t = useT();
  const kpis = useQuery({ queryKey: ['kpis', 'sources', query], queryFn: () => data(api.GET('/kpis/sources', { params: { query } })) });
  const table = kpis.data ? sourcesTable(t, kpis.data) : undefined;
  return (
    <section className="dashboard-section" aria-labelledby="dash-sources">
      <h2 id="dash-sources">{t('dashboards.sources')}</h2>
      <p className="muted small">{t('dashboards.leadsCreatedInThe')}</p>
      {kpis.isPending ? <Loading label={t('dashboards.loadingSourceFigures')} /> : null}
      {kpis.isError ? <QueryError error={kpis.error} what={t('dashboards.theSourceFigures')} retry={() => void kpis.refetch()} /> : null}
      {table ? (
        <div className="chart-grid">
          <ChartCard
            title={t('dashboards.leadsAndCustomersBy')}
            table={table}
            chart={{ category: 'source', series: ['leads', 'customers'] }}
            fileTag={tag}
          />
          <ChartCard
            title={t('dashboards.conversionBySource')}
            table={table}
            chart={{ category: 'source', series: ['conversionRate'] }}
            fileTag={tag}
          />
          <ChartCard
            title={t('dashboards.costPerLeadAnd')}
            note={t('dashboards.note.cost')}
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
  const t = useT();
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
      <h2 id="dash-conversion">{t('dashboards.conversion')}</h2>
      <p className="muted small">{t('dashboards.leadsCreatedInThe2')}</p>
      {heat.isPending || rep.isPending ? <Loading label={t('dashboards.loadingConversionFigures')} /> : null}
      {heat.isError ? <QueryError error={heat.error} what={t('dashboards.conversionByHeat')} retry={() => void heat.refetch()} /> : null}
      {rep.isError ? <QueryError error={rep.error} what={t('dashboards.conversionByRep')} retry={() => void rep.refetch()} /> : null}
      <div className="chart-grid">
        {heat.data ? (
          <ChartCard
            title={t('dashboards.conversionByHeat2')}
            table={conversionTable(t, heat.data)}
            chart={{ category: 'group', series: ['conversionRate'] }}
            fileTag={tag}
          />
        ) : null}
        {rep.data ? (
          <ChartCard
            title={t('dashboards.conversionByRep2')}
            table={conversionTable(t, rep.data)}
            chart={{ category: 'group', series: ['conversionRate'] }}
            fileTag={tag}
          />
        ) : null}
      </div>
    </section>
  );
}

function RetentionSection({ query, tag }: TSectionProps): ReactElement {
  const t = useT();
  const kpis = useQuery({ queryKey: ['kpis', 'retention', query], queryFn: () => data(api.GET('/kpis/retention', { params: { query } })) });
  const k = kpis.data;
  return (
    <section className="dashboard-section" aria-labelledby="dash-retention">
      <h2 id="dash-retention">{t('dashboards.retention')}</h2>
      <p className="muted small">{t('dashboards.customersConvertedInThe')}</p>
      {kpis.isPending ? <Loading label={t('dashboards.loadingRetentionFigures')} /> : null}
      {kpis.isError ? <QueryError error={kpis.error} what={t('dashboards.theRetentionFigures')} retry={() => void kpis.refetch()} /> : null}
      {k ? (
        <ChartCard
          title={t('dashboards.retention')}
          table={k.customers ? retentionTable(t, k) : { ...retentionTable(t, k), rows: [] }}
          chart={{ category: 'period', series: ['customers', 'repeatCustomers', 'orders'] }}
          fileTag={tag}
          lead={
            <dl className="stat-tiles">
              <div>
                <dt>{t('dashboards.repeatPurchaseRate')}</dt>
                <dd>{formatCell(k.repeatPurchaseRate, 'rate')}</dd>
              </div>
              <div>
                <dt>{t('dashboards.revenuePerCustomer')}</dt>
                <dd>{formatCell(k.revenuePerCustomerCents, 'money')}</dd>
              </div>
              <div>
                <dt>{t('dashboards.averageTicket')}</dt>
                <dd>{formatCell(k.averageTicketCents, 'money')}</dd>
              </div>
              <div>
                <dt>{t('dashboards.salesCycle')}</dt>
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
  const t = useT();
  const kpis = useQuery({
    queryKey: ['kpis', 'score-bands', query],
    queryFn: () => data(api.GET('/kpis/score-bands', { params: { query } })),
  });
  return (
    <section className="dashboard-section" aria-labelledby="dash-scores">
      <h2 id="dash-scores">{t('dashboards.scoresAgainstOutcomes')}</h2>
      <p className="muted small">{t('dashboards.leadsCreatedInThe3')}</p>
      {kpis.isPending ? <Loading label={t('dashboards.loadingScoreFigures')} /> : null}
      {kpis.isError ? <QueryError error={kpis.error} what={t('dashboards.theScoreFigures')} retry={() => void kpis.refetch()} /> : null}
      {kpis.data ? (
        <ChartCard
          title={t('dashboards.scoreBandsAgainstOutcomes')}
          table={kpis.data.items.some((b) => b.leads) ? scoreBandsTable(t, kpis.data) : { ...scoreBandsTable(t, kpis.data), rows: [] }}
          chart={{ category: 'band', series: ['leads', 'customers', 'lost'] }}
          fileTag={tag}
        />
      ) : null}
    </section>
  );
}
