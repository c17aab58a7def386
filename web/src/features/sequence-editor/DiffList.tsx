/** Step-level changes in words (the API's diff), for the publish preview and the version history alike. */
import type { ReactElement } from 'react';
import type { TOk } from '../../api/types';
import { useT } from '../../lib/i18n';

export type TChange = TOk<'/sequences/{key}/compare', 'get'>['changes'][number];

export function DiffList(props: { changes: readonly TChange[]; label: string }): ReactElement {
  const t = useT();
  if (!props.changes.length) return <p className="muted">{t('sequenceEditor.noChangesTheTwo')}</p>;
  return (
    <ul className="plain-list diff-list" aria-label={props.label}>
      {props.changes.map((c, i) => (
        <li key={`${c.scope}:${c.subject}:${c.kind}:${i}`} className={`diff-list__item diff-list__item--${c.kind}`}>
          <span className="diff-list__kind">{t(`sequenceEditor.change.${c.kind}`)}</span> {c.text}
          {c.kind === 'changed' && c.fields.length > 1 ? (
            <ul className="diff-list__fields">
              {c.fields.map((f) => (
                <li key={f.path}>
                  <code>{f.path}</code>: {f.before ?? t('sequenceEditor.notSet')} → {f.after ?? t('sequenceEditor.notSet')}
                </li>
              ))}
            </ul>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
