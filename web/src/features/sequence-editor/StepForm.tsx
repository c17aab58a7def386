/**
 * The side panel: a form for the selected step, every field of its type (fields.ts) with helper
 * text, and each problem the journey language finds shown under its field as the person types
 * (the same path the API reports, e.g. steps[2].wait.duration).
 */
import { useEffect, useId, useState, type ReactElement } from 'react';
import { Field } from '../../components/Field';
import { CONDITION_FIELDS, CONDITION_OPS, EVENTS, STEP_FIELDS, type TFieldSpec } from './fields';
import { getAt, issueAt, stepTypeLabel, STEP_TYPES, type TEditStep, type TIssue } from './model';

type TChange = (path: string, value: unknown) => void;

const sentence = (m: string) => m.charAt(0).toUpperCase() + m.slice(1);

function scalar(text: string): string | number | boolean {
  const t = text.trim();
  if (t === 'true' || t === 'false') return t === 'true';
  if (t !== '' && !Number.isNaN(Number(t))) return Number(t);
  return t;
}

/** A select of where to continue: the following step, or any step by id. */
function StepTargetSelect(props: {
  id?: string;
  value: unknown;
  ids: readonly string[];
  onChange: (v: string) => void;
  label?: string;
  describedBy?: string | undefined;
  invalid?: boolean | undefined;
}): ReactElement {
  const value = typeof props.value === 'string' ? props.value : 'next';
  return (
    <select
      id={props.id}
      aria-label={props.label}
      aria-describedby={props.describedBy}
      aria-invalid={props.invalid}
      value={value}
      onChange={(e) => props.onChange(e.target.value)}
    >
      <option value="next">the next step</option>
      {props.ids.map((id) => (
        <option key={id} value={id}>
          step {id}
        </option>
      ))}
      {value !== 'next' && !props.ids.includes(value) ? <option value={value}>{value} (no such step)</option> : null}
    </select>
  );
}

