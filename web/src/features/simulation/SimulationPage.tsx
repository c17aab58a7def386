/**
 * Dry-run simulation (POST /sequences/simulate): a draft or a published version over sample
 * leads across time zones, chosen leads or a saved lead view, under stated assumptions ("clicks
 * email 2 an hour after"); per lead, when each step would fire in the lead's own zone and why.
 * The real journey workflow runs in compressed time on the server; nothing is sent or written.
 */
import { useEffect, useRef, useState, type FormEvent, type ReactElement } from 'react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Link, useParams, useSearchParams } from 'react-router';
import { api, data } from '../../api/client';
import { ApiError, errorMessage } from '../../api/errors';
import { PATHS } from '../../app/access';
import { Field } from '../../components/Field';
import { Alert, Loading, QueryError } from '../../components/Messages';
import { usePageTitle } from '../../components/PageTitle';
import { Time } from '../../components/Time';
import { LeadSourceFields } from './LeadSourceFields';
import { SimulationResultView } from './SimulationResultView';
import {
  apiFieldErrors,
  emailStepsOf,
  EVENTS,
  initialForm,
  leadCountLabel,
  toRequest,
  validate,
  type TFieldErrors,
  type TForm,
  type TSequenceRef,
} from './model';
import './simulation.css';

const isNotFound = (e: unknown) => e instanceof ApiError && e.status === 404;

export default function SimulationPage(): ReactElement {
  const key = useParams().key ?? '';
  const [params] = useSearchParams();
  const draftMode = params.get('draft') === '1';
  usePageTitle(`Simulate ${key}`);
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Simulate {key}</h1>
          <p className="subtitle">
            A dry run in compressed time: when each step would fire for each lead, in the lead’s own time zone, and why. No email is sent
            and nothing is written to leads.
          </p>
        </div>
        <div className="button-row">
          <Link className="button button--secondary" to={PATHS.sequenceEdit(key)}>
            Back to the editor
          </Link>
          {draftMode ? (
            <Link className="button button--secondary" to={`${PATHS.sequences}/${encodeURIComponent(key)}/simulate`}>
              Simulate a published version instead
            </Link>
          ) : null}
        </div>
      </div>
      {draftMode ? <DraftSource sequenceKey={key} /> : <PublishedSource sequenceKey={key} />}
    </>
  );
}

function DraftSource(props: { sequenceKey: string }): ReactElement {
  const key = props.sequenceKey;
  const draft = useQuery({
    queryKey: ['sequences', key, 'draft'],
    queryFn: () =>
      data(api.GET('/sequences/{key}/draft', { params: { path: { key } } })).catch((e: unknown) =>
        isNotFound(e) ? null : Promise.reject(e),
      ),
  });
  if (draft.isPending) return <Loading label="Loading your draft…" />;
  if (draft.isError) return <QueryError error={draft.error} what="your draft" retry={() => void draft.refetch()} />;
  if (!draft.data)
    return (
      <Alert title="You have no draft of this sequence.">
        <Link to={PATHS.sequenceEdit(key)}>Open the editor</Link> to start one, or{' '}
        <Link to={`${PATHS.sequences}/${encodeURIComponent(key)}/simulate`}>simulate a published version</Link>.
      </Alert>
    );
  return (
    <>
      <p className="notice">
        Simulating <strong>your draft</strong> of {String(draft.data.definition['name'] ?? key)}, saved{' '}
        <Time value={draft.data.updatedAt} />
        {draft.data.baseVersion !== null ? ` (based on version ${draft.data.baseVersion})` : ''}.
      </p>
      <SimulationForm sequence={{ definition: draft.data.definition }} definition={draft.data.definition} />
    </>
  );
}

