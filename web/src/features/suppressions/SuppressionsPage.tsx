import { useEffect, useRef, useState, type FormEvent, type ReactElement } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { entriesFromCsv, ZSuppressionEntry } from '@domain/deliverability/import-suppressions';
import { api, data } from '../../api/client';
import { ApiError, errorMessage } from '../../api/errors';
import type { TOk } from '../../api/types';
import { useUser } from '../auth/session';
import { Field } from '../../components/Field';
import { Alert, Loading, QueryError, Success } from '../../components/Messages';
import { usePageTitle } from '../../components/PageTitle';
import { TableWrap } from '../../components/TableWrap';
import { Time } from '../../components/Time';
import '../../components/config-pages.css';

type TSuppression = TOk<'/suppressions', 'get'>['items'][number];
type TImportResult = TOk<'/suppressions', 'post'>;

const PAGE = 50;

/** Addresses that must not get email: search, add one, import a list, remove one (with a reason, audited). */
export default function SuppressionsPage(): ReactElement {
  usePageTitle('Suppressions');
  const [q, setQ] = useState('');
  const [term, setTerm] = useState('');
  const [limit, setLimit] = useState(PAGE);
  const [removing, setRemoving] = useState<TSuppression>();
  const [result, setResult] = useState<string>();
  const resultRef = useRef<HTMLDivElement>(null);
  const list = useQuery({
    queryKey: ['suppressions', term, limit],
    queryFn: () => data(api.GET('/suppressions', { params: { query: { limit, ...(term ? { q: term } : {}) } } })),
  });
  const announce = (message: string) => {
    setResult(message);
    requestAnimationFrame(() => resultRef.current?.focus());
  };

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Suppression list</h1>
          <p className="subtitle">
            Addresses that get no email: <code>all</code> (not even transactional, e.g. a hard bounce), <code>marketing</code>, or one
            topic. Removing an entry needs a reason and is recorded on the lead&apos;s timeline.
          </p>
        </div>
      </div>
      <div ref={resultRef} tabIndex={-1} aria-live="polite">
        {result ? <Success>{result}</Success> : null}
      </div>
      <div className="grid-2">
        <AddSuppressionForm onDone={announce} />
        <ImportSuppressionsForm onDone={announce} />
      </div>

      <section className="panel" aria-labelledby="suppressions-title">
        <h2 id="suppressions-title">Entries</h2>
        <form
          className="inline-form"
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            setTerm(q.trim());
            setLimit(PAGE);
          }}
        >
          <div className="field">
            <label htmlFor="suppression-search">Search addresses</label>
            <input
              id="suppression-search"
              type="search"
              value={q}
              onChange={(e) => setQ(e.target.value)}
              placeholder="part of an address"
            />
          </div>
          <div className="button-row">
            <button type="submit" className="button">
              Search
            </button>
            {term ? (
              <button type="button" className="button button--secondary" onClick={() => (setQ(''), setTerm(''))}>
                Clear
              </button>
            ) : null}
          </div>
        </form>
        {list.isPending ? <Loading label="Loading the suppression list…" /> : null}
        {list.isError ? <QueryError error={list.error} what="the suppression list" retry={() => void list.refetch()} /> : null}
        {list.data ? (
          <p className="muted" role="status">
            {list.data.total === 0
              ? term
                ? `No address contains “${term}”.`
                : 'The suppression list is empty.'
              : `${list.data.total} ${list.data.total === 1 ? 'entry' : 'entries'}${term ? ` containing “${term}”` : ''}; showing ${list.data.items.length}.`}
          </p>
        ) : null}
        {list.data && list.data.items.length > 0 ? <SuppressionTable items={list.data.items} onRemove={setRemoving} /> : null}
        {list.data && list.data.items.length < list.data.total ? (
          <button type="button" className="button button--secondary" onClick={() => setLimit((l) => l + PAGE)}>
            Show more
          </button>
        ) : null}
      </section>
      {removing ? (
        <RemoveDialog
          entry={removing}
          onClose={(message) => {
            setRemoving(undefined);
            if (message) announce(message);
          }}
        />
      ) : null}
    </>
  );
}

