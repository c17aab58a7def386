/**
 * Outgoing webhooks (admin): the subscriptions with their state and newest delivery; create one
 * (its signing secret shown once), edit it, pause and resume it, delete it (confirmed). The form
 * checks the API's own schema (ZWebhookSubscriptionInput) first; what only the API can tell (a
 * private address, credentials in the URL) comes back as its message, under the field.
 */
import { useEffect, useRef, useState, type FormEvent, type ReactElement } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TWebhookEventType } from '@domain/webhooks/event-types';
import { ZWebhookSubscriptionInput, ZWebhookSubscriptionUpdate } from '@domain/webhooks/schemas';
import { api, data } from '../../api/client';
import { ApiError, errorMessage } from '../../api/errors';
import { PATHS } from '../../app/access';
import { Field } from '../../components/Field';
import { Alert, Loading, QueryError, Success } from '../../components/Messages';
import { usePageTitle } from '../../components/PageTitle';
import { TableWrap } from '../../components/TableWrap';
import { Time } from '../../components/Time';
import { useT } from '../../lib/i18n';
import { DeliveryStatus, eventLabel, SubscriptionStatus, type TSubscriptionRow } from './parts';
import '../../components/config-pages.css';
import './webhooks.css';

type TForm = { url: string; description: string; events: string[] };
/** Schema messages follow a field name; alone, they start a sentence (as Field shows them). */
const sentence = (message: string) => message.charAt(0).toUpperCase() + message.slice(1);
type TErrors = Partial<Record<keyof TForm, string>>;
type TCreated = { url: string; secret: string };
type TSave = { url: string; events: TWebhookEventType[]; description: string };

