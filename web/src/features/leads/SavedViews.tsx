import { useState, type FormEvent, type ReactElement } from 'react';
import { Link } from 'react-router';
import { PATHS } from '../../app/access';
import { Field } from '../../components/Field';
import { useT } from '../../lib/i18n';
import { builtInViews, isCurrentView, loadUserViews, storeUserViews, withoutView, withView, type TSavedView } from './saved-views';

/** Built-in and saved views as links (each is a query string), and a way to save the current one. */
export function SavedViews(props: { currentQuery: string }): ReactElement {
  const t = useT();
  const [views, setViews] = useState<TSavedView[]>(() => loadUserViews(window.localStorage));
  const [saving, setSaving] = useState(false);
  const [name, setName] = useState('');
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState<string>();

  const update = (next: TSavedView[]) => {
    setViews(next);
    storeUserViews(next, window.localStorage);
  };

  const save = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!trimmed) return setError(t('views.nameIt'));
    if (builtInViews(t).some((v) => v.name.toLowerCase() === trimmed.toLowerCase())) return setError(t('views.builtInName'));
    update(withView(views, { name: trimmed, query: props.currentQuery }));
    setSaved(t('views.saved', { name: trimmed }));
    setError(undefined);
    setName('');
    setSaving(false);
  };

  const link = (view: TSavedView) => (
    <Link
      to={`${PATHS.leads}${view.query ? `?${view.query}` : ''}`}
      aria-current={isCurrentView(view, props.currentQuery) ? 'true' : undefined}
      title={view.description}
    >
      {view.name}
    </Link>
  );

  return (
    <nav aria-label={t('views.label')}>
      <ul className="views">
        <li>{link({ name: t('views.all'), query: '' })}</li>
        {builtInViews(t).map((view) => (
          <li key={view.name}>{link(view)}</li>
        ))}
        {views.map((view) => (
          <li key={view.name} className="view-chip">
            {link(view)}
            <button
              type="button"
              className="button button--quiet"
              aria-label={t('views.delete', { name: view.name })}
              onClick={() => {
                update(withoutView(views, view.name));
                setSaved(t('views.deleted', { name: view.name }));
              }}
            >
              ×
            </button>
          </li>
        ))}
        <li>
          <button type="button" className="button button--quiet" aria-expanded={saving} onClick={() => setSaving(!saving)}>
            {t('views.saveThis')}
          </button>
        </li>
      </ul>
      <p className="visually-hidden" role="status">
        {saved}
      </p>
      {saving ? (
        <form onSubmit={save} className="panel search-bar" aria-label={t('views.saveForm')}>
          <Field label={t('views.name')} error={error}>
            {(control) => (
              <input {...control} type="text" value={name} maxLength={60} autoFocus onChange={(e) => setName(e.target.value)} />
            )}
          </Field>
          <div className="button-row field">
            <button type="submit" className="button">
              {t('views.save')}
            </button>
            <button type="button" className="button button--quiet" onClick={() => setSaving(false)}>
              {t('views.cancel')}
            </button>
          </div>
        </form>
      ) : null}
    </nav>
  );
}
