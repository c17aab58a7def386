import { useId, useMemo, useState, type ReactElement } from 'react';
import { useQuery } from '@tanstack/react-query';
import { api, data } from '../../api/client';
import { repEmailOf } from '../../app/access';
import { Field } from '../../components/Field';
import { QueryError } from '../../components/Messages';
import { personName } from '../../lib/format';
import { useSession } from '../auth/session';
import { builtInViews, loadUserViews, type TSavedView } from '../leads/saved-views';
import { parseFilters, toApiQuery } from '../leads/search-params';
import { COMMON_ZONES, LOCALES, type TChosenLead, type TFieldErrors, type TForm, type TSourceKind } from './model';
import { useT } from '../../lib/i18n';

/** The lead sources; their words are console.simulation.source.<value>.label / .hint. */
const SOURCES: readonly TSourceKind[] = ['samples', 'leads', 'view'];

type TProps = { form: TForm; errors: TFieldErrors; onChange: (patch: Partial<TForm>) => void };

/** Which leads to simulate: samples (zones, count, language), chosen leads, or a saved view. */
export function LeadSourceFields(props: TProps): ReactElement {
  const t = useT();
  const { form, errors, onChange } = props;
  const name = useId();
  return (
    <fieldset>
      <legend>{t('simulation.leads')}</legend>
      <div role="radiogroup" aria-label={t('simulation.leadSource')} className="simulation-sources">
        {SOURCES.map((source) => (
          <label key={source} className="simulation-source">
            <input type="radio" name={name} value={source} checked={form.source === source} onChange={() => onChange({ source })} />
            <span>
              {t(`simulation.source.${source}.label`)}
              <span className="hint">{t('simulation.source.hint', { hint: t(`simulation.source.${source}.hint`) })}</span>
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
  const t = useT();
  const [other, setOther] = useState('');
  const zones = useMemo(() => [...new Set([...COMMON_ZONES, ...form.timeZones])], [form.timeZones]);
  const errorId = useId();
  const toggle = (zone: string, on: boolean) =>
    onChange({ timeZones: on ? [...form.timeZones, zone] : form.timeZones.filter((z) => z !== zone) });
  return (
    <>
      <fieldset aria-describedby={errors['leads.timeZones'] ? errorId : undefined}>
        <legend>{t('simulation.timeZones')}</legend>
        <div className="checkbox-row simulation-zones">
          {zones.map((zone) => (
            <label key={zone}>
              <input type="checkbox" checked={form.timeZones.includes(zone)} onChange={(e) => toggle(zone, e.target.checked)} /> {zone}
            </label>
          ))}
        </div>
        <div className="simulation-inline">
          <Field label={t('simulation.anotherZone')} hint={t('simulation.anIanaZoneE')}>
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
            {t('simulation.addZone')}
          </button>
        </div>
        {errors['leads.timeZones'] ? (
          <p className="error-text" id={errorId}>
            {t('simulation.timeZones2')}
            {errors['leads.timeZones']}
          </p>
        ) : null}
      </fieldset>
      <div className="simulation-inline">
        <Field label={t('simulation.leadsPerZone')} hint={t('simulation.n1To50')} error={errors['leads.perZone']}>
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
        <Field label={t('simulation.language')} hint={t('simulation.theLocaleOfThe')} error={errors['leads.locale']}>
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
  const t = useT();
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
      <Field label={t('simulation.findALead')} hint={t('simulation.nameOrEmailAt')} error={props.error}>
        {(control) => <input {...control} type="search" value={q} autoComplete="off" onChange={(e) => setQ(e.target.value)} />}
      </Field>
      {found.isError ? <QueryError error={found.error} what={t('simulation.leads2')} /> : null}
      {term.length >= 2 && found.data ? (
        found.data.items.length ? (
          <ul className="plain-list simulation-found" aria-label={t('simulation.leadsFound')}>
            {found.data.items.map((lead) => {
              const label = `${personName(lead)} <${lead.email}>`;
              const added = props.chosen.some((c) => c.id === lead.id);
              return (
                <li key={lead.id}>
                  <span>{label}</span>{' '}
                  <button type="button" className="button button--secondary" disabled={added} onClick={() => add({ id: lead.id, label })}>
                    {added ? t('simulation.added') : t('simulation.add')}
                    <span className="visually-hidden"> {label}</span>
                  </button>
                </li>
              );
            })}
          </ul>
        ) : (
          <p className="muted" role="status">
            {t('simulation.noLeadMatches', { term })}
          </p>
        )
      ) : null}
      <ul className="plain-list simulation-chips" aria-label={t('simulation.chosenLeads')}>
        {props.chosen.map((lead) => (
          <li key={lead.id} className="view-chip simulation-chip">
            {lead.label}
            <button
              type="button"
              className="button button--quiet"
              aria-label={t('simulation.remove', { label: lead.label })}
              onClick={() => props.onChange(props.chosen.filter((c) => c.id !== lead.id))}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      {!props.chosen.length ? <p className="muted small">{t('simulation.noLeadChosenYet')}</p> : null}
    </div>
  );
}

function ViewPicker(props: { error: string | undefined; onChange: (query: Record<string, string> | null) => void }): ReactElement {
  const t = useT();
  const { user } = useSession();
  const views: TSavedView[] = useMemo(() => [...builtInViews(t), ...loadUserViews(window.localStorage)], [t]);
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
    <Field label={t('simulation.savedLeadView')} hint={description ?? t('simulation.viewsSavedOnThe')} error={props.error}>
      {(control) => (
        <select {...control} value={chosen} onChange={(e) => pick(e.target.value)}>
          <option value="">{t('simulation.chooseAView')}</option>
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
