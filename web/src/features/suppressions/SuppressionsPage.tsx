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
import { useT } from '../../lib/i18n';

type TSuppression = TOk<'/suppressions', 'get'>['items'][number];
type TImportResult = TOk<'/suppressions', 'post'>;

const PAGE = 50;

/** Addresses that must not get email: search, add one, import a list, remove one (with a reason, audited). */
export default function SuppressionsPage(): ReactElement {
  const t = useT();
  usePageTitle(t('suppressions.pageTitle'));
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
          <h1>{t('suppressions.suppressionList')}</h1>
          <p className="subtitle">
            {t('suppressions.addressesThatGetNo')}
            <code>{t('suppressions.all')}</code>
            {t('suppressions.notEvenTransactionalE')}
            <code>{t('suppressions.marketing')}</code>
            {t('suppressions.orOneTopicRemoving')}
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
        <h2 id="suppressions-title">{t('suppressions.entries')}</h2>
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
            <label htmlFor="suppression-search">{t('suppressions.searchAddresses')}</label>
            <input
              id="suppression-search"
              type="search"
              value={q}
              onChange={(e) => setQ(e.target.value)}
              placeholder={t('suppressions.partOfAnAddress')}
            />
          </div>
          <div className="button-row">
            <button type="submit" className="button">
              {t('suppressions.search')}
            </button>
            {term ? (
              <button type="button" className="button button--secondary" onClick={() => (setQ(''), setTerm(''))}>
                {t('suppressions.clear')}
              </button>
            ) : null}
          </div>
        </form>
        {list.isPending ? <Loading label={t('suppressions.loadingTheSuppressionList')} /> : null}
        {list.isError ? (
          <QueryError error={list.error} what={t('suppressions.theSuppressionList')} retry={() => void list.refetch()} />
        ) : null}
        {list.data ? (
          <p className="muted" role="status">
            {list.data.total === 0
              ? term
                ? t('suppressions.noAddressContains', { term })
                : t('suppressions.theSuppressionListIs')
              : t('suppressions.showing', {
                  total: list.data.total,
                  value: list.data.total === 1 ? 'entry' : 'entries',
                  value2: term ? ` containing “${term}”` : '',
                  length: list.data.items.length,
                })}
          </p>
        ) : null}
        {list.data && list.data.items.length > 0 ? <SuppressionTable items={list.data.items} onRemove={setRemoving} /> : null}
        {list.data && list.data.items.length < list.data.total ? (
          <button type="button" className="button button--secondary" onClick={() => setLimit((l) => l + PAGE)}>
            {t('suppressions.showMore')}
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
  const t = useT();
  const user = useUser();
  return (
    <TableWrap label={t('suppressions.suppressionEntries')}>
      <table>
        <thead>
          <tr>
            <th scope="col">{t('suppressions.address')}</th>
            <th scope="col">{t('suppressions.scope')}</th>
            <th scope="col">{t('suppressions.reason')}</th>
            <th scope="col">{t('suppressions.added')}</th>
            <th scope="col">
              <span className="visually-hidden">{t('suppressions.actions')}</span>
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
                  <span className="muted small">{t('suppressions.thePersonSOwn')}</span>
                ) : (
                  <button type="button" className="button button--secondary" onClick={() => props.onRemove(s)}>
                    {t('suppressions.remove')}
                    <span className="visually-hidden">{`${s.email} (${s.scope})`}</span>
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
  const t = useT();
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
      props.onClose(t('suppressions.removed', { email: props.entry.email, scope: props.entry.scope }));
    },
  });
  // The removal schema lives beside the audit code (Node-only imports); the API checks the reason
  // and its message is shown on the field.
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!reason.trim()) return setError(t('suppressions.sayWhy'));
    setError(undefined);
    remove.mutate({ email: props.entry.email, scope: props.entry.scope, reason: reason.trim() });
  };
  const serverReason = remove.error instanceof ApiError ? remove.error.issueFor('reason') : undefined;
  return (
    <dialog ref={dialog} className="confirm" aria-labelledby="remove-title" onCancel={() => props.onClose()}>
      <h2 id="remove-title">{t('suppressions.remove2', { email: props.entry.email })}</h2>
      <p>
        {t('suppressions.theAddressWillGet')}
        <code>{props.entry.scope}</code>
        {t('suppressions.emailAgainItWas')}
        <strong>{props.entry.reason}</strong>.
      </p>
      <form onSubmit={submit} noValidate>
        <Field label={t('suppressions.whyMayItBe')} hint={t('suppressions.keptInTheAudit')} error={error ?? serverReason}>
          {(c) => <textarea {...c} value={reason} onChange={(e) => setReason(e.target.value)} rows={3} autoFocus />}
        </Field>
        {remove.isError && !serverReason ? <Alert>{errorMessage(remove.error)}</Alert> : null}
        <div className="button-row">
          <button type="submit" className="button button--danger" disabled={remove.isPending}>
            {remove.isPending ? t('suppressions.removing') : t('suppressions.removeFromTheList')}
          </button>
          <button type="button" className="button button--secondary" onClick={() => props.onClose()}>
            {t('suppressions.cancel')}
          </button>
        </div>
      </form>
    </dialog>
  );
}

