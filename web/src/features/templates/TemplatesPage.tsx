import { useState, type FormEvent, type ReactElement } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useNavigate } from 'react-router';
import { ZTemplateKey } from '@domain/templates/schemas';
import { api, data } from '../../api/client';
import { Field } from '../../components/Field';
import { Loading, QueryError } from '../../components/Messages';
import { usePageTitle } from '../../components/PageTitle';
import { TableWrap } from '../../components/TableWrap';
import { Time } from '../../components/Time';
import { PATHS } from '../../app/access';
import '../../components/config-pages.css';

export const templatesKey = ['templates'] as const;

/** The templates (latest versions), their languages, and a way to start a new one. */
export default function TemplatesPage(): ReactElement {
  usePageTitle('Templates');
  const templates = useQuery({ queryKey: templatesKey, queryFn: () => data(api.GET('/templates')) });
  const bases = templates.data?.items.filter((t) => !t.variantOf) ?? [];
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Templates</h1>
          <p className="subtitle">Email templates in MJML. Every save is a new version; journeys keep the version they started with.</p>
        </div>
      </div>
      <NewTemplateForm existing={templates.data?.items.map((t) => t.key) ?? []} />
      {templates.isPending ? <Loading label="Loading templates…" /> : null}
      {templates.isError ? <QueryError error={templates.error} what="templates" retry={() => void templates.refetch()} /> : null}
      {templates.data && bases.length === 0 ? <p className="panel">No templates yet: create the first one above.</p> : null}
      {bases.length > 0 ? (
        <TableWrap label="Templates">
          <table>
            <caption className="visually-hidden">Templates, latest versions</caption>
            <thead>
              <tr>
                <th scope="col">Template</th>
                <th scope="col">Subject</th>
                <th scope="col">Version</th>
                <th scope="col">Languages</th>
                <th scope="col">Saved</th>
              </tr>
            </thead>
            <tbody>
              {bases.map((t) => (
                <tr key={t.key}>
                  <td>
                    <Link to={PATHS.template(t.key)}>{t.name}</Link>
                    <div className="muted small">
                      <code>{t.key}</code>
                    </div>
                  </td>
                  <td>{t.subject}</td>
                  <td>v{t.version}</td>
                  <td>
                    {t.variants.length === 0 ? (
                      <span className="muted">Default only</span>
                    ) : (
                      <ul className="inline-list">
                        <li>Default</li>
                        {t.variants.map((v) => (
                          <li key={v.key}>
                            <Link to={PATHS.template(v.key)} aria-label={`${t.name}: ${v.locale} variant`}>
                              {v.locale}
                            </Link>
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td>
                    <Time value={t.updatedAt} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
    </>
  );
}

/** A key for a new template; the studio opens with a starter draft, saved as version 1. */
function NewTemplateForm(props: { existing: readonly string[] }): ReactElement {
  const navigate = useNavigate();
  const [key, setKey] = useState('');
  const [error, setError] = useState<string>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = ZTemplateKey.safeParse(key.trim());
    if (!parsed.success) return setError(`The key ${parsed.error.issues[0]?.message ?? 'is invalid'}`);
    if (props.existing.includes(parsed.data)) return setError(`A template ${parsed.data} exists already: open it from the list`);
    void navigate(`${PATHS.template(parsed.data)}?new=1`);
  };
  return (
    <section className="panel" aria-labelledby="new-template-title">
      <h2 id="new-template-title">New template</h2>
      <form onSubmit={submit} noValidate className="inline-form">
        <Field label="Key" hint="Lower-case letters, digits and dashes, e.g. spring-offer; sequences refer to it" error={error}>
          {(control) => <input {...control} value={key} onChange={(e) => setKey(e.target.value)} autoComplete="off" />}
        </Field>
        <div className="button-row">
          <button type="submit" className="button">
            Create
          </button>
        </div>
      </form>
    </section>
  );
}
