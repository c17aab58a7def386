import { useRef, useState, type FormEvent, type ReactElement } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { ZScoringModel, type TScoringModel } from '@domain/scoring/schemas';
import { api, data } from '../../api/client';
import { ApiError, errorMessage } from '../../api/errors';
import { canConfigure } from '../../app/access';
import { useUser } from '../auth/session';
import { humanize } from '../../components/Badge';
import { Field } from '../../components/Field';
import { Alert, Loading, QueryError, Success } from '../../components/Messages';
import { usePageTitle } from '../../components/PageTitle';
import { TableWrap } from '../../components/TableWrap';
import { ConditionEditor } from './ConditionEditor';
import { describeCondition, fromSimple, toSimple, type TSimpleCondition } from './condition-logic';
import '../../components/config-pages.css';

const ENGAGEMENT_EVENTS = ['opened', 'clicked', 'replied', 'meeting_booked', 'purchased', 'bounced', 'complained'];

type TForm = {
  mql: string;
  sql: string;
  fit: { id: string; when: TSimpleCondition; points: string }[];
  engagement: { event: string; points: string; halfLifeDays: string }[];
};

const toForm = (m: TScoringModel): TForm => ({
  mql: String(m.thresholds.mql),
  sql: String(m.thresholds.sql),
  fit: m.fit.map((r) => ({ id: r.id, when: toSimple(r.when), points: String(r.points) })),
  engagement: m.engagement.map((r) => ({ event: r.event, points: String(r.points), halfLifeDays: String(r.halfLifeDays) })),
});

const num = (text: string): number => (text.trim() === '' ? Number.NaN : Number(text));

