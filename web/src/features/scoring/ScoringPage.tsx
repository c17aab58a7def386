import { useRef, useState, type FormEvent, type ReactElement } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ZScoringModel, type TScoringModel } from '@domain/scoring/schemas';
import { api, data } from '../../api/client';
import { ApiError, errorMessage } from '../../api/errors';
import { canConfigure } from '../../app/access';
import { useUser } from '../auth/session';
import { valueLabel } from '../../components/Badge';
import { Field } from '../../components/Field';
import { Alert, Loading, QueryError, Success } from '../../components/Messages';
import { usePageTitle } from '../../components/PageTitle';
import { TableWrap } from '../../components/TableWrap';
import { ConditionEditor } from '../../components/ConditionEditor';
import { describeCondition } from './condition-logic';
import '../../components/config-pages.css';
import { useT } from '../../lib/i18n';

const ENGAGEMENT_EVENTS = ['opened', 'clicked', 'replied', 'meeting_booked', 'purchased', 'bounced', 'complained'];

type TForm = {
  mql: string;
  sql: string;
  fit: { id: string; when: unknown; points: string }[];
  engagement: { event: string; points: string; halfLifeDays: string }[];
};

const toForm = (m: TScoringModel): TForm => ({
  mql: String(m.thresholds.mql),
  sql: String(m.thresholds.sql),
  fit: m.fit.map((r) => ({ id: r.id, when: r.when, points: String(r.points) })),
  engagement: m.engagement.map((r) => ({ event: r.event, points: String(r.points), halfLifeDays: String(r.halfLifeDays) })),
});

const num = (text: string): number => (text.trim() === '' ? Number.NaN : Number(text));

/** The lead-scoring model in force: fit rules, engagement points with their half-life, the MQL and SQL thresholds. */
export default function ScoringPage(): ReactElement {
  const t = useT();
  usePageTitle(t('scoring.pageTitle'));
  const user = useUser();
  const scoring = useQuery({
    queryKey: ['scoring'],
    // The generated client types conditions `unknown` (a recursive schema, see ADR-034); the API validated them.
    queryFn: async () => (await data(api.GET('/scoring'))) as { version: number; model: TScoringModel },
  });
  return (
    <>
      <div className="page-header">
        <div>
          <h1>{t('scoring.leadScoring')}</h1>
          <p className="subtitle">{t('scoring.fitPointsForWhat')}</p>
        </div>
      </div>
      {scoring.isPending ? <Loading label={t('scoring.loadingTheScoringModel')} /> : null}
      {scoring.isError ? (
        <QueryError error={scoring.error} what={t('scoring.theScoringModel')} retry={() => void scoring.refetch()} />
      ) : null}
      {scoring.data ? (
        canConfigure(user) ? (
          <ScoringForm version={scoring.data.version} model={scoring.data.model} />
        ) : (
          <ScoringView version={scoring.data.version} model={scoring.data.model} />
        )
      ) : null}
    </>
  );
}