function SuppressionTable(props: { items: readonly TSuppression[]; onRemove: (s: TSuppression) => void }): ReactElement {
  const user = useUser();
  return (
    <TableWrap label="Suppression entries">
      <table>
        <thead>
          <tr>
            <th scope="col">Address</th>
            <th scope="col">Scope</th>
            <th scope="col">Reason</th>
            <th scope="col">Added</th>
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {props.items.map((s) => (
            <tr key={s.id}>
              <td>{s.email}</td>
              <td>
                <code>{s.scope}</code>
              </td>
              <td>
                {s.reason}
                {s.detail ? <div className="muted small">{s.detail}</div> : null}
              </td>
              <td>
                <Time value={s.createdAt} />
              </td>
              <td className="actions">
                {s.adminOnly && user.role !== 'ADMIN' ? (
                  <span className="muted small">The person&apos;s own request: only an admin can remove it</span>
                ) : (
                  <button type="button" className="button button--secondary" onClick={() => props.onRemove(s)}>
                    Remove <span className="visually-hidden">{`${s.email} (${s.scope})`}</span>
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableWrap>
  );
}

/** Asks why the address may be emailed again, then removes the entry (a modal dialog: focus stays inside, Esc cancels). */
function RemoveDialog(props: { entry: TSuppression; onClose: (message?: string) => void }): ReactElement {
  const dialog = useRef<HTMLDialogElement>(null);
  const queryClient = useQueryClient();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
  }, []);
  const remove = useMutation({
    mutationFn: (body: { email: string; scope: string; reason: string }) => data(api.DELETE('/suppressions', { params: { query: body } })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['suppressions'] });
      props.onClose(`Removed ${props.entry.email} (${props.entry.scope}) from the suppression list.`);
    },
  });
  // The removal schema lives beside the audit code (Node-only imports); the API checks the reason
  // and its message is shown on the field.
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) return setError('Say why the address may be emailed again');
    setError(undefined);
    remove.mutate({ email: props.entry.email, scope: props.entry.scope, reason: reason.trim() });
  };
  const serverReason = remove.error instanceof ApiError ? remove.error.issueFor('reason') : undefined;
  return (
    <dialog ref={dialog} className="confirm" aria-labelledby="remove-title" onCancel={() => props.onClose()}>
      <h2 id="remove-title">Remove {props.entry.email}?</h2>
      <p>
        The address will get <code>{props.entry.scope}</code> email again. It was suppressed because: <strong>{props.entry.reason}</strong>.
      </p>
      <form onSubmit={submit} noValidate>
        <Field label="Why may it be emailed again?" hint="Kept in the audit on the lead's timeline" error={error ?? serverReason}>
          {(c) => <textarea {...c} value={reason} onChange={(e) => setReason(e.target.value)} rows={3} autoFocus />}
        </Field>
        {remove.isError && !serverReason ? <Alert>{errorMessage(remove.error)}</Alert> : null}
        <div className="button-row">
          <button type="submit" className="button button--danger" disabled={remove.isPending}>
            {remove.isPending ? 'Removing…' : 'Remove from the list'}
          </button>
          <button type="button" className="button button--secondary" onClick={() => props.onClose()}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}

