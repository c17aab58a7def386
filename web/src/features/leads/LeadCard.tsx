import type { ReactElement } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { TConsentRecord, TLead } from '../../api/types';
import { Badge, humanize } from '../../components/Badge';
import { QueryError } from '../../components/Messages';
import { Time } from '../../components/Time';
import { consentsQuery, scoreQuery } from './lead-queries';

/** The consent state per purpose: the latest record of each. */
export function currentConsents(records: readonly TConsentRecord[]): TConsentRecord[] {
  const latest = new Map<string, TConsentRecord>();
  for (const r of records) {
    const had = latest.get(r.purpose);
    if (!had || had.occurredAt <= r.occurredAt) latest.set(r.purpose, r);
  }
  return [...latest.values()];
}

const signed = (n: number) => `${n >= 0 ? '+' : '−'}${Math.abs(n)}`;

/** Why the lead has its score, from GET /leads/:id/score: the matched fit rules and the engagement. */
function ScoreReasons(props: { leadId: string }): ReactElement | null {
  const explained = useQuery(scoreQuery(props.leadId));
  if (explained.isError) return <QueryError error={explained.error} what="the score's reasons" />;
  if (!explained.data) return null;
  const { reasons, adjusted, thresholds } = explained.data;
  return (
    <details className="score-reasons">
      <summary>Why this score</summary>
      <ul>
        {reasons.map((r) => (
          <li key={r.kind === 'fit' ? `fit-${r.rule}` : `eng-${r.event}`}>
            {r.kind === 'fit' ? `Fit: ${humanize(r.rule)}` : `${humanize(r.event)} × ${r.count} (fading)`} {signed(r.points)}
          </li>
        ))}
        {adjusted !== 0 ? <li>Journey steps and edits since the last re-score {signed(adjusted)}</li> : null}
        {reasons.length === 0 && adjusted === 0 ? <li>No scoring rule applies yet.</li> : null}
      </ul>
      <p className="muted small">
        MQL at {thresholds.mql}, SQL at {thresholds.sql}.
      </p>
    </details>
  );
}

export function LeadCard(props: { lead: TLead }): ReactElement {
  const { lead } = props;
  const consents = useQuery(consentsQuery(lead.id));
  return (
    <section className="panel" aria-labelledby="lead-card">
      <h2 id="lead-card">Lead card</h2>
      <dl className="facts">
        <dt>Status</dt>
        <dd>
          <Badge value={lead.status} />{' '}
          <span className="muted small">
            since <Time value={lead.statusChangedAt} />
          </span>
          {lead.lostReason && lead.status === 'LOST' ? <div>Reason: {lead.lostReason}</div> : null}
          {lead.status === 'DEFERRED' ? (
            <div>
              Until <Time value={lead.deferredUntil} dateOnly />
              {lead.deferReason ? ` — ${lead.deferReason}` : ''}
            </div>
          ) : null}
        </dd>
        <dt>Heat</dt>
        <dd>
          <Badge value={lead.heat} />
        </dd>
        <dt>Score</dt>
        <dd>
          {lead.score}
          <ScoreReasons leadId={lead.id} />
        </dd>
        <dt>Owner</dt>
        <dd>
          {lead.ownerEmail ? (
            <>
              {lead.ownerName ?? lead.ownerEmail}
              {lead.ownerName ? <div className="muted small">{lead.ownerEmail}</div> : null}
            </>
          ) : (
            'Unassigned'
          )}
        </dd>
        <dt>Source</dt>
        <dd>
          {lead.source ? humanize(lead.source) : '—'}
          {lead.campaign ? ` · campaign ${lead.campaign}` : ''}
        </dd>
        <dt>Language, zone</dt>
        <dd>
          {lead.locale}, {lead.timeZone}
        </dd>
        <dt>Tags</dt>
        <dd>{lead.tags.length ? lead.tags.join(', ') : '—'}</dd>
        <dt>Created</dt>
        <dd>
          <Time value={lead.createdAt} />
        </dd>
        <dt>Consents</dt>
        <dd>
          {lead.unsubscribedAt ? (
            <div>
              <Badge value="LOST" label="Unsubscribed" /> <Time value={lead.unsubscribedAt} />
            </div>
          ) : null}
          {consents.isError ? <QueryError error={consents.error} what="consents" /> : null}
          {consents.data ? (
            consents.data.items.length === 0 ? (
              'None recorded'
            ) : (
              <ul className="plain-list">
                {currentConsents(consents.data.items).map((c) => (
                  <li key={c.purpose}>
                    {c.purpose}: {c.action === 'GRANTED' ? 'given' : 'withdrawn'} <Time value={c.occurredAt} />{' '}
                    <span className="muted small">({c.source})</span>
                  </li>
                ))}
              </ul>
            )
          ) : null}
        </dd>
      </dl>
    </section>
  );
}
