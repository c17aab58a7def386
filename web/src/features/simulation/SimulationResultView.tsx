import type { ReactElement } from 'react';
import type { TSimulatedLead, TSimulationResult } from '@domain/simulation/schemas';
import { Badge } from '../../components/Badge';
import { TableWrap } from '../../components/TableWrap';
import { entryKind, inUtc, inZone, KIND_LABEL, localizeSummary, OUTCOME_LABEL, summarize } from './model';

/** A run's answer: the summary, the assumptions in words, and one collapsible timeline per lead. */
export function SimulationResultView(props: { result: TSimulationResult }): ReactElement {
  const { result } = props;
  const s = summarize(result);
  return (
    <section className="panel simulation-result" aria-labelledby="simulation-result-title">
      <h2 id="simulation-result-title" tabIndex={-1}>
        Result: {result.sequenceKey} {result.version === null ? '(your draft)' : `version ${result.version}`}
      </h2>
      <TableWrap label="Summary of the run">
        <table className="simulation-summary">
          <caption className="visually-hidden">Summary of the run</caption>
          <thead>
            <tr>
              <th scope="col">Leads</th>
              <th scope="col">Emails per lead</th>
              <th scope="col">Completed</th>
              <th scope="col">Exited</th>
              <th scope="col">Still running</th>
              <th scope="col">Horizon</th>
              <th scope="col">Took</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <td>{s.leads}</td>
              <td>
                {s.emailsAverage} on average
                {s.emailsMin !== s.emailsMax ? ` (${s.emailsMin}–${s.emailsMax})` : ''}
              </td>
              <td>{s.completed}</td>
              <td>{s.exited}</td>
              <td>{s.running}</td>
              <td>{result.horizonDays} days</td>
              <td>{(result.tookMs / 1000).toFixed(1)} s</td>
            </tr>
          </tbody>
        </table>
      </TableWrap>
      {result.notes.length ? (
        <>
          <h3>What the simulation assumes</h3>
          <ul className="simulation-notes">
            {result.notes.map((note) => (
              <li key={note}>{note}</li>
            ))}
          </ul>
        </>
      ) : null}
      <h3>Per lead</h3>
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
  const { lead } = props;
  return (
    <details className="simulation-card" open={props.open}>
      <summary>
        <span className="simulation-card__label">{lead.label}</span>{' '}
        <Badge value={`outcome-${lead.outcome.status}`} label={OUTCOME_LABEL[lead.outcome.status]} />{' '}
        <span className="muted small">
          {lead.emails} email{lead.emails === 1 ? '' : 's'} · {lead.timeZone} · {lead.locale}
          {lead.outcome.reason ? ` · ${lead.outcome.reason}` : ''}
        </span>
      </summary>
      <TableWrap label={`Timeline of ${lead.label}`}>
        <table className="simulation-timeline">
          <caption>
            Timeline of {lead.label}, times in {lead.timeZone}
          </caption>
          <thead>
            <tr>
              <th scope="col">Time ({lead.timeZone})</th>
              <th scope="col">Step</th>
              <th scope="col">What happens</th>
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
                    {kind !== 'other' ? <span className={`simulation-tag simulation-tag--${kind}`}>{KIND_LABEL[kind]}</span> : null}{' '}
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
