import { useRef, type KeyboardEvent, type ReactElement } from 'react';
import { Link } from 'react-router';
import type { TLead } from '../../api/types';
import { Badge } from '../../components/Badge';
import { Time } from '../../components/Time';
import { personName } from '../../lib/format';
import { PATHS } from '../../app/access';
import { TableWrap } from '../../components/TableWrap';
import { useT } from '../../lib/i18n';

/**
 * Each row's name is a link (Tab reaches it, Enter opens the lead); ArrowUp/ArrowDown move between
 * rows, Home/End to the first and last. "Load more" moves focus to the first new row.
 */
export function LeadTable(props: {
  leads: readonly TLead[];
  total: number;
  hasMore: boolean;
  loadingMore: boolean;
  onLoadMore: () => Promise<unknown>;
}): ReactElement {
  const t = useT();
  const body = useRef<HTMLTableSectionElement>(null);
  const links = () => Array.from(body.current?.querySelectorAll<HTMLAnchorElement>('a[data-row-link]') ?? []);

  const onKeyDown = (event: KeyboardEvent<HTMLTableSectionElement>) => {
    const all = links();
    const at = all.indexOf(event.target as HTMLAnchorElement);
    if (at < 0) return;
    const to = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: all.length - 1 }[event.key];
    if (to === undefined) return;
    event.preventDefault();
    all[Math.max(0, Math.min(all.length - 1, to))]?.focus();
  };

  const loadMore = async () => {
    const before = props.leads.length;
    await props.onLoadMore();
    // The rows render after the data arrives.
    requestAnimationFrame(() => links()[before]?.focus());
  };

  return (
    <>
      <TableWrap label={t('leads.tableLabel')}>
        <table className="lead-table">
          <caption className="visually-hidden">{t('leads.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('leads.colName')}</th>
              <th scope="col">{t('leads.colStatus')}</th>
              <th scope="col">{t('leads.colHeat')}</th>
              <th scope="col" className="num">
                {t('leads.colScore')}
              </th>
              <th scope="col">{t('leads.colOwner')}</th>
              <th scope="col">{t('leads.colCreated')}</th>
            </tr>
          </thead>
          <tbody ref={body} onKeyDown={onKeyDown}>
            {props.leads.map((lead) => (
              <tr key={lead.id}>
                <td>
                  <Link to={PATHS.lead(lead.id)} data-row-link="">
                    {personName(lead)}
                  </Link>
                  <div className="muted small">{[lead.company, lead.email].filter(Boolean).join(' · ')}</div>
                </td>
                <td>
                  <Badge value={lead.status} />
                </td>
                <td>
                  <Badge value={lead.heat} />
                </td>
                <td className="num" data-label={t('leads.colScore')}>
                  {lead.score}
                </td>
                <td data-label={t('leads.colOwner')}>
                  {lead.ownerName ?? lead.ownerEmail ?? <span className="muted">{t('leads.unassigned')}</span>}
                </td>
                <td data-label={t('leads.colCreated')}>
                  <Time value={lead.createdAt} dateOnly />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {props.hasMore ? (
        <p className="button-row load-more">
          <button type="button" className="button button--secondary" onClick={() => void loadMore()} disabled={props.loadingMore}>
            {props.loadingMore ? t('leads.loadingMore') : t('leads.loadMore', { shown: props.leads.length, total: props.total })}
          </button>
        </p>
      ) : null}
    </>
  );
}
