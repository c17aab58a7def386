/**
 * One editor for a condition on the lead (the journey language's ZCondition), wherever one is
 * set: the sequence editor (goals, branch and wait-until steps), the scoring model's fit rules
 * and the triggers. Field / tag / engagement as a form; all / any / not as JSON (they nest).
 * Problems come back by path: `errorAt('')` for the condition as a whole, `errorAt('value')` for
 * one part (the API's own paths, e.g. steps[2].branch.when.value).
 */
import { useEffect, useId, useState, type ReactElement } from 'react';
import { Field } from './Field';
import { CONDITION_FIELDS, CONDITION_OPS, ENGAGEMENT_EVENTS, conditionValue } from '../features/scoring/condition-logic';
import { useT } from '../lib/i18n';

const sentence = (m: string) => m.charAt(0).toUpperCase() + m.slice(1);
const PARTS = ['field', 'op', 'value', 'has', 'event', 'step'] as const;

export function ConditionEditor(props: {
  /** The legend: what the condition decides ("When", "Goal 1 is met when"). */
  label: string;
  hint?: string | undefined;
  /** A condition; null or undefined is "every lead" when `allowNone`. */
  value: unknown;
  onChange: (v: unknown) => void;
  /** Offer "every lead" (no condition, null): triggers. */
  allowNone?: boolean;
  /** A problem with the condition ('') or one of its parts ('field', 'value', …). */
  errorAt?: (part: string) => string | undefined;
  /** The steps whose email an engagement condition may name (the sequence editor); none elsewhere. */
  stepIds?: readonly string[];
  /** Which condition this is (its path): the JSON text starts afresh when another one is shown. */
  path: string;
}): ReactElement {
  const t = useT();
  const id = useId();
  const none = props.value === null || props.value === undefined;
  const c = (props.value ?? {}) as Record<string, unknown>;
  const type = none && props.allowNone ? 'none' : typeof c['type'] === 'string' ? c['type'] : 'field';
  const nested = type === 'all' || type === 'any' || type === 'not';
  const err = (part: string) => props.errorAt?.(part);
  const [json, setJson] = useState(() => JSON.stringify(props.value ?? {}, null, 2));
  const [jsonError, setJsonError] = useState<string | null>(null);
  useEffect(() => {
    if (nested) setJson(JSON.stringify(props.value ?? {}, null, 2));
    setJsonError(null);
    // Only when switching kinds or editing another condition; typing keeps its own text.
  }, [type, props.path]);
  const set = (patch: Record<string, unknown>) => props.onChange({ ...c, ...patch });
  const switchTo = (kind: string) => {
    const inner = Object.keys(c).length ? c : { type: 'tag', has: '' };
    if (kind === 'none') props.onChange(null);
    else if (kind === 'field') props.onChange({ type: 'field', field: 'heat', op: 'eq', value: 'HOT' });
    else if (kind === 'tag') props.onChange({ type: 'tag', has: '' });
    else if (kind === 'engagement') props.onChange({ type: 'engagement', event: 'clicked' });
    else if (kind === 'not') props.onChange({ type: 'not', condition: inner });
    else props.onChange({ type: kind, of: [inner] });
  };
  const own = err('');
  const fieldsId = `${id}-fields`;
  const eventsId = `${id}-events`;
  return (
    <fieldset className="condition">
      <legend>{props.label}</legend>
      {props.hint ? <p className="hint">{props.hint}</p> : null}
      <Field label={t('condition.kind')}>
        {(control) => (
          <select {...control} value={type} onChange={(e) => switchTo(e.target.value)}>
            {props.allowNone ? <option value="none">{t('condition.kinds.none')}</option> : null}
            {(['field', 'tag', 'engagement', 'all', 'any', 'not'] as const).map((kind) => (
              <option key={kind} value={kind}>
                {t(`condition.kinds.${kind}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      {type === 'field' ? (
        <>
          <Field label={t('condition.field')} hint={t('condition.fieldHint', { fields: CONDITION_FIELDS.join(', ') })} error={err('field')}>
            {(control) => (
              <input {...control} list={fieldsId} value={String(c['field'] ?? '')} onChange={(e) => set({ field: e.target.value })} />
            )}
          </Field>
          <datalist id={fieldsId}>
            {CONDITION_FIELDS.map((f) => (
              <option key={f} value={f} />
            ))}
          </datalist>
          <Field label={t('condition.comparison')} error={err('op')}>
            {(control) => (
              <select {...control} value={String(c['op'] ?? 'eq')} onChange={(e) => set({ op: e.target.value })}>
                {CONDITION_OPS.map((o) => (
                  <option key={o} value={o}>
                    {t(`condition.op.${o}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
          {c['op'] !== 'exists' ? (
            <Field
              label={t('condition.value')}
              hint={c['op'] === 'in' ? t('condition.valuesHint') : t('condition.valueHint')}
              error={err('value')}
            >
              {(control) => (
                <input
                  {...control}
                  value={Array.isArray(c['value']) ? c['value'].join(', ') : c['value'] === undefined ? '' : String(c['value'])}
                  onChange={(e) => set({ value: conditionValue(e.target.value, String(c['op'] ?? 'eq')) })}
                />
              )}
            </Field>
          ) : null}
        </>
      ) : null}
      {type === 'tag' ? (
        <Field label={t('condition.tag')} error={err('has')}>
          {(control) => <input {...control} value={String(c['has'] ?? '')} onChange={(e) => set({ has: e.target.value })} />}
        </Field>
      ) : null}
      {type === 'engagement' ? (
        <>
          <Field label={t('condition.event')} hint={t('condition.eventHint')} error={err('event')}>
            {(control) => (
              <input {...control} list={eventsId} value={String(c['event'] ?? '')} onChange={(e) => set({ event: e.target.value })} />
            )}
          </Field>
          <datalist id={eventsId}>
            {ENGAGEMENT_EVENTS.map((e) => (
              <option key={e} value={e} />
            ))}
          </datalist>
          {props.stepIds ? (
            <Field label={t('condition.step')} hint={t('condition.stepHint')} error={err('step')}>
              {(control) => (
                <select {...control} value={String(c['step'] ?? '')} onChange={(e) => set({ step: e.target.value || undefined })}>
                  <option value="">{t('condition.anyEmail')}</option>
                  {props.stepIds?.map((step) => (
                    <option key={step} value={step}>
                      {step}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          ) : null}
        </>
      ) : null}
      {nested ? (
        <Field label={t('condition.json')} hint={t('condition.jsonHint')} error={jsonError ?? own}>
          {(control) => (
            <textarea
              {...control}
              className="condition-json"
              rows={6}
              spellCheck={false}
              value={json}
              onChange={(e) => {
                setJson(e.target.value);
                try {
                  props.onChange(JSON.parse(e.target.value));
                  setJsonError(null);
                } catch (x) {
                  setJsonError(t('condition.notJson', { message: (x as Error).message }));
                }
              }}
            />
          )}
        </Field>
      ) : own && !PARTS.some((part) => err(part)) ? (
        <p className="error">{sentence(own)}</p>
      ) : null}
    </fieldset>
  );
}