/** Read-only (sales): the rules in words. */
function ScoringView(props: { version: number; model: TScoringModel }): ReactElement {
  const t = useT();
  const { model } = props;
  return (
    <>
      <p className="muted">
        {props.version === 0 ? t('scoring.theBuiltInModel') : t('scoring.version', { version: props.version })}
        {t('scoring.marketingAndAdminsCan')}
      </p>
      <section className="panel" aria-labelledby="thresholds-title">
        <h2 id="thresholds-title">{t('scoring.thresholds')}</h2>
        <p>
          {t('scoring.mqlAt')}
          <strong>{model.thresholds.mql}</strong>
          {t('scoring.pointsSqlAt')}
          <strong>{model.thresholds.sql}</strong>
          {t('scoring.points')}
        </p>
      </section>
      <section className="panel" aria-labelledby="fit-title">
        <h2 id="fit-title">{t('scoring.fitRules')}</h2>
        <TableWrap label={t('scoring.fitRules')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('scoring.rule')}</th>
                <th scope="col">{t('scoring.when')}</th>
                <th scope="col">{t('scoring.points2')}</th>
              </tr>
            </thead>
            <tbody>
              {model.fit.map((r) => (
                <tr key={r.id}>
                  <td>{r.id}</td>
                  <td>{describeCondition(t, r.when)}</td>
                  <td>{r.points}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </section>
      <section className="panel" aria-labelledby="engagement-title">
        <h2 id="engagement-title">{t('scoring.engagement')}</h2>
        <TableWrap label={t('scoring.engagementRules')}>
          <table>
            <thead>
              <tr>
                <th scope="col">{t('scoring.event')}</th>
                <th scope="col">{t('scoring.points2')}</th>
                <th scope="col">{t('scoring.halfLife')}</th>
              </tr>
            </thead>
            <tbody>
              {model.engagement.map((r) => (
                <tr key={r.event}>
                  <td>{valueLabel(t, r.event)}</td>
                  <td>{r.points}</td>
                  <td>{t('scoring.days', { halfLifeDays: r.halfLifeDays })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </section>
    </>
  );
}

/** Marketing and admin: edit every rule, validated with the API's schema, published as a new version. */
function ScoringForm(props: { version: number; model: TScoringModel }): ReactElement {
  const t = useT();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<TForm>(() => toForm(props.model));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [result, setResult] = useState<string>();
  const resultRef = useRef<HTMLDivElement>(null);

  const publish = useMutation({
    mutationFn: (model: TScoringModel) => data(api.PUT('/scoring', { body: model })),
    onSuccess: async (saved) => {
      setResult(t(saved.version === props.version ? 'scoring.noChange' : 'scoring.published', { version: saved.version }));
      requestAnimationFrame(() => resultRef.current?.focus());
      await queryClient.invalidateQueries({ queryKey: ['scoring'] });
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setResult(undefined);
    const found: Record<string, string> = {};
    const fit = form.fit.map((r) => ({ id: r.id.trim(), when: r.when, points: num(r.points) }));
    const candidate = {
      fit,
      engagement: form.engagement.map((r) => ({ event: r.event.trim(), points: num(r.points), halfLifeDays: num(r.halfLifeDays) })),
      thresholds: { mql: num(form.mql), sql: num(form.sql) },
    };
    const parsed = ZScoringModel.safeParse(candidate);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        // A condition's inner path (fit.0.when.value) is shown on the condition.
        const path = issue.path.map(String);
        const key = path[0] === 'fit' && path[2] === 'when' ? path.slice(0, 3).join('.') : path.join('.');
        found[key] ??= issue.message;
      }
    }
    setErrors(found);
    if (Object.keys(found).length || !parsed.success) return;
    publish.mutate(parsed.data);
  };

  const err = (path: string) => errors[path] ?? (publish.error instanceof ApiError ? publish.error.issueFor(path) : undefined);
  const setFit = (i: number, patch: Partial<TForm['fit'][number]>) =>
    setForm((f) => ({ ...f, fit: f.fit.map((r, j) => (j === i ? { ...r, ...patch } : r)) }));
  const setEngagement = (i: number, patch: Partial<TForm['engagement'][number]>) =>
    setForm((f) => ({ ...f, engagement: f.engagement.map((r, j) => (j === i ? { ...r, ...patch } : r)) }));
  const count = Object.keys(errors).length;

  return (
    <form className="data-form" onSubmit={submit} noValidate aria-label={t('scoring.scoringModel')}>
      <p className="muted">
        {props.version === 0 ? t('scoring.theBuiltInModel2') : t('scoring.versionIsInForce', { version: props.version })}
      </p>
      <section className="panel" aria-labelledby="thresholds-title">
        <h2 id="thresholds-title">{t('scoring.thresholds')}</h2>
        <div className="rule-row">
          <Field label={t('scoring.mqlAtPoints')} error={err('thresholds.mql')}>
            {(c) => <input {...c} type="number" value={form.mql} onChange={(e) => setForm({ ...form, mql: e.target.value })} />}
          </Field>
          <Field label={t('scoring.sqlAtPoints')} error={err('thresholds.sql')}>
            {(c) => <input {...c} type="number" value={form.sql} onChange={(e) => setForm({ ...form, sql: e.target.value })} />}
          </Field>
        </div>
      </section>

      <section className="panel" aria-labelledby="fit-title">
        <h2 id="fit-title">{t('scoring.fitRules')}</h2>
        {form.fit.length === 0 ? <p className="muted">{t('scoring.noFitRulesOnly')}</p> : null}
        {form.fit.map((r, i) => (
          <fieldset key={i} aria-label={t('scoring.fitRule', { n: r.id || i + 1 })}>
            <legend>{t('scoring.fitRule', { n: i + 1 })}</legend>
            <div className="rule-row">
              <Field label={t('scoring.ruleId')} hint={t('scoring.lowerCaseLettersDigits')} error={err(`fit.${i}.id`)}>
                {(c) => <input {...c} type="text" value={r.id} onChange={(e) => setFit(i, { id: e.target.value })} />}
              </Field>
              <Field label={t('scoring.points2')} error={err(`fit.${i}.points`)}>
                {(c) => <input {...c} type="number" value={r.points} onChange={(e) => setFit(i, { points: e.target.value })} />}
              </Field>
              <div className="button-row">
                <button
                  type="button"
                  className="button button--secondary"
                  onClick={() => setForm((f) => ({ ...f, fit: f.fit.filter((_, j) => j !== i) }))}
                >
                  {t('scoring.removeRule', { n: r.id || i + 1 })}
                </button>
              </div>
            </div>
            <ConditionEditor
              label={t('scoring.when')}
              value={r.when}
              path={`fit.${i}.when`}
              onChange={(when) => setFit(i, { when })}
              errorAt={(part) => (part ? undefined : err(`fit.${i}.when`))}
            />
          </fieldset>
        ))}
        <button
          type="button"
          className="button button--secondary"
          onClick={() =>
            setForm((f) => ({
              ...f,
              fit: [...f.fit, { id: '', when: { type: 'field', field: 'heat', op: 'eq', value: 'HOT' }, points: '10' }],
            }))
          }
        >
          {t('scoring.addAFitRule')}
        </button>
      </section>

      <section className="panel" aria-labelledby="engagement-title">
        <h2 id="engagement-title">{t('scoring.engagement')}</h2>
        {form.engagement.map((r, i) => (
          <div key={i} className="rule-row" role="group" aria-label={t('scoring.engagementRule', { n: i + 1 })}>
            <Field label={t('scoring.event')} hint={t('scoring.aBuiltInEvent')} error={err(`engagement.${i}.event`)}>
              {(c) => (
                <>
                  <input
                    {...c}
                    type="text"
                    list="engagement-events"
                    value={r.event}
                    onChange={(e) => setEngagement(i, { event: e.target.value })}
                  />
                </>
              )}
            </Field>
            <Field label={t('scoring.points2')} error={err(`engagement.${i}.points`)}>
              {(c) => <input {...c} type="number" value={r.points} onChange={(e) => setEngagement(i, { points: e.target.value })} />}
            </Field>
            <Field label={t('scoring.halfLifeDays')} error={err(`engagement.${i}.halfLifeDays`)}>
              {(c) => (
                <input {...c} type="number" value={r.halfLifeDays} onChange={(e) => setEngagement(i, { halfLifeDays: e.target.value })} />
              )}
            </Field>
            <div className="button-row">
              <button
                type="button"
                className="button button--secondary"
                onClick={() => setForm((f) => ({ ...f, engagement: f.engagement.filter((_, j) => j !== i) }))}
              >
                {t('scoring.remove')}
                {r.event || t('scoring.rule2', { n: i + 1 })}
              </button>
            </div>
          </div>
        ))}
        <datalist id="engagement-events">
          {ENGAGEMENT_EVENTS.map((e) => (
            <option key={e} value={e} />
          ))}
        </datalist>
        <button
          type="button"
          className="button button--secondary"
          onClick={() => setForm((f) => ({ ...f, engagement: [...f.engagement, { event: '', points: '5', halfLifeDays: '30' }] }))}
        >
          {t('scoring.addAnEngagementRule')}
        </button>
      </section>

      {count ? (
        <Alert>
          {count === 1 ? t('scoring.oneFieldNeedsAttention') : t('scoring.fieldsNeedAttention', { count })}
          {t('scoring.seeTheMessagesBeside')}
        </Alert>
      ) : null}
      {publish.isError ? <Alert>{errorMessage(publish.error)}</Alert> : null}
      <div className="button-row">
        <button type="submit" className="button" disabled={publish.isPending}>
          {publish.isPending ? t('scoring.publishing') : t('scoring.publishTheScoringModel')}
        </button>
        <button type="button" className="button button--secondary" onClick={() => (setForm(toForm(props.model)), setErrors({}))}>
          {t('scoring.discardChanges')}
        </button>
      </div>
      <div ref={resultRef} tabIndex={-1} aria-live="polite" className="spaced">
        {result ? <Success>{result}</Success> : null}
      </div>
    </form>
  );
}
