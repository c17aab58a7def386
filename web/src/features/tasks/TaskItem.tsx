import { useId, useRef, useState, type FormEvent, type ReactElement } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { TASK_OUTCOMES, ZTaskCompletion } from '@domain/tasks/schemas';
import { api, data } from '../../api/client';
import { ApiError, errorMessage } from '../../api/errors';
import type { TTask } from '../../api/types';
import { Badge, valueLabel } from '../../components/Badge';
import { Field } from '../../components/Field';
import { Alert } from '../../components/Messages';
import { Time } from '../../components/Time';
import { PATHS } from '../../app/access';
import { LeadName } from '../leads/LeadName';
import { useT } from '../../lib/i18n';

type TOutcome = (typeof TASK_OUTCOMES)[number];

/** One open task; "Complete…" opens an inline form (outcome + what happened) in place. */
export function TaskItem(props: { task: TTask; onCompleted: (result: string) => void }): ReactElement {
  const { task } = props;
  const t = useT();
  const queryClient = useQueryClient();
  const formId = useId();
  const [open, setOpen] = useState(false);
  const [outcome, setOutcome] = useState<TOutcome>('done');
  const [result, setResult] = useState('');
  const [resultError, setResultError] = useState<string>();
  const toggle = useRef<HTMLButtonElement>(null);
  const resultField = useRef<HTMLTextAreaElement>(null);

  const complete = useMutation({
    mutationFn: (body: { outcome: TOutcome; result: string }) =>
      data(api.POST('/tasks/{id}/complete', { params: { path: { id: task.id } }, body })),
    onSuccess: async (done) => {
      props.onCompleted(done.result ?? result);
      await queryClient.invalidateQueries({ queryKey: ['tasks'] });
      await queryClient.invalidateQueries({ queryKey: ['lead', task.leadId] });
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = ZTaskCompletion.safeParse({ outcome, result });
    if (!parsed.success) {
      setResultError(parsed.error.issues.find((i) => i.path[0] === 'result')?.message ?? t('tasks.checkForm'));
      resultField.current?.focus();
      return;
    }
    setResultError(undefined);
    complete.mutate(parsed.data);
  };

  const cancel = () => {
    setOpen(false);
    complete.reset();
    toggle.current?.focus();
  };

  const serverFieldError = complete.error instanceof ApiError ? complete.error.issueFor('result') : undefined;

  return (
    <article className="task" aria-label={task.title}>
      <div className="task__head">
        <div>
          <p className="task__title">{task.title}</p>
          <p className="task__meta">
            {valueLabel(t, task.kind)} · {t('tasks.due')} <Time value={task.dueAt} />{' '}
            {task.overdue ? <Badge value="overdue" label={t('tasks.overdueBadge')} /> : null} ·{' '}
            <Link to={PATHS.lead(task.leadId)}>
              <LeadName id={task.leadId} />
            </Link>
          </p>
        </div>
        {!open ? (
          <button
            ref={toggle}
            type="button"
            className="button button--secondary"
            aria-expanded={false}
            aria-controls={formId}
            onClick={() => {
              setOpen(true);
              requestAnimationFrame(() => resultField.current?.focus());
            }}
          >
            {t('tasks.complete')}
            <span className="visually-hidden"> {task.title}</span>
          </button>
        ) : null}
      </div>
      {open ? (
        <form id={formId} className="task__form" onSubmit={submit} noValidate aria-label={t('tasks.completeNamed', { title: task.title })}>
          <Field label={t('tasks.outcome')}>
            {(control) => (
              <select {...control} value={outcome} onChange={(e) => setOutcome(e.target.value as TOutcome)}>
                {TASK_OUTCOMES.map((o) => (
                  <option key={o} value={o}>
                    {valueLabel(t, o)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <Field label={t('tasks.whatHappened')} hint={t('tasks.whatHappenedHint')} error={resultError ?? serverFieldError}>
            {(control) => (
              <textarea
                {...control}
                ref={resultField}
                value={result}
                maxLength={2000}
                onChange={(e) => {
                  setResult(e.target.value);
                  setResultError(undefined);
                }}
              />
            )}
          </Field>
          {complete.isError && !serverFieldError ? <Alert>{errorMessage(complete.error)}</Alert> : null}
          <div className="button-row">
            <button type="submit" className="button" disabled={complete.isPending}>
              {complete.isPending ? t('tasks.completing') : t('tasks.completeTask')}
            </button>
            <button type="button" className="button button--quiet" onClick={cancel}>
              {t('tasks.cancel')}
            </button>
          </div>
        </form>
      ) : null}
    </article>
  );
}