export default function WebhooksPage(): ReactElement {
  const t = useT();
  usePageTitle(t('webhooks.title'));
  const queryClient = useQueryClient();
  const list = useQuery({
    queryKey: ['webhook-subscriptions'],
    queryFn: async () => (await data(api.GET('/webhook-subscriptions'))).items,
    // Deliveries go on while the page is open: their newest result follows.
    refetchInterval: 10_000,
  });
  const [editing, setEditing] = useState<TSubscriptionRow | 'new' | null>(null);
  const [created, setCreated] = useState<TCreated>();
  const [deleting, setDeleting] = useState<TSubscriptionRow>();
  const [result, setResult] = useState<string>();
  const resultRef = useRef<HTMLDivElement>(null);
  const announce = (message: string) => {
    setResult(message);
    requestAnimationFrame(() => resultRef.current?.focus());
  };
  const toggle = useMutation({
    mutationFn: (s: TSubscriptionRow) =>
      data(
        api.PATCH('/webhook-subscriptions/{id}', {
          params: { path: { id: s.id } },
          body: { status: s.status === 'ACTIVE' ? 'PAUSED' : 'ACTIVE' },
        }),
      ),
    onSuccess: async (s) => {
      await queryClient.invalidateQueries({ queryKey: ['webhook-subscriptions'] });
      announce(t(s.status === 'PAUSED' ? 'webhooks.pausedDone' : 'webhooks.resumedDone', { url: s.url }));
    },
  });
  const start = (what: TSubscriptionRow | 'new') => {
    setEditing(what);
    setResult(undefined);
    setCreated(undefined);
  };

  return (
    <>
      <div className="page-header">
        <div>
          <h1>{t('webhooks.title')}</h1>
          <p className="subtitle">{t('webhooks.subtitle')}</p>
        </div>
        {editing === null ? (
          <button type="button" className="button" onClick={() => start('new')}>
            {t('webhooks.new')}
          </button>
        ) : null}
      </div>
      <div ref={resultRef} tabIndex={-1} aria-live="polite">
        {result ? <Success>{result}</Success> : null}
      </div>
      {created ? <SecretPanel created={created} onDone={() => setCreated(undefined)} /> : null}
      {toggle.isError ? <Alert>{errorMessage(toggle.error)}</Alert> : null}
      {editing !== null ? (
        <SubscriptionForm
          key={editing === 'new' ? 'new' : editing.id}
          subscription={editing === 'new' ? undefined : editing}
          onDone={(outcome) => {
            setEditing(null);
            // A new secret takes the focus itself (its panel); otherwise the result does.
            if (outcome?.created) {
              setCreated(outcome.created);
              setResult(outcome.message);
            } else if (outcome?.message) announce(outcome.message);
          }}
        />
      ) : null}
      {list.isPending ? <Loading label={t('webhooks.loading')} /> : null}
      {list.isError ? <QueryError error={list.error} what={t('webhooks.what')} retry={() => void list.refetch()} /> : null}
      {list.data && list.data.length === 0 ? <p className="panel">{t('webhooks.empty')}</p> : null}
      {list.data && list.data.length > 0 ? (
        <TableWrap label={t('webhooks.table')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('webhooks.col.url')}</th>
                <th scope="col">{t('webhooks.col.events')}</th>
                <th scope="col">{t('webhooks.col.status')}</th>
                <th scope="col">{t('webhooks.col.last')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('webhooks.col.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.data.map((s) => (
                <tr key={s.id}>
                  <td>
                    <code className="webhook-url">{s.url}</code>
                    {s.description ? <div className="muted small">{s.description}</div> : null}
                  </td>
                  <td>
                    <ul className="plain-list small">
                      {s.events.map((e) => (
                        <li key={e}>
                          <code>{e}</code>
                        </li>
                      ))}
                    </ul>
                  </td>
                  <td>
                    <SubscriptionStatus status={s.status} />
                    {s.pausedReason ? <div className="muted small">{t('webhooks.pausedBecause', { reason: s.pausedReason })}</div> : null}
                    {s.pendingDeliveries ? <div className="muted small">{t('webhooks.waiting', { n: s.pendingDeliveries })}</div> : null}
                  </td>
                  <td>
                    {s.lastDelivery ? (
                      <>
                        <DeliveryStatus status={s.lastDelivery.status} /> <code>{s.lastDelivery.eventType}</code>
                        <div className="muted small">
                          <Time value={s.lastDelivery.deliveredAt ?? s.lastDelivery.occurredAt} />
                          {s.lastDelivery.statusCode !== null ? ` · ${t('webhooks.httpStatus', { code: s.lastDelivery.statusCode })}` : ''}
                          {s.lastDelivery.status !== 'DELIVERED' && s.lastDelivery.lastError ? ` · ${s.lastDelivery.lastError}` : ''}
                        </div>
                      </>
                    ) : (
                      <span className="muted">{t('webhooks.noDeliveries')}</span>
                    )}
                  </td>
                  <td className="actions">
                    <div className="button-row">
                      <Link className="button button--secondary" to={PATHS.webhook(s.id)}>
                        {t('webhooks.deliveries')} <span className="visually-hidden">{s.url}</span>
                      </Link>
                      <button type="button" className="button button--secondary" onClick={() => start(s)}>
                        {t('webhooks.edit')} <span className="visually-hidden">{s.url}</span>
                      </button>
                      <button
                        type="button"
                        className="button button--secondary"
                        disabled={toggle.isPending}
                        onClick={() => toggle.mutate(s)}
                      >
                        {t(s.status === 'ACTIVE' ? 'webhooks.pause' : 'webhooks.resume')} <span className="visually-hidden">{s.url}</span>
                      </button>
                      <button type="button" className="button button--danger" onClick={() => (setDeleting(s), setResult(undefined))}>
                        {t('webhooks.delete')} <span className="visually-hidden">{s.url}</span>
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
      {deleting ? (
        <DeleteDialog
          subscription={deleting}
          onClose={(message) => {
            setDeleting(undefined);
            if (message) announce(message);
          }}
        />
      ) : null}
    </>
  );
}

/** The new subscription's signing secret: shown this once, focused so it is read out. */
function SecretPanel(props: { created: TCreated; onDone: () => void }): ReactElement {
  const t = useT();
  const heading = useRef<HTMLHeadingElement>(null);
  const [copied, setCopied] = useState(false);
  useEffect(() => heading.current?.focus(), []);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.created.secret);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <section className="panel webhook-secret" aria-labelledby="webhook-secret-title">
      <h2 id="webhook-secret-title" ref={heading} tabIndex={-1}>
        {t('webhooks.secret.title')}
      </h2>
      <p>{t('webhooks.secret.body')}</p>
      <Field label={t('webhooks.secret.label', { url: props.created.url })}>
        {(c) => <input {...c} type="text" readOnly value={props.created.secret} onFocus={(e) => e.target.select()} spellCheck={false} />}
      </Field>
      <div className="button-row">
        <button type="button" className="button button--secondary" onClick={() => void copy()}>
          {t('webhooks.secret.copy')}
        </button>
        <button type="button" className="button" onClick={props.onDone}>
          {t('webhooks.secret.done')}
        </button>
        <span role="status" className="muted small">
          {copied ? t('webhooks.secret.copied') : ''}
        </span>
      </div>
    </section>
  );
}

function SubscriptionForm(props: {
  subscription: TSubscriptionRow | undefined;
  onDone: (outcome?: { message?: string; created?: TCreated }) => void;
}): ReactElement {
  const t = useT();
  const queryClient = useQueryClient();
  const s = props.subscription;
  const types = useQuery({
    queryKey: ['webhook-event-types'],
    queryFn: async () => (await data(api.GET('/webhook-subscriptions/event-types'))).items,
    staleTime: Infinity,
  });
  const [form, setForm] = useState<TForm>({ url: s?.url ?? '', description: s?.description ?? '', events: s?.events ?? [] });
  const [errors, setErrors] = useState<TErrors>({});
  const urlInput = useRef<HTMLInputElement>(null);
  useEffect(() => urlInput.current?.focus(), []);
  const save = useMutation({
    mutationFn: async (body: TSave) => {
      if (!s) {
        const created = await data(
          api.POST('/webhook-subscriptions', {
            body: { url: body.url, events: body.events, ...(body.description ? { description: body.description } : {}) },
          }),
        );
        return { url: created.url, secret: created.secret as string | undefined };
      }
      const saved = await data(
        api.PATCH('/webhook-subscriptions/{id}', {
          params: { path: { id: s.id } },
          body: { url: body.url, events: body.events, description: body.description || null },
        }),
      );
      return { url: saved.url, secret: undefined };
    },
    onSuccess: async (res) => {
      await queryClient.invalidateQueries({ queryKey: ['webhook-subscriptions'] });
      props.onDone(
        res.secret
          ? { message: t('webhooks.createdDone', { url: res.url }), created: { url: res.url, secret: res.secret } }
          : { message: t('webhooks.savedDone', { url: res.url }) },
      );
    },
  });
  const set = (patch: Partial<TForm>) => setForm((f) => ({ ...f, ...patch }));
  const toggleEvent = (type: string, on: boolean) =>
    set({ events: on ? [...form.events, type].filter((e, i, all) => all.indexOf(e) === i) : form.events.filter((e) => e !== type) });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const input = { url: form.url, events: form.events, description: form.description };
    const parsed = s ? ZWebhookSubscriptionUpdate.safeParse(input) : ZWebhookSubscriptionInput.safeParse(input);
    if (!parsed.success) {
      const found: TErrors = {};
      for (const issue of parsed.error.issues) found[String(issue.path[0]) as keyof TForm] ??= issue.message;
      setErrors(found);
      return;
    }
    setErrors({});
    const { url, events, description } = parsed.data;
    if (!url || !events) return;
    save.mutate({ url, events, description: description ?? '' });
  };
  const server = save.error instanceof ApiError ? save.error : undefined;
  const serverUrl = server?.issueFor('url');
  const serverEvents = server?.issueFor('events');
  const serverDescription = server?.issueFor('description');
  const shownOnField = Boolean(serverUrl ?? serverEvents ?? serverDescription);

  return (
    <section className="panel" aria-labelledby="webhook-form-title">
      <h2 id="webhook-form-title">{s ? t('webhooks.form.editTitle', { url: s.url }) : t('webhooks.form.newTitle')}</h2>
      <form className="data-form" onSubmit={submit} noValidate aria-labelledby="webhook-form-title">
        <Field label={t('webhooks.form.url')} hint={t('webhooks.form.urlHint')} error={errors.url ?? serverUrl}>
          {(c) => (
            <input
              {...c}
              ref={urlInput}
              type="url"
              inputMode="url"
              autoComplete="off"
              spellCheck={false}
              value={form.url}
              onChange={(e) => set({ url: e.target.value })}
            />
          )}
        </Field>
        <Field
          label={t('webhooks.form.description')}
          hint={t('webhooks.form.descriptionHint')}
          error={errors.description ?? serverDescription}
        >
          {(c) => <input {...c} type="text" value={form.description} onChange={(e) => set({ description: e.target.value })} />}
        </Field>
        <fieldset aria-describedby="webhook-events-hint webhook-events-error">
          <legend>{t('webhooks.form.events')}</legend>
          <p className="hint" id="webhook-events-hint">
            {t('webhooks.form.eventsHint')}
          </p>
          {types.isPending ? <Loading label={t('webhooks.form.eventsLoading')} /> : null}
          {types.isError ? (
            <QueryError error={types.error} what={t('webhooks.form.eventsWhat')} retry={() => void types.refetch()} />
          ) : null}
          {types.data ? (
            <div className="webhook-events">
              {types.data.map((type) => (
                <label key={type}>
                  <input type="checkbox" checked={form.events.includes(type)} onChange={(e) => toggleEvent(type, e.target.checked)} />
                  <span>
                    <code>{type}</code> <span className="muted small">{eventLabel(t, type)}</span>
                  </span>
                </label>
              ))}
            </div>
          ) : null}
          <span className="error" id="webhook-events-error">
            {sentence(errors.events ?? serverEvents ?? '')}
          </span>
        </fieldset>
        {save.isError && !shownOnField ? <Alert>{errorMessage(save.error)}</Alert> : null}
        <div className="button-row spaced">
          <button type="submit" className="button" disabled={save.isPending}>
            {save.isPending
              ? t(s ? 'webhooks.form.saving' : 'webhooks.form.creating')
              : t(s ? 'webhooks.form.save' : 'webhooks.form.create')}
          </button>
          <button type="button" className="button button--secondary" onClick={() => props.onDone()}>
            {t('webhooks.form.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}

/** Confirms the deletion (a modal dialog: focus stays inside, Esc cancels). */
function DeleteDialog(props: { subscription: TSubscriptionRow; onClose: (message?: string) => void }): ReactElement {
  const t = useT();
  const dialog = useRef<HTMLDialogElement>(null);
  const queryClient = useQueryClient();
  useEffect(() => {
    const d = dialog.current;
    if (d && !d.open) d.showModal();
  }, []);
  const remove = useMutation({
    mutationFn: () => data(api.DELETE('/webhook-subscriptions/{id}', { params: { path: { id: props.subscription.id } } })),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['webhook-subscriptions'] });
      props.onClose(t('webhooks.deletedDone', { url: props.subscription.url }));
    },
  });
  return (
    <dialog ref={dialog} className="confirm" aria-labelledby="webhook-delete-title" onCancel={() => props.onClose()}>
      <h2 id="webhook-delete-title">{t('webhooks.confirm.title', { url: props.subscription.url })}</h2>
      <p>{t('webhooks.confirm.body')}</p>
      {remove.isError ? <Alert>{errorMessage(remove.error)}</Alert> : null}
      <div className="button-row">
        <button type="button" className="button button--danger" disabled={remove.isPending} onClick={() => remove.mutate()}>
          {t(remove.isPending ? 'webhooks.confirm.deleting' : 'webhooks.confirm.yes')}
        </button>
        <button type="button" className="button button--secondary" autoFocus onClick={() => props.onClose()}>
          {t('webhooks.confirm.cancel')}
        </button>
      </div>
    </dialog>
  );
}
