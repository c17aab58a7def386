/**
 * One subscription's deliveries (admin), newest first, a page at a time, filtered by status:
 * the event, the lead, how many attempts, the receiver's last answer (HTTP status and the start
 * of its body, or the error) and every attempt on demand. Refreshes by itself while it is open.
 */
import { useState, type ReactElement } from 'react';
import { Link, useParams } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { api, data } from '../../api/client';
import { PATHS } from '../../app/access';
import { Field } from '../../components/Field';
import { Loading, QueryError } from '../../components/Messages';
import { usePageTitle } from '../../components/PageTitle';
import { TableWrap } from '../../components/TableWrap';
import { Time } from '../../components/Time';
import { useT } from '../../lib/i18n';
import { DeliveryStatus, eventLabel, SubscriptionStatus, type TDelivery, type TDeliveryStatus } from './parts';
import '../../components/config-pages.css';
import './webhooks.css';

const PAGE = 20;
const STATUSES: readonly TDeliveryStatus[] = ['PENDING', 'DELIVERED', 'FAILED'];
const snippet = (text: string | null | undefined, max = 200) => (text && text.length > max ? `${text.slice(0, max)}…` : (text ?? ''));

export default function WebhookDeliveriesPage(): ReactElement {
  const t = useT();
  const id = useParams()['id'] ?? '';
  const [status, setStatus] = useState<TDeliveryStatus | ''>('');
  const [offset, setOffset] = useState(0);
  const subscription = useQuery({
    queryKey: ['webhook-subscriptions', id],
    queryFn: () => data(api.GET('/webhook-subscriptions/{id}', { params: { path: { id } } })),
  });
  const deliveries = useQuery({
    queryKey: ['webhook-subscriptions', id, 'deliveries', status, offset],
    queryFn: () =>
      data(
        api.GET('/webhook-subscriptions/{id}/deliveries', {
          params: { path: { id }, query: { limit: PAGE, offset, ...(status ? { status } : {}) } },
        }),
      ),
    enabled: subscription.isSuccess,
    refetchInterval: 5_000,
  });
  usePageTitle(t('webhooks.deliveriesPage.pageTitle'));
  const total = deliveries.data?.total ?? 0;
  const shown = deliveries.data?.items.length ?? 0;

  return (
    <>
      <p>
        <Link to={PATHS.webhooks}>{t('webhooks.deliveriesPage.back')}</Link>
      </p>
      <div className="page-header">
        <div>
          <h1>{t('webhooks.deliveriesPage.title')}</h1>
          {subscription.data ? (
            <p className="subtitle">
              <code className="webhook-url">{subscription.data.url}</code> <SubscriptionStatus status={subscription.data.status} />
              {subscription.data.description ? ` · ${subscription.data.description}` : ''}
            </p>
          ) : null}
          <p className="subtitle">{t('webhooks.deliveriesPage.subtitle')}</p>
        </div>
      </div>
      {subscription.isPending ? <Loading label={t('webhooks.deliveriesPage.loading')} /> : null}
      {subscription.isError ? (
        <QueryError
          error={subscription.error}
          what={t('webhooks.deliveriesPage.whatSubscription')}
          retry={() => void subscription.refetch()}
        />
      ) : null}
      {subscription.data?.pausedReason ? (
        <p className="alert">{t('webhooks.deliveriesPage.paused', { reason: subscription.data.pausedReason })}</p>
      ) : null}
      {subscription.data ? (
        <section className="panel" aria-labelledby="deliveries-title">
          <h2 id="deliveries-title">{t('webhooks.deliveriesPage.heading')}</h2>
          <div className="inline-form">
            <Field label={t('webhooks.deliveriesPage.filter')}>
              {(c) => (
                <select
                  {...c}
                  value={status}
                  onChange={(e) => {
                    setStatus(e.target.value as TDeliveryStatus | '');
                    setOffset(0);
                  }}
                >
                  <option value="">{t('webhooks.deliveriesPage.all')}</option>
                  {STATUSES.map((s) => (
                    <option key={s} value={s}>
                      {t(`webhooks.delivery.${s}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
            <div className="button-row">
              <button type="button" className="button button--secondary" onClick={() => void deliveries.refetch()}>
                {t('webhooks.deliveriesPage.refresh')}
              </button>
            </div>
          </div>
          {deliveries.isPending ? <Loading label={t('webhooks.deliveriesPage.loading')} /> : null}
          {deliveries.isError ? (
            <QueryError error={deliveries.error} what={t('webhooks.deliveriesPage.what')} retry={() => void deliveries.refetch()} />
          ) : null}
          {deliveries.data ? (
            <p className="muted" role="status">
              {total === 0
                ? t(status ? 'webhooks.deliveriesPage.emptyFiltered' : 'webhooks.deliveriesPage.empty')
                : t('webhooks.deliveriesPage.showing', { from: offset + 1, to: offset + shown, total })}
            </p>
          ) : null}
          {deliveries.data && shown > 0 ? <DeliveryTable items={deliveries.data.items} /> : null}
          {total > PAGE ? (
            <nav className="button-row spaced" aria-label={t('webhooks.deliveriesPage.pages')}>
              <button
                type="button"
                className="button button--secondary"
                disabled={offset === 0}
                onClick={() => setOffset((o) => Math.max(o - PAGE, 0))}
              >
                {t('webhooks.deliveriesPage.previous')}
              </button>
              <button
                type="button"
                className="button button--secondary"
                disabled={offset + PAGE >= total}
                onClick={() => setOffset((o) => o + PAGE)}
              >
                {t('webhooks.deliveriesPage.next')}
              </button>
            </nav>
          ) : null}
        </section>
      ) : null}
    </>
  );
}

function DeliveryTable(props: { items: readonly TDelivery[] }): ReactElement {
  const t = useT();
  return (
    <TableWrap label={t('webhooks.deliveriesPage.table')}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('webhooks.deliveriesPage.col.event')}</th>
            <th scope="col">{t('webhooks.deliveriesPage.col.status')}</th>
            <th scope="col">{t('webhooks.deliveriesPage.col.attempts')}</th>
            <th scope="col">{t('webhooks.deliveriesPage.col.answer')}</th>
            <th scope="col">{t('webhooks.deliveriesPage.col.time')}</th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((d) => {
            const last = d.attemptLog.at(-1);
            return (
              <tr key={d.id}>
                <td>
                  <code className="webhook-event">{d.eventType}</code>
                  <div className="muted small">{eventLabel(t, d.eventType)}</div>
                  {d.leadId ? (
                    <Link className="small" to={PATHS.lead(d.leadId)}>
                      {t('webhooks.deliveriesPage.lead')}
                    </Link>
                  ) : null}
                </td>
                <td>
                  <DeliveryStatus status={d.status} />
                  {d.nextAttemptAt && d.attempts > 0 ? (
                    <div className="muted small">
                      {t('webhooks.deliveriesPage.nextTry')} <Time value={d.nextAttemptAt} />
                    </div>
                  ) : null}
                </td>
                <td>{d.attempts}</td>
                <td>
                  {last ? (
                    <>
                      <span>
                        {last.statusCode !== null
                          ? t('webhooks.httpStatus', { code: last.statusCode })
                          : t('webhooks.deliveriesPage.noAnswer')}
                      </span>
                      {last.error && last.statusCode === null ? <div className="error small">{snippet(last.error)}</div> : null}
                      {last.responseBody ? <pre className="webhook-answer">{snippet(last.responseBody)}</pre> : null}
                      {d.attemptLog.length > 1 ? <AttemptLog delivery={d} /> : null}
                    </>
                  ) : (
                    <span className="muted">{t('webhooks.deliveriesPage.notTried')}</span>
                  )}
                </td>
                <td>
                  <Time value={d.occurredAt} />
                  {d.deliveredAt ? (
                    <div className="muted small">
                      {t('webhooks.deliveriesPage.deliveredAt')} <Time value={d.deliveredAt} />
                    </div>
                  ) : null}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** Every attempt of a delivery, in a disclosure (keyboard: Enter or Space on its summary). */
function AttemptLog(props: { delivery: TDelivery }): ReactElement {
  const t = useT();
  return (
    <details>
      <summary>{t('webhooks.deliveriesPage.allAttempts', { n: props.delivery.attemptLog.length })}</summary>
      <ol className="webhook-attempts small">
        {props.delivery.attemptLog.map((a) => (
          <li key={a.attempt}>
            <Time value={a.startedAt} />
            {' · '}
            {a.statusCode !== null ? t('webhooks.httpStatus', { code: a.statusCode }) : t('webhooks.deliveriesPage.noAnswer')}
            {a.durationMs !== null ? ` · ${t('webhooks.deliveriesPage.duration', { ms: a.durationMs })}` : ''}
            {a.error ? ` · ${snippet(a.error)}` : ''}
          </li>
        ))}
      </ol>
    </details>
  );
}
