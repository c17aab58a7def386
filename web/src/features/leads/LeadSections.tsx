import { useState, type ReactElement, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { TTimelineEntry } from '../../api/types';
import { Badge, humanize } from '../../components/Badge';
import { Loading, QueryError } from '../../components/Messages';
import { Time } from '../../components/Time';
import { formatAmount } from '../../lib/format';
import { customerQuery, historyQuery, journeysQuery, timelineQuery } from './lead-queries';
import { TableWrap } from '../../components/TableWrap';

function Section(props: { id: string; title: string; children: ReactNode }): ReactElement {
  return (
    <section className="panel" aria-labelledby={props.id}>
      <h2 id={props.id}>{props.title}</h2>
      {props.children}
    </section>
  );
}

export function CustomerCard(props: { leadId: string; status: string }): ReactElement | null {
  const customer = useQuery(customerQuery(props.leadId));
  if (customer.data === null && props.status !== 'CUSTOMER') return null;
  return (
    <Section id="customer" title="Customer card">
      {customer.isPending ? <Loading /> : null}
      {customer.isError ? <QueryError error={customer.error} what="the customer card" retry={() => void customer.refetch()} /> : null}
      {customer.data ? (
        <>
          <dl className="facts">
            <dt>Customer</dt>
            <dd>
              {customer.data.name}
              {customer.data.company ? ` · ${customer.data.company}` : ''}
            </dd>
            <dt>Since</dt>
            <dd>
              <Time value={customer.data.convertedAt} />
            </dd>
            <dt>Account owner</dt>
            <dd>{customer.data.ownerEmail ?? '—'}</dd>
            <dt>Referral link</dt>
            <dd>
              <code>{customer.data.referralUrl}</code>
            </dd>
          </dl>
          <h3 className="spaced">Purchases</h3>
          {customer.data.purchases.length === 0 ? (
            <p className="muted">None yet.</p>
          ) : (
            <ul className="plain-list">
              {customer.data.purchases.map((p) => (
                <li key={p.id}>
                  {p.productSku} · {formatAmount(p.amountCents)} · <Time value={p.purchasedAt} />
                </li>
              ))}
            </ul>
          )}
        </>
      ) : null}
    </Section>
  );
}

export function Journeys(props: { leadId: string }): ReactElement {
  const journeys = useQuery(journeysQuery(props.leadId));
  return (
    <Section id="journeys" title="Journeys">
      {journeys.isPending ? <Loading /> : null}
      {journeys.isError ? <QueryError error={journeys.error} what="journeys" retry={() => void journeys.refetch()} /> : null}
      {journeys.data?.items.length === 0 ? <p className="muted">Not in any journey.</p> : null}
      {journeys.data?.items.length ? (
        <TableWrap label="Journeys table">
          <table>
            <thead>
              <tr>
                <th scope="col">Sequence</th>
                <th scope="col">State</th>
                <th scope="col">Started</th>
                <th scope="col">Ended</th>
              </tr>
            </thead>
            <tbody>
              {journeys.data.items.map((j) => (
                <tr key={j.enrollmentId}>
                  <td>
                    {j.sequenceKey} <span className="muted small">v{j.version}</span>
                  </td>
                  <td>
                    <Badge value={j.status} />
                    {j.exitReason ? <div className="small muted">{j.exitReason}</div> : null}
                  </td>
                  <td>
                    <Time value={j.startedAt} />
                  </td>
                  <td>
                    <Time value={j.endedAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
    </Section>
  );
}

export function History(props: { leadId: string }): ReactElement {
  const history = useQuery(historyQuery(props.leadId));
  return (
    <Section id="history" title="Lifecycle history">
      {history.isPending ? <Loading /> : null}
      {history.isError ? <QueryError error={history.error} what="the history" retry={() => void history.refetch()} /> : null}
      {history.data?.items.length === 0 ? <p className="muted">No status changes yet.</p> : null}
      {history.data?.items.length ? (
        <ol className="timeline">
          {history.data.items.map((h) => (
            <li key={`${h.occurredAt}-${h.to}`}>
              <Time value={h.occurredAt} />
              <span>
                {h.from ? `${humanize(h.from)} → ` : ''}
                <strong>{humanize(h.to)}</strong>
                {h.until ? (
                  <>
                    {' '}
                    until <Time value={h.until} dateOnly />
                  </>
                ) : null}
                {h.reason ? ` — ${h.reason}` : ''} <span className="muted small">by {h.by}</span>
              </span>
            </li>
          ))}
        </ol>
      ) : null}
    </Section>
  );
}

const SHOWN = 30;

/** A one-line summary of a timeline entry's data (its plain fields). */
function summary(entry: TTimelineEntry): string {
  return Object.entries(entry.data)
    .filter(([, v]) => ['string', 'number', 'boolean'].includes(typeof v))
    .slice(0, 5)
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(' · ');
}

export function Timeline(props: { leadId: string }): ReactElement {
  const timeline = useQuery(timelineQuery(props.leadId));
  const [all, setAll] = useState(false);
  const items = [...(timeline.data?.items ?? [])].reverse();
  return (
    <Section id="timeline" title="Timeline">
      {timeline.isPending ? <Loading /> : null}
      {timeline.isError ? <QueryError error={timeline.error} what="the timeline" retry={() => void timeline.refetch()} /> : null}
      {timeline.isSuccess && items.length === 0 ? <p className="muted">Nothing has happened yet.</p> : null}
      {items.length ? (
        <>
          <p className="muted small">Newest first.</p>
          <ol className="timeline">
            {(all ? items : items.slice(0, SHOWN)).map((e) => (
              <li key={e.id}>
                <Time value={e.occurredAt} />
                <span>
                  <strong>{e.type}</strong> <code>{summary(e)}</code>
                </span>
              </li>
            ))}
          </ol>
          {items.length > SHOWN && !all ? (
            <button type="button" className="button button--secondary" onClick={() => setAll(true)}>
              Show all {items.length} entries
            </button>
          ) : null}
        </>
      ) : null}
    </Section>
  );
}
