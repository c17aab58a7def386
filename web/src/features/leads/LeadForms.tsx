import { useEffect, useRef, useState, type FormEvent, type ReactElement, type ReactNode } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { ZConvertLead } from '@domain/customers/schemas';
import { LEAD_HEATS, ZLeadUpdate } from '@domain/leads/schemas';
import { api, data } from '../../api/client';
import { ApiError, errorMessage } from '../../api/errors';
import type { TBody, TLead } from '../../api/types';
import { valueLabel } from '../../components/Badge';
import { Field } from '../../components/Field';
import { Alert } from '../../components/Messages';
import { formatAmount, formatDateTime } from '../../lib/format';
import { useT, type TT } from '../../lib/i18n';

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
  const t = useT();
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
          {props.pending ? t('forms.saving') : props.submitLabel}
        </button>
        <button type="button" className="button button--quiet" onClick={props.onCancel}>
          {t('forms.cancel')}
        </button>
      </div>
    </form>
  );
}

export const serverErrors = (error: unknown): TErrors => (error instanceof ApiError ? fieldErrors(error.issues) : {});

export function ConvertForm({ lead, onDone, onCancel }: TFormProps): ReactElement {
  const t = useT();
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
        customer.purchases[0]
          ? t('forms.convertedWithPurchase', {
              name: customer.name,
              sku: customer.purchases[0].productSku,
              amount: formatAmount(customer.purchases[0].amountCents),
            })
          : t('forms.converted', { name: customer.name }),
      ),
  });

  const submit = () => {
    const cents = amount.trim() === '' ? NaN : Math.round(Number(amount.replace(',', '.')) * 100);
    if (sku && !Number.isFinite(cents)) return setErrors({ 'purchase.amountCents': t('forms.enterAmount') });
    const input = sku ? { purchase: { sku, amountCents: cents, ...(orderId.trim() ? { orderId: orderId.trim() } : {}) } } : {};
    const parsed = ZConvertLead.safeParse(input);
    if (!parsed.success) return setErrors(fieldErrors(parsed.error.issues));
    setErrors({});
    convert.mutate(input);
  };
  const all = { ...serverErrors(convert.error), ...errors };

  return (
    <ActionForm
      title={t('forms.convertTitle')}
      submitLabel={t('forms.convert')}
      pending={convert.isPending}
      error={convert.error}
      onSubmit={submit}
      onCancel={onCancel}
    >
      <p className="muted small">{t('forms.convertNote')}</p>
      <Field label={t('forms.firstPurchase')} error={all['purchase.sku']}>
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
            <option value="">{t('forms.noPurchase')}</option>
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
          <Field label={t('forms.amount')} hint={t('forms.amountHint')} error={all['purchase.amountCents']}>
            {(control) => <input {...control} type="text" inputMode="decimal" value={amount} onChange={(e) => setAmount(e.target.value)} />}
          </Field>
          <Field label={t('forms.orderId')} hint={t('forms.orderIdHint')} error={all['purchase.orderId']}>
            {(control) => <input {...control} type="text" value={orderId} onChange={(e) => setOrderId(e.target.value)} />}
          </Field>
        </>
      ) : null}
    </ActionForm>
  );
}

