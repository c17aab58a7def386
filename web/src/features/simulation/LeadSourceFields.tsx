import { useId, useMemo, useState, type ReactElement } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, data } from '../../api/client';
import { repEmailOf } from '../../app/access';
import { Field } from '../../components/Field';
import { QueryError } from '../../components/Messages';
import { personName } from '../../lib/format';
import { useSession } from '../auth/session';
import { BUILT_IN_VIEWS, loadUserViews, type TSavedView } from '../leads/saved-views';
import { parseFilters, toApiQuery } from '../leads/search-params';
import { COMMON_ZONES, LOCALES, type TChosenLead, type TFieldErrors, type TForm, type TSourceKind } from './model';

const SOURCES: readonly { value: TSourceKind; label: string; hint: string }[] = [
  { value: 'samples', label: 'Sample leads across time zones', hint: 'Generated leads; no real lead is read.' },
  { value: 'leads', label: 'Chosen leads', hint: 'Real leads, with their zones, consents and recent sends.' },
  { value: 'view', label: 'A saved lead view', hint: 'The first 100 leads of one of your lead views.' },
];

type TProps = { form: TForm; errors: TFieldErrors; onChange: (patch: Partial<TForm>) => void };

/** Which leads to simulate: samples (zones, count, language), chosen leads, or a saved view. */
export function LeadSourceFields(props: TProps): ReactElement {
  const { form, errors, onChange } = props;
  const name = useId();
  return (
    <fieldset>
      <legend>Leads</legend>
      <div role="radiogroup" aria-label="Lead source" className="simulation-sources">
        {SOURCES.map((s) => (
          <label key={s.value} className="simulation-source">
            <input
              type="radio"
              name={name}
              value={s.value}
              checked={form.source === s.value}
              onChange={() => onChange({ source: s.value })}
            />
            <span>
              {s.label}
              <span className="hint"> — {s.hint}</span>
            </span>
          </label>
        ))}
      </div>
      {form.source === 'samples' ? <SampleFields {...props} /> : null}
      {form.source === 'leads' ? (
        <ChosenLeads chosen={form.chosen} error={errors['leads.leadIds']} onChange={(chosen) => onChange({ chosen })} />
      ) : null}
      {form.source === 'view' ? <ViewPicker error={errors['leads.query']} onChange={(viewQuery) => onChange({ viewQuery })} /> : null}
    </fieldset>
  );
}

