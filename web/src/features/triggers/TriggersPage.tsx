import { useRef, useState, type FormEvent, type ReactElement } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { TRIGGER_EVENTS, ZTriggerInput, ZTriggerKey, type TTrigger } from '@domain/triggers/schemas';
import { api, data } from '../../api/client';
import { ApiError, errorMessage } from '../../api/errors';
import { Field } from '../../components/Field';
import { Alert, Loading, QueryError, Success } from '../../components/Messages';
import { usePageTitle } from '../../components/PageTitle';
import { TableWrap } from '../../components/TableWrap';
import { ConditionEditor } from '../scoring/ConditionEditor';
import { describeCondition, fromSimple, toSimple, type TSimpleCondition } from '../scoring/condition-logic';
import '../../components/config-pages.css';

/** "lead.mql" → "A lead becomes MQL". */
const EVENT_WORDS: Record<(typeof TRIGGER_EVENTS)[number], string> = {
  'lead.created': 'A lead is created',
  'lead.mql': 'A lead becomes MQL',
  'lead.sql': 'A lead becomes SQL',
  'lead.deferred': 'A lead is deferred',
  'lead.lost': 'A lead is lost',
  'lead.recycled': 'A lead is recycled',
  'customer.created': 'A lead converts (customer created)',
  'purchase.recorded': 'A purchase is recorded',
  'customer.promoter': 'A customer answers NPS as a promoter',
};

type TForm = { key: string; event: TTrigger['event']; sequenceKey: string; condition: TSimpleCondition; active: boolean };
type TErrors = Partial<Record<'key' | 'event' | 'sequenceKey' | 'condition', string>>;

