import { useEffect, useRef, useState, type FormEvent, type ReactElement, type ReactNode } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { ZConvertLead } from '@domain/customers/schemas';
import { LEAD_HEATS, ZLeadUpdate } from '@domain/leads/schemas';
import { api, data } from '../../api/client';
import { ApiError, errorMessage } from '../../api/errors';
import type { TBody, TLead } from '../../api/types';
import { humanize } from '../../components/Badge';
import { Field } from '../../components/Field';
import { Alert } from '../../components/Messages';
import { formatAmount, formatDateTime } from '../../lib/format';

export type TFormProps = { lead: TLead; onDone: (message: string) => Promise<void>; onCancel: () => void };
export type TErrors = Record<string, string | undefined>;

/** zod issues (or the API's `body.field` issues) as one message per field. */
export function fieldErrors(issues: readonly { path: readonly PropertyKey[] | string; message: string }[]): TErrors {
  const errors: TErrors = {};
  for (const issue of issues) {
    const path = typeof issue.path === 'string' ? issue.path.replace(/^body\.?/, '').split('.') : issue.path.map(String);
    const key = path.join('.') || 'form';
    errors[key] ??= issue.message;
  }
  return errors;
}

/** The frame of an action form: a heading, the fields, the server's error, submit and cancel. */
export function ActionForm(props: {
  title: string;
  submitLabel: string;
  pending: boolean;
  error: unknown;
  onSubmit: () => void;
  onCancel: () => void;
  children: ReactNode;
}): ReactElement {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    props.onSubmit();
  };
  return (
    <form className="task__form" onSubmit={submit} noValidate aria-labelledby="action-form-title">
      <h3 id="action-form-title" ref={heading} tabIndex={-1}>
        {props.title}
      </h3>
      {props.children}
      {props.error ? <Alert>{errorMessage(props.error)}</Alert> : null}
      <div className="button-row">
        <button type="submit" className="button" disabled={props.pending}>
          {props.pending ? 'Saving…' : props.submitLabel}
        </button>
        <button type="button" className="button button--quiet" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}

export const serverErrors = (error: unknown): TErrors => (error instanceof ApiError ? fieldErrors(error.issues) : {});

export function ConvertForm({ lead, onDone, onCancel }: TFormProps): ReactElement {
  const products = useQuery({ queryKey: ['products'], queryFn: () => data(api.GET('/products')), staleTime: 5 * 60_000 });
  const [sku, setSku] = useState('');
  const [amount, setAmount] = useState('');
  const [orderId, setOrderId] = useState('');
  const [errors, setErrors] = useState<TErrors>({});

  const convert = useMutation({
    mutationFn: (body: NonNullable<TBody<'/leads/{id}/convert', 'post'>>) =>
      data(api.POST('/leads/{id}/convert', { params: { path: { id: lead.id } }, body })),
    onSuccess: (customer) =>
      onDone(
        `Converted: ${customer.name} is a customer` +
          (customer.purchases[0]
            ? ` with a first purchase of ${customer.purchases[0].productSku} (${formatAmount(customer.purchases[0].amountCents)}).`
            : '.'),
      ),
  });

  const submit = () => {
    const cents = amount.trim() === '' ? NaN : Math.round(Number(amount.replace(',', '.')) * 100);
    if (sku && !Number.isFinite(cents)) return setErrors({ 'purchase.amountCents': 'Enter the amount, e.g. 79.00' });
    const input = sku ? { purchase: { sku, amountCents: cents, ...(orderId.trim() ? { orderId: orderId.trim() } : {}) } } : {};
    const parsed = ZConvertLead.safeParse(input);
    if (!parsed.success) return setErrors(fieldErrors(parsed.error.issues));
    setErrors({});
    convert.mutate(input);
  };
  const all = { ...serverErrors(convert.error), ...errors };

  return (
    <ActionForm
      title="Convert to customer"
      submitLabel="Convert"
      pending={convert.isPending}
      error={convert.error}
      onSubmit={submit}
      onCancel={onCancel}
    >
      <p className="muted small">Creates the customer card; the first purchase is optional.</p>
      <Field label="First purchase" error={all['purchase.sku']}>
        {(control) => (
          <select
            {...control}
            value={sku}
            onChange={(e) => {
              setSku(e.target.value);
              const product = products.data?.items.find((p) => p.sku === e.target.value);
              if (product) setAmount((product.priceCents / 100).toFixed(2));
            }}
          >
            <option value="">No purchase yet</option>
            {products.data?.items
              .filter((p) => p.active)
              .map((p) => (
                <option key={p.sku} value={p.sku}>
                  {p.name} ({p.sku})
                </option>
              ))}
          </select>
        )}
      </Field>
      {sku ? (
        <>
          <Field label="Amount" hint="In currency units, e.g. 79.00" error={all['purchase.amountCents']}>
            {(control) => <input {...control} type="text" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />}
          </Field>
          <Field label="Order id (optional)" hint="The same order is recorded once" error={all['purchase.orderId']}>
            {(control) => <input {...control} type="text" value={orderId} onChange={(e) => setOrderId(e.target.value)} />}
          </Field>
        </>
      ) : null}
    </ActionForm>
  );
}

export function LostForm({ lead, onDone, onCancel }: TFormProps): ReactElement {
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const lost = useMutation({
    mutationFn: (why: string) =>
      data(api.POST('/leads/{id}/status', { params: { path: { id: lead.id } }, body: { status: 'LOST', reason: why } })),
    onSuccess: (l) => onDone(`Marked lost: ${l.lostReason ?? reason}. The win-back journey takes it from here.`),
  });
  const submit = () => {
    const why = reason.trim();
    if (!why) return setError('Say why the lead was lost');
    if (why.length > 500) return setError('Keep the reason under 500 characters');
    setError(undefined);
    lost.mutate(why);
  };
  return (
    <ActionForm title="Mark lost" submitLabel="Mark lost" pending={lost.isPending} error={lost.error} onSubmit={submit} onCancel={onCancel}>
      <Field label="Reason" error={error ?? serverErrors(lost.error)['reason']}>
        {(control) => <textarea {...control} value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />}
      </Field>
    </ActionForm>
  );
}

