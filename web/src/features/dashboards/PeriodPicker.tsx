/**
 * The period every chart shows: a preset applies at once; "Custom range" shows two date fields
 * and an Apply button. Either way the URL changes, and every chart follows it.
 */
import { useState, type FormEvent, type ReactElement } from 'react';
import { Field } from '../../components/Field';
import { customRangeError, formatDay, presetLabel, PRESETS, type TPeriod, type TPresetId, type TResolvedPeriod } from './period';
import { useT } from '../../lib/i18n';

const CUSTOM = 'custom';

export function PeriodPicker(props: { period: TPeriod; resolved: TResolvedPeriod; onChange: (period: TPeriod) => void }): ReactElement {
  const t = useT();
  const { period, resolved } = props;
  const [choice, setChoice] = useState<string>(period.kind === 'custom' ? CUSTOM : period.preset);
  // A custom range starts from the period on screen (its last day inclusive).
  const lastDay = resolved.to ? new Date(resolved.to.getFullYear(), resolved.to.getMonth(), resolved.to.getDate() - 1) : new Date();
  const [from, setFrom] = useState(period.kind === 'custom' ? period.from : resolved.from ? formatDay(resolved.from) : '');
  const [to, setTo] = useState(period.kind === 'custom' ? period.to : formatDay(lastDay));
  const [error, setError] = useState<string>();

  const onPreset = (value: string) => {
    setChoice(value);
    setError(undefined);
    if (value !== CUSTOM) props.onChange({ kind: 'preset', preset: value as TPresetId });
  };
  const onApply = (event: FormEvent) => {
    event.preventDefault();
    const problem = customRangeError(t, from, to);
    setError(problem);
    if (!problem) props.onChange({ kind: 'custom', from, to });
  };

  return (
    <form className="period-picker" aria-label={t('dashboards.chooseThePeriod')} onSubmit={onApply}>
      <Field label={t('dashboards.period')}>
        {(control) => (
          <select {...control} value={choice} onChange={(e) => onPreset(e.target.value)}>
            {PRESETS.map((p) => (
              <option key={p} value={p}>
                {presetLabel(t, p)}
              </option>
            ))}
            <option value={CUSTOM}>{t('dashboards.customRange')}</option>
          </select>
        )}
      </Field>
      {choice === CUSTOM ? (
        <>
          <Field label={t('dashboards.firstDay')} error={error}>
            {(control) => <input {...control} type="date" value={from} onChange={(e) => setFrom(e.target.value)} />}
          </Field>
          <Field label={t('dashboards.lastDay')}>
            {(control) => <input {...control} type="date" value={to} onChange={(e) => setTo(e.target.value)} />}
          </Field>
          <button type="submit" className="button">
            {t('dashboards.apply')}
          </button>
        </>
      ) : null}
    </form>
  );
}