function SampleFields({ form, errors, onChange }: TProps): ReactElement {
  const [other, setOther] = useState('');
  const zones = useMemo(() => [...new Set([...COMMON_ZONES, ...form.timeZones])], [form.timeZones]);
  const errorId = useId();
  const toggle = (zone: string, on: boolean) =>
    onChange({ timeZones: on ? [...form.timeZones, zone] : form.timeZones.filter((z) => z !== zone) });
  return (
    <>
      <fieldset aria-describedby={errors['leads.timeZones'] ? errorId : undefined}>
        <legend>Time zones</legend>
        <div className="checkbox-row simulation-zones">
          {zones.map((zone) => (
            <label key={zone}>
              <input type="checkbox" checked={form.timeZones.includes(zone)} onChange={(e) => toggle(zone, e.target.checked)} /> {zone}
            </label>
          ))}
        </div>
        <div className="simulation-inline">
          <Field label="Another zone" hint="An IANA zone, e.g. Asia/Yerevan">
            {(control) => (
              <input
                {...control}
                type="text"
                value={other}
                autoComplete="off"
                onChange={(e) => setOther(e.target.value)}
                onKeyDown={(e) => {
                  if (e.key !== 'Enter') return;
                  e.preventDefault();
                  if (other.trim() && !form.timeZones.includes(other.trim())) toggle(other.trim(), true);
                  setOther('');
                }}
              />
            )}
          </Field>
          <button
            type="button"
            className="button button--secondary"
            onClick={() => {
              if (other.trim() && !form.timeZones.includes(other.trim())) toggle(other.trim(), true);
              setOther('');
            }}
          >
            Add zone
          </button>
        </div>
        {errors['leads.timeZones'] ? (
          <p className="error-text" id={errorId}>
            Time zones: {errors['leads.timeZones']}
          </p>
        ) : null}
      </fieldset>
      <div className="simulation-inline">
        <Field label="Leads per zone" hint="1 to 50" error={errors['leads.perZone']}>
          {(control) => (
            <input
              {...control}
              type="number"
              min={1}
              max={50}
              value={form.perZone}
              onChange={(e) => onChange({ perZone: e.target.value })}
            />
          )}
        </Field>
        <Field label="Language" hint="The locale of the sample leads" error={errors['leads.locale']}>
          {(control) => (
            <select {...control} value={form.locale} onChange={(e) => onChange({ locale: e.target.value })}>
              {LOCALES.map((l) => (
                <option key={l} value={l}>
                  {l}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
    </>
  );
}

function ChosenLeads(props: { chosen: TChosenLead[]; error: string | undefined; onChange: (chosen: TChosenLead[]) => void }): ReactElement {
  const [q, setQ] = useState('');
  const term = q.trim();
  const found = useQuery({
    queryKey: ['simulation', 'lead-search', term],
    queryFn: () => data(api.GET('/leads', { params: { query: { q: term, limit: 8 } } })),
    enabled: term.length >= 2,
  });
  const add = (lead: TChosenLead) => !props.chosen.some((c) => c.id === lead.id) && props.onChange([...props.chosen, lead]);
  return (
    <div className="simulation-leads">
      <Field label="Find a lead" hint="Name or email, at least two letters" error={props.error}>
        {(control) => <input {...control} type="search" value={q} autoComplete="off" onChange={(e) => setQ(e.target.value)} />}
      </Field>
      {found.isError ? <QueryError error={found.error} what="leads" /> : null}
      {term.length >= 2 && found.data ? (
        found.data.items.length ? (
          <ul className="plain-list simulation-found" aria-label="Leads found">
            {found.data.items.map((lead) => {
              const label = `${personName(lead)} <${lead.email}>`;
              const added = props.chosen.some((c) => c.id === lead.id);
              return (
                <li key={lead.id}>
                  <span>{label}</span>{' '}
                  <button type="button" className="button button--secondary" disabled={added} onClick={() => add({ id: lead.id, label })}>
                    {added ? 'Added' : 'Add'}
                    <span className="visually-hidden"> {label}</span>
                  </button>
                </li>
              );
            })}
          </ul>
        ) : (
          <p className="muted" role="status">
            No lead matches “{term}”.
          </p>
        )
      ) : null}
      <ul className="plain-list simulation-chips" aria-label="Chosen leads">
        {props.chosen.map((lead) => (
          <li key={lead.id} className="view-chip simulation-chip">
            {lead.label}
            <button
              type="button"
              className="button button--quiet"
              aria-label={`Remove ${lead.label}`}
              onClick={() => props.onChange(props.chosen.filter((c) => c.id !== lead.id))}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      {!props.chosen.length ? <p className="muted small">No lead chosen yet.</p> : null}
    </div>
  );
}

function ViewPicker(props: { error: string | undefined; onChange: (query: Record<string, string> | null) => void }): ReactElement {
  const { user } = useSession();
  const views: TSavedView[] = useMemo(() => [...BUILT_IN_VIEWS, ...loadUserViews(window.localStorage)], []);
  const [chosen, setChosen] = useState('');
  const pick = (name: string) => {
    setChosen(name);
    const view = views.find((v) => v.name === name);
    if (!view || !user) return props.onChange(null);
    // The view as the lead list would ask for it ("me" is this person's rep email), without paging.
    const {
      limit: _limit,
      cursor: _cursor,
      ...query
    } = toApiQuery(parseFilters(new URLSearchParams(view.query)), repEmailOf(user)) as Record<string, unknown>;
    props.onChange(Object.fromEntries(Object.entries(query).map(([k, v]) => [k, String(v)])));
  };
  const description = views.find((v) => v.name === chosen)?.description;
  return (
    <Field
      label="Saved lead view"
      hint={description ?? 'Views saved on the leads page in this browser, and the built-in ones'}
      error={props.error}
    >
      {(control) => (
        <select {...control} value={chosen} onChange={(e) => pick(e.target.value)}>
          <option value="">Choose a view…</option>
          {views.map((v) => (
            <option key={v.name} value={v.name}>
              {v.name}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
