/** Every published version, any two compared with the publish preview's diff, and any one taken back into the draft. */
import { useState, type ReactElement } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, data } from '../../api/client';
import { Field } from '../../components/Field';
import { Loading, QueryError } from '../../components/Messages';
import { DiffList } from './DiffList';
import type { TEditDefinition } from './model';
import { useT } from '../../lib/i18n';

export function HistoryPanel(props: { sequenceKey: string; onRestore: (def: TEditDefinition, version: number) => void }): ReactElement {
  const t = useT();
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

  if (versions.isPending) return <Loading label={t('sequenceEditor.loadingVersions')} />;
  if (versions.isError) {
    // A sequence never published has no history yet.
    if ((versions.error as { status?: number }).status === 404)
      return <p className="muted">{t('sequenceEditor.notPublishedYetVersions')}</p>;
    return <QueryError error={versions.error} what={t('sequenceEditor.versions')} retry={() => void versions.refetch()} />;
  }
  const pick = (label: string, value: number | null, onChange: (v: number) => void) => (
    <Field label={label}>
      {(control) => (
        <select {...control} value={value ?? ''} onChange={(e) => onChange(Number(e.target.value))}>
          {items.map((v) => (
            <option key={v.version} value={v.version}>
              {t('sequenceEditor.version', { version: v.version })}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
  return (
    <section className="history" aria-labelledby="history-title">
      <h2 id="history-title">{t('sequenceEditor.versionHistory')}</h2>
      <ol className="plain-list history__versions" aria-label={t('sequenceEditor.publishedVersions')}>
        {items.map((v, i) => (
          <li key={v.version}>
            <strong>{t('sequenceEditor.version2', { version: v.version })}</strong>
            {i === 0 ? <span className="badge">{t('sequenceEditor.inForce')}</span> : null}{' '}
            <span className="muted">{t('sequenceEditor.published', { value: new Date(v.publishedAt).toLocaleString() })}</span> ·{' '}
            {t('sequenceEditor.stepCount', { count: v.definition.steps.length })}{' '}
            <button
              type="button"
              className="button button--quiet"
              onClick={() => props.onRestore(v.definition as unknown as TEditDefinition, v.version)}
            >
              {t('sequenceEditor.editFromVersion', { version: v.version })}
            </button>
          </li>
        ))}
      </ol>
      {items.length > 1 ? (
        <>
          <h3>{t('sequenceEditor.compareTwoVersions')}</h3>
          <div className="history__pick">
            {pick(t('sequenceEditor.from'), a, setFrom)}
            {pick(t('sequenceEditor.to'), b, setTo)}
          </div>
          {a === b ? <p className="muted">{t('sequenceEditor.chooseTwoDifferentVersions')}</p> : null}
          {compare.isPending && compare.fetchStatus !== 'idle' ? <Loading label={t('sequenceEditor.comparing')} /> : null}
          {compare.isError ? <QueryError error={compare.error} what={t('sequenceEditor.theComparison')} /> : null}
          {compare.data && a !== b ? (
            <DiffList changes={compare.data.changes} label={t('sequenceEditor.changesFromVersionTo', { a: a ?? '', b: b ?? '' })} />
          ) : null}
        </>
      ) : (
        <p className="muted">{t('sequenceEditor.oneVersionSoFar')}</p>
      )}
    </section>
  );
}
