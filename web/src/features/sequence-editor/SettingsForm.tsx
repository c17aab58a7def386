/**
 * The sequence's own settings: name and description, category, send window, topic, default time
 * zone and goals, with the same inline validation as the steps.
 */
import type { ReactElement } from 'react';
import { Field } from '../../components/Field';
import { ConditionEditor } from '../../components/ConditionEditor';
import { getAt, issueAt, type TEditDefinition, type TIssue } from './model';
import { useT } from '../../lib/i18n';

/** The send window's days; their labels are console.sequenceEditor.day.<day>. */
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

export function SettingsForm(props: {
  definition: TEditDefinition;
  issues: readonly TIssue[];
  onChange: (path: string, value: unknown) => void;
}): ReactElement {
  const t = useT();
  const { definition: def, issues } = props;
  const at = (path: string) => getAt(def, path.split('.'));
  const set = props.onChange;
  const window = at('settings.sendWindow') as { days?: string[]; start?: string; end?: string } | undefined;
  const goals = (at('settings.goals') ?? []) as { id?: string; when?: unknown }[];
  const stepIds = def.steps.map((s) => s.id);
  return (
    <section className="settings-form" aria-labelledby="settings-title">
      <h2 id="settings-title">{t('sequenceEditor.sequenceSettings')}</h2>
      <Field label={t('sequenceEditor.key')} hint={t('sequenceEditor.fixedOnceCreatedEnrollments')}>
        {(control) => <input {...control} value={def.key} readOnly />}
      </Field>
      <Field label={t('sequenceEditor.name')} hint={t('sequenceEditor.whatMarketersAndReps')} error={issueAt(issues, 'name')}>
        {(control) => <input {...control} value={def.name ?? ''} onChange={(e) => set('name', e.target.value)} />}
      </Field>
      <Field label={t('sequenceEditor.description')} hint={t('sequenceEditor.optionalUpTo2000')} error={issueAt(issues, 'description')}>
        {(control) => (
          <textarea {...control} rows={2} value={String(def.description ?? '')} onChange={(e) => set('description', e.target.value)} />
        )}
      </Field>
      <Field
        label={t('sequenceEditor.category')}
        hint={t('sequenceEditor.marketingStopsWhenThe')}
        error={issueAt(issues, 'settings.category')}
      >
        {(control) => (
          <select
            {...control}
            value={String(at('settings.category') ?? 'marketing')}
            onChange={(e) => set('settings.category', e.target.value)}
          >
            <option value="marketing">{t('sequenceEditor.marketing')}</option>
            <option value="sales">{t('sequenceEditor.sales')}</option>
          </select>
        )}
      </Field>
      <Field label={t('sequenceEditor.topic')} hint={t('sequenceEditor.letsPeopleOptOut')} error={issueAt(issues, 'settings.topic')}>
        {(control) => (
          <input
            {...control}
            value={String(at('settings.topic') ?? '')}
            onChange={(e) => set('settings.topic', e.target.value || undefined)}
          />
        )}
      </Field>
      <Field
        label={t('sequenceEditor.defaultTimeZone')}
        hint={t('sequenceEditor.usedForLeadsWithout')}
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
        <legend>{t('sequenceEditor.sendWindow')}</legend>
        <p className="hint">{t('sequenceEditor.emailsWaitForThese')}</p>
        {window ? (
          <>
            <div className="send-window__days" role="group" aria-label={t('sequenceEditor.days')}>
              {DAYS.map((day) => (
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
                  {t(`sequenceEditor.day.${day}`)}
                </label>
              ))}
            </div>
            {issueAt(issues, 'settings.sendWindow.days') ? <p className="error">{issueAt(issues, 'settings.sendWindow.days')}</p> : null}
            <Field
              label={t('sequenceEditor.from')}
              hint={t('sequenceEditor.hhMm24Hour')}
              error={issueAt(issues, 'settings.sendWindow.start')}
            >
              {(control) => (
                <input {...control} value={window.start ?? ''} onChange={(e) => set('settings.sendWindow.start', e.target.value)} />
              )}
            </Field>
            <Field
              label={t('sequenceEditor.until')}
              hint={t('sequenceEditor.hhMmAfterThe')}
              error={issueAt(issues, 'settings.sendWindow.end')}
            >
              {(control) => (
                <input {...control} value={window.end ?? ''} onChange={(e) => set('settings.sendWindow.end', e.target.value)} />
              )}
            </Field>
            <button type="button" className="button button--quiet" onClick={() => set('settings.sendWindow', undefined)}>
              {t('sequenceEditor.removeTheSendWindow')}
            </button>
          </>
        ) : (
          <button
            type="button"
            className="button button--secondary"
            onClick={() => set('settings.sendWindow', { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' })}
          >
            {t('sequenceEditor.addASendWindow')}
          </button>
        )}
      </fieldset>

      <fieldset className="goals">
        <legend>{t('sequenceEditor.goals')}</legend>
        <p className="hint">{t('sequenceEditor.aJourneyEndsAs')}</p>
        {goals.map((g, i) => (
          <div key={i} className="goal">
            <Field label={t('sequenceEditor.goalId', { n: i + 1 })} error={issueAt(issues, `settings.goals[${i}].id`)}>
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
              label={t('sequenceEditor.goalIsMetWhen', { n: i + 1 })}
              hint={t('sequenceEditor.aConditionOnThe')}
              value={g.when}
              path={`settings.goals[${i}].when`}
              errorAt={(part) => issueAt(issues, `settings.goals[${i}].when${part ? `.${part}` : ''}`)}
              stepIds={stepIds}
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
              {t('sequenceEditor.removeGoal', { n: i + 1 })}
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
          {t('sequenceEditor.addAGoal')}
        </button>
      </fieldset>
    </section>
  );
}
