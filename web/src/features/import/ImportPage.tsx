import { useRef, useState, type FormEvent, type ReactElement } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { api, data } from '../../api/client';
import type { TLeadImport } from '../../api/types';
import { Field } from '../../components/Field';
import { Alert, QueryError } from '../../components/Messages';
import { usePageTitle } from '../../components/PageTitle';
import { Time } from '../../components/Time';
import { errorMessage } from '../../api/errors';
import { TableWrap } from '../../components/TableWrap';

const MAX_BYTES = 10 * 1024 * 1024;

/** Upload a CSV of leads (POST /leads/imports), then follow its progress and per-row errors. */
export default function ImportPage(): ReactElement {
  usePageTitle('Import leads');
  const fileInput = useRef<HTMLInputElement>(null);
  const [fileError, setFileError] = useState<string>();
  const [jobId, setJobId] = useState<string>();

  const upload = useMutation({
    // The file's bytes as they are: the API detects the encoding (UTF-8, UTF-16, Windows-1252) and delimiter.
    mutationFn: (file: File) =>
      data(
        api.POST('/leads/imports', {
          params: { query: { fileName: file.name.slice(0, 200) } },
          body: file,
          bodySerializer: (body: unknown) => (body instanceof Blob ? body : String(body)),
          headers: { 'content-type': 'text/csv' },
        }),
      ),
    onSuccess: (job) => setJobId(job.id),
  });

  const job = useQuery({
    queryKey: ['imports', jobId],
    enabled: Boolean(jobId),
    queryFn: () => data(api.GET('/leads/imports/{id}', { params: { path: { id: jobId ?? '' } } })),
    refetchInterval: (q) => (q.state.data?.status === 'COMPLETED' ? false : 1000),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const file = fileInput.current?.files?.[0];
    if (!file) return setFileError('Choose a CSV file');
    if (file.size > MAX_BYTES) return setFileError('The file is larger than 10 MB; split it');
    setFileError(undefined);
    setJobId(undefined);
    upload.mutate(file);
  };

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Import leads</h1>
          <p className="subtitle">
            A CSV with at least <code>email</code> and <code>firstName</code> columns. Known people are merged into their card, not
            duplicated.
          </p>
        </div>
      </div>
      <form className="panel" onSubmit={submit} noValidate>
        <Field
          label="CSV file"
          hint="Other columns: lastName, company, phone, locale, timeZone, source, campaign, heat, ownerEmail, consentSource… (unknown ones become attributes)"
          error={fileError}
        >
          {(control) => <input {...control} ref={fileInput} type="file" accept=".csv,text/csv" />}
        </Field>
        {upload.isError ? <Alert>{errorMessage(upload.error)}</Alert> : null}
        <button type="submit" className="button" disabled={upload.isPending}>
          {upload.isPending ? 'Uploading…' : 'Import'}
        </button>
      </form>
      {job.isError ? <QueryError error={job.error} what="the import" retry={() => void job.refetch()} /> : null}
      {job.data ? <ImportProgress job={job.data} /> : null}
    </>
  );
}

function ImportProgress({ job }: { job: TLeadImport }): ReactElement {
  const done = job.status === 'COMPLETED';
  const issues = [
    ...job.errors.map((e) => ({ ...e, kind: 'Not imported' })),
    ...job.warnings.map((w) => ({ ...w, kind: 'Imported, field left empty' })),
  ].sort((a, b) => a.row - b.row);
  return (
    <section className="panel" aria-labelledby="import-progress">
      <h2 id="import-progress">{job.fileName}</h2>
      <p role="status">
        {done ? 'Finished' : 'Importing'}: {job.processed} of {job.total} rows · {job.created} new · {job.merged} merged · {job.failed}{' '}
        failed{job.warned ? ` · ${job.warned} with warnings` : ''}
      </p>
      <progress max={100} value={job.percent} aria-label="Import progress">
        {job.percent}%
      </progress>
      <p className="muted small">
        Started <Time value={job.createdAt} />
        {job.finishedAt ? (
          <>
            , finished <Time value={job.finishedAt} />
          </>
        ) : null}
      </p>
      {issues.length ? (
        <>
          <p>
            <a href={`/leads/imports/${encodeURIComponent(job.id)}/issues.csv`} download>
              Download the {issues.length} issue{issues.length === 1 ? '' : 's'} as CSV
            </a>
          </p>
          <TableWrap label="Rows with problems">
            <table>
              <caption className="visually-hidden">Rows with problems</caption>
              <thead>
                <tr>
                  <th scope="col" className="num">
                    Row
                  </th>
                  <th scope="col">Email</th>
                  <th scope="col">What happened</th>
                  <th scope="col">Problem</th>
                </tr>
              </thead>
              <tbody>
                {issues.map((issue) => (
                  <tr key={`${issue.kind}-${issue.row}-${issue.column ?? ''}`}>
                    <td className="num">{issue.row}</td>
                    <td>{issue.email ?? '—'}</td>
                    <td>{issue.kind}</td>
                    <td>
                      {issue.column ? `${issue.column}: ` : ''}
                      {issue.message}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        </>
      ) : null}
    </section>
  );
}
