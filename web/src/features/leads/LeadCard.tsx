import type { ReactElement } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { TConsentRecord, TLead } from '../../api/types';
import { Badge, valueLabel } from '../../components/Badge';
import { QueryError } from '../../components/Messages';
import { Time } from '../../components/Time';
import { consentsQuery, scoreQuery } from './lead-queries';
import { useT } from '../../lib/i18n';

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
  const t = useT();
  const explained = useQuery(scoreQuery(props.leadId));
  if (explained.isError) return <QueryError error={explained.error} what={t('leadCard.scoreWhat')} />;
  if (!explained.data) return null;
  const { reasons, adjusted, thresholds } = explained.data;
  return (
    <details className="score-reasons">
      <summary>{t('leadCard.whyScore')}</summary>
      <ul>
        {reasons.map((r) => (
          <li key={r.kind === 'fit' ? `fit-${r.rule}` : `eng-${r.event}`}>
            {r.kind === 'fit'
              ? t('leadCard.fit', { rule: valueLabel(t, r.rule) })
              : t('leadCard.engagement', { event: valueLabel(t, r.event), count: r.count })}{' '}
            {signed(r.points)}
          </li>
        ))}
        {adjusted !== 0 ? (
          <li>
            {t('leadCard.adjusted')} {signed(adjusted)}
          </li>
        ) : null}
        {reasons.length === 0 && adjusted === 0 ? <li>{t('leadCard.noRule')}</li> : null}
      </ul>
      <p className="muted small">{t('leadCard.thresholds', { mql: thresholds.mql, sql: thresholds.sql })}</p>
    </details>
  );
}

export function LeadCard(props: { lead: TLead }): ReactElement {
  const { lead } = props;
  const t = useT();
  const consents = useQuery(consentsQuery(lead.id));
  return (
    <section className="panel" aria-labelledby="lead-card">
      <h2 id="lead-card">{t('leadCard.title')}</h2>
      <dl className="facts">
        <dt>{t('leadCard.status')}</dt>
        <dd>
          <Badge value={lead.status} />{' '}
          <span className="muted small">
            {t('leadCard.since')} <Time value={lead.statusChangedAt} />
          </span>
          {lead.lostReason && lead.status === 'LOST' ? <div>{t('leadCard.reason', { reason: lead.lostReason })}</div> : null}
          {lead.status === 'DEFERRED' ? (
            <div>
              {t('leadCard.until')} <Time value={lead.deferredUntil} dateOnly />
              {lead.deferReason ? ` — ${lead.deferReason}` : ''}
            </div>
          ) : null}
        </dd>
        <dt>{t('leadCard.heat')}</dt>
        <dd>
          <Badge value={lead.heat} />
        </dd>
        <dt>{t('leadCard.score')}</dt>
        <dd>
          {lead.score}
          <ScoreReasons leadId={lead.id} />
        </dd>
        <dt>{t('leadCard.owner')}</dt>
        <dd>
          {lead.ownerEmail ? (
            <>
              {lead.ownerName ?? lead.ownerEmail}
              {lead.ownerName ? <div className="muted small">{lead.ownerEmail}</div> : null}
            </>
          ) : (
            t('leadCard.unassigned')
          )}
        </dd>
        <dt>{t('leadCard.source')}</dt>
        <dd>
          {lead.source ? valueLabel(t, lead.source) : '—'}
          {lead.campaign ? t('leadCard.campaign', { campaign: lead.campaign }) : ''}
        </dd>
        <dt>{t('leadCard.languageZone')}</dt>
        <dd>
          {lead.locale}, {lead.timeZone}
        </dd>
        <dt>{t('leadCard.tags')}</dt>
        <dd>{lead.tags.length ? lead.tags.join(', ') : '—'}</dd>
        <dt>{t('leadCard.created')}</dt>
        <dd>
          <Time value={lead.createdAt} />
        </dd>
        <dt>{t('leadCard.consents')}</dt>
        <dd>
          {lead.unsubscribedAt ? (
            <div>
              <Badge value="LOST" label={t('leadCard.unsubscribed')} /> <Time value={lead.unsubscribedAt} />
            </div>
          ) : null}
          {consents.isError ? <QueryError error={consents.error} what={t('leadCard.consentsWhat')} /> : null}
          {consents.data ? (
            consents.data.items.length === 0 ? (
              t('leadCard.noneRecorded')
            ) : (
              <ul className="plain-list">
                {currentConsents(consents.data.items).map((c) => (
                  <li key={c.purpose}>
                    {c.purpose}: {c.action === 'GRANTED' ? t('leadCard.given') : t('leadCard.withdrawn')} <Time value={c.occurredAt} />{' '}
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
