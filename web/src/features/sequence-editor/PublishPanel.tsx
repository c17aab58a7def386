/** Publishing: the changes against the version in force, in words, and the journeys that keep their older versions; then publish. */
import type { ReactElement } from 'react';
import type { TOk } from '../../api/types';
import { DiffList } from './DiffList';
import { useT } from '../../lib/i18n';

export type TPreview = TOk<'/sequences/{key}/publish-preview', 'post'>;

export function PublishPanel(props: { preview: TPreview; busy: boolean; onPublish: () => void; onCancel: () => void }): ReactElement {
  const t = useT();
  const { preview } = props;
  const running = preview.running.reduce((n, r) => n + r.active, 0);
  return (
    <section className="panel publish-panel" aria-labelledby="publish-title">
      <h2 id="publish-title">
        {preview.nextVersion === null
          ? t('sequenceEditor.nothingToPublishThis', { n: preview.inForce ?? '' })
          : preview.inForce === null
            ? t('sequenceEditor.publishVersion1')
            : t('sequenceEditor.publishVersionReplacingVersion', { nextVersion: preview.nextVersion, inForce: preview.inForce })}
      </h2>
      {preview.inForce !== null ? (
        <>
          <h3>{t('sequenceEditor.changesSinceVersion', { inForce: preview.inForce })}</h3>
          <DiffList changes={preview.changes} label={t('sequenceEditor.changesSinceVersion', { inForce: preview.inForce })} />
        </>
      ) : (
        <DiffList changes={preview.changes} label={t('sequenceEditor.whatVersion1Contains')} />
      )}
      <h3>{t('sequenceEditor.journeysAlreadyRunning')}</h3>
      {running ? (
        <ul className="plain-list" aria-label={t('sequenceEditor.runningJourneysByVersion')}>
          {preview.running.map((r) => (
            <li key={r.version}>{t('sequenceEditor.runningKeep', { active: r.active, version: r.version })}</li>
          ))}
        </ul>
      ) : (
        <p>{t('sequenceEditor.noJourneysAreRunning')}</p>
      )}
      {preview.nextVersion !== null ? <p>{t('sequenceEditor.newEnrollmentsWillGet', { nextVersion: preview.nextVersion })}</p> : null}
      <div className="button-row">
        {preview.nextVersion !== null ? (
          <button type="button" className="button" disabled={props.busy} onClick={props.onPublish}>
            {props.busy ? t('sequenceEditor.publishing') : t('sequenceEditor.publishVersion', { nextVersion: preview.nextVersion })}
          </button>
        ) : null}
        <button type="button" className="button button--secondary" onClick={props.onCancel}>
          {preview.nextVersion !== null ? t('sequenceEditor.keepEditing') : t('sequenceEditor.close')}
        </button>
      </div>
    </section>
  );
}