/** Triggers: when an event happens to a lead matching a condition, enrol it in a sequence. Create, edit, switch on and off. */
export default function TriggersPage(): ReactElement {
  usePageTitle('Triggers');
  const queryClient = useQueryClient();
  // The generated client types conditions `unknown` (a recursive schema, ADR-034); the API validated them.
  const triggers = useQuery({ queryKey: ['triggers'], queryFn: async () => (await data(api.GET('/triggers'))).items as TTrigger[] });
  const sequences = useQuery({ queryKey: ['sequences'], queryFn: () => data(api.GET('/sequences')) });
  const [editing, setEditing] = useState<TTrigger | 'new' | null>(null);
  const [result, setResult] = useState<string>();
  const resultRef = useRef<HTMLDivElement>(null);
  const announce = (message: string) => {
    setResult(message);
    requestAnimationFrame(() => resultRef.current?.focus());
  };
  const toggle = useMutation({
    mutationFn: (t: TTrigger) =>
      data(
        api.PUT('/triggers/{key}', {
          params: { path: { key: t.key } },
          body: { event: t.event, sequenceKey: t.sequenceKey, condition: t.condition, active: !t.active },
        }),
      ),
    onSuccess: async (t) => {
      await queryClient.invalidateQueries({ queryKey: ['triggers'] });
      announce(`${t.key} is ${t.active ? 'on' : 'off'}.`);
    },
  });

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Triggers</h1>
          <p className="subtitle">
            When an event happens to a lead that matches the condition, the lead is enrolled in the sequence (a lead already in it stays
            where it is).
          </p>
        </div>
        {editing === null ? (
          <button type="button" className="button" onClick={() => (setEditing('new'), setResult(undefined))}>
            New trigger
          </button>
        ) : null}
      </div>
      <div ref={resultRef} tabIndex={-1} aria-live="polite">
        {result ? <Success>{result}</Success> : null}
      </div>
      {toggle.isError ? <Alert>{errorMessage(toggle.error)}</Alert> : null}
      {editing !== null ? (
        <TriggerForm
          key={editing === 'new' ? 'new' : editing.key}
          trigger={editing === 'new' ? undefined : editing}
          existing={triggers.data?.map((t) => t.key) ?? []}
          sequences={sequences.data?.items.map((s) => ({ key: s.key, name: s.name })) ?? []}
          onDone={(message) => {
            setEditing(null);
            if (message) announce(message);
          }}
        />
      ) : null}
      {triggers.isPending ? <Loading label="Loading triggers…" /> : null}
      {triggers.isError ? <QueryError error={triggers.error} what="triggers" retry={() => void triggers.refetch()} /> : null}
      {triggers.data && triggers.data.length === 0 ? <p className="panel">No triggers yet: leads are enrolled only by hand.</p> : null}
      {triggers.data && triggers.data.length > 0 ? (
        <TableWrap label="Triggers">
          <table>
            <thead>
              <tr>
                <th scope="col">Trigger</th>
                <th scope="col">When</th>
                <th scope="col">If</th>
                <th scope="col">Enrol in</th>
                <th scope="col">State</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {triggers.data.map((t) => (
                <tr key={t.key}>
                  <td>
                    <code>{t.key}</code>
                  </td>
                  <td>{EVENT_WORDS[t.event]}</td>
                  <td>{describeCondition(t.condition)}</td>
                  <td>
                    <code>{t.sequenceKey}</code>
                  </td>
                  <td>{t.active ? 'On' : 'Off'}</td>
                  <td className="actions">
                    <div className="button-row">
                      <button type="button" className="button button--secondary" onClick={() => (setEditing(t), setResult(undefined))}>
                        Edit <span className="visually-hidden">{t.key}</span>
                      </button>
                      <button
                        type="button"
                        className="button button--secondary"
                        disabled={toggle.isPending}
                        onClick={() => toggle.mutate(t)}
                      >
                        {t.active ? 'Switch off' : 'Switch on'} <span className="visually-hidden">{t.key}</span>
                      </button>
                    </div>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
    </>
  );
}

function TriggerForm(props: {
  trigger: TTrigger | undefined;
  existing: readonly string[];
  sequences: readonly { key: string; name: string }[];
  onDone: (message?: string) => void;
}): ReactElement {
  const queryClient = useQueryClient();
  const t = props.trigger;
  const [form, setForm] = useState<TForm>({
    key: t?.key ?? '',
    event: t?.event ?? 'lead.created',
    sequenceKey: t?.sequenceKey ?? props.sequences[0]?.key ?? '',
    condition: toSimple(t?.condition),
    active: t?.active ?? true,
  });
  const [errors, setErrors] = useState<TErrors>({});
  const save = useMutation({
    mutationFn: ({ key, body }: { key: string; body: ReturnType<typeof ZTriggerInput.parse> }) =>
      data(api.PUT('/triggers/{key}', { params: { path: { key } }, body })),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['triggers'] });
      props.onDone(t ? `Saved ${saved.key}.` : `Created ${saved.key}${saved.active ? '' : ' (off)'}.`);
    },
  });
  const set = (patch: Partial<TForm>) => setForm((f) => ({ ...f, ...patch }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: TErrors = {};
    const key = ZTriggerKey.safeParse({ key: form.key.trim() });
    if (!key.success) found.key = key.error.issues[0]?.message;
    else if (!t && props.existing.includes(key.data.key)) found.key = `${key.data.key} exists already: edit it in the list`;
    const condition = fromSimple(form.condition);
    if ('error' in condition) found.condition = condition.error;
    const parsed = ZTriggerInput.safeParse({
      event: form.event,
      sequenceKey: form.sequenceKey,
      condition: 'condition' in condition ? condition.condition : null,
      active: form.active,
    });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0]) as keyof TErrors;
        found[field] ??= field === 'condition' ? `${issue.path.slice(1).join('.') || 'condition'}: ${issue.message}` : issue.message;
      }
    }
    setErrors(found);
    if (Object.keys(found).length || !parsed.success || !key.success) return;
    save.mutate({ key: key.data.key, body: parsed.data });
  };
  const server = save.error instanceof ApiError ? save.error : undefined;

  return (
    <section className="panel" aria-labelledby="trigger-form-title">
      <h2 id="trigger-form-title">{t ? `Edit ${t.key}` : 'New trigger'}</h2>
      <form className="data-form" onSubmit={submit} noValidate aria-labelledby="trigger-form-title">
        <div className="rule-row">
          <Field label="Key" hint="e.g. nurture-webinar-leads; it cannot change later" error={errors.key}>
            {(c) => <input {...c} type="text" value={form.key} readOnly={!!t} onChange={(e) => set({ key: e.target.value })} />}
          </Field>
          <Field label="When" error={errors.event ?? server?.issueFor('event')}>
            {(c) => (
              <select {...c} value={form.event} onChange={(e) => set({ event: e.target.value as TForm['event'] })}>
                {TRIGGER_EVENTS.map((ev) => (
                  <option key={ev} value={ev}>
                    {EVENT_WORDS[ev]}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label="Enrol in the sequence" error={errors.sequenceKey ?? server?.issueFor('sequenceKey')}>
            {(c) => (
              <select {...c} value={form.sequenceKey} onChange={(e) => set({ sequenceKey: e.target.value })}>
                {props.sequences.length === 0 ? <option value="">No sequences published</option> : null}
                {props.sequences.map((s) => (
                  <option key={s.key} value={s.key}>
                    {s.name} ({s.key})
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <ConditionEditor
          legend="Only leads where"
          allowNone
          value={form.condition}
          onChange={(condition) => set({ condition })}
          error={errors.condition}
        />
        <div className="checkbox-row">
          <label>
            <input type="checkbox" checked={form.active} onChange={(e) => set({ active: e.target.checked })} /> On (enrols leads)
          </label>
        </div>
        {save.isError ? <Alert>{errorMessage(save.error)}</Alert> : null}
        <div className="button-row spaced">
          <button type="submit" className="button" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : t ? 'Save trigger' : 'Create trigger'}
          </button>
          <button type="button" className="button button--secondary" onClick={() => props.onDone()}>
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