function AddSuppressionForm(props: { onDone: (message: string) => void }): ReactElement {
  const t = useT();
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
      props.onDone(
        t(res.imported ? 'suppressions.addedEntry' : 'suppressions.alreadySuppressed', { email: entry.email, scope: entry.scope }),
      );
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
      <h2 id="add-suppression-title">{t('suppressions.addAnAddress')}</h2>
      <form onSubmit={submit} noValidate aria-labelledby="add-suppression-title">
        <Field label={t('suppressions.emailAddress')} error={errors.email}>
          {(c) => <input {...c} type="email" value={form.email} onChange={(e) => setForm({ ...form, email: e.target.value })} />}
        </Field>
        <Field label={t('suppressions.scope')} hint={t('suppressions.marketingAllOrTopic')} error={errors.scope}>
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
        <Field label={t('suppressions.reason')} error={errors.reason}>
          {(c) => <input {...c} type="text" value={form.reason} onChange={(e) => setForm({ ...form, reason: e.target.value })} />}
        </Field>
        {add.isError ? <Alert>{errorMessage(add.error)}</Alert> : null}
        <button type="submit" className="button" disabled={add.isPending}>
          {add.isPending ? t('suppressions.adding') : t('suppressions.addToTheList')}
        </button>
      </form>
    </section>
  );
}

/** A CSV (header `email[,scope][,reason]`), from a file or pasted; good rows are imported, bad ones listed with their numbers. */
function ImportSuppressionsForm(props: { onDone: (message: string) => void }): ReactElement {
  const t = useT();
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
        t('suppressions.imported', {
          imported: res.imported,
          received: res.received,
          present: res.alreadyPresent,
          problems: res.errors.length,
        }),
      );
    },
  });
  const readFile = async (file: File | undefined) => {
    if (!file) return;
    if (file.size > 20 * 1024 * 1024) return setError(t('suppressions.tooLarge'));
    setError(undefined);
    setText(await file.text());
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setReport(undefined);
    const csv = entriesFromCsv(text);
    if (csv.problem) return setError(t('suppressions.csvProblem', { problem: csv.problem }));
    if (csv.entries.length === 0) return setError(t('suppressions.csvEmpty'));
    if (csv.entries.length > 100_000) return setError(t('suppressions.csvTooMany'));
    setError(undefined);
    upload.mutate(csv.entries);
  };
  return (
    <section className="panel" aria-labelledby="import-suppressions-title">
      <h2 id="import-suppressions-title">{t('suppressions.importAList')}</h2>
      <form onSubmit={submit} noValidate aria-labelledby="import-suppressions-title">
        <Field label={t('suppressions.csvFile')} hint={t('suppressions.firstLineEmailScope')}>
          {(c) => <input {...c} type="file" accept=".csv,text/csv" onChange={(e) => void readFile(e.target.files?.[0])} />}
        </Field>
        <Field label={t('suppressions.orPasteTheCsv')} error={error}>
          {(c) => <textarea {...c} rows={4} value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} />}
        </Field>
        {upload.isError ? <Alert>{errorMessage(upload.error)}</Alert> : null}
        <button type="submit" className="button" disabled={upload.isPending || !text.trim()}>
          {upload.isPending ? t('suppressions.importing') : t('suppressions.import')}
        </button>
      </form>
      {report && report.errors.length ? (
        <div className="spaced">
          <h3>{t('suppressions.rowsNotImported')}</h3>
          <ul className="error-list">
            {report.errors.slice(0, 50).map((e) => (
              <li key={e.row}>{t('suppressions.row', { row: e.row, message: e.message })}</li>
            ))}
          </ul>
          {report.errors.length > 50 ? <p className="muted">{t('suppressions.andMore', { n: report.errors.length - 50 })}</p> : null}
        </div>
      ) : null}
    </section>
  );
}