function AddSuppressionForm(props: { onDone: (message: string) => void }): ReactElement {
  const queryClient = useQueryClient();
  const [form, setForm] = useState({ email: '', scope: 'marketing', reason: 'manual' });
  const [errors, setErrors] = useState<Partial<Record<'email' | 'scope' | 'reason', string>>>({});
  const add = useMutation({
    mutationFn: (entry: { email: string; scope: string; reason: string }) =>
      data(api.POST('/suppressions', { body: { entries: [entry] } })),
    onSuccess: async (res, entry) => {
      await queryClient.invalidateQueries({ queryKey: ['suppressions'] });
      if (res.errors[0]) return setErrors({ email: res.errors[0].message });
      setForm((f) => ({ ...f, email: '' }));
      props.onDone(res.imported ? `Added ${entry.email} (${entry.scope}).` : `${entry.email} was already suppressed for ${entry.scope}.`);
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = ZSuppressionEntry.safeParse(form);
    if (!parsed.success) {
      const found: typeof errors = {};
      for (const i of parsed.error.issues) found[String(i.path[0]) as keyof typeof errors] ??= i.message;
      return setErrors(found);
    }
    setErrors({});
    add.mutate({ email: parsed.data.email, scope: parsed.data.scope, reason: parsed.data.reason });
  };
  return (
    <section className="panel" aria-labelledby="add-suppression-title">
      <h2 id="add-suppression-title">Add an address</h2>
      <form onSubmit={submit} noValidate aria-labelledby="add-suppression-title">
        <Field label="Email address" error={errors.email}>
          {(c) => <input {...c} type="email" value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} />}
        </Field>
        <Field label="Scope" hint='"marketing", "all" or "topic:<name>"' error={errors.scope}>
          {(c) => (
            <input
              {...c}
              type="text"
              list="suppression-scopes"
              value={form.scope}
              onChange={(e) => setForm({ ...form, scope: e.target.value })}
            />
          )}
        </Field>
        <datalist id="suppression-scopes">
          <option value="marketing" />
          <option value="all" />
        </datalist>
        <Field label="Reason" error={errors.reason}>
          {(c) => <input {...c} type="text" value={form.reason} onChange={(e) => setForm({ ...form, reason: e.target.value })} />}
        </Field>
        {add.isError ? <Alert>{errorMessage(add.error)}</Alert> : null}
        <button type="submit" className="button" disabled={add.isPending}>
          {add.isPending ? 'Adding…' : 'Add to the list'}
        </button>
      </form>
    </section>
  );
}

/** A CSV (header `email[,scope][,reason]`), from a file or pasted; good rows are imported, bad ones listed with their numbers. */
function ImportSuppressionsForm(props: { onDone: (message: string) => void }): ReactElement {
  const queryClient = useQueryClient();
  const [text, setText] = useState('');
  const [error, setError] = useState<string>();
  const [report, setReport] = useState<TImportResult>();
  const upload = useMutation({
    mutationFn: (entries: Record<string, string>[]) => data(api.POST('/suppressions', { body: { entries } })),
    onSuccess: async (res) => {
      setReport(res);
      await queryClient.invalidateQueries({ queryKey: ['suppressions'] });
      props.onDone(
        `Imported ${res.imported} of ${res.received} rows (${res.alreadyPresent} already on the list, ${res.errors.length} with problems).`,
      );
    },
  });
  const readFile = async (file: File | undefined) => {
    if (!file) return;
    if (file.size > 20 * 1024 * 1024) return setError('The file is larger than 20 MB: split it');
    setError(undefined);
    setText(await file.text());
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setReport(undefined);
    const csv = entriesFromCsv(text);
    if (csv.problem) return setError(`The CSV: ${csv.problem}`);
    if (csv.entries.length === 0) return setError('The CSV has a header but no rows');
    if (csv.entries.length > 100_000) return setError('At most 100,000 rows per import');
    setError(undefined);
    upload.mutate(csv.entries);
  };
  return (
    <section className="panel" aria-labelledby="import-suppressions-title">
      <h2 id="import-suppressions-title">Import a list</h2>
      <form onSubmit={submit} noValidate aria-labelledby="import-suppressions-title">
        <Field label="CSV file" hint="First line: email,scope,reason (scope and reason optional)">
          {(c) => <input {...c} type="file" accept=".csv,text/csv" onChange={(e) => void readFile(e.target.files?.[0])} />}
        </Field>
        <Field label="Or paste the CSV" error={error}>
          {(c) => <textarea {...c} rows={4} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} />}
        </Field>
        {upload.isError ? <Alert>{errorMessage(upload.error)}</Alert> : null}
        <button type="submit" className="button" disabled={upload.isPending || !text.trim()}>
          {upload.isPending ? 'Importing…' : 'Import'}
        </button>
      </form>
      {report && report.errors.length ? (
        <div className="spaced">
          <h3>Rows not imported</h3>
          <ul className="error-list">
            {report.errors.slice(0, 50).map((e) => (
              <li key={e.row}>
                Row {e.row}: {e.message}
              </li>
            ))}
          </ul>
          {report.errors.length > 50 ? <p className="muted">…and {report.errors.length - 50} more.</p> : null}
        </div>
      ) : null}
    </section>
  );
}