/** The lead-scoring model in force: fit rules, engagement points with their half-life, the MQL and SQL thresholds. */
export default function ScoringPage(): ReactElement {
  usePageTitle('Scoring');
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
          <h1>Lead scoring</h1>
          <p className="subtitle">
            Fit points for what a lead is, engagement points for what it did (halving every half-life). A score at or above a threshold
            moves a new lead to MQL or SQL.
          </p>
        </div>
      </div>
      {scoring.isPending ? <Loading label="Loading the scoring model…" /> : null}
      {scoring.isError ? <QueryError error={scoring.error} what="the scoring model" retry={() => void scoring.refetch()} /> : null}
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
  const { model } = props;
  return (
    <>
      <p className="muted">
        {props.version === 0 ? 'The built-in model (never changed).' : `Version ${props.version}.`} Marketing and admins can change it.
      </p>
      <section className="panel" aria-labelledby="thresholds-title">
        <h2 id="thresholds-title">Thresholds</h2>
        <p>
          MQL at <strong>{model.thresholds.mql}</strong> points, SQL at <strong>{model.thresholds.sql}</strong> points.
        </p>
      </section>
      <section className="panel" aria-labelledby="fit-title">
        <h2 id="fit-title">Fit rules</h2>
        <TableWrap label="Fit rules">
          <table>
            <thead>
              <tr>
                <th scope="col">Rule</th>
                <th scope="col">When</th>
                <th scope="col">Points</th>
              </tr>
            </thead>
            <tbody>
              {model.fit.map((r) => (
                <tr key={r.id}>
                  <td>{r.id}</td>
                  <td>{describeCondition(r.when)}</td>
                  <td>{r.points}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      </section>
      <section className="panel" aria-labelledby="engagement-title">
        <h2 id="engagement-title">Engagement</h2>
        <TableWrap label="Engagement rules">
          <table>
            <thead>
              <tr>
                <th scope="col">Event</th>
                <th scope="col">Points</th>
                <th scope="col">Half-life</th>
              </tr>
            </thead>
            <tbody>
              {model.engagement.map((r) => (
                <tr key={r.event}>
                  <td>{humanize(r.event)}</td>
                  <td>{r.points}</td>
                  <td>{r.halfLifeDays} days</td>
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
  const queryClient = useQueryClient();
  const [form, setForm] = useState<TForm>(() => toForm(props.model));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [result, setResult] = useState<string>();
  const resultRef = useRef<HTMLDivElement>(null);

  const publish = useMutation({
    mutationFn: (model: TScoringModel) => data(api.PUT('/scoring', { body: model })),
    onSuccess: async (saved) => {
      setResult(
        saved.version === props.version ? `No change: version ${saved.version} stays in force.` : `Published version ${saved.version}.`,
      );
      requestAnimationFrame(() => resultRef.current?.focus());
      await queryClient.invalidateQueries({ queryKey: ['scoring'] });
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setResult(undefined);
    const found: Record<string, string> = {};
    const fit = form.fit.map((r, i) => {
      const when = fromSimple(r.when);
      if ('error' in when) found[`fit.${i}.when`] = when.error;
      return { id: r.id.trim(), when: 'condition' in when ? when.condition : null, points: num(r.points) };
    });
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
    <form className="data-form" onSubmit={submit} noValidate aria-label="Scoring model">
      <p className="muted">
        {props.version === 0 ? 'The built-in model: publishing makes version 1.' : `Version ${props.version} is in force.`}
      </p>
      <section className="panel" aria-labelledby="thresholds-title">
        <h2 id="thresholds-title">Thresholds</h2>
        <div className="rule-row">
          <Field label="MQL at (points)" error={err('thresholds.mql')}>
            {(c) => <input {...c} type="number" value={form.mql} onChange={(e) => setForm({ ...form, mql: e.target.value })} />}
          </Field>
          <Field label="SQL at (points)" error={err('thresholds.sql')}>
            {(c) => <input {...c} type="number" value={form.sql} onChange={(e) => setForm({ ...form, sql: e.target.value })} />}
          </Field>
        </div>
      </section>

      <section className="panel" aria-labelledby="fit-title">
        <h2 id="fit-title">Fit rules</h2>
        {form.fit.length === 0 ? <p className="muted">No fit rules: only engagement counts.</p> : null}
        {form.fit.map((r, i) => (
          <fieldset key={i} aria-label={`Fit rule ${r.id || i + 1}`}>
            <legend>Fit rule {i + 1}</legend>
            <div className="rule-row">
              <Field label="Rule id" hint="Lower-case letters, digits, dashes" error={err(`fit.${i}.id`)}>
                {(c) => <input {...c} type="text" value={r.id} onChange={(e) => setFit(i, { id: e.target.value })} />}
              </Field>
              <Field label="Points" error={err(`fit.${i}.points`)}>
                {(c) => <input {...c} type="number" value={r.points} onChange={(e) => setFit(i, { points: e.target.value })} />}
              </Field>
              <div className="button-row">
                <button
                  type="button"
                  className="button button--secondary"
                  onClick={() => setForm((f) => ({ ...f, fit: f.fit.filter((_, j) => j !== i) }))}
                >
                  Remove rule {r.id || i + 1}
                </button>
              </div>
            </div>
            <ConditionEditor legend="When" value={r.when} onChange={(when) => setFit(i, { when })} error={err(`fit.${i}.when`)} />
          </fieldset>
        ))}
        <button
          type="button"
          className="button button--secondary"
          onClick={() =>
            setForm((f) => ({
              ...f,
              fit: [...f.fit, { id: '', when: { kind: 'field', field: 'heat', op: 'eq', value: '' }, points: '10' }],
            }))
          }
        >
          Add a fit rule
        </button>
      </section>

      <section className="panel" aria-labelledby="engagement-title">
        <h2 id="engagement-title">Engagement</h2>
        {form.engagement.map((r, i) => (
          <div key={i} className="rule-row" role="group" aria-label={`Engagement rule ${i + 1}`}>
            <Field label="Event" hint="A built-in event or custom:<name>" error={err(`engagement.${i}.event`)}>
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
            <Field label="Points" error={err(`engagement.${i}.points`)}>
              {(c) => <input {...c} type="number" value={r.points} onChange={(e) => setEngagement(i, { points: e.target.value })} />}
            </Field>
            <Field label="Half-life (days)" error={err(`engagement.${i}.halfLifeDays`)}>
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
                Remove {r.event || `rule ${i + 1}`}
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
          Add an engagement rule
        </button>
      </section>

      {count ? (
        <Alert>{count === 1 ? 'One field needs attention' : `${count} fields need attention`}: see the messages beside them.</Alert>
      ) : null}
      {publish.isError ? <Alert>{errorMessage(publish.error)}</Alert> : null}
      <div className="button-row">
        <button type="submit" className="button" disabled={publish.isPending}>
          {publish.isPending ? 'Publishing…' : 'Publish the scoring model'}
        </button>
        <button type="button" className="button button--secondary" onClick={() => (setForm(toForm(props.model)), setErrors({}))}>
          Discard changes
        </button>
      </div>
      <div ref={resultRef} tabIndex={-1} aria-live="polite" className="spaced">
        {result ? <Success>{result}</Success> : null}
      </div>
    </form>
  );
}
