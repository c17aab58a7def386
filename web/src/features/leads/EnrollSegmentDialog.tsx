/**
 * Segments (issue 12): "Enrol these leads…" on the lead list enrols every lead the current view
 * matches in a published sequence. The dialog previews the count (and how many are already active
 * in the sequence, which are skipped) before anything happens; confirmed, a background job
 * enrols them and the dialog follows its progress (GET /enrollments/bulk/:id, every second).
 */
import { useEffect, useRef, useState, type FormEvent, type ReactElement } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data } from '../../api/client';
import { errorMessage } from '../../api/errors';
import { Field } from '../../components/Field';
import { Alert } from '../../components/Messages';
import { useT } from '../../lib/i18n';
import type { TLeadQuery } from './search-params';

/** The view's filters as the segment endpoints take them (strings; paging left out). */
export function segmentQueryOf(query: TLeadQuery): Record<string, string> {
  return Object.fromEntries(
    Object.entries(query)
      .filter(([name, value]) => name !== 'limit' && name !== 'cursor' && value !== undefined && value !== '')
      .map(([name, value]) => [name, String(value)]),
  );
}

/** The button and, once pressed, the dialog. */
export function EnrollSegment(props: { query: TLeadQuery; disabled?: boolean }): ReactElement {
  const t = useT();
  const [open, setOpen] = useState(false);
  const opener = useRef<HTMLButtonElement>(null);
  return (
    <>
      <button ref={opener} type="button" className="button button--secondary" disabled={props.disabled} onClick={() => setOpen(true)}>
        {t('segment.open')}
      </button>
      {open ? (
        <EnrollSegmentDialog
          query={segmentQueryOf(props.query)}
          onClose={() => {
            setOpen(false);
            requestAnimationFrame(() => opener.current?.focus());
          }}
        />
      ) : null}
    </>
  );
}

function EnrollSegmentDialog(props: { query: Record<string, string>; onClose: () => void }): ReactElement {
  const t = useT();
  const dialog = useRef<HTMLDialogElement>(null);
  const queryClient = useQueryClient();
  const [key, setKey] = useState('');
  const [pickError, setPickError] = useState<string>();
  const [jobId, setJobId] = useState<string>();
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
  }, []);

  const sequences = useQuery({ queryKey: ['sequences'], queryFn: () => data(api.GET('/sequences')), staleTime: 60_000 });
  const published = sequences.data?.items.filter((s) => s.latestVersion !== null) ?? [];
  const preview = useQuery({
    queryKey: ['segment', 'preview', key, props.query],
    queryFn: () =>
      data(api.POST('/sequences/{key}/enrollments/segment/preview', { params: { path: { key } }, body: { query: props.query } })),
    enabled: key !== '' && !jobId,
  });
  const start = useMutation({
    mutationFn: () => data(api.POST('/sequences/{key}/enrollments/segment', { params: { path: { key } }, body: { query: props.query } })),
    onSuccess: (job) => setJobId(job.id),
  });
  const job = useQuery({
    queryKey: ['bulk-enrollment', jobId],
    queryFn: () => data(api.GET('/enrollments/bulk/{id}', { params: { path: { id: jobId ?? '' } } })),
    enabled: jobId !== undefined,
    initialData: start.data,
    refetchInterval: (q) => (q.state.data?.status === 'COMPLETED' ? false : 1000),
  });
  const completed = job.data?.status === 'COMPLETED';
  useEffect(() => {
    if (completed) void queryClient.invalidateQueries({ queryKey: ['leads'] });
  }, [completed, queryClient]);

  const confirm = (event: FormEvent) => {
    event.preventDefault();
    if (!key) return setPickError(t('segment.pickSequence'));
    setPickError(undefined);
    start.mutate();
  };
  const name = published.find((s) => s.key === key)?.name ?? key;
  const nothing = preview.data !== undefined && preview.data.total === 0;

  return (
    <dialog ref={dialog} className="confirm" aria-labelledby="segment-title" onCancel={props.onClose}>
      <h2 id="segment-title">{t('segment.title')}</h2>
      {job.data ? (
        <div>
          <p>{t('segment.started', { name })}</p>
          <label htmlFor="segment-progress">{t('segment.progressLabel')}</label>
          <progress id="segment-progress" max={job.data.total} value={job.data.processed}>
            {job.data.percent}%
          </progress>
          <p role="status">
            {completed
              ? t('segment.completed', { enrolled: job.data.enrolled, skipped: job.data.skipped })
              : t('segment.progress', {
                  processed: job.data.processed,
                  total: job.data.total,
                  enrolled: job.data.enrolled,
                  skipped: job.data.skipped,
                })}
          </p>
          {job.isError ? <Alert>{t('segment.progressError', { message: errorMessage(job.error) })}</Alert> : null}
          <div className="button-row">
            <button type="button" className="button" onClick={props.onClose}>
              {completed ? t('segment.close') : t('segment.closeRunning')}
            </button>
          </div>
        </div>
      ) : (
        <form onSubmit={confirm} noValidate>
          <Field label={t('segment.sequence')} hint={t('segment.sequenceHint')} error={pickError}>
            {(control) => (
              <select {...control} value={key} disabled={sequences.isPending} onChange={(e) => setKey(e.target.value)} autoFocus>
                <option value="">{sequences.isPending ? t('segment.loadingSequences') : t('segment.chooseSequence')}</option>
                {published.map((s) => (
                  <option key={s.key} value={s.key}>
                    {t('leads.v', { name: s.name, key: s.key, latestVersion: s.latestVersion ?? '' })}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <p role="status">
            {key === ''
              ? ''
              : preview.isPending
                ? t('segment.counting')
                : preview.data
                  ? t('segment.preview', { total: preview.data.total, active: preview.data.alreadyActive })
                  : ''}
          </p>
          {preview.data && preview.data.sample.length > 0 ? (
            <>
              <p id="segment-sample">{t('segment.sample')}</p>
              <ul aria-labelledby="segment-sample">
                {preview.data.sample.map((lead) => (
                  <li key={lead.id}>{t('leads.text', { name: lead.name, email: lead.email })}</li>
                ))}
              </ul>
            </>
          ) : null}
          {sequences.isError ? <Alert>{errorMessage(sequences.error)}</Alert> : null}
          {preview.isError ? <Alert>{t('segment.previewError', { message: errorMessage(preview.error) })}</Alert> : null}
          {start.isError ? <Alert>{t('segment.startError', { message: errorMessage(start.error) })}</Alert> : null}
          <div className="button-row">
            <button type="submit" className="button" disabled={start.isPending || !preview.data || nothing}>
              {start.isPending
                ? t('segment.starting')
                : preview.data
                  ? t('segment.confirm', { total: preview.data.total })
                  : t('segment.confirmPlain')}
            </button>
            <button type="button" className="button button--secondary" onClick={props.onClose}>
              {t('segment.cancel')}
            </button>
          </div>
        </form>
      )}
    </dialog>
  );
}
