import { useEffect, useId, useRef, useState, type FormEvent, type ReactElement } from 'react';
import './lead-page.css';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, data } from '../../api/client';
import { errorMessage } from '../../api/errors';
import type { TOk } from '../../api/types';
import { Badge } from '../../components/Badge';
import { Field } from '../../components/Field';
import { Alert, Loading, QueryError } from '../../components/Messages';
import { TableWrap } from '../../components/TableWrap';
import { Time } from '../../components/Time';
import { journeyPhase, journeyStateInWords, type TJourneyPhase } from './journey-state';
import { journeysQuery, leadKey, leadPartQuery } from './lead-queries';
import { useT } from '../../lib/i18n';

type TJourneySummary = TOk<'/leads/{id}/journeys', 'get'>['items'][number];
type TAction = 'pause' | 'resume' | 'exit';

/** The live journey (record + workflow state); polled while an action waits for the workflow to confirm it. */
const journeyQuery = (leadId: string, enrollmentId: string) =>
  leadPartQuery(leadId, `journey:${enrollmentId}`, () => data(api.GET('/journeys/{id}', { params: { path: { id: enrollmentId } } })));

/** The phases an action is confirmed by. */
const CONFIRMED_BY: Record<TAction, readonly TJourneyPhase[]> = {
  pause: ['paused', 'ended'],
  resume: ['running', 'waiting', 'ended'],
  exit: ['ended'],
};
const POLL_MS = 700;
const SETTLE_POLL_MS = 1000;
const SETTLE_POLLS = 30;
const CONFIRM_WITHIN_MS = 20_000;
const EXIT_REASON_MAX = 200;
const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

export function Journeys(props: { leadId: string }): ReactElement {
  const t = useT();
  const journeys = useQuery(journeysQuery(props.leadId));
  const [announcement, setAnnouncement] = useState<string>();
  const announceRef = useRef<HTMLDivElement>(null);
  const announce = (message: string) => {
    setAnnouncement(message);
    requestAnimationFrame(() => announceRef.current?.focus());
  };
  return (
    <section className="panel" aria-labelledby="journeys">
      <h2 id="journeys">{t('journeys.title')}</h2>
      {journeys.isPending ? <Loading /> : null}
      {journeys.isError ? <QueryError error={journeys.error} what={t('journeys.what')} retry={() => void journeys.refetch()} /> : null}
      {journeys.data?.items.length === 0 ? <p className="muted">{t('journeys.none')}</p> : null}
      <div ref={announceRef} tabIndex={-1} aria-live="polite">
        {announcement ? (
          <div className="success">
            <p>{announcement}</p>
          </div>
        ) : null}
      </div>
      {journeys.data?.items.length ? (
        <TableWrap label={t('journeys.tableLabel')}>
          <table className="journeys-table">
            <thead>
              <tr>
                <th scope="col">{t('journeys.colSequence')}</th>
                <th scope="col">{t('journeys.colState')}</th>
                <th scope="col">{t('journeys.colStarted')}</th>
                <th scope="col">{t('journeys.colEnded')}</th>
                <th scope="col">{t('journeys.colActions')}</th>
              </tr>
            </thead>
            {journeys.data.items.map((j) => (
              <JourneyRows key={j.enrollmentId} leadId={props.leadId} journey={j} onResult={announce} />
            ))}
          </table>
        </TableWrap>
      ) : null}
    </section>
  );
}

