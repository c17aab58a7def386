import { useEffect, useId, useRef, useState, type FormEvent, type ReactElement } from 'react';
import { useQuery } from '@tanstack/react-query';
import { LEAD_HEATS, LEAD_SOURCES, LEAD_STATUSES } from '@domain/leads/schemas';
import { api, data } from '../../api/client';
import { valueLabel } from '../../components/Badge';
import { Field } from '../../components/Field';
import { useT } from '../../lib/i18n';
import { activeFilterCount, EMPTY_FILTERS, OWNER_ME, OWNER_NONE, SORTS, type TLeadFilters, type TSort } from './search-params';

const SEARCH_DELAY_MS = 300;

type TProps = { filters: TLeadFilters; onChange: (next: Partial<TLeadFilters>, options?: { replace?: boolean }) => void };

/** The search box (debounced), the sort, and the filter panel. */
export function LeadFilters({ filters, onChange }: TProps): ReactElement {
  const t = useT();
  const [text, setText] = useState(filters.q);
  const pushed = useRef(filters.q);
  const latestOnChange = useRef(onChange);
  useEffect(() => {
    latestOnChange.current = onChange;
  }, [onChange]);

  // A view or the back button changed q: show it.
  useEffect(() => {
    if (filters.q !== pushed.current) {
      pushed.current = filters.q;
      setText(filters.q);
    }
  }, [filters.q]);

  // Typing searches after a pause; the URL is replaced, not pushed, so Back skips keystrokes.
  useEffect(() => {
    if (text === pushed.current) return;
    const timer = setTimeout(() => {
      // Enter may have searched for it already. Searching again would navigate to the list once
      // more, and undo a row opened in the meantime (seen when a row was opened within the pause).
      if (text === pushed.current) return;
      pushed.current = text;
      latestOnChange.current({ q: text }, { replace: true });
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [text]);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    pushed.current = text;
    onChange({ q: text }, { replace: true });
  };

  const active = activeFilterCount(filters);

  return (
    <section aria-label={t('filters.label')} className="panel">
      <form role="search" onSubmit={submit} className="search-bar">
        <Field label={t('filters.search')}>
          {(control) => (
            <input {...control} type="search" name="q" value={text} autoComplete="off" onChange={(e) => setText(e.target.value)} />
          )}
        </Field>
        <Field label={t('filters.sortBy')}>
          {(control) => (
            <select {...control} value={filters.sort} onChange={(e) => onChange({ sort: e.target.value as TSort })}>
              {SORTS.map((sort) => (
                <option key={sort} value={sort}>
                  {t(`filters.sort.${sort}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
      </form>
      <details className="filter-panel" open={active > 0 ? true : undefined}>
        <summary>{t('filters.filters', { active })}</summary>
        <FilterFields filters={filters} onChange={onChange} />
        {active ? (
          <button
            type="button"
            className="button button--secondary"
            onClick={() => onChange({ ...EMPTY_FILTERS, q: filters.q, sort: filters.sort })}
          >
            {t('filters.clear')}
          </button>
        ) : null}
      </details>
    </section>
  );
}

function Checkboxes<T extends string>(props: { legend: string; values: readonly T[]; selected: readonly T[]; onChange: (v: T[]) => void }) {
  const t = useT();
  return (
    <fieldset className="span-all">
      <legend>{props.legend}</legend>
      <div className="checkbox-row">
        {props.values.map((value) => (
          <label key={value}>
            <input
              type="checkbox"
              checked={props.selected.includes(value)}
              onChange={(e) => props.onChange(e.target.checked ? [...props.selected, value] : props.selected.filter((v) => v !== value))}
            />
            {valueLabel(t, value)}
          </label>
        ))}
      </div>
    </fieldset>
  );
}

function FilterFields({ filters, onChange }: TProps): ReactElement {
  const reps = useQuery({ queryKey: ['reps'], queryFn: () => data(api.GET('/reps')), staleTime: 5 * 60_000 });
  const repEmails = reps.data?.items.map((r) => r.email) ?? [];
  const ownerIsOther =
    filters.owner !== '' && filters.owner !== OWNER_ME && filters.owner !== OWNER_NONE && !repEmails.includes(filters.owner);
  const scoreHintId = useId();
  const t = useT();

  return (
    <div className="filters">
      <Checkboxes
        legend={t('filters.status')}
        values={LEAD_STATUSES}
        selected={filters.status}
        onChange={(status) => onChange({ status })}
      />
      <Checkboxes legend={t('filters.heat')} values={LEAD_HEATS} selected={filters.heat} onChange={(heat) => onChange({ heat })} />
      <Field label={t('filters.owner')}>
        {(control) => (
          <select {...control} value={filters.owner} onChange={(e) => onChange({ owner: e.target.value })}>
            <option value="">{t('filters.anyone')}</option>
            <option value={OWNER_ME}>{t('filters.me')}</option>
            <option value={OWNER_NONE}>{t('filters.unassigned')}</option>
            {reps.data?.items.map((rep) => (
              <option key={rep.email} value={rep.email}>
                {rep.name ? `${rep.name} (${rep.email})` : rep.email}
              </option>
            ))}
            {ownerIsOther ? <option value={filters.owner}>{filters.owner}</option> : null}
          </select>
        )}
      </Field>
      <Field label={t('filters.source')}>
        {(control) => (
          <select
            {...control}
            value={filters.source[0] ?? ''}
            onChange={(e) => onChange({ source: e.target.value ? [e.target.value as (typeof LEAD_SOURCES)[number]] : [] })}
          >
            <option value="">{t('filters.anySource')}</option>
            {LEAD_SOURCES.map((s) => (
              <option key={s} value={s}>
                {valueLabel(t, s)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field label={t('filters.openTasks')}>
        {(control) => (
          <select
            {...control}
            value={filters.hasOpenTasks}
            onChange={(e) => onChange({ hasOpenTasks: e.target.value as TLeadFilters['hasOpenTasks'] })}
          >
            <option value="">{t('filters.either')}</option>
            <option value="true">{t('filters.yes')}</option>
            <option value="false">{t('filters.no')}</option>
          </select>
        )}
      </Field>
      <Field label={t('filters.overdueTasks')}>
        {(control) => (
          <select
            {...control}
            value={filters.hasOverdueTasks}
            onChange={(e) => onChange({ hasOverdueTasks: e.target.value as TLeadFilters['hasOverdueTasks'] })}
          >
            <option value="">{t('filters.either')}</option>
            <option value="true">{t('filters.yes')}</option>
            <option value="false">{t('filters.no')}</option>
          </select>
        )}
      </Field>
      <Field label={t('filters.tag')}>
        {(control) => <TextFilter {...control} value={filters.tag} onCommit={(tag) => onChange({ tag })} />}
      </Field>
      <fieldset className="score-range">
        <legend>{t('filters.score')}</legend>
        <div className="range-row">
          <Field label={t('filters.from')}>
            {(control) => (
              <TextFilter
                {...control}
                inputMode="numeric"
                value={filters.scoreMin}
                onCommit={(scoreMin) => onChange({ scoreMin })}
                aria-describedby={scoreHintId}
              />
            )}
          </Field>
          <Field label={t('filters.to')}>
            {(control) => (
              <TextFilter
                {...control}
                inputMode="numeric"
                value={filters.scoreMax}
                onCommit={(scoreMax) => onChange({ scoreMax })}
                aria-describedby={scoreHintId}
              />
            )}
          </Field>
        </div>
        <p id={scoreHintId} className="muted small">
          {t('filters.scoreHint')}
        </p>
      </fieldset>
      <CreatedRange filters={filters} onChange={onChange} />
    </div>
  );
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Created from / to: the person's calendar days (both included), applied on Enter or
 * when leaving the field (a date typed digit by digit passes through other valid dates); a "to"
 * before the "from" is said here rather than sent.
 */
function CreatedRange({ filters, onChange }: TProps): ReactElement {
  const [from, setFrom] = useState(filters.createdFrom);
  const t = useT();
  const [to, setTo] = useState(filters.createdTo);
  const [error, setError] = useState<string>();
  const hintId = useId();
  useEffect(() => setFrom(filters.createdFrom), [filters.createdFrom]);
  useEffect(() => setTo(filters.createdTo), [filters.createdTo]);

  const commit = (next: { createdFrom: string; createdTo: string }) => {
    if ((next.createdFrom && !DAY.test(next.createdFrom)) || (next.createdTo && !DAY.test(next.createdTo))) {
      return setError(t('filters.wholeDate'));
    }
    if (next.createdFrom && next.createdTo && next.createdTo < next.createdFrom) {
      return setError(t('filters.toBeforeFrom'));
    }
    setError(undefined);
    if (next.createdFrom !== filters.createdFrom || next.createdTo !== filters.createdTo) onChange(next);
  };
  const input =
    (which: 'from' | 'to') => (control: { id: string; 'aria-invalid': boolean | undefined; 'aria-describedby': string | undefined }) => (
      <input
        {...control}
        type="date"
        value={which === 'from' ? from : to}
        min={which === 'to' ? from || undefined : undefined}
        max={which === 'from' ? to || undefined : undefined}
        aria-describedby={[control['aria-describedby'], hintId].filter(Boolean).join(' ')}
        onChange={(e) => (which === 'from' ? setFrom(e.target.value) : setTo(e.target.value))}
        onBlur={() => commit({ createdFrom: from, createdTo: to })}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            commit({ createdFrom: from, createdTo: to });
          }
        }}
      />
    );
  return (
    <fieldset className="score-range">
      <legend>{t('filters.created')}</legend>
      <div className="range-row">
        <Field label={t('filters.from')}>{input('from')}</Field>
        <Field label={t('filters.to')} error={error}>
          {input('to')}
        </Field>
      </div>
      <p id={hintId} className="muted small">
        {t('leads.bothDaysIncludedApplied')}
      </p>
    </fieldset>
  );
}

/** A text filter applied on Enter or blur (not on every keystroke). */
function TextFilter(props: {
  id: string;
  value: string;
  onCommit: (value: string) => void;
  inputMode?: 'numeric';
  'aria-invalid'?: boolean | undefined;
  'aria-describedby'?: string | undefined;
}): ReactElement {
  const { value, onCommit, ...rest } = props;
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  const commit = () => {
    const v = draft.trim();
    if (props.inputMode === 'numeric' && v !== '' && !/^-?\d+$/.test(v)) {
      setDraft(value);
      return;
    }
    if (v !== value) onCommit(v);
  };
  return (
    <input
      {...rest}
      type="text"
      value={draft}
      onChange={(e) => setDraft(e.target.value)}
      onBlur={commit}
      onKeyDown={(e) => {
        if (e.key === 'Enter') {
          e.preventDefault();
          commit();
        }
      }}
    />
  );
}
