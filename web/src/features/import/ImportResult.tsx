import type { ReactElement } from 'react';
import type { TLeadImport } from '../../api/types';
import { Time } from '../../components/Time';
import { IssueTable } from './MappingStep';

/** A progress bar that says its value (role=progressbar, aria-valuenow) and shows it as text too. */
function ProgressBar(props: { percent: number; label: string; valueText: string }): ReactElement {
  const percent = Math.max(0, Math.min(100, props.percent));
  return (
    <div className="progress">
      <div
        className="progress__track"
        role="progressbar"
        aria-label={props.label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-valuetext={props.valueText}
      >
        <div className="progress__bar" style={{ width: `${percent}%` }} />
      </div>
      <span className="progress__text" aria-hidden="true">
        {percent.toLocaleString(undefined, { maximumFractionDigits: 1 })} %
      </span>
    </div>
  );
}

/** Step 3: the import running, then its counts, its errors and warnings, and the issues as CSV. */
export function ImportResult(props: { job: TLeadImport }): ReactElement {
  const { job } = props;
  const done = job.status === 'COMPLETED';
  const issues = job.errors.length + job.warnings.length;
  return (
    <>
      <section className="panel" aria-labelledby="import-progress-heading">
        <h3 id="import-progress-heading">{done ? 'Finished' : 'Importing…'}</h3>
        <ProgressBar
          percent={job.percent}
          label={`Import progress of ${job.fileName}`}
          valueText={`${job.percent} % (${job.processed} of ${job.total} rows)`}
        />
        <p role="status" className="import-status">
          {done ? 'Finished' : 'Importing'}: {job.processed} of {job.total} rows · {job.created} new · {job.merged} merged · {job.failed}{' '}
          failed · {job.warned} with warnings
        </p>
        <dl className="counts">
          <div className="count count--ok">
            <dt>Created</dt>
            <dd>{job.created.toLocaleString()}</dd>
          </div>
          <div className="count">
            <dt>Merged</dt>
            <dd>{job.merged.toLocaleString()}</dd>
          </div>
          <div className={`count${job.failed ? ' count--bad' : ''}`}>
            <dt>Failed</dt>
            <dd>{job.failed.toLocaleString()}</dd>
          </div>
          <div className={`count${job.warned ? ' count--warn' : ''}`}>
            <dt>Warned</dt>
            <dd>{job.warned.toLocaleString()}</dd>
          </div>
        </dl>
        <p className="muted small">
          {job.fileName} · started <Time value={job.createdAt} />
          {job.finishedAt ? (
            <>
              , finished <Time value={job.finishedAt} />
            </>
          ) : null}
          . Merged rows were people already known: their card got the new details, not a duplicate.
        </p>
        {issues ? (
          <p>
            <a className="button button--secondary" href={`/leads/imports/${encodeURIComponent(job.id)}/issues.csv`} download>
              Download issues (CSV)
            </a>{' '}
            <span className="muted small">
              {issues} issue{issues === 1 ? '' : 's'}, one per line: row, kind, column, value, email, message
            </span>
          </p>
        ) : done ? (
          <p className="success">Every row was imported without a problem.</p>
        ) : null}
      </section>
      {job.errors.length ? (
        <section className="panel" aria-labelledby="import-errors-heading">
          <h3 id="import-errors-heading">Errors: rows not imported ({job.errors.length})</h3>
          <IssueTable label="Rows not imported" issues={job.errors} />
        </section>
      ) : null}
      {job.warnings.length ? (
        <section className="panel" aria-labelledby="import-warnings-heading">
          <h3 id="import-warnings-heading">Warnings: rows imported with a field left empty ({job.warnings.length})</h3>
          <IssueTable label="Rows imported with warnings" issues={job.warnings} />
        </section>
      ) : null}
    </>
  );
}
