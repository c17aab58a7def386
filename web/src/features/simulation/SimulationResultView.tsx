import type { ReactElement } from 'react';
import type { TSimulatedLead, TSimulationResult } from '@domain/simulation/schemas';
import { Badge } from '../../components/Badge';
import { TableWrap } from '../../components/TableWrap';
import { entryKind, inUtc, inZone, kindLabel, localizeSummary, outcomeLabel, summarize } from './model';
import { useT } from '../../lib/i18n';

/** A run's answer: the summary, the assumptions in words, and one collapsible timeline per lead. */
export function SimulationResultView(props: { result: TSimulationResult }): ReactElement {
  const t = useT();
  const { result } = props;
  const s = summarize(result);
  return (
    <section className="panel simulation-result" aria-labelledby="simulation-result-title">
      <h2 id="simulation-result-title" tabIndex={-1}>
        {t('simulation.result')}
        {result.sequenceKey} {result.version === null ? t('simulation.yourDraft2') : t('simulation.version3', { version: result.version })}
      </h2>
      <TableWrap label={t('simulation.summaryOfTheRun')}>
        <table className="simulation-summary">
          <caption className="visually-hidden">{t('simulation.summaryOfTheRun')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('simulation.leads')}</th>
              <th scope="col">{t('simulation.emailsPerLead')}</th>
              <th scope="col">{t('simulation.completed')}</th>
              <th scope="col">{t('simulation.exited')}</th>
              <th scope="col">{t('simulation.stillRunning')}</th>
              <th scope="col">{t('simulation.horizon')}</th>
              <th scope="col">{t('simulation.took')}</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <td>{s.leads}</td>
              <td>
                {s.emailsMin !== s.emailsMax
                  ? t('simulation.averageRange', { average: String(s.emailsAverage), min: String(s.emailsMin), max: String(s.emailsMax) })
                  : t('simulation.average', { average: String(s.emailsAverage) })}
              </td>
              <td>{s.completed}</td>
              <td>{s.exited}</td>
              <td>{s.running}</td>
              <td>{t('simulation.days', { horizonDays: result.horizonDays })}</td>
              <td>{t('simulation.s', { value: (result.tookMs / 1000).toFixed(1) })}</td>
            </tr>
          </tbody>
        </table>
      </TableWrap>
      {result.notes.length ? (
        <>
          <h3>{t('simulation.whatTheSimulationAssumes')}</h3>
          <ul className="simulation-notes">
            {result.notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        </>
      ) : null}
      <h3>{t('simulation.perLead')}</h3>
      <ul className="plain-list simulation-leads-result">
        {result.leads.map((lead, i) => (
          <li key={`${lead.leadId ?? 'sample'}-${i}`}>
            <LeadCard lead={lead} open={result.leads.length <= 3} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function LeadCard(props: { lead: TSimulatedLead; open: boolean }): ReactElement {
  const t = useT();
  const { lead } = props;
  return (
    <details className="simulation-card" open={props.open}>
      <summary>
        <span className="simulation-card__label">{lead.label}</span>{' '}
        <Badge value={`outcome-${lead.outcome.status}`} label={outcomeLabel(t, lead.outcome.status)} />{' '}
        <span className="muted small">
          {t('simulation.emailCount', { count: lead.emails })} · {lead.timeZone} · {lead.locale}
          {lead.outcome.reason ? ` · ${lead.outcome.reason}` : ''}
        </span>
      </summary>
      <TableWrap label={t('simulation.timelineOf', { label: lead.label })}>
        <table className="simulation-timeline">
          <caption>{t('simulation.timelineOfTimesIn', { label: lead.label, timeZone: lead.timeZone })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('simulation.time', { timeZone: lead.timeZone })}</th>
              <th scope="col">{t('simulation.step')}</th>
              <th scope="col">{t('simulation.whatHappens')}</th>
            </tr>
          </thead>
          <tbody>
            {lead.entries.map((entry, i) => {
              const kind = entryKind(entry.type);
              const local = inZone(entry.at, lead.timeZone);
              const utc = inUtc(entry.at);
              return (
                <tr key={i} className={`simulation-row simulation-row--${kind}`} data-type={entry.type}>
                  <td>
                    <time dateTime={entry.at} title={utc}>
                      {local.text} <span className="simulation-zone">{local.zone}</span>
                    </time>
                    <span className="muted small simulation-utc">{utc}</span>
                  </td>
                  <td>{entry.stepId ? <code>{entry.stepId}</code> : <span className="muted">—</span>}</td>
                  <td>
                    {kind !== 'other' ? <span className={`simulation-tag simulation-tag--${kind}`}>{kindLabel(t, kind)}</span> : null}{' '}
                    <span title={entry.summary}>{localizeSummary(entry.summary, lead.timeZone)}</span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </TableWrap>
    </details>
  );
}
