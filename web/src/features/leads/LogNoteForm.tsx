import { useRef, useState, type FormEvent, type ReactElement } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { CALL_OUTCOMES, NOTE_TEXT_MAX, ZLeadNoteInput, type TCallOutcome, type TNoteKind } from '@domain/leads/note-schemas';
import { api, data } from '../../api/client';
import { ApiError, errorMessage } from '../../api/errors';
import { humanize } from '../../components/Badge';
import { Field } from '../../components/Field';
import { Alert } from '../../components/Messages';
import { leadKey } from './lead-queries';
import { useT } from '../../lib/i18n';

type TErrors = Partial<Record<'kind' | 'text' | 'outcome', string>>;

/** A call's outcome in words (the API's values are snake_case). */
export const outcomeLabel = (outcome: string): string => humanize(outcome);

/**
 * "Log a call or note": always open on the lead page (the rep's most frequent action). Validated
 * with the API's own schema; the API's answer (or its error) is shown, and the timeline refreshes.
 */
export function LogNoteForm(props: { leadId: string }): ReactElement {
  const t = useT();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<TNoteKind>('call');
  const [outcome, setOutcome] = useState<TCallOutcome | ''>('');
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<TErrors>({});
  const [result, setResult] = useState<string>();
  const resultRef = useRef<HTMLDivElement>(null);

  const log = useMutation({
    mutationFn: (body: { kind: TNoteKind; text: string; outcome?: TCallOutcome }) =>
      data(api.POST('/leads/{id}/notes', { params: { path: { id: props.leadId } }, body })),
    onSuccess: async (entry) => {
      const outcome = typeof entry.data['outcome'] === 'string' ? outcomeLabel(entry.data['outcome']) : 'none';
      setResult(entry.type === 'call.logged' ? t('note.callLogged', { outcome }) : t('note.noteLogged'));
      setText('');
      setOutcome('');
      // Focus the result at once (screen readers announce it), not after the refetches: focus moving
      // later would pull the user out of whatever they started typing next.
      requestAnimationFrame(() => resultRef.current?.focus());
      await queryClient.invalidateQueries({ queryKey: leadKey(props.leadId) });
      await queryClient.invalidateQueries({ queryKey: ['leads'] });
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setResult(undefined);
    const body = { kind, text, ...(kind === 'call' && outcome ? { outcome } : {}) };
    const parsed = ZLeadNoteInput.safeParse(body);
    if (!parsed.success) {
      const found: TErrors = {};
      for (const issue of parsed.error.issues) found[String(issue.path[0]) as keyof TErrors] ??= issue.message;
      return setErrors(found);
    }
    setErrors({});
    log.mutate(parsed.data);
  };
  const server = log.error instanceof ApiError ? log.error : undefined;
  const all: TErrors = {
    kind: errors.kind ?? server?.issueFor('kind'),
    text: errors.text ?? server?.issueFor('text'),
    outcome: errors.outcome ?? server?.issueFor('outcome'),
  };

  return (
    <section className="panel" aria-labelledby="log-note-title">
      <h2 id="log-note-title">{t('note.title')}</h2>
      <form onSubmit={submit} noValidate aria-labelledby="log-note-title">
        <fieldset>
          <legend>{t('note.what')}</legend>
          <div className="checkbox-row">
            {(['call', 'note'] as const).map((k) => (
              <label key={k}>
                <input type="radio" name="note-kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
                {k === 'call' ? t('note.call') : t('note.note')}
              </label>
            ))}
          </div>
        </fieldset>
        {kind === 'call' ? (
          <Field label={t('note.howWent')} error={all.outcome}>
            {(control) => (
              <select {...control} value={outcome} onChange={(e) => setOutcome(e.target.value as TCallOutcome | '')}>
                <option value="">{t('note.notSaid')}</option>
                {CALL_OUTCOMES.map((o) => (
                  <option key={o} value={o}>
                    {outcomeLabel(o)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        ) : null}
        <Field label={kind === 'call' ? t('note.whatSaid') : t('note.noteLabel')} error={all.text}>
          {(control) => (
            <textarea
              {...control}
              value={text}
              maxLength={NOTE_TEXT_MAX}
              onChange={(e) => {
                setText(e.target.value);
                if (result) setResult(undefined);
              }}
            />
          )}
        </Field>
        {log.isError ? <Alert>{errorMessage(log.error)}</Alert> : null}
        <div className="button-row">
          <button type="submit" className="button" disabled={log.isPending}>
            {log.isPending ? t('note.saving') : kind === 'call' ? t('note.logCall') : t('note.logNote')}
          </button>
        </div>
      </form>
      <div ref={resultRef} tabIndex={-1} aria-live="polite" className={result ? 'spaced' : undefined}>
        {result ? (
          <div className="success">
            <p>{result}</p>
          </div>
        ) : null}
      </div>
    </section>
  );
}
