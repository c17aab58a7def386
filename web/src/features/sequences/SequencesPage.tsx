import type { ReactElement } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, data } from '../../api/client';
import { Loading, QueryError } from '../../components/Messages';
import { usePageTitle } from '../../components/PageTitle';

/** The sequences and their latest versions (read-only here; publishing is the CLI's and the API's for now). */
export default function SequencesPage(): ReactElement {
  usePageTitle('Sequences');
  const sequences = useQuery({ queryKey: ['sequences'], queryFn: () => data(api.GET('/sequences')) });
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Sequences</h1>
          <p className="subtitle">
            Published nurture sequences. Publish new versions with <code>npm run nurture -- sequences publish</code> or{' '}
            <code>POST /sequences</code>.
          </p>
        </div>
      </div>
      {sequences.isPending ? <Loading /> : null}
      {sequences.isError ? <QueryError error={sequences.error} what="sequences" retry={() => void sequences.refetch()} /> : null}
      {sequences.data ? (
        <section className="panel" aria-label="Sequences">
          <ul className="plain-list sequence-list">
            {sequences.data.items.map((s) => (
              <li key={s.key}>
                <h2>{s.name}</h2>
                <p className="muted small">
                  <code>{s.key}</code> · {s.latestVersion === null ? 'not published' : `version ${s.latestVersion}`}
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
