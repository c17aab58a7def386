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
import { useT } from '../../lib/i18n';

const isNotFound = (e: unknown) => e instanceof ApiError && e.status === 404;

export default function SimulationPage(): ReactElement {
  const t = useT();
  const key = useParams().key ?? '';
  const [params] = useSearchParams();
  const draftMode = params.get('draft') === '1';
  usePageTitle(t('simulation.simulate', { key }));
  return (
    <>
      <div className="page-header">
        <div>
          <h1>{t('simulation.simulate', { key })}</h1>
          <p className="subtitle">{t('simulation.aDryRunIn')}</p>
        </div>
        <div className="button-row">
          <Link className="button button--secondary" to={PATHS.sequenceEdit(key)}>
            {t('simulation.backToTheEditor')}
          </Link>
          {draftMode ? (
            <Link className="button button--secondary" to={`${PATHS.sequences}/${encodeURIComponent(key)}/simulate`}>
              {t('simulation.simulateAPublishedVersion')}
            </Link>
          ) : null}
        </div>
      </div>
      {draftMode ? <DraftSource sequenceKey={key} /> : <PublishedSource sequenceKey={key} />}
    </>
  );
}

function DraftSource(props: { sequenceKey: string }): ReactElement {
  const t = useT();
  const key = props.sequenceKey;
  const draft = useQuery({
    queryKey: ['sequences', key, 'draft'],
    queryFn: () =>
      data(api.GET('/sequences/{key}/draft', { params: { path: { key } } })).catch((e: unknown) =>
        isNotFound(e) ? null : Promise.reject(e),
      ),
  });
  if (draft.isPending) return <Loading label={t('simulation.loadingYourDraft')} />;
  if (draft.isError) return <QueryError error={draft.error} what={t('simulation.yourDraft')} retry={() => void draft.refetch()} />;
  if (!draft.data)
    return (
      <Alert title={t('simulation.youHaveNoDraft')}>
        <Link to={PATHS.sequenceEdit(key)}>{t('simulation.openTheEditor')}</Link>
        {t('simulation.toStartOneOr')}{' '}
        <Link to={`${PATHS.sequences}/${encodeURIComponent(key)}/simulate`}>{t('simulation.simulateAPublishedVersion2')}</Link>.
      </Alert>
    );
  return (
    <>
      <p className="notice">
        {t('simulation.simulating')}
        <strong>{t('simulation.yourDraft')}</strong>
        {t('simulation.of')}
        {String(draft.data.definition['name'] ?? key)}
        {t('simulation.saved')} <Time value={draft.data.updatedAt} />
        {draft.data.baseVersion !== null ? t('simulation.basedOnVersion', { baseVersion: draft.data.baseVersion }) : ''}.
      </p>
      <SimulationForm sequence={{ definition: draft.data.definition }} definition={draft.data.definition} />
    </>
  );
}

