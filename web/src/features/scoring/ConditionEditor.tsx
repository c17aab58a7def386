import { useId, type ReactElement } from 'react';
import { CONDITION_FIELDS, CONDITION_OPS, OP_WORDS, type TConditionOp, type TSimpleCondition } from './condition-logic';

/**
 * A condition on the lead: one field compared to a value, one tag, or (for all / any / not /
 * engagement) the condition as JSON. The page validates the result with the API's schema and
 * passes its message back as `error`.
 */
export function ConditionEditor(props: {
  legend: string;
  value: TSimpleCondition;
  onChange: (value: TSimpleCondition) => void;
  /** Offer "every lead" (no condition): triggers. */
  allowNone?: boolean;
  error?: string | undefined;
}): ReactElement {
  const id = useId();
  const errorId = `${id}-error`;
  const v = props.value;
  const described = props.error ? { 'aria-describedby': errorId, 'aria-invalid': true as const } : {};
  const setKind = (kind: TSimpleCondition['kind']) => {
    if (kind === v.kind) return;
    if (kind === 'none') props.onChange({ kind: 'none' });
    if (kind === 'field') props.onChange({ kind: 'field', field: 'heat', op: 'eq', value: '' });
    if (kind === 'tag') props.onChange({ kind: 'tag', has: '' });
    if (kind === 'json') props.onChange({ kind: 'json', text: '{\n  "type": "all",\n  "of": []\n}' });
  };
  return (
    <fieldset className="condition">
      <legend>{props.legend}</legend>
      <div className="field">
        <label htmlFor={`${id}-kind`}>Kind</label>
        <select id={`${id}-kind`} value={v.kind} onChange={(e) => setKind(e.target.value as TSimpleCondition['kind'])}>
          {props.allowNone ? <option value="none">Every lead</option> : null}
          <option value="field">A field of the lead</option>
          <option value="tag">A tag</option>
          <option value="json">Advanced (JSON: all, any, not, engagement)</option>
        </select>
      </div>
      {v.kind === 'field' ? (
        <div className="rule-row">
          <div className="field">
            <label htmlFor={`${id}-field`}>Field</label>
            <input
              id={`${id}-field`}
              type="text"
              list={`${id}-fields`}
              value={v.field}
              onChange={(e) => props.onChange({ ...v, field: e.target.value })}
              {...described}
            />
            <datalist id={`${id}-fields`}>
              {CONDITION_FIELDS.map((f) => (
                <option key={f} value={f} />
              ))}
              <option value="attributes.industry" />
            </datalist>
          </div>
          <div className="field">
            <label htmlFor={`${id}-op`}>Comparison</label>
            <select id={`${id}-op`} value={v.op} onChange={(e) => props.onChange({ ...v, op: e.target.value as TConditionOp })}>
              {CONDITION_OPS.map((op) => (
                <option key={op} value={op}>
                  {OP_WORDS[op]}
                </option>
              ))}
            </select>
          </div>
          {v.op !== 'exists' ? (
            <div className="field">
              <label htmlFor={`${id}-value`}>{v.op === 'in' ? 'Values (comma-separated)' : 'Value'}</label>
              <input
                id={`${id}-value`}
                type="text"
                value={v.value}
                onChange={(e) => props.onChange({ ...v, value: e.target.value })}
                {...described}
              />
            </div>
          ) : null}
        </div>
      ) : null}
      {v.kind === 'tag' ? (
        <div className="field">
          <label htmlFor={`${id}-tag`}>Has the tag</label>
          <input
            id={`${id}-tag`}
            type="text"
            value={v.has}
            onChange={(e) => props.onChange({ ...v, has: e.target.value })}
            {...described}
          />
        </div>
      ) : null}
      {v.kind === 'json' ? (
        <div className="field">
          <label htmlFor={`${id}-json`}>Condition (JSON)</label>
          <textarea
            id={`${id}-json`}
            className="condition-json"
            rows={6}
            value={v.text}
            spellCheck={false}
            onChange={(e) => props.onChange({ kind: 'json', text: e.target.value })}
            {...described}
          />
        </div>
      ) : null}
      {props.error ? (
        <p className="error" id={errorId}>
          {props.error}
        </p>
      ) : null}
    </fieldset>
  );
}