function PublishedSource(props: { sequenceKey: string }): ReactElement {
  const key = props.sequenceKey;
  const versions = useQuery({
    queryKey: ['sequences', key, 'versions'],
    queryFn: () =>
      data(api.GET('/sequences/{key}/versions', { params: { path: { key } } })).catch((e: unknown) =>
        isNotFound(e) ? null : Promise.reject(e),
      ),
  });
  const [picked, setPicked] = useState<number | null>(null);
  if (versions.isPending) return <Loading label="Loading the sequence…" />;
  if (versions.isError) return <QueryError error={versions.error} what="the sequence" retry={() => void versions.refetch()} />;
  const items = versions.data?.items ?? [];
  const inForce = items[0];
  if (!inForce)
    return (
      <Alert title="Nothing published yet.">
        Sequence <code>{key}</code> has no published version.{' '}
        <Link to={`${PATHS.sequences}/${encodeURIComponent(key)}/simulate?draft=1`}>Simulate your draft</Link> instead.
      </Alert>
    );
  const chosen = items.find((v) => v.version === picked) ?? inForce;
  // The version in force goes without a number: the API resolves it as enrolment would.
  const sequence: TSequenceRef = chosen === inForce ? { key } : { key, version: chosen.version };
  return (
    <>
      <div className="panel simulation-version">
        <Field label="Version" hint="Published versions, newest first">
          {(control) => (
            <select {...control} value={chosen.version} onChange={(e) => setPicked(Number(e.target.value))}>
              {items.map((v) => (
                <option key={v.version} value={v.version}>
                  Version {v.version}
                  {v === inForce ? ' (in force)' : ''} · published {new Date(v.publishedAt).toLocaleDateString()}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
      <SimulationForm key={chosen.version} sequence={sequence} definition={chosen.definition} />
    </>
  );
}

function SimulationForm(props: { sequence: TSequenceRef; definition: unknown }): ReactElement {
  const [form, setForm] = useState<TForm>(initialForm);
  const [errors, setErrors] = useState<TFieldErrors>({});
  const nextKey = useRef(1);
  const emailSteps = emailStepsOf(props.definition);
  const patch = (p: Partial<TForm>) => setForm((f) => ({ ...f, ...p }));
  const run = useMutation({
    mutationFn: (body: ReturnType<typeof toRequest>) => data(api.POST('/sequences/simulate', { body })),
    onError: (e) => setErrors(apiFieldErrors(e)),
  });
  const resultHeading = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (run.data) resultHeading.current?.querySelector<HTMLElement>('h2')?.focus();
  }, [run.data]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const checked = validate(form, props.sequence);
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    run.mutate(toRequest(form, props.sequence));
  };
  const errorCount = Object.keys(errors).length;

  return (
    <>
      <form className="panel simulation-form" onSubmit={submit} noValidate aria-label="Simulation">
        {errorCount && !run.isError ? (
          <Alert title="Check the form.">
            {errorCount === 1 ? 'One field needs' : `${errorCount} fields need`} attention: {Object.values(errors).join('; ')}.
          </Alert>
        ) : null}
        <LeadSourceFields form={form} errors={errors} onChange={patch} />
        <fieldset>
          <legend>Assumptions</legend>
          <p className="hint">
            What every simulated lead does, e.g. “clicks email 2 one hour after it is sent”. Without assumptions nobody opens, clicks or
            replies.
          </p>
          {emailSteps.length === 0 ? <p className="muted small">This sequence has no email step.</p> : null}
          <ul className="plain-list simulation-assumptions" aria-label="Assumptions">
            {form.assumptions.map((a, i) => (
              <li key={a.key} className="simulation-inline">
                <Field label={`Assumption ${i + 1}: email`} error={errors[`assumptions.${i}.step`]}>
                  {(control) => (
                    <select
                      {...control}
                      value={a.step}
                      onChange={(e) =>
                        patch({ assumptions: form.assumptions.map((x) => (x.key === a.key ? { ...x, step: e.target.value } : x)) })
                      }
                    >
                      {emailSteps.map((s) => (
                        <option key={s.id} value={s.id}>
                          {s.label}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                <Field label="The lead" error={errors[`assumptions.${i}.event`]}>
                  {(control) => (
                    <select
                      {...control}
                      value={a.event}
                      onChange={(e) =>
                        patch({
                          assumptions: form.assumptions.map((x) =>
                            x.key === a.key ? { ...x, event: e.target.value as typeof a.event } : x,
                          ),
                        })
                      }
                    >
                      {EVENTS.map((ev) => (
                        <option key={ev.value} value={ev.value}>
                          {ev.label} it
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                <Field label="After" hint="e.g. 1 hour, 2 days" error={errors[`assumptions.${i}.after`]}>
                  {(control) => (
                    <input
                      {...control}
                      type="text"
                      value={a.after}
                      onChange={(e) =>
                        patch({ assumptions: form.assumptions.map((x) => (x.key === a.key ? { ...x, after: e.target.value } : x)) })
                      }
                    />
                  )}
                </Field>
                <button
                  type="button"
                  className="button button--quiet"
                  onClick={() => patch({ assumptions: form.assumptions.filter((x) => x.key !== a.key) })}
                >
                  Remove<span className="visually-hidden"> assumption {i + 1}</span>
                </button>
              </li>
            ))}
          </ul>
          <button
            type="button"
            className="button button--secondary"
            disabled={emailSteps.length === 0}
            onClick={() =>
              patch({
                assumptions: [
                  ...form.assumptions,
                  { key: nextKey.current++, step: emailSteps[0]?.id ?? '', event: 'clicked', after: '1 hour' },
                ],
              })
            }
          >
            Add an assumption
          </button>
        </fieldset>
        <Field
          label="Horizon (days)"
          hint="Simulate this many days; journeys still running then are cut there (1 to 730)"
          error={errors['horizonDays']}
        >
          {(control) => (
            <input
              {...control}
              type="number"
              min={1}
              max={730}
              value={form.horizonDays}
              onChange={(e) => patch({ horizonDays: e.target.value })}
            />
          )}
        </Field>
        <button type="submit" className="button" disabled={run.isPending}>
          {run.isPending ? 'Simulating…' : 'Simulate'}
        </button>
      </form>
      {run.isPending ? <Progress what={leadCountLabel(form)} /> : null}
      {run.isError ? (
        <Alert title="The simulation did not run.">
          {errorMessage(run.error)}
          {run.error instanceof ApiError && run.error.status === 503 ? ' The simulator is unavailable on this server right now.' : ''}
        </Alert>
      ) : null}
      <div ref={resultHeading}>{run.data && !run.isPending ? <SimulationResultView result={run.data} /> : null}</div>
    </>
  );
}

function Progress(props: { what: string }): ReactElement {
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    const started = Date.now();
    const timer = window.setInterval(() => setSeconds(Math.floor((Date.now() - started) / 1000)), 1000);
    return () => window.clearInterval(timer);
  }, []);
  return (
    <div className="panel simulation-progress">
      <p role="status">Simulating {props.what} in compressed time…</p>
      <p className="muted small" aria-hidden="true">
        {seconds} s elapsed
      </p>
    </div>
  );
}
