import { useState, type ReactElement } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { ZTemplateKey } from '@domain/templates/schemas';
import { api, data } from '../../api/client';
import { Field } from '../../components/Field';
import { ActionForm, serverErrors, type TErrors, type TFormProps } from './LeadForms';
import { useT } from '../../lib/i18n';

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
  const t = useT();
  const [templateKey, setTemplateKey] = useState('');
  const [requestId] = useState(newRequestId);
  const [errors, setErrors] = useState<TErrors>({});
  const send = useMutation({
    mutationFn: (key: string) =>
      data(api.POST('/leads/{id}/emails', { params: { path: { id: lead.id } }, body: { templateKey: key, requestId } })),
    onSuccess: (r, key) =>
      onDone(r.alreadyStarted ? t('outreach.alreadySent', { key }) : t('outreach.sending', { key, email: lead.email })),
  });
  const submit = () => {
    const key = templateKey.trim();
    if (!key) return setErrors({ templateKey: t('outreach.enterKey') });
    const parsed = ZTemplateKey.safeParse(key);
    if (!parsed.success) return setErrors({ templateKey: parsed.error.issues[0]?.message ?? t('outreach.notKey') });
    setErrors({});
    send.mutate(key);
  };
  const all = { ...serverErrors(send.error), ...errors };
  return (
    <ActionForm
      title={t('outreach.sendTitle')}
      submitLabel={t('outreach.send')}
      pending={send.isPending}
      error={send.error}
      onSubmit={submit}
      onCancel={onCancel}
    >
      <Field label={t('outreach.keyLabel')} hint={t('outreach.keyHint')} error={all['templateKey']}>
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

/** Enrolment outcomes with their own message (console.outreach.outcome.*); others are named as they are. */
const OUTCOMES = new Set(['enrolled', 'already_active', 'unsubscribed', 'lead_not_found', 'sequence_not_found']);

/** "Enrol in a sequence": the published sequences (GET /sequences) → POST /sequences/:key/enrollments. */
export function EnrolForm({ lead, onDone, onCancel }: TFormProps): ReactElement {
  const t = useT();
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
      return onDone(
        OUTCOMES.has(outcome)
          ? t(`outreach.outcome.${outcome}`, { name })
          : t('outreach.outcome.other', { name, outcome: outcome.replace(/_/g, ' ') }),
      );
    },
  });
  const submit = () => {
    if (!key) return setErrors({ sequence: t('outreach.pickSequence') });
    setErrors({});
    enrol.mutate(key);
  };
  const all = { ...serverErrors(enrol.error), ...errors };
  return (
    <ActionForm
      title={t('outreach.enrolTitle')}
      submitLabel={t('outreach.enrol')}
      pending={enrol.isPending}
      error={enrol.error ?? sequences.error}
      onSubmit={submit}
      onCancel={onCancel}
    >
      <Field label={t('outreach.sequence')} hint={t('outreach.sequenceHint')} error={all['sequence']}>
        {(control) => (
          <select {...control} value={key} disabled={sequences.isPending} onChange={(e) => setKey(e.target.value)}>
            <option value="">{sequences.isPending ? t('outreach.loadingSequences') : t('outreach.chooseSequence')}</option>
            {published.map((s) => (
              <option key={s.key} value={s.key}>
                {t('leads.v', { name: s.name, key: s.key, latestVersion: s.latestVersion ?? '' })}
              </option>
            ))}
          </select>
        )}
      </Field>
    </ActionForm>
  );
}
