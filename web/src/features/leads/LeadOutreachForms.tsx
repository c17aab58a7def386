import { useState, type ReactElement } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { ZTemplateKey } from '@domain/templates/schemas';
import { api, data } from '../../api/client';
import { Field } from '../../components/Field';
import { ActionForm, serverErrors, type TErrors, type TFormProps } from './LeadForms';

/** One id per form: a double submit (or a retry after a lost answer) sends one email, not two. */
function newRequestId(): string {
  const c = globalThis.crypto;
  return typeof c?.randomUUID === 'function' ? c.randomUUID() : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

/**
 * "Send one template": POST /leads/:id/emails. There is no list of templates in the API, so the
 * key is typed, checked with the API's own rule; an unknown key is the API's 404 message.
 */
export function SendEmailForm({ lead, onDone, onCancel }: TFormProps): ReactElement {
  const [templateKey, setTemplateKey] = useState('');
  const [requestId] = useState(newRequestId);
  const [errors, setErrors] = useState<TErrors>({});
  const send = useMutation({
    mutationFn: (key: string) =>
      data(api.POST('/leads/{id}/emails', { params: { path: { id: lead.id } }, body: { templateKey: key, requestId } })),
    onSuccess: (r, key) =>
      onDone(
        r.alreadyStarted
          ? `This email (${key}) was already sent from this form; nothing more was sent.`
          : `Sending ${key} to ${lead.email}: the send is under way (it obeys unsubscribes, quiet hours and the frequency cap). The timeline shows it once it is out.`,
      ),
  });
  const submit = () => {
    const key = templateKey.trim();
    if (!key) return setErrors({ templateKey: 'Enter the template’s key, e.g. demo-tips' });
    const parsed = ZTemplateKey.safeParse(key);
    if (!parsed.success) return setErrors({ templateKey: parsed.error.issues[0]?.message ?? 'not a template key' });
    setErrors({});
    send.mutate(key);
  };
  const all = { ...serverErrors(send.error), ...errors };
  return (
    <ActionForm title="Send one email" submitLabel="Send" pending={send.isPending} error={send.error} onSubmit={submit} onCancel={onCancel}>
      <Field label="Template key" hint="The key a template was published with, e.g. demo-tips" error={all['templateKey']}>
        {(control) => (
          <input
            {...control}
            type="text"
            value={templateKey}
            autoComplete="off"
            spellCheck={false}
            maxLength={63}
            onChange={(e) => setTemplateKey(e.target.value)}
          />
        )}
      </Field>
    </ActionForm>
  );
}

const OUTCOMES: Record<string, (name: string) => string> = {
  enrolled: (name) => `Enrolled in ${name}: the journey starts now.`,
  already_active: (name) => `Already in ${name}: nothing changed.`,
  unsubscribed: (name) => `Not enrolled in ${name}: the lead has unsubscribed.`,
  lead_not_found: () => 'Not enrolled: the lead no longer exists.',
  sequence_not_found: (name) => `Not enrolled: ${name} does not exist.`,
};

/** "Enrol in a sequence": the published sequences (GET /sequences) → POST /sequences/:key/enrollments. */
export function EnrolForm({ lead, onDone, onCancel }: TFormProps): ReactElement {
  const sequences = useQuery({ queryKey: ['sequences'], queryFn: () => data(api.GET('/sequences')), staleTime: 60_000 });
  const [key, setKey] = useState('');
  const [errors, setErrors] = useState<TErrors>({});
  const published = sequences.data?.items.filter((s) => s.latestVersion !== null) ?? [];
  const enrol = useMutation({
    mutationFn: (sequenceKey: string) =>
      data(api.POST('/sequences/{key}/enrollments', { params: { path: { key: sequenceKey } }, body: { leadIds: [lead.id] } })),
    onSuccess: (r, sequenceKey) => {
      const name = published.find((s) => s.key === sequenceKey)?.name ?? sequenceKey;
      const outcome = r.results[0]?.outcome ?? 'enrolled';
      return onDone((OUTCOMES[outcome] ?? ((n: string) => `${n}: ${outcome.replace(/_/g, ' ')}.`))(name));
    },
  });
  const submit = () => {
    if (!key) return setErrors({ sequence: 'Pick the sequence to enrol the lead in' });
    setErrors({});
    enrol.mutate(key);
  };
  const all = { ...serverErrors(enrol.error), ...errors };
  return (
    <ActionForm
      title="Enrol in a sequence"
      submitLabel="Enrol"
      pending={enrol.isPending}
      error={enrol.error ?? sequences.error}
      onSubmit={submit}
      onCancel={onCancel}
    >
      <Field label="Sequence" hint="Its latest version; a lead already in it is not enrolled twice" error={all['sequence']}>
        {(control) => (
          <select {...control} value={key} disabled={sequences.isPending} onChange={(e) => setKey(e.target.value)}>
            <option value="">{sequences.isPending ? 'Loading sequences…' : 'Choose a sequence'}</option>
            {published.map((s) => (
              <option key={s.key} value={s.key}>
                {s.name} ({s.key}, v{s.latestVersion})
              </option>
            ))}
          </select>
        )}
      </Field>
    </ActionForm>
  );
}
