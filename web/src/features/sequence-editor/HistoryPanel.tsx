/** Every published version, any two compared with the publish preview's diff, and any one taken back into the draft. */
import { useState, type ReactElement } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, data } from '../../api/client';
import { Field } from '../../components/Field';
import { Loading, QueryError } from '../../components/Messages';
import { DiffList } from './DiffList';
import type { TEditDefinition } from './model';

export function HistoryPanel(props: { sequenceKey: string; onRestore: (def: TEditDefinition, version: number) => void }): ReactElement {
  const key = props.sequenceKey;
  const versions = useQuery({
    queryKey: ['sequences', key, 'versions'],
    queryFn: () => data(api.GET('/sequences/{key}/versions', { params: { path: { key } } })),
  });
  const items = versions.data?.items ?? [];
  const [from, setFrom] = useState<number | null>(null);
  const [to, setTo] = useState<number | null>(null);
  const a = from ?? items[1]?.version ?? items[0]?.version ?? null;
  const b = to ?? items[0]?.version ?? null;
  const compare = useQuery({
    queryKey: ['sequences', key, 'compare', a, b],
    enabled: a !== null && b !== null && a !== b,
    queryFn: () => data(api.GET('/sequences/{key}/compare', { params: { path: { key }, query: { from: a!, to: b! } } })),
  });

  if (versions.isPending) return <Loading label="Loading versions…" />;
  if (versions.isError) {
    // A sequence never published has no history yet.
    if ((versions.error as { status?: number }).status === 404)
      return <p className="muted">Not published yet: versions appear here after the first publish.</p>;
    return <QueryError error={versions.error} what="versions" retry={() => void versions.refetch()} />;
  }
  const pick = (label: string, value: number | null, onChange: (v: number) => void) => (
    <Field label={label}>
      {(control) => (
        <select {...control} value={value ?? ''} onChange={(e) => onChange(Number(e.target.value))}>
          {items.map((v) => (
            <option key={v.version} value={v.version}>
              version {v.version}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
  return (
    <section className="history" aria-labelledby="history-title">
      <h2 id="history-title">Version history</h2>
      <ol className="plain-list history__versions" aria-label="Published versions">
        {items.map((v, i) => (
          <li key={v.version}>
            <strong>Version {v.version}</strong>
            {i === 0 ? <span className="badge">in force</span> : null}{' '}
            <span className="muted">published {new Date(v.publishedAt).toLocaleString()}</span> · {v.definition.steps.length} steps{' '}
            <button
              type="button"
              className="button button--quiet"
              onClick={() => props.onRestore(v.definition as unknown as TEditDefinition, v.version)}
            >
              Edit from version {v.version}
            </button>
          </li>
        ))}
      </ol>
      {items.length > 1 ? (
        <>
          <h3>Compare two versions</h3>
          <div className="history__pick">
            {pick('From', a, setFrom)}
            {pick('To', b, setTo)}
          </div>
          {a === b ? <p className="muted">Choose two different versions.</p> : null}
          {compare.isPending && compare.fetchStatus !== 'idle' ? <Loading label="Comparing…" /> : null}
          {compare.isError ? <QueryError error={compare.error} what="the comparison" /> : null}
          {compare.data && a !== b ? <DiffList changes={compare.data.changes} label={`Changes from version ${a} to version ${b}`} /> : null}
        </>
      ) : (
        <p className="muted">One version so far: publish another to compare.</p>
      )}
    </section>
  );
}
