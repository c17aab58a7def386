import type { ReactElement } from 'react';
import type { TLeadImport } from '../../api/types';
import { Time } from '../../components/Time';
import { IssueTable } from './MappingStep';
import { useT } from '../../lib/i18n';

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
  const t = useT();
  const done = job.status === 'COMPLETED';
  const issues = job.errors.length + job.warnings.length;
  return (
    <>
      <section className="panel" aria-labelledby="import-progress-heading">
        <h3 id="import-progress-heading">{done ? t('importResult.finished') : t('importResult.importingHeading')}</h3>
        <ProgressBar
          percent={job.percent}
          label={t('importResult.progressOf', { file: job.fileName })}
          valueText={t('importResult.progressValue', { percent: job.percent, processed: job.processed, total: job.total })}
        />
        <p role="status" className="import-status">
          {t('importResult.status', {
            done: done ? 'yes' : 'no',
            processed: job.processed,
            total: job.total,
            created: job.created,
            merged: job.merged,
            failed: job.failed,
            warned: job.warned,
          })}
        </p>
        <dl className="counts">
          <div className="count count--ok">
            <dt>{t('importResult.created')}</dt>
            <dd>{job.created.toLocaleString()}</dd>
          </div>
          <div className="count">
            <dt>{t('importResult.merged')}</dt>
            <dd>{job.merged.toLocaleString()}</dd>
          </div>
          <div className={`count${job.failed ? ' count--bad' : ''}`}>
            <dt>{t('importResult.failed')}</dt>
            <dd>{job.failed.toLocaleString()}</dd>
          </div>
          <div className={`count${job.warned ? ' count--warn' : ''}`}>
            <dt>{t('importResult.warned')}</dt>
            <dd>{job.warned.toLocaleString()}</dd>
          </div>
        </dl>
        <p className="muted small">
          {job.fileName} · {t('importResult.started')} <Time value={job.createdAt} />
          {job.finishedAt ? (
            <>
              {t('importResult.finishedAt')}
              <Time value={job.finishedAt} />
            </>
          ) : null}
          {t('importResult.mergedNote')}
        </p>
        {issues ? (
          <p>
            <a className="button button--secondary" href={`/leads/imports/${encodeURIComponent(job.id)}/issues.csv`} download>
              {t('importResult.download')}
            </a>{' '}
            <span className="muted small">{t('importResult.issues', { count: issues })}</span>
          </p>
        ) : done ? (
          <p className="success">{t('importResult.clean')}</p>
        ) : null}
      </section>
      {job.errors.length ? (
        <section className="panel" aria-labelledby="import-errors-heading">
          <h3 id="import-errors-heading">{t('importResult.errorsHeading', { count: job.errors.length })}</h3>
          <IssueTable label={t('importResult.errorsLabel')} issues={job.errors} />
        </section>
      ) : null}
      {job.warnings.length ? (
        <section className="panel" aria-labelledby="import-warnings-heading">
          <h3 id="import-warnings-heading">{t('importResult.warningsHeading', { count: job.warnings.length })}</h3>
          <IssueTable label={t('importResult.warningsLabel')} issues={job.warnings} />
        </section>
      ) : null}
    </>
  );
}
