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
import { useT } from '../../lib/i18n';

export const templatesKey = ['templates'] as const;

/** The templates (latest versions), their languages, and a way to start a new one. */
export default function TemplatesPage(): ReactElement {
  const t = useT();
  usePageTitle(t('templates.pageTitle'));
  const templates = useQuery({ queryKey: templatesKey, queryFn: () => data(api.GET('/templates')) });
  const bases = templates.data?.items.filter((t) => !t.variantOf) ?? [];
  return (
    <>
      <div className="page-header">
        <div>
          <h1>{t('templates.templates')}</h1>
          <p className="subtitle">{t('templates.emailTemplatesInMjml')}</p>
        </div>
      </div>
      <NewTemplateForm existing={templates.data?.items.map((t) => t.key) ?? []} />
      {templates.isPending ? <Loading label={t('templates.loadingTemplates')} /> : null}
      {templates.isError ? (
        <QueryError error={templates.error} what={t('templates.templates2')} retry={() => void templates.refetch()} />
      ) : null}
      {templates.data && bases.length === 0 ? <p className="panel">{t('templates.noTemplatesYetCreate')}</p> : null}
      {bases.length > 0 ? (
        <TableWrap label={t('templates.templates')}>
          <table>
            <caption className="visually-hidden">{t('templates.templatesLatestVersions')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('templates.template2')}</th>
                <th scope="col">{t('templates.subject')}</th>
                <th scope="col">{t('templates.version2')}</th>
                <th scope="col">{t('templates.languages')}</th>
                <th scope="col">{t('templates.saved')}</th>
              </tr>
            </thead>
            <tbody>
              {bases.map((tpl) => (
                <tr key={tpl.key}>
                  <td>
                    <Link to={PATHS.template(tpl.key)}>{tpl.name}</Link>
                    <div className="muted small">
                      <code>{tpl.key}</code>
                    </div>
                  </td>
                  <td>{tpl.subject}</td>
                  <td>{t('templates.v2', { version: tpl.version })}</td>
                  <td>
                    {tpl.variants.length === 0 ? (
                      <span className="muted">{t('templates.defaultOnly')}</span>
                    ) : (
                      <ul className="inline-list">
                        <li>{t('templates.default2')}</li>
                        {tpl.variants.map((v) => (
                          <li key={v.key}>
                            <Link to={PATHS.template(v.key)} aria-label={t('templates.variant2', { name: tpl.name, locale: v.locale })}>
                              {v.locale}
                            </Link>
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                  <td>
                    <Time value={tpl.updatedAt} />
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
  const t = useT();
  const navigate = useNavigate();
  const [key, setKey] = useState('');
  const [error, setError] = useState<string>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = ZTemplateKey.safeParse(key.trim());
    if (!parsed.success)
      return setError(t('templates.keyInvalid', { message: parsed.error.issues[0]?.message ?? t('templates.isInvalid') }));
    if (props.existing.includes(parsed.data)) return setError(t('templates.exists', { key: parsed.data }));
    void navigate(`${PATHS.template(parsed.data)}?new=1`);
  };
  return (
    <section className="panel" aria-labelledby="new-template-title">
      <h2 id="new-template-title">{t('templates.newTemplate')}</h2>
      <form onSubmit={submit} noValidate className="inline-form">
        <Field label={t('templates.key')} hint={t('templates.lowerCaseLettersDigits')} error={error}>
          {(control) => <input {...control} value={key} onChange={(e) => setKey(e.target.value)} autoComplete="off" />}
        </Field>
        <div className="button-row">
          <button type="submit" className="button">
            {t('templates.create')}
          </button>
        </div>
      </form>
    </section>
  );
}
