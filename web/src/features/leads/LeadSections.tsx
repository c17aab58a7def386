import { useState, type ReactElement, type ReactNode } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { TTimelineEntry } from '../../api/types';
import { valueLabel } from '../../components/Badge';
import { Loading, QueryError } from '../../components/Messages';
import { Time } from '../../components/Time';
import { formatAmount } from '../../lib/format';
import { customerQuery, historyQuery, timelineQuery } from './lead-queries';
import { useT } from '../../lib/i18n';

function Section(props: { id: string; title: string; children: ReactNode }): ReactElement {
  return (
    <section className="panel" aria-labelledby={props.id}>
      <h2 id={props.id}>{props.title}</h2>
      {props.children}
    </section>
  );
}

export function CustomerCard(props: { leadId: string; status: string }): ReactElement | null {
  const t = useT();
  const customer = useQuery(customerQuery(props.leadId));
  if (customer.data === null && props.status !== 'CUSTOMER') return null;
  return (
    <Section id="customer" title={t('sections.customerCard')}>
      {customer.isPending ? <Loading /> : null}
      {customer.isError ? (
        <QueryError error={customer.error} what={t('sections.customerWhat')} retry={() => void customer.refetch()} />
      ) : null}
      {customer.data ? (
        <>
          <dl className="facts">
            <dt>{t('sections.customer')}</dt>
            <dd>
              {customer.data.name}
              {customer.data.company ? ` · ${customer.data.company}` : ''}
            </dd>
            <dt>{t('sections.since')}</dt>
            <dd>
              <Time value={customer.data.convertedAt} />
            </dd>
            <dt>{t('sections.accountOwner')}</dt>
            <dd>{customer.data.ownerEmail ?? '—'}</dd>
            <dt>{t('sections.referralLink')}</dt>
            <dd>
              <code>{customer.data.referralUrl}</code>
            </dd>
          </dl>
          <h3 className="spaced">{t('sections.purchases')}</h3>
          {customer.data.purchases.length === 0 ? (
            <p className="muted">{t('sections.noneYet')}</p>
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

export function History(props: { leadId: string }): ReactElement {
  const t = useT();
  const history = useQuery(historyQuery(props.leadId));
  return (
    <Section id="history" title={t('sections.history')}>
      {history.isPending ? <Loading /> : null}
      {history.isError ? <QueryError error={history.error} what={t('sections.historyWhat')} retry={() => void history.refetch()} /> : null}
      {history.data?.items.length === 0 ? <p className="muted">{t('sections.noChanges')}</p> : null}
      {history.data?.items.length ? (
        <ol className="timeline">
          {history.data.items.map((h) => (
            <li key={`${h.occurredAt}-${h.to}`}>
              <Time value={h.occurredAt} />
              <span>
                {h.from ? `${valueLabel(t, h.from)} → ` : ''}
                <strong>{valueLabel(t, h.to)}</strong>
                {h.until ? (
                  <>
                    {' '}
                    {t('leads.until')}
                    <Time value={h.until} dateOnly />
                  </>
                ) : null}
                {h.reason ? ` — ${h.reason}` : ''} <span className="muted small">{t('leads.by', { by: h.by })}</span>
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

const NOTE_TYPES = new Set(['call.logged', 'note.logged']);

/** A call or note someone logged: who, how the call went, and the text as written (line breaks kept). */
function NoteEntry(props: { entry: TTimelineEntry }): ReactElement {
  const t = useT();
  const { data } = props.entry;
  const text = typeof data['text'] === 'string' ? data['text'] : '';
  const outcome = typeof data['outcome'] === 'string' ? data['outcome'] : undefined;
  const by = typeof data['by'] === 'object' && data['by'] !== null ? (data['by'] as { name?: unknown; kind?: unknown }) : undefined;
  const who = typeof by?.name === 'string' ? (by.kind === 'api-key' ? t('sections.apiKey', { name: by.name }) : by.name) : undefined;
  const lines = text.split('\n');
  return (
    <div>
      <strong>{props.entry.type === 'call.logged' ? t('sections.call') : t('sections.note')}</strong>
      {outcome ? ` · ${valueLabel(t, outcome)}` : ''}
      {who ? <span className="muted small">{t('leads.by2', { who })}</span> : null}
      <div>
        {lines.map((line, i) => (
          <span key={i}>
            {line}
            {i < lines.length - 1 ? <br /> : null}
          </span>
        ))}
      </div>
    </div>
  );
}

export function Timeline(props: { leadId: string }): ReactElement {
  const t = useT();
  const timeline = useQuery(timelineQuery(props.leadId));
  const [all, setAll] = useState(false);
  const items = [...(timeline.data?.items ?? [])].reverse();
  return (
    <Section id="timeline" title={t('sections.timeline')}>
      {timeline.isPending ? <Loading /> : null}
      {timeline.isError ? (
        <QueryError error={timeline.error} what={t('sections.timelineWhat')} retry={() => void timeline.refetch()} />
      ) : null}
      {timeline.isSuccess && items.length === 0 ? <p className="muted">{t('sections.nothingYet')}</p> : null}
      {items.length ? (
        <>
          <p className="muted small">{t('sections.newestFirst')}</p>
          <ol className="timeline">
            {(all ? items : items.slice(0, SHOWN)).map((e) => (
              <li key={e.id}>
                <Time value={e.occurredAt} />
                {NOTE_TYPES.has(e.type) ? (
                  <NoteEntry entry={e} />
                ) : (
                  <span>
                    <strong>{e.type}</strong> <code>{summary(e)}</code>
                  </span>
                )}
              </li>
            ))}
          </ol>
          {items.length > SHOWN && !all ? (
            <button type="button" className="button button--secondary" onClick={() => setAll(true)}>
              {t('leads.showAllEntries', { length: items.length })}
            </button>
          ) : null}
        </>
      ) : null}
    </Section>
  );
}
