import type { ReactElement } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, data } from '../../api/client';
import { Loading, QueryError } from '../../components/Messages';
import { usePageTitle } from '../../components/PageTitle';
import { Link } from 'react-router';
import { PATHS } from '../../app/access';
import { DraftList } from '../sequence-editor/DraftList';
import { useT } from '../../lib/i18n';

/** The sequences and their latest versions (read-only here; publishing is the CLI's and the API's for now). */
export default function SequencesPage(): ReactElement {
  const t = useT();
  usePageTitle(t('sequences.title'));
  const sequences = useQuery({ queryKey: ['sequences'], queryFn: () => data(api.GET('/sequences')) });
  return (
    <>
      <div className="page-header">
        <div>
          <h1>{t('sequences.title')}</h1>
          <p className="subtitle">
            {t('sequences.subtitleBefore')}
            <code>{t('sequences.npmRunNurtureSequences')}</code>
            {t('sequences.subtitleOr')}
            <code>{t('sequences.postSequences')}</code>
            {t('sequences.subtitleAfter')}
          </p>
        </div>
        <Link className="button" to={PATHS.sequenceNew}>
          {t('sequences.new')}
        </Link>
      </div>
      <DraftList />
      {sequences.isPending ? <Loading /> : null}
      {sequences.isError ? <QueryError error={sequences.error} what={t('sequences.what')} retry={() => void sequences.refetch()} /> : null}
      {sequences.data ? (
        <section className="panel" aria-label={t('sequences.title')}>
          <ul className="plain-list sequence-list">
            {sequences.data.items.map((s) => (
              <li key={s.key}>
                <h2>{s.name}</h2>
                <p className="muted small">
                  <code>{s.key}</code> ·{' '}
                  {s.latestVersion === null ? t('sequences.notPublished') : t('sequences.version', { version: s.latestVersion })}
                  {' · '}
                  <Link to={PATHS.sequenceEdit(s.key)}>
                    {t('sequences.edit')}
                    <span className="visually-hidden"> {s.name}</span>
                  </Link>
                  {s.latestVersion === null ? null : (
                    <>
                      {' · '}
                      <Link to={PATHS.sequenceSimulate(s.key)}>
                        {t('sequences.simulate')}
                        <span className="visually-hidden"> {s.name}</span>
                      </Link>
                    </>
                  )}
                </p>
                {s.description ? <p>{s.description}</p> : null}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </>
  );
}
