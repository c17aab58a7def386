import { useRef, useState, type FormEvent, type ReactElement } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { TRIGGER_EVENTS, ZTriggerInput, ZTriggerKey, type TTrigger } from '@domain/triggers/schemas';
import { api, data } from '../../api/client';
import { ApiError, errorMessage } from '../../api/errors';
import { Field } from '../../components/Field';
import { Alert, Loading, QueryError, Success } from '../../components/Messages';
import { usePageTitle } from '../../components/PageTitle';
import { TableWrap } from '../../components/TableWrap';
import { ConditionEditor } from '../../components/ConditionEditor';
import { describeCondition } from '../scoring/condition-logic';
import '../../components/config-pages.css';
import { useT, type TT } from '../../lib/i18n';

/** "lead.mql" → "A lead becomes MQL" (console.triggers.event.<event>, the dot as a dash). */
const eventWords = (t: TT, event: (typeof TRIGGER_EVENTS)[number]) => t(`triggers.event.${event.replace('.', '-')}`);

type TForm = { key: string; event: TTrigger['event']; sequenceKey: string; condition: unknown; active: boolean };
type TErrors = Partial<Record<'key' | 'event' | 'sequenceKey' | 'condition', string>>;

/** Triggers: when an event happens to a lead matching a condition, enrol it in a sequence. Create, edit, switch on and off. */
export default function TriggersPage(): ReactElement {
  const t = useT();
  usePageTitle(t('triggers.pageTitle'));
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
    mutationFn: (trigger: TTrigger) =>
      data(
        api.PUT('/triggers/{key}', {
          params: { path: { key: trigger.key } },
          body: { event: trigger.event, sequenceKey: trigger.sequenceKey, condition: trigger.condition, active: !trigger.active },
        }),
      ),
    onSuccess: async (trigger) => {
      await queryClient.invalidateQueries({ queryKey: ['triggers'] });
      announce(t(trigger.active ? 'triggers.isOn' : 'triggers.isOff', { key: trigger.key }));
    },
  });

  return (
    <>
      <div className="page-header">
        <div>
          <h1>{t('triggers.triggers')}</h1>
          <p className="subtitle">{t('triggers.whenAnEventHappens')}</p>
        </div>
        {editing === null ? (
          <button type="button" className="button" onClick={() => (setEditing('new'), setResult(undefined))}>
            {t('triggers.newTrigger')}
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
          existing={triggers.data?.map((trigger) => trigger.key) ?? []}
          sequences={sequences.data?.items.map((s) => ({ key: s.key, name: s.name })) ?? []}
          onDone={(message) => {
            setEditing(null);
            if (message) announce(message);
          }}
        />
      ) : null}
      {triggers.isPending ? <Loading label={t('triggers.loadingTriggers')} /> : null}
      {triggers.isError ? <QueryError error={triggers.error} what={t('triggers.triggers2')} retry={() => void triggers.refetch()} /> : null}
      {triggers.data && triggers.data.length === 0 ? <p className="panel">{t('triggers.noTriggersYetLeads')}</p> : null}
      {triggers.data && triggers.data.length > 0 ? (
        <TableWrap label={t('triggers.triggers')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('triggers.trigger')}</th>
                <th scope="col">{t('triggers.when')}</th>
                <th scope="col">{t('triggers.if')}</th>
                <th scope="col">{t('triggers.enrolIn')}</th>
                <th scope="col">{t('triggers.state')}</th>
                <th scope="col">
                  <span className="visually-hidden">{t('triggers.actions')}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {triggers.data.map((trigger) => (
                <tr key={trigger.key}>
                  <td>
                    <code>{trigger.key}</code>
                  </td>
                  <td>{eventWords(t, trigger.event)}</td>
                  <td>{describeCondition(t, trigger.condition)}</td>
                  <td>
                    <code>{trigger.sequenceKey}</code>
                  </td>
                  <td>{trigger.active ? t('triggers.on') : t('triggers.off')}</td>
                  <td className="actions">
                    <div className="button-row">
                      <button
                        type="button"
                        className="button button--secondary"
                        onClick={() => (setEditing(trigger), setResult(undefined))}
                      >
                        {t('triggers.edit2')}
                        <span className="visually-hidden">{trigger.key}</span>
                      </button>
                      <button
                        type="button"
                        className="button button--secondary"
                        disabled={toggle.isPending}
                        onClick={() => toggle.mutate(trigger)}
                      >
                        {trigger.active ? t('triggers.switchOff') : t('triggers.switchOn')}{' '}
                        <span className="visually-hidden">{trigger.key}</span>
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
  const t = useT();
  const queryClient = useQueryClient();
  const trigger = props.trigger;
  const [form, setForm] = useState<TForm>({
    key: trigger?.key ?? '',
    event: trigger?.event ?? 'lead.created',
    sequenceKey: trigger?.sequenceKey ?? props.sequences[0]?.key ?? '',
    condition: trigger?.condition ?? null,
    active: trigger?.active ?? true,
  });
  const [errors, setErrors] = useState<TErrors>({});
  const save = useMutation({
    mutationFn: ({ key, body }: { key: string; body: ReturnType<typeof ZTriggerInput.parse> }) =>
      data(api.PUT('/triggers/{key}', { params: { path: { key } }, body })),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: ['triggers'] });
      props.onDone(t(trigger ? 'triggers.saved' : saved.active ? 'triggers.created' : 'triggers.createdOff', { key: saved.key }));
    },
  });
  const set = (patch: Partial<TForm>) => setForm((f) => ({ ...f, ...patch }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found: TErrors = {};
    const key = ZTriggerKey.safeParse({ key: form.key.trim() });
    if (!key.success) found.key = key.error.issues[0]?.message;
    else if (!trigger && props.existing.includes(key.data.key)) found.key = t('triggers.exists', { key: key.data.key });
    const parsed = ZTriggerInput.safeParse({
      event: form.event,
      sequenceKey: form.sequenceKey,
      condition: form.condition,
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
      <h2 id="trigger-form-title">{trigger ? t('triggers.edit', { key: trigger.key }) : t('triggers.newTrigger')}</h2>
      <form className="data-form" onSubmit={submit} noValidate aria-labelledby="trigger-form-title">
        <div className="rule-row">
          <Field label={t('triggers.key')} hint={t('triggers.eGNurtureWebinar')} error={errors.key}>
            {(c) => <input {...c} type="text" value={form.key} readOnly={!!trigger} onChange={(e) => set({ key: e.target.value })} />}
          </Field>
          <Field label={t('triggers.when')} error={errors.event ?? server?.issueFor('event')}>
            {(c) => (
              <select {...c} value={form.event} onChange={(e) => set({ event: e.target.value as TForm['event'] })}>
                {TRIGGER_EVENTS.map((ev) => (
                  <option key={ev} value={ev}>
                    {eventWords(t, ev)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('triggers.enrolInTheSequence')} error={errors.sequenceKey ?? server?.issueFor('sequenceKey')}>
            {(c) => (
              <select {...c} value={form.sequenceKey} onChange={(e) => set({ sequenceKey: e.target.value })}>
                {props.sequences.length === 0 ? <option value="">{t('triggers.noSequencesPublished')}</option> : null}
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
          label={t('triggers.onlyLeadsWhere')}
          allowNone
          value={form.condition}
          path="condition"
          onChange={(condition) => set({ condition })}
          errorAt={(part) => (part ? undefined : errors.condition)}
        />
        <div className="checkbox-row">
          <label>
            <input type="checkbox" checked={form.active} onChange={(e) => set({ active: e.target.checked })} />
            {t('triggers.onEnrolsLeads')}
          </label>
        </div>
        {save.isError ? <Alert>{errorMessage(save.error)}</Alert> : null}
        <div className="button-row spaced">
          <button type="submit" className="button" disabled={save.isPending}>
            {save.isPending ? t('triggers.saving') : trigger ? t('triggers.saveTrigger') : t('triggers.createTrigger')}
          </button>
          <button type="button" className="button button--secondary" onClick={() => props.onDone()}>
            {t('triggers.cancel')}
          </button>
        </div>
      </form>
    </section>
  );
}
