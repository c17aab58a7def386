/**
 * The sequence's own settings: name and description, category, send window, topic, default time
 * zone and goals, with the same inline validation as the steps.
 */
import type { ReactElement } from 'react';
import { Field } from '../../components/Field';
import { ConditionEditor } from './StepForm';
import { getAt, issueAt, type TEditDefinition, type TIssue } from './model';

const DAYS = [
  ['mon', 'Mon'],
  ['tue', 'Tue'],
  ['wed', 'Wed'],
  ['thu', 'Thu'],
  ['fri', 'Fri'],
  ['sat', 'Sat'],
  ['sun', 'Sun'],
] as const;

export function SettingsForm(props: {
  definition: TEditDefinition;
  issues: readonly TIssue[];
  onChange: (path: string, value: unknown) => void;
}): ReactElement {
  const { definition: def, issues } = props;
  const at = (path: string) => getAt(def, path.split('.'));
  const set = props.onChange;
  const window = at('settings.sendWindow') as { days?: string[]; start?: string; end?: string } | undefined;
  const goals = (at('settings.goals') ?? []) as { id?: string; when?: unknown }[];
  const stepIds = def.steps.map((s) => s.id);
  return (
    <section className="settings-form" aria-labelledby="settings-title">
      <h2 id="settings-title">Sequence settings</h2>
      <Field label="Key" hint="Fixed once created: enrollments, triggers and the API refer to it.">
        {(control) => <input {...control} value={def.key} readOnly />}
      </Field>
      <Field label="Name" hint="What marketers and reps see." error={issueAt(issues, 'name')}>
        {(control) => <input {...control} value={def.name ?? ''} onChange={(e) => set('name', e.target.value)} />}
      </Field>
      <Field label="Description" hint="Optional, up to 2000 characters." error={issueAt(issues, 'description')}>
        {(control) => (
          <textarea {...control} rows={2} value={String(def.description ?? '')} onChange={(e) => set('description', e.target.value)} />
        )}
      </Field>
      <Field
        label="Category"
        hint="marketing: stops when the lead unsubscribes. sales: 1:1 follow-ups that stop at reply, won or lost goals."
        error={issueAt(issues, 'settings.category')}
      >
        {(control) => (
          <select
            {...control}
            value={String(at('settings.category') ?? 'marketing')}
            onChange={(e) => set('settings.category', e.target.value)}
          >
            <option value="marketing">marketing</option>
            <option value="sales">sales</option>
          </select>
        )}
      </Field>
      <Field
        label="Topic"
        hint='Lets people opt out of this topic in the preference centre without unsubscribing from everything (e.g. "product-news"). Empty: general.'
        error={issueAt(issues, 'settings.topic')}
      >
        {(control) => (
          <input
            {...control}
            value={String(at('settings.topic') ?? '')}
            onChange={(e) => set('settings.topic', e.target.value || undefined)}
          />
        )}
      </Field>
      <Field
        label="Default time zone"
        hint='Used for leads without a time zone of their own (IANA, e.g. "Europe/Helsinki").'
        error={issueAt(issues, 'settings.defaultTimeZone')}
      >
        {(control) => (
          <input
            {...control}
            value={String(at('settings.defaultTimeZone') ?? 'UTC')}
            onChange={(e) => set('settings.defaultTimeZone', e.target.value)}
          />
        )}
      </Field>

      <fieldset className="send-window">
        <legend>Send window</legend>
        <p className="hint">Emails wait for these days and hours in the lead’s own time zone. Without a window they go at any time.</p>
        {window ? (
          <>
            <div className="send-window__days" role="group" aria-label="Days">
              {DAYS.map(([day, label]) => (
                <label key={day} className="checkbox">
                  <input
                    type="checkbox"
                    checked={window.days?.includes(day) ?? false}
                    onChange={(e) =>
                      set(
                        'settings.sendWindow.days',
                        e.target.checked ? [...(window.days ?? []), day] : (window.days ?? []).filter((d) => d !== day),
                      )
                    }
                  />{' '}
                  {label}
                </label>
              ))}
            </div>
            {issueAt(issues, 'settings.sendWindow.days') ? <p className="error">{issueAt(issues, 'settings.sendWindow.days')}</p> : null}
            <Field label="From" hint="HH:MM, 24-hour." error={issueAt(issues, 'settings.sendWindow.start')}>
              {(control) => (
                <input {...control} value={window.start ?? ''} onChange={(e) => set('settings.sendWindow.start', e.target.value)} />
              )}
            </Field>
            <Field label="Until" hint="HH:MM, after the start." error={issueAt(issues, 'settings.sendWindow.end')}>
              {(control) => (
                <input {...control} value={window.end ?? ''} onChange={(e) => set('settings.sendWindow.end', e.target.value)} />
              )}
            </Field>
            <button type="button" className="button button--quiet" onClick={() => set('settings.sendWindow', undefined)}>
              Remove the send window
            </button>
          </>
        ) : (
          <button
            type="button"
            className="button button--secondary"
            onClick={() => set('settings.sendWindow', { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' })}
          >
            Add a send window
          </button>
        )}
      </fieldset>

      <fieldset className="goals">
        <legend>Goals</legend>
        <p className="hint">A journey ends as soon as a goal is met (checked on every event and before every step).</p>
        {goals.map((g, i) => (
          <div key={i} className="goal">
            <Field label={`Goal ${i + 1} id`} error={issueAt(issues, `settings.goals[${i}].id`)}>
              {(control) => (
                <input
                  {...control}
                  value={g.id ?? ''}
                  onChange={(e) =>
                    set(
                      'settings.goals',
                      goals.map((x, j) => (j === i ? { ...x, id: e.target.value } : x)),
                    )
                  }
                />
              )}
            </Field>
            <ConditionEditor
              label={`Goal ${i + 1} is met when`}
              hint="A condition on the lead or its engagement."
              value={g.when}
              issues={issues}
              path={`settings.goals[${i}].when`}
              ids={stepIds}
              onChange={(when) =>
                set(
                  'settings.goals',
                  goals.map((x, j) => (j === i ? { ...x, when } : x)),
                )
              }
            />
            <button
              type="button"
              className="button button--quiet"
              onClick={() =>
                set(
                  'settings.goals',
                  goals.filter((_, j) => j !== i),
                )
              }
            >
              Remove goal {i + 1}
            </button>
          </div>
        ))}
        <button
          type="button"
          className="button button--secondary"
          onClick={() =>
            set('settings.goals', [...goals, { id: `goal-${goals.length + 1}`, when: { type: 'engagement', event: 'replied' } }])
          }
        >
          Add a goal
        </button>
      </fieldset>
    </section>
  );
}