export function LostForm({ lead, onDone, onCancel }: TFormProps): ReactElement {
  const t = useT();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const lost = useMutation({
    mutationFn: (why: string) =>
      data(api.POST('/leads/{id}/status', { params: { path: { id: lead.id } }, body: { status: 'LOST', reason: why } })),
    onSuccess: (l) => onDone(t('forms.markedLost', { reason: l.lostReason ?? reason })),
  });
  const submit = () => {
    const why = reason.trim();
    if (!why) return setError(t('forms.sayWhyLost'));
    if (why.length > 500) return setError(t('forms.reasonTooLong'));
    setError(undefined);
    lost.mutate(why);
  };
  return (
    <ActionForm
      title={t('forms.lostTitle')}
      submitLabel={t('forms.lostTitle')}
      pending={lost.isPending}
      error={lost.error}
      onSubmit={submit}
      onCancel={onCancel}
    >
      <Field label={t('forms.reason')} error={error ?? serverErrors(lost.error)['reason']}>
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
  const t = useT();
  const [until, setUntil] = useState('');
  const [reason, setReason] = useState('');
  const [errors, setErrors] = useState<TErrors>({});
  const defer = useMutation({
    mutationFn: (body: { until: string; reason: string }) =>
      data(api.POST('/leads/{id}/status', { params: { path: { id: lead.id } }, body: { status: 'DEFERRED', ...body } })),
    onSuccess: (l) => onDone(t('forms.deferred', { until: l.deferredUntil ? formatDateTime(l.deferredUntil, true) : until })),
  });
  const submit = () => {
    const found: TErrors = {};
    if (!/^\d{4}-\d{2}-\d{2}$/.test(until)) found['until'] = t('forms.pickDate');
    else if (until < tomorrow()) found['until'] = t('forms.afterToday');
    if (!reason.trim()) found['reason'] = t('forms.sayWhyDeferred');
    setErrors(found);
    if (Object.keys(found).length === 0) defer.mutate({ until, reason: reason.trim() });
  };
  const all = { ...serverErrors(defer.error), ...errors };
  return (
    <ActionForm
      title={t('forms.deferTitle')}
      submitLabel={t('forms.deferTitle')}
      pending={defer.isPending}
      error={defer.error}
      onSubmit={submit}
      onCancel={onCancel}
    >
      <Field label={t('forms.until')} error={all['until']}>
        {(control) => <input {...control} type="date" min={tomorrow()} value={until} onChange={(e) => setUntil(e.target.value)} />}
      </Field>
      <Field label={t('forms.reason')} error={all['reason']}>
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

/** A field's label: console.forms.field.<name>. */
const label = (t: TT, key: string) => t(`forms.field.${key}`);

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
  const t = useT();
  const [values, setValues] = useState<TEditable>(() => editableOf(lead));
  const [errors, setErrors] = useState<TErrors>({});
  const edit = useMutation({
    mutationFn: (body: TBody<'/leads/{id}', 'patch'>) => data(api.PATCH('/leads/{id}', { params: { path: { id: lead.id } }, body })),
    onSuccess: (_l, body) =>
      onDone(
        t('forms.saved', {
          fields: Object.keys(body)
            .map((k) => label(t, k))
            .join(', '),
        }),
      ),
  });
  const submit = () => {
    const body = changes(editableOf(lead), values);
    if (Object.keys(body).length === 0) return setErrors({ form: t('forms.nothingChanged') });
    const parsed = ZLeadUpdate.safeParse(body);
    if (!parsed.success) return setErrors(fieldErrors(parsed.error.issues));
    setErrors({});
    edit.mutate(body as TBody<'/leads/{id}', 'patch'>);
  };
  const all = { ...serverErrors(edit.error), ...errors };
  const text = (key: Exclude<keyof TEditable, 'heat'>, type = 'text', hint?: string) => (
    <Field label={label(t, key)} error={all[key]} hint={hint}>
      {(control) => (
        <input {...control} type={type} value={values[key]} onChange={(e) => setValues({ ...values, [key]: e.target.value })} />
      )}
    </Field>
  );
  return (
    <ActionForm
      title={t('forms.editTitle')}
      submitLabel={t('forms.saveChanges')}
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
        <Field label={label(t, 'heat')} error={all['heat']}>
          {(control) => (
            <select {...control} value={values.heat} onChange={(e) => setValues({ ...values, heat: e.target.value })}>
              {LEAD_HEATS.map((h) => (
                <option key={h} value={h}>
                  {valueLabel(t, h)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {text('tags', 'text', t('forms.commaSeparated'))}
        {text('ownerEmail', 'email')}
        {text('ownerName')}
      </div>
    </ActionForm>
  );
}