/** A condition: field / tag / engagement as a form; all / any / not as JSON (they nest). */
export function ConditionEditor(props: {
  label: string;
  hint: string;
  value: unknown;
  issues: readonly TIssue[];
  path: string;
  ids: readonly string[];
  onChange: (v: unknown) => void;
}): ReactElement {
  const c = (props.value ?? {}) as Record<string, unknown>;
  const type = typeof c['type'] === 'string' ? c['type'] : 'field';
  const err = (sub: string) => issueAt(props.issues, `${props.path}.${sub}`);
  const [json, setJson] = useState(() => JSON.stringify(props.value ?? {}, null, 2));
  const [jsonError, setJsonError] = useState<string | null>(null);
  useEffect(() => {
    if (type === 'all' || type === 'any' || type === 'not') setJson(JSON.stringify(props.value ?? {}, null, 2));
    // Only when switching kinds or selecting another step; typing keeps its own text.
  }, [type, props.path]);
  const set = (patch: Record<string, unknown>) => props.onChange({ ...c, ...patch });
  const switchTo = (t: string) => {
    if (t === 'field') props.onChange({ type: 'field', field: 'heat', op: 'eq', value: 'HOT' });
    else if (t === 'tag') props.onChange({ type: 'tag', has: '' });
    else if (t === 'engagement') props.onChange({ type: 'engagement', event: 'clicked' });
    else if (t === 'not') props.onChange({ type: 'not', condition: Object.keys(c).length ? c : { type: 'tag', has: '' } });
    else props.onChange({ type: t, of: [Object.keys(c).length ? c : { type: 'tag', has: '' }] });
  };
  const own = issueAt(props.issues, props.path);
  return (
    <fieldset className="condition">
      <legend>{props.label}</legend>
      <p className="hint">{props.hint}</p>
      <Field label="Kind of condition">
        {(control) => (
          <select {...control} value={type} onChange={(e) => switchTo(e.target.value)}>
            <option value="field">a field of the lead</option>
            <option value="tag">the lead has a tag</option>
            <option value="engagement">the lead engaged (opened, clicked…)</option>
            <option value="all">all of several (JSON)</option>
            <option value="any">any of several (JSON)</option>
            <option value="not">not (JSON)</option>
          </select>
        )}
      </Field>
      {type === 'field' ? (
        <>
          <Field label="Field" hint={`${CONDITION_FIELDS.join(', ')} or attributes.<name>`} error={err('field')}>
            {(control) => (
              <input
                {...control}
                list="condition-fields"
                value={String(c['field'] ?? '')}
                onChange={(e) => set({ field: e.target.value })}
              />
            )}
          </Field>
          <datalist id="condition-fields">
            {CONDITION_FIELDS.map((f) => (
              <option key={f} value={f} />
            ))}
          </datalist>
          <Field label="Comparison" error={err('op')}>
            {(control) => (
              <select {...control} value={String(c['op'] ?? 'eq')} onChange={(e) => set({ op: e.target.value })}>
                {CONDITION_OPS.map((o) => (
                  <option key={o} value={o}>
                    {o}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {c['op'] !== 'exists' ? (
            <Field
              label="Value"
              hint={c['op'] === 'in' ? 'Comma-separated values.' : 'Text, a number, true or false.'}
              error={err('value')}
            >
              {(control) => (
                <input
                  {...control}
                  value={Array.isArray(c['value']) ? c['value'].join(', ') : c['value'] === undefined ? '' : String(c['value'])}
                  onChange={(e) =>
                    set({
                      value:
                        c['op'] === 'in'
                          ? e.target.value
                              .split(',')
                              .map((v) => scalar(v))
                              .filter((v) => v !== '')
                          : scalar(e.target.value),
                    })
                  }
                />
              )}
            </Field>
          ) : null}
        </>
      ) : null}
      {type === 'tag' ? (
        <Field label="Tag" error={err('has')}>
          {(control) => <input {...control} value={String(c['has'] ?? '')} onChange={(e) => set({ has: e.target.value })} />}
        </Field>
      ) : null}
      {type === 'engagement' ? (
        <>
          <Field label="Event" hint="Built-in events, or custom:<name>." error={err('event')}>
            {(control) => (
              <input
                {...control}
                list="engagement-events"
                value={String(c['event'] ?? '')}
                onChange={(e) => set({ event: e.target.value })}
              />
            )}
          </Field>
          <datalist id="engagement-events">
            {EVENTS.map((e) => (
              <option key={e} value={e} />
            ))}
          </datalist>
          <Field label="With the email of step" hint="Optional: only this step’s email counts." error={err('step')}>
            {(control) => (
              <select {...control} value={String(c['step'] ?? '')} onChange={(e) => set({ step: e.target.value || undefined })}>
                <option value="">any email of this journey</option>
                {props.ids.map((id) => (
                  <option key={id} value={id}>
                    {id}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </>
      ) : null}
      {type === 'all' || type === 'any' || type === 'not' ? (
        <Field
          label="Condition (JSON)"
          hint='e.g. {"type":"all","of":[{"type":"tag","has":"vip"},{"type":"field","field":"heat","op":"eq","value":"HOT"}]}'
          error={jsonError ?? own}
        >
          {(control) => (
            <textarea
              {...control}
              rows={6}
              spellCheck={false}
              value={json}
              onChange={(e) => {
                setJson(e.target.value);
                try {
                  props.onChange(JSON.parse(e.target.value));
                  setJsonError(null);
                } catch (x) {
                  setJsonError(`not valid JSON yet: ${(x as Error).message}`);
                }
              }}
            />
          )}
        </Field>
      ) : own &&
        type !== 'all' &&
        type !== 'any' &&
        type !== 'not' &&
        !err('field') &&
        !err('has') &&
        !err('event') &&
        !err('op') &&
        !err('value') &&
        !err('step') ? (
        <p className="error">{sentence(own)}</p>
      ) : null}
    </fieldset>
  );
}

/** Rows of key → value (event → step, locale → template), added and removed in place. */
function PairsEditor(props: {
  spec: TFieldSpec;
  value: unknown;
  issues: readonly TIssue[];
  keyLabel: string;
  keyList?: readonly string[];
  renderValue: (value: unknown, onChange: (v: unknown) => void, label: string, invalid: boolean) => ReactElement;
  newPair: (taken: string[]) => [string, unknown];
  onChange: (v: Record<string, unknown>) => void;
}): ReactElement {
  const id = useId();
  const entries = Object.entries((props.value ?? {}) as Record<string, unknown>);
  const update = (i: number, key: string, value: unknown) =>
    props.onChange(Object.fromEntries(entries.map((e, j) => (j === i ? [key, value] : e))));
  const own = issueAt(props.issues, props.spec.path);
  return (
    <fieldset className="pairs">
      <legend>{props.spec.label}</legend>
      <p className="hint" id={`${id}-hint`}>
        {props.spec.hint}
      </p>
      {entries.length ? (
        <ul className="plain-list pairs__rows">
          {entries.map(([k, v], i) => {
            const rowError = issueAt(props.issues, `${props.spec.path}.${k}`);
            return (
              <li key={i}>
                <input
                  aria-label={`${props.keyLabel} ${i + 1}`}
                  list={props.keyList ? `${id}-keys` : undefined}
                  value={k}
                  onChange={(e) => update(i, e.target.value, v)}
                />
                <span aria-hidden="true">→</span>
                {props.renderValue(v, (nv) => update(i, k, nv), `${props.spec.label}: ${k || props.keyLabel}`, Boolean(rowError))}
                <button
                  type="button"
                  className="button button--quiet"
                  onClick={() => props.onChange(Object.fromEntries(entries.filter((_, j) => j !== i)))}
                >
                  Remove<span className="visually-hidden"> {k}</span>
                </button>
                {rowError ? <span className="error">{sentence(rowError)}</span> : null}
              </li>
            );
          })}
        </ul>
      ) : null}
      {props.keyList ? (
        <datalist id={`${id}-keys`}>
          {props.keyList.map((k) => (
            <option key={k} value={k} />
          ))}
        </datalist>
      ) : null}
      <button
        type="button"
        className="button button--secondary"
        onClick={() => {
          const [k, v] = props.newPair(entries.map(([key]) => key));
          props.onChange({ ...Object.fromEntries(entries), [k]: v });
        }}
      >
        Add {props.keyLabel.toLowerCase()}
      </button>
      {own && !entries.some(([k]) => issueAt(props.issues, `${props.spec.path}.${k}`)) ? <p className="error">{sentence(own)}</p> : null}
    </fieldset>
  );
}

function SpecField(props: {
  spec: TFieldSpec;
  step: TEditStep;
  index: number;
  ids: readonly string[];
  issues: readonly TIssue[];
  onChange: TChange;
}): ReactElement {
  const { spec, step, issues } = props;
  const value = getAt(step, spec.path.split('.'));
  const error = issueAt(issues, spec.path);
  const set = (v: unknown) => props.onChange(spec.path, v);
  const otherIds = props.ids.filter((id) => id !== step.id);
  switch (spec.kind) {
    case 'condition':
    case 'optionalCondition':
      if (spec.kind === 'optionalCondition' && value === undefined)
        return (
          <div className="field">
            <span className="label">{spec.label}</span>
            <span className="hint">{spec.hint}</span>
            <button type="button" className="button button--secondary" onClick={() => set({ type: 'tag', has: '' })}>
              Add a “{spec.label.toLowerCase()}” condition
            </button>
          </div>
        );
      return (
        <>
          <ConditionEditor
            label={spec.label}
            hint={spec.hint}
            value={value}
            issues={issues}
            path={spec.path}
            ids={otherIds}
            onChange={set}
          />
          {spec.kind === 'optionalCondition' ? (
            <button type="button" className="button button--quiet" onClick={() => set(undefined)}>
              Remove the “{spec.label.toLowerCase()}” condition
            </button>
          ) : null}
        </>
      );
    case 'answerMap':
      return (
        <PairsEditor
          spec={spec}
          value={value}
          issues={issues}
          keyLabel="Answer"
          onChange={set}
          newPair={(taken) => [['customer', 'lead', 'unknown'].find((v) => !taken.includes(v)) ?? `answer-${taken.length + 1}`, 'next']}
          renderValue={(v, onChange, label, invalid) => (
            <StepTargetSelect value={v} ids={otherIds} onChange={onChange} label={`${label}, continue at`} invalid={invalid || undefined} />
          )}
        />
      );
    case 'webhookAnswer':
      return (
        <div className="field">
          <label className="checkbox">
            <input
              type="checkbox"
              checked={value !== undefined}
              onChange={(e) => set(e.target.checked ? { field: 'result', on: {}, otherwise: 'next', onError: 'next' } : undefined)}
            />{' '}
            {spec.label}
          </label>
          <span className="hint">{spec.hint}</span>
        </div>
      );
    case 'eventMap':
      return (
        <PairsEditor
          spec={spec}
          value={value}
          issues={issues}
          keyLabel="Event"
          keyList={EVENTS}
          onChange={set}
          newPair={(taken) => [EVENTS.find((e) => !taken.includes(e)) ?? 'custom:event', 'next']}
          renderValue={(v, onChange, label, invalid) => (
            <StepTargetSelect value={v} ids={otherIds} onChange={onChange} label={`${label}, continue at`} invalid={invalid || undefined} />
          )}
        />
      );
    case 'splitVariants': {
      const variants = Array.isArray(value) ? (value as Array<{ name?: unknown; weight?: unknown; goTo?: unknown }>) : [];
      const setVariant = (i: number, patch: Record<string, unknown>) => set(variants.map((v, j) => (j === i ? { ...v, ...patch } : v)));
      const own = error;
      return (
        <fieldset className="field">
          <legend className="label">{spec.label}</legend>
          <span className="hint">{spec.hint}</span>
          {variants.map((v, i) => (
            <div key={i} className="pair-row">
              <input
                aria-label={`Variant ${i + 1}, name`}
                aria-invalid={issueAt(issues, `${spec.path}.${i}.name`) ? true : undefined}
                value={String(v.name ?? '')}
                onChange={(e) => setVariant(i, { name: e.target.value })}
              />
              <input
                type="number"
                min={1}
                aria-label={`Variant ${i + 1}, weight`}
                value={typeof v.weight === 'number' ? v.weight : 1}
                onChange={(e) => setVariant(i, { weight: Number(e.target.value) })}
              />
              <StepTargetSelect
                value={v.goTo}
                ids={otherIds}
                onChange={(to) => setVariant(i, { goTo: to })}
                label={`Variant ${i + 1}, continue at`}
              />
              <button type="button" className="button button--quiet" onClick={() => set(variants.filter((_, j) => j !== i))}>
                Remove variant {String(v.name ?? i + 1)}
              </button>
              {issueAt(issues, `${spec.path}.${i}.name`) ? (
                <p className="error">{sentence(issueAt(issues, `${spec.path}.${i}.name`)!)}</p>
              ) : null}
            </div>
          ))}
          <button
            type="button"
            className="button button--secondary"
            onClick={() => set([...variants, { name: String.fromCharCode(65 + variants.length), weight: 1, goTo: 'next' }])}
          >
            Add variant
          </button>
          {own ? <p className="error">{sentence(own)}</p> : null}
        </fieldset>
      );
    }
    case 'splitWinner':
      return (
        <div className="field">
          <label className="checkbox">
            <input
              type="checkbox"
              checked={value !== undefined}
              onChange={(e) => set(e.target.checked ? { after: '7 days', metric: 'clicked' } : undefined)}
            />{' '}
            {spec.label}
          </label>
          <span className="hint">{spec.hint}</span>
        </div>
      );
    case 'variants':
      return (
        <PairsEditor
          spec={spec}
          value={value}
          issues={issues}
          keyLabel="Locale"
          onChange={set}
          newPair={(taken) => [['fi', 'sv', 'de', 'fr', 'es', 'hy', 'kk', 'mt', 'ar'].find((l) => !taken.includes(l)) ?? '', '']}
          renderValue={(v, onChange, label, invalid) => (
            <input
              aria-label={`${label}, template`}
              aria-invalid={invalid || undefined}
              value={String(v ?? '')}
              onChange={(e) => onChange(e.target.value)}
            />
          )}
        />
      );
    default:
      break;
  }
  return (
    <Field label={spec.label} hint={spec.hint} error={error}>
      {(control) => {
        switch (spec.kind) {
          case 'textarea':
            return <textarea {...control} rows={4} value={String(value ?? '')} onChange={(e) => set(e.target.value)} />;
          case 'number':
            return (
              <input
                {...control}
                type="number"
                inputMode="numeric"
                value={value === undefined ? '' : String(value)}
                onChange={(e) => set(e.target.value === '' ? undefined : Number(e.target.value))}
              />
            );
          case 'select':
            return (
              <select {...control} value={String(value ?? '')} onChange={(e) => set(e.target.value || undefined)}>
                <option value="">{spec.path === 'email.from' ? 'marketing (default)' : 'not set'}</option>
                {(spec.options ?? []).map((o) => (
                  <option key={o} value={o}>
                    {o}
                  </option>
                ))}
              </select>
            );
          case 'stepRef':
            return (
              <StepTargetSelect
                id={control.id}
                describedBy={control['aria-describedby']}
                invalid={control['aria-invalid']}
                value={value}
                ids={otherIds}
                onChange={set}
              />
            );
          case 'earlierStep':
            return (
              <select {...control} value={String(value ?? '')} onChange={(e) => set(e.target.value)}>
                <option value="">choose a step</option>
                {props.ids.slice(0, props.index).map((id) => (
                  <option key={id} value={id}>
                    step {id}
                  </option>
                ))}
                {typeof value === 'string' && value && !props.ids.slice(0, props.index).includes(value) ? (
                  <option value={value}>{value} (not an earlier step)</option>
                ) : null}
              </select>
            );
          case 'list':
            return (
              <input
                {...control}
                value={Array.isArray(value) ? value.join(', ') : ''}
                onChange={(e) => {
                  const items = e.target.value.split(',').map((t) => t.trim());
                  set(e.target.value.trim() === '' ? undefined : items.filter((t, i) => t !== '' || i === items.length - 1));
                }}
              />
            );
          case 'notifyTo': {
            const to = value === 'owner' || value === undefined ? 'owner' : 'email';
            const email = value && typeof value === 'object' ? String((value as Record<string, unknown>)['email'] ?? '') : '';
            return (
              <span className="notify-to">
                <select {...control} value={to} onChange={(e) => set(e.target.value === 'owner' ? 'owner' : { email: '' })}>
                  <option value="owner">the lead’s rep (owner)</option>
                  <option value="email">an email address</option>
                </select>
                {to === 'email' ? (
                  <input
                    aria-label="Notify address"
                    type="email"
                    value={email}
                    aria-invalid={Boolean(issueAt(issues, 'notify.to.email')) || undefined}
                    onChange={(e) => set({ email: e.target.value })}
                  />
                ) : null}
              </span>
            );
          }
          default:
            return (
              <input
                {...control}
                value={value === undefined ? '' : String(value)}
                placeholder={
                  spec.kind === 'duration' ? 'e.g. 3 days' : spec.kind === 'datetime' ? 'e.g. 2026-12-01T09:00:00+02:00' : undefined
                }
                onChange={(e) => set(e.target.value === '' && spec.kind !== 'text' ? undefined : e.target.value)}
              />
            );
        }
      }}
    </Field>
  );
}

export function StepForm(props: {
  step: TEditStep;
  index: number;
  count: number;
  ids: readonly string[];
  issues: readonly TIssue[];
  onChange: TChange;
  onRename: (id: string) => void;
  onMove: (to: number) => void;
  onDelete: () => void;
}): ReactElement {
  const { step, index, issues } = props;
  const [idText, setIdText] = useState(step.id);
  useEffect(() => setIdText(step.id), [step.id]);
  const idError =
    issueAt(issues, 'id') ?? (idText !== step.id && props.ids.includes(idText) ? `another step is already ${idText}` : undefined);
  const fieldPaths = STEP_FIELDS[step.type]?.map((f) => f.path) ?? [];
  // Problems with the step as a whole (e.g. "set exactly one of …" on `wait`), not with one of its fields.
  const general = issues.filter(
    (i) =>
      i.path !== 'id' &&
      i.path !== 'name' &&
      !fieldPaths.some((p) => i.path === p || i.path.startsWith(`${p}.`) || i.path.startsWith(`${p}[`)),
  );
  return (
    <section className="step-form" aria-labelledby="step-form-title">
      <h2 id="step-form-title">
        Step {index + 1}: {stepTypeLabel(step.type)}
      </h2>
      <p className="hint">{STEP_TYPES.find((t) => t.type === step.type)?.hint}</p>
      <div className="step-form__actions" role="group" aria-label="Step actions">
        <button type="button" className="button button--secondary" disabled={index === 0} onClick={() => props.onMove(index - 1)}>
          Move up
        </button>
        <button
          type="button"
          className="button button--secondary"
          disabled={index === props.count - 1}
          onClick={() => props.onMove(index + 1)}
        >
          Move down
        </button>
        <button type="button" className="button button--danger" disabled={props.count === 1} onClick={props.onDelete}>
          Delete step
        </button>
      </div>
      {general.length ? (
        <ul className="step-form__problems" aria-label="Problems with this step">
          {general.map((g) => (
            <li key={`${g.path}:${g.message}`} className="error">
              {g.path ? `${g.path}: ` : ''}
              {g.message}
            </li>
          ))}
        </ul>
      ) : null}
      <Field
        label="Step id"
        hint="Lower-case letters, digits, _ or -. Jumps and conditions refer to it; renaming updates them."
        error={idError}
      >
        {(control) => (
          <input
            {...control}
            value={idText}
            onChange={(e) => setIdText(e.target.value)}
            onBlur={() => {
              if (idText !== step.id && !props.ids.includes(idText)) props.onRename(idText);
              else setIdText(step.id);
            }}
            onKeyDown={(e) => {
              if (e.key === 'Enter') (e.target as HTMLInputElement).blur();
            }}
          />
        )}
      </Field>
      <Field label="Name" hint="Optional, for people: shown on the canvas and in the journey timeline." error={issueAt(issues, 'name')}>
        {(control) => <input {...control} value={step.name ?? ''} onChange={(e) => props.onChange('name', e.target.value || undefined)} />}
      </Field>
      {(STEP_FIELDS[step.type] ?? [])
        .filter((spec) => !spec.shownWhen || spec.shownWhen(step))
        .map((spec) => (
          <SpecField
            key={`${step.id}:${spec.path}`}
            spec={spec}
            step={step}
            index={index}
            ids={props.ids}
            issues={issues}
            onChange={props.onChange}
          />
        ))}
    </section>
  );
}