function PublishedSource(props: { sequenceKey: string }): ReactElement {
  const t = useT();
  const key = props.sequenceKey;
  const versions = useQuery({
    queryKey: ['sequences', key, 'versions'],
    queryFn: () =>
      data(api.GET('/sequences/{key}/versions', { params: { path: { key } } })).catch((e: unknown) =>
        isNotFound(e) ? null : Promise.reject(e),
      ),
  });
  const [picked, setPicked] = useState<number | null>(null);
  if (versions.isPending) return <Loading label={t('simulation.loadingTheSequence')} />;
  if (versions.isError)
    return <QueryError error={versions.error} what={t('simulation.theSequence')} retry={() => void versions.refetch()} />;
  const items = versions.data?.items ?? [];
  const inForce = items[0];
  if (!inForce)
    return (
      <Alert title={t('simulation.nothingPublishedYet')}>
        {t('simulation.sequence')}
        <code>{key}</code>
        {t('simulation.hasNoPublishedVersion')}{' '}
        <Link to={`${PATHS.sequences}/${encodeURIComponent(key)}/simulate?draft=1`}>{t('simulation.simulateYourDraft')}</Link>
        {t('simulation.instead')}
      </Alert>
    );
  const chosen = items.find((v) => v.version === picked) ?? inForce;
  // The version in force goes without a number: the API resolves it as enrolment would.
  const sequence: TSequenceRef = chosen === inForce ? { key } : { key, version: chosen.version };
  return (
    <>
      <div className="panel simulation-version">
        <Field label={t('simulation.version')} hint={t('simulation.publishedVersionsNewestFirst')}>
          {(control) => (
            <select {...control} value={chosen.version} onChange={(e) => setPicked(Number(e.target.value))}>
              {items.map((v) => (
                <option key={v.version} value={v.version}>
                  {t('simulation.version2')}
                  {v.version}
                  {v === inForce ? t('simulation.inForce') : ''}
                  {t('simulation.published')}
                  {new Date(v.publishedAt).toLocaleDateString()}
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
  const t = useT();
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
    const checked = validate(t, form, props.sequence);
    if (!checked.ok) return setErrors(checked.errors);
    setErrors({});
    run.mutate(toRequest(form, props.sequence));
  };
  const errorCount = Object.keys(errors).length;

  return (
    <>
      <form className="panel simulation-form" onSubmit={submit} noValidate aria-label={t('simulation.simulation')}>
        {errorCount && !run.isError ? (
          <Alert title={t('simulation.checkTheForm')}>
            {errorCount === 1 ? t('simulation.oneFieldNeeds') : t('simulation.fieldsNeed', { errorCount })}
            {t('simulation.attention')}
            {Object.values(errors).join('; ')}.
          </Alert>
        ) : null}
        <LeadSourceFields form={form} errors={errors} onChange={patch} />
        <fieldset>
          <legend>{t('simulation.assumptions')}</legend>
          <p className="hint">{t('simulation.whatEverySimulatedLead')}</p>
          {emailSteps.length === 0 ? <p className="muted small">{t('simulation.thisSequenceHasNo')}</p> : null}
          <ul className="plain-list simulation-assumptions" aria-label={t('simulation.assumptions')}>
            {form.assumptions.map((a, i) => (
              <li key={a.key} className="simulation-inline">
                <Field label={t('simulation.assumptionEmail', { n: i + 1 })} error={errors[`assumptions.${i}.step`]}>
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
                <Field label={t('simulation.theLead')} error={errors[`assumptions.${i}.event`]}>
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
                        <option key={ev} value={ev}>
                          {t('simulation.it', { label: t(`simulation.assumedEvent.${ev}`) })}
                        </option>
                      ))}
                    </select>
                  )}
                </Field>
                <Field label={t('simulation.after')} hint={t('simulation.eG1Hour')} error={errors[`assumptions.${i}.after`]}>
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
                  {t('simulation.remove2')}
                  <span className="visually-hidden">{t('simulation.assumption', { n: i + 1 })}</span>
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
            {t('simulation.addAnAssumption')}
          </button>
        </fieldset>
        <Field label={t('simulation.horizonDays')} hint={t('simulation.simulateThisManyDays')} error={errors['horizonDays']}>
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
          {run.isPending ? t('simulation.simulating2') : t('simulation.simulate2')}
        </button>
      </form>
      {run.isPending ? <Progress what={leadCountLabel(t, form)} /> : null}
      {run.isError ? (
        <Alert title={t('simulation.theSimulationDidNot')}>
          {errorMessage(run.error)}
          {run.error instanceof ApiError && run.error.status === 503 ? t('simulation.theSimulatorIsUnavailable') : ''}
        </Alert>
      ) : null}
      <div ref={resultHeading}>{run.data && !run.isPending ? <SimulationResultView result={run.data} /> : null}</div>
    </>
  );
}

function Progress(props: { what: string }): ReactElement {
  const t = useT();
  const [seconds, setSeconds] = useState(0);
  useEffect(() => {
    const started = Date.now();
    const timer = window.setInterval(() => setSeconds(Math.floor((Date.now() - started) / 1000)), 1000);
    return () => window.clearInterval(timer);
  }, []);
  return (
    <div className="panel simulation-progress">
      <p role="status">{t('simulation.simulatingInCompressedTime', { what: props.what })}</p>
      <p className="muted small" aria-hidden="true">
        {t('simulation.sElapsed', { seconds })}
      </p>
    </div>
  );
}