/** One journey: its row, and below it the exit form or the action's error (a tbody per journey keeps them together). */
function JourneyRows(props: { leadId: string; journey: TJourneySummary; onResult: (message: string) => void }): ReactElement {
  const { leadId, journey } = props;
  const t = useT();
  const queryClient = useQueryClient();
  const [awaiting, setAwaiting] = useState<{ action: TAction; since: number; reason?: string }>();
  const [exiting, setExiting] = useState(false);
  // The buttons say what they do ("Pause"); the sequence they act on is their description.
  const sequenceId = useId();
  const active = journey.status === 'ACTIVE';

  const detail = useQuery({
    ...journeyQuery(leadId, journey.enrollmentId),
    enabled: active || awaiting !== undefined,
    // Poll while an action waits for confirmation, and for a while when the journey is between
    // states (starting, or running a step: a send takes a moment), so the page shows where it settles.
    refetchInterval: (query) => {
      if (awaiting) return POLL_MS;
      const d = query.state.data;
      const settling = d ? ['starting', 'running'].includes(journeyPhase(d, d.live)) : false;
      return settling && query.state.dataUpdateCount < SETTLE_POLLS ? SETTLE_POLL_MS : false;
    },
  });
  const record = detail.data ?? journey;
  const live = detail.data?.live;
  const phase = journeyPhase(record, live);

  const control = useMutation({
    mutationFn: async (command: { action: TAction; reason?: string }) => {
      const params = { params: { path: { id: journey.enrollmentId } } };
      if (command.action === 'pause') return data(api.POST('/journeys/{id}/pause', params));
      if (command.action === 'resume') return data(api.POST('/journeys/{id}/resume', params));
      return data(api.POST('/journeys/{id}/exit', { ...params, body: { reason: command.reason ?? '' } }));
    },
    onSuccess: (_accepted, command) => {
      setExiting(false);
      setAwaiting({ action: command.action, since: Date.now(), ...(command.reason ? { reason: command.reason } : {}) });
    },
  });

  // The API accepted the signal; the workflow confirms it by its state.
  useEffect(() => {
    if (!awaiting) return;
    // An exit is confirmed once the record says so (the database is what the list and the badge show).
    const confirmed =
      detail.dataUpdatedAt > awaiting.since &&
      (awaiting.action === 'exit' ? record.status !== 'ACTIVE' : CONFIRMED_BY[awaiting.action].includes(phase));
    const late = Date.now() - awaiting.since > CONFIRM_WITHIN_MS;
    if (!confirmed && !late) return;
    const name = journey.sequenceKey;
    props.onResult(
      late && !confirmed
        ? t('journeys.notConfirmed', { action: awaiting.action, name })
        : awaiting.action === 'pause'
          ? t('journeys.paused', { name })
          : awaiting.action === 'resume'
            ? t('journeys.resumed', { name, state: lowerFirst(journeyStateInWords(t, record, live)) })
            : awaiting.reason
              ? t('journeys.exitedWhy', { name, reason: awaiting.reason })
              : t('journeys.exited', { name }),
    );
    setAwaiting(undefined);
    void queryClient.invalidateQueries({ queryKey: leadKey(leadId) });
    // The effect runs again on every poll answer (dataUpdatedAt), which is what re-checks "late".
  }, [awaiting, phase, detail.dataUpdatedAt, journey.sequenceKey, leadId, live, props, queryClient, record, t]);

  const busy = control.isPending || awaiting !== undefined;
  const canControl = active && phase !== 'ended';
  const pending = awaiting
    ? { pause: t('journeys.pausing'), resume: t('journeys.resuming'), exit: t('journeys.exiting') }[awaiting.action]
    : undefined;

  return (
    <tbody>
      <tr>
        <td id={sequenceId}>
          {journey.sequenceKey} <span className="muted small">{t('leads.v2', { version: journey.version })}</span>
        </td>
        <td>
          {phase === 'paused' ? <Badge value="PAUSED" label={t('journeys.pausedBadge')} /> : <Badge value={record.status} />}
          <div className="small">
            {pending ?? (record.status === 'ACTIVE' ? journeyStateInWords(t, record, live) : (record.exitReason ?? ''))}
          </div>
        </td>
        <td data-label={t('journeys.colStarted')}>
          <Time value={journey.startedAt} />
        </td>
        <td data-label={t('journeys.colEnded')} className={record.endedAt ? undefined : 'journeys-table__empty'}>
          <Time value={record.endedAt} />
        </td>
        <td className={canControl ? undefined : 'journeys-table__empty'}>
          {canControl ? (
            <div className="button-row">
              {phase === 'paused' ? (
                <button
                  type="button"
                  className="button button--secondary"
                  disabled={busy}
                  aria-describedby={sequenceId}
                  onClick={() => control.mutate({ action: 'resume' })}
                >
                  {t('journeys.resume')}
                </button>
              ) : (
                <button
                  type="button"
                  className="button button--secondary"
                  disabled={busy || phase === 'starting'}
                  aria-describedby={sequenceId}
                  onClick={() => control.mutate({ action: 'pause' })}
                >
                  {t('journeys.pause')}
                </button>
              )}
              <button
                type="button"
                className="button button--secondary"
                disabled={busy}
                aria-expanded={exiting}
                aria-describedby={sequenceId}
                onClick={() => {
                  control.reset();
                  setExiting(!exiting);
                }}
              >
                {t('journeys.exit')}
              </button>
            </div>
          ) : (
            <span className="muted small">
              —<span className="visually-hidden">{t('journeys.ended')}</span>
            </span>
          )}
        </td>
      </tr>
      {exiting || control.isError ? (
        <tr>
          <td colSpan={5}>
            {exiting ? (
              <ExitForm
                sequenceKey={journey.sequenceKey}
                pending={control.isPending}
                onSubmit={(reason) => control.mutate({ action: 'exit', reason })}
                onCancel={() => setExiting(false)}
              />
            ) : null}
            {control.isError ? <Alert>{errorMessage(control.error)}</Alert> : null}
          </td>
        </tr>
      ) : null}
    </tbody>
  );
}

function ExitForm(props: {
  sequenceKey: string;
  pending: boolean;
  onSubmit: (reason: string) => void;
  onCancel: () => void;
}): ReactElement {
  const t = useT();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string>();
  const input = useRef<HTMLInputElement>(null);
  const titleId = useId();
  useEffect(() => input.current?.focus(), []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const why = reason.trim();
    if (!why) return setError(t('journeys.sayWhy'));
    if (why.length > EXIT_REASON_MAX) return setError(t('journeys.tooLong', { max: EXIT_REASON_MAX }));
    setError(undefined);
    props.onSubmit(why);
  };
  return (
    <form className="task__form" onSubmit={submit} noValidate aria-labelledby={titleId}>
      <h3 id={titleId}>{t('journeys.exitTitle', { key: props.sequenceKey })}</h3>
      <Field label={t('journeys.reason')} hint={t('journeys.reasonHint')} error={error}>
        {(control) => (
          <input
            {...control}
            ref={input}
            type="text"
            value={reason}
            maxLength={EXIT_REASON_MAX}
            onChange={(e) => setReason(e.target.value)}
          />
        )}
      </Field>
      <div className="button-row">
        <button type="submit" className="button button--danger" disabled={props.pending}>
          {props.pending ? t('journeys.exiting') : t('journeys.exitJourney')}
        </button>
        <button type="button" className="button button--quiet" onClick={props.onCancel}>
          {t('journeys.cancel')}
        </button>
      </div>
    </form>
  );
}