const tomorrow = () => {
  const d = new Date(Date.now() + 86_400_000);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
};

export function DeferForm({ lead, onDone, onCancel }: TFormProps): ReactElement {
  const [until, setUntil] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<TErrors>({});
  const defer = useMutation({
    mutationFn: (body: { until: string; reason: string }) =>
      data(api.POST('/leads/{id}/status', { params: { path: { id: lead.id } }, body: { status: 'DEFERRED', ...body } })),
    onSuccess: (l) => onDone(`Deferred until ${l.deferredUntil ? formatDateTime(l.deferredUntil, true) : until}: reminders start then.`),
  });
  const submit = () => {
    const found: TErrors = {};
    if (!/^\d{4}-\d{2}-\d{2}$/.test(until)) found['until'] = 'Pick the date to come back to the lead';
    else if (until < tomorrow()) found['until'] = 'Pick a date after today';
    if (!reason.trim()) found['reason'] = 'Say why the lead is deferred';
    setErrors(found);
    if (Object.keys(found).length === 0) defer.mutate({ until, reason: reason.trim() });
  };
  const all = { ...serverErrors(defer.error), ...errors };
  return (
    <ActionForm title="Defer" submitLabel="Defer" pending={defer.isPending} error={defer.error} onSubmit={submit} onCancel={onCancel}>
      <Field label="Until" error={all['until']}>
        {(control) => <input {...control} type="date" min={tomorrow()} value={until} onChange={(e) => setUntil(e.target.value)} />}
      </Field>
      <Field label="Reason" error={all['reason']}>
        {(control) => <textarea {...control} value={reason} maxLength={500} onChange={(e) => setReason(e.target.value)} />}
      </Field>
    </ActionForm>
  );
}

type TEditable = {
  firstName: string;
  lastName: string;
  company: string;
  phone: string;
  heat: string;
  tags: string;
  ownerEmail: string;
  ownerName: string;
};

const editableOf = (lead: TLead): TEditable => ({
  firstName: lead.firstName,
  lastName: lead.lastName ?? '',
  company: lead.company ?? '',
  phone: lead.phone ?? '',
  heat: lead.heat,
  tags: lead.tags.join(', '),
  ownerEmail: lead.ownerEmail ?? '',
  ownerName: lead.ownerName ?? '',
});

const LABELS: Record<keyof TEditable, string> = {
  firstName: 'First name',
  lastName: 'Last name',
  company: 'Company',
  phone: 'Phone',
  heat: 'Heat',
  tags: 'Tags',
  ownerEmail: 'Owner email',
  ownerName: 'Owner name',
};

/** Only what changed is sent (PATCH); tags are comma-separated. */
function changes(before: TEditable, after: TEditable): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(after) as (keyof TEditable)[]) {
    if (after[key].trim() === before[key].trim()) continue;
    out[key] =
      key === 'tags'
        ? after.tags
            .split(',')
            .map((t) => t.trim())
            .filter(Boolean)
        : after[key].trim();
  }
  return out;
}

export function EditForm({ lead, onDone, onCancel }: TFormProps): ReactElement {
  const [values, setValues] = useState<TEditable>(() => editableOf(lead));
  const [errors, setErrors] = useState<TErrors>({});
  const edit = useMutation({
    mutationFn: (body: TBody<'/leads/{id}', 'patch'>) => data(api.PATCH('/leads/{id}', { params: { path: { id: lead.id } }, body })),
    onSuccess: (_l, body) =>
      onDone(
        `Saved: ${Object.keys(body)
          .map((k) => LABELS[k as keyof TEditable] ?? k)
          .join(', ')}.`,
      ),
  });
  const submit = () => {
    const body = changes(editableOf(lead), values);
    if (Object.keys(body).length === 0) return setErrors({ form: 'Nothing changed.' });
    const parsed = ZLeadUpdate.safeParse(body);
    if (!parsed.success) return setErrors(fieldErrors(parsed.error.issues));
    setErrors({});
    edit.mutate(body as TBody<'/leads/{id}', 'patch'>);
  };
  const all = { ...serverErrors(edit.error), ...errors };
  const text = (key: Exclude<keyof TEditable, 'heat'>, type = 'text', hint?: string) => (
    <Field label={LABELS[key]} error={all[key]} hint={hint}>
      {(control) => (
        <input {...control} type={type} value={values[key]} onChange={(e) => setValues({ ...values, [key]: e.target.value })} />
      )}
    </Field>
  );
  return (
    <ActionForm
      title="Edit fields"
      submitLabel="Save changes"
      pending={edit.isPending}
      error={edit.error}
      onSubmit={submit}
      onCancel={onCancel}
    >
      {all['form'] ? <p className="notice">{all['form']}</p> : null}
      <div className="filters">
        {text('firstName')}
        {text('lastName')}
        {text('company')}
        {text('phone', 'text')}
        <Field label={LABELS.heat} error={all['heat']}>
          {(control) => (
            <select {...control} value={values.heat} onChange={(e) => setValues({ ...values, heat: e.target.value })}>
              {LEAD_HEATS.map((h) => (
                <option key={h} value={h}>
                  {humanize(h)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {text('tags', 'text', 'Comma-separated')}
        {text('ownerEmail', 'email')}
        {text('ownerName')}
      </div>
    </ActionForm>
  );
}
