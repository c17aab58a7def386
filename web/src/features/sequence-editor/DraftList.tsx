/** The signed-in person's sequence drafts (new sequences appear here before their first publish). Small: no editor code. */
import type { ReactElement } from 'react';
import { Link } from 'react-router';
import { useQuery } from '@tanstack/react-query';
import { api, data } from '../../api/client';
import { useT } from '../../lib/i18n';

export function DraftList(): ReactElement | null {
  const t = useT();
  const drafts = useQuery({ queryKey: ['sequences', 'drafts'], queryFn: () => data(api.GET('/sequences/drafts')) });
  if (!drafts.data?.items.length) return null;
  return (
    <section className="panel" aria-labelledby="drafts-title">
      <h2 id="drafts-title">{t('sequenceEditor.yourDrafts')}</h2>
      <ul className="plain-list">
        {drafts.data.items.map((d) => (
          <li key={d.key}>
            <Link to={`/app/sequences/${encodeURIComponent(d.key)}/edit`}>{d.name}</Link>{' '}
            <span className="muted small">
              <code>{d.key}</code> ·{' '}
              {d.baseVersion === null ? t('sequenceEditor.newSequence') : t('sequenceEditor.fromVersion', { baseVersion: d.baseVersion })}
              {t('sequenceEditor.saved')} {new Date(d.updatedAt).toLocaleString()}
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}
