/** Publishing: the changes against the version in force, in words, and the journeys that keep their older versions; then publish. */
import type { ReactElement } from 'react';
import type { TOk } from '../../api/types';
import { DiffList } from './DiffList';

export type TPreview = TOk<'/sequences/{key}/publish-preview', 'post'>;

export function PublishPanel(props: { preview: TPreview; busy: boolean; onPublish: () => void; onCancel: () => void }): ReactElement {
  const { preview } = props;
  const running = preview.running.reduce((n, r) => n + r.active, 0);
  return (
    <section className="panel publish-panel" aria-labelledby="publish-title">
      <h2 id="publish-title">
        {preview.nextVersion === null
          ? `Nothing to publish: this is version ${preview.inForce ?? ''}`
          : preview.inForce === null
            ? 'Publish version 1'
            : `Publish version ${preview.nextVersion} (replacing version ${preview.inForce} for new enrollments)`}
      </h2>
      {preview.inForce !== null ? (
        <>
          <h3>Changes since version {preview.inForce}</h3>
          <DiffList changes={preview.changes} label={`Changes since version ${preview.inForce}`} />
        </>
      ) : (
        <DiffList changes={preview.changes} label="What version 1 contains" />
      )}
      <h3>Journeys already running</h3>
      {running ? (
        <ul className="plain-list" aria-label="Running journeys by version">
          {preview.running.map((r) => (
            <li key={r.version}>
              {r.active} journey{r.active === 1 ? '' : 's'} on version {r.version}: {r.active === 1 ? 'it keeps' : 'they keep'} version{' '}
              {r.version} to the end.
            </li>
          ))}
        </ul>
      ) : (
        <p>No journeys are running on this sequence.</p>
      )}
      {preview.nextVersion !== null ? <p>New enrollments will get version {preview.nextVersion}.</p> : null}
      <div className="button-row">
        {preview.nextVersion !== null ? (
          <button type="button" className="button" disabled={props.busy} onClick={props.onPublish}>
            {props.busy ? 'Publishing…' : `Publish version ${preview.nextVersion}`}
          </button>
        ) : null}
        <button type="button" className="button button--secondary" onClick={props.onCancel}>
          {preview.nextVersion !== null ? 'Keep editing' : 'Close'}
        </button>
      </div>
    </section>
  );
}
