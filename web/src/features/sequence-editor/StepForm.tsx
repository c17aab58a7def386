/**
 * The side panel: a form for the selected step, every field of its type (fields.ts) with helper
 * text, and each problem the journey language finds shown under its field as the person types
 * (the same path the API reports, e.g. steps[2].wait.duration).
 */
import { useEffect, useId, useState, type ReactElement } from 'react';
import { ConditionEditor } from '../../components/ConditionEditor';
import { Field } from '../../components/Field';
import { EVENTS, STEP_FIELDS, withText, type TFieldSpec } from './fields';
import { getAt, issueAt, stepTypeHint, stepTypeLabel, type TEditStep, type TIssue } from './model';
import { useT } from '../../lib/i18n';

type TChange = (path: string, value: unknown) => void;

const sentence = (m: string) => m.charAt(0).toUpperCase() + m.slice(1);

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
  const t = useT();
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
      <option value="next">{t('sequenceEditor.theNextStep')}</option>
      {props.ids.map((id) => (
        <option key={id} value={id}>
          {t('sequenceEditor.step', { id })}
        </option>
      ))}
      {value !== 'next' && !props.ids.includes(value) ? <option value={value}>{t('sequenceEditor.noSuchStep', { value })}</option> : null}
    </select>
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
  const t = useT();
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
                  {t('sequenceEditor.remove')}
                  <span className="visually-hidden"> {k}</span>
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
        {t('sequenceEditor.add2', { value: props.keyLabel.toLowerCase() })}
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
  const t = useT();
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
              {t('sequenceEditor.addACondition', { value: spec.label.toLowerCase() })}
            </button>
          </div>
        );
      return (
        <>
          <ConditionEditor
            label={spec.label}
            hint={spec.hint}
            value={value}
            path={spec.path}
            errorAt={(part) => issueAt(issues, part ? `${spec.path}.${part}` : spec.path)}
            stepIds={otherIds}
            onChange={set}
          />
          {spec.kind === 'optionalCondition' ? (
            <button type="button" className="button button--quiet" onClick={() => set(undefined)}>
              {t('sequenceEditor.removeTheCondition', { value: spec.label.toLowerCase() })}
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
          keyLabel={t('sequenceEditor.answer')}
          onChange={set}
          newPair={(taken) => [['customer', 'lead', 'unknown'].find((v) => !taken.includes(v)) ?? `answer-${taken.length + 1}`, 'next']}
          renderValue={(v, onChange, label, invalid) => (
            <StepTargetSelect
              value={v}
              ids={otherIds}
              onChange={onChange}
              label={t('sequenceEditor.continueAt', { label })}
              invalid={invalid || undefined}
            />
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
          keyLabel={t('sequenceEditor.event')}
          keyList={EVENTS}
          onChange={set}
          newPair={(taken) => [EVENTS.find((e) => !taken.includes(e)) ?? 'custom:event', 'next']}
          renderValue={(v, onChange, label, invalid) => (
            <StepTargetSelect
              value={v}
              ids={otherIds}
              onChange={onChange}
              label={t('sequenceEditor.continueAt', { label })}
              invalid={invalid || undefined}
            />
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
                aria-label={t('sequenceEditor.variantName', { n: i + 1 })}
                aria-invalid={issueAt(issues, `${spec.path}.${i}.name`) ? true : undefined}
                value={String(v.name ?? '')}
                onChange={(e) => setVariant(i, { name: e.target.value })}
              />
              <input
                type="number"
                min={1}
                aria-label={t('sequenceEditor.variantWeight', { n: i + 1 })}
                value={typeof v.weight === 'number' ? v.weight : 1}
                onChange={(e) => setVariant(i, { weight: Number(e.target.value) })}
              />
              <StepTargetSelect
                value={v.goTo}
                ids={otherIds}
                onChange={(to) => setVariant(i, { goTo: to })}
                label={t('sequenceEditor.variantContinueAt', { n: i + 1 })}
              />
              <button type="button" className="button button--quiet" onClick={() => set(variants.filter((_, j) => j !== i))}>
                {t('sequenceEditor.removeVariant', { value: String(v.name ?? i + 1) })}
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
            {t('sequenceEditor.addVariant')}
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
          keyLabel={t('sequenceEditor.locale')}
          onChange={set}
          newPair={(taken) => [['fi', 'sv', 'de', 'fr', 'es', 'hy', 'kk', 'mt', 'ar'].find((l) => !taken.includes(l)) ?? '', '']}
          renderValue={(v, onChange, label, invalid) => (
            <input
              aria-label={t('sequenceEditor.template', { label })}
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
                <option value="">{spec.path === 'email.from' ? t('sequenceEditor.marketingDefault') : t('sequenceEditor.notSet')}</option>
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
                <option value="">{t('sequenceEditor.chooseAStep')}</option>
                {props.ids.slice(0, props.index).map((id) => (
                  <option key={id} value={id}>
                    {t('sequenceEditor.step', { id })}
                  </option>
                ))}
                {typeof value === 'string' && value && !props.ids.slice(0, props.index).includes(value) ? (
                  <option value={value}>{t('sequenceEditor.notAnEarlierStep', { value })}</option>
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
                  <option value="owner">{t('sequenceEditor.theLeadSRep')}</option>
                  <option value="email">{t('sequenceEditor.anEmailAddress')}</option>
                </select>
                {to === 'email' ? (
                  <input
                    aria-label={t('sequenceEditor.notifyAddress')}
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
                  spec.kind === 'duration'
                    ? t('sequenceEditor.eG3Days')
                    : spec.kind === 'datetime'
                      ? t('sequenceEditor.eG202612')
                      : undefined
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
  const t = useT();
  const { step, index, issues } = props;
  const [idText, setIdText] = useState(step.id);
  useEffect(() => setIdText(step.id), [step.id]);
  const idError =
    issueAt(issues, 'id') ?? (idText !== step.id && props.ids.includes(idText) ? t('sequenceEditor.idTaken', { id: idText }) : undefined);
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
      <h2 id="step-form-title">{t('sequenceEditor.step2', { n: index + 1, type: stepTypeLabel(t, step.type) })}</h2>
      <p className="hint">{stepTypeHint(t, step.type)}</p>
      <div className="step-form__actions" role="group" aria-label={t('sequenceEditor.stepActions')}>
        <button type="button" className="button button--secondary" disabled={index === 0} onClick={() => props.onMove(index - 1)}>
          {t('sequenceEditor.moveUp')}
        </button>
        <button
          type="button"
          className="button button--secondary"
          disabled={index === props.count - 1}
          onClick={() => props.onMove(index + 1)}
        >
          {t('sequenceEditor.moveDown')}
        </button>
        <button type="button" className="button button--danger" disabled={props.count === 1} onClick={props.onDelete}>
          {t('sequenceEditor.deleteStep')}
        </button>
      </div>
      {general.length ? (
        <ul className="step-form__problems" aria-label={t('sequenceEditor.problemsWithThisStep')}>
          {general.map((g) => (
            <li key={`${g.path}:${g.message}`} className="error">
              {g.path ? `${g.path}: ` : ''}
              {g.message}
            </li>
          ))}
        </ul>
      ) : null}
      <Field label={t('sequenceEditor.stepId')} hint={t('sequenceEditor.lowerCaseLettersDigits2')} error={idError}>
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
      <Field label={t('sequenceEditor.name')} hint={t('sequenceEditor.optionalForPeopleShown')} error={issueAt(issues, 'name')}>
        {(control) => <input {...control} value={step.name ?? ''} onChange={(e) => props.onChange('name', e.target.value || undefined)} />}
      </Field>
      {(STEP_FIELDS[step.type] ?? [])
        .filter((spec) => !spec.shownWhen || spec.shownWhen(step))
        .map((spec) => (
          <SpecField
            key={`${step.id}:${spec.path}`}
            spec={withText(t, spec)}
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
