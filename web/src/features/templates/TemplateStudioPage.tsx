import { lazy, Suspense, useEffect, useId, useMemo, useRef, useState, type FormEvent, type ReactElement } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { ZTemplateLocale } from '@domain/templates/schemas';
import { api, data } from '../../api/client';
import { ApiError, errorMessage } from '../../api/errors';
import type { TOk } from '../../api/types';
import { Field } from '../../components/Field';
import { Alert, Loading, QueryError, Success } from '../../components/Messages';
import { usePageTitle } from '../../components/PageTitle';
import { Time } from '../../components/Time';
import { PATHS } from '../../app/access';
import { proposedVariantKey, STARTER_MJML, usedVariables } from './studio-logic';
import { PreviewPanel, useDebounced } from './PreviewPanel';
import { templatesKey } from './TemplatesPage';
import '../../components/config-pages.css';
import './template-studio.css';
import { useT } from '../../lib/i18n';

// CodeMirror is big: its own chunk, fetched when the studio opens, never with the list or the shell.
const MjmlEditor = lazy(() => import('./MjmlEditor'));

type TDetail = TOk<'/templates/{key}', 'get'>;
type TDraft = { name: string; subject: string; mjml: string };

const templateKey = (key: string) => ['templates', key] as const;

/**
 * The template studio: the MJML source with highlighting, the variables it may use (checked as
 * you type, with the API's own messages on the line they concern), a live preview at desktop and
 * phone widths for a sample person in any language or a real lead, "send me a test", the
 * plain-text part, the family's language variants, and the version history. Save = a new version.
 */
export default function TemplateStudioPage(): ReactElement {
  const t = useT();
  const { key = '' } = useParams();
  const [search] = useSearchParams();
  const isNew = search.get('new') === '1';
  usePageTitle(t('templates.pageTitleOne', { key }));
  const detail = useQuery({
    queryKey: templateKey(key),
    queryFn: () => data(api.GET('/templates/{key}', { params: { path: { key } } })),
    retry: false,
  });
  const list = useQuery({ queryKey: templatesKey, queryFn: () => data(api.GET('/templates')) });

  if (detail.isPending) return <Loading label={t('templates.loadingTheTemplate')} />;
  const missing = detail.error instanceof ApiError && detail.error.status === 404;
  if (detail.isError && !(missing && isNew)) {
    return (
      <>
        <h1>{t('templates.template', { key })}</h1>
        <QueryError error={detail.error} what={t('templates.theTemplate')} retry={() => void detail.refetch()} />
        <p>
          <Link to={PATHS.templates}>{t('templates.backToTheTemplates')}</Link>
        </p>
      </>
    );
  }
  return <Studio key={key} templateKey={key} detail={detail.data} variables={list.data?.variables ?? []} />;
}

function Studio(props: {
  templateKey: string;
  detail: TDetail | undefined;
  variables: readonly { name: string; description: string }[];
}): ReactElement {
  const t = useT();
  const { detail } = props;
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const ids = { editorLabel: useId(), problems: useId(), hint: useId() };
  const [draft, setDraft] = useState<TDraft>(() =>
    detail
      ? { name: detail.name, subject: detail.subject, mjml: detail.mjml }
      : { name: props.templateKey, subject: 'Hello {{lead.firstName}}', mjml: STARTER_MJML },
  );
  const [saved, setSaved] = useState<string>();
  const savedRef = useRef<HTMLDivElement>(null);
  const dirty = !detail || draft.name !== detail.name || draft.subject !== detail.subject || draft.mjml !== detail.mjml;

  const source = useDebounced({ subject: draft.subject, mjml: draft.mjml }, 350);
  const check = useQuery({
    queryKey: ['template-check', source],
    queryFn: () => data(api.POST('/templates/check', { body: source })),
    placeholderData: keepPreviousData,
  });
  const problems = check.data?.problems ?? [];
  const known = useMemo(() => props.variables.map((v) => v.name), [props.variables]);
  const used = usedVariables(draft.subject, draft.mjml);

  const save = useMutation({
    mutationFn: () => data(api.POST('/templates', { body: { key: props.templateKey, ...draft } })),
    onSuccess: async (template) => {
      setSaved(`Saved as version ${template.version}.`);
      requestAnimationFrame(() => savedRef.current?.focus());
      // A query without data goes back to "pending" when it refetches, which would replace the
      // studio with "Loading…": give the new template its detail at once (the refetch then updates it).
      if (!detail) {
        const first = { version: template.version, createdAt: template.createdAt };
        queryClient.setQueryData(templateKey(props.templateKey), { ...template, versions: [first], baseKey: template.key, variants: [] });
      }
      await queryClient.invalidateQueries({ queryKey: ['templates'] });
      if (!detail) void navigate(PATHS.template(props.templateKey), { replace: true });
    },
    // The save answers "Template is invalid"; the check (same compiler) lists why, on its lines.
    onError: () => void check.refetch(),
  });

  const baseKey = detail?.baseKey ?? props.templateKey;
  const variants = detail?.variants ?? [];
  const editingLocale = detail?.locale ?? null;

  return (
    <>
      <div className="page-header">
        <div>
          <p className="small">
            <Link to={PATHS.templates}>{t('templates.templates')}</Link>
          </p>
          <h1>
            {draft.name || props.templateKey}
            {editingLocale ? <span className="muted"> · {editingLocale}</span> : null}
          </h1>
          <p className="subtitle">
            <code>{props.templateKey}</code> ·{' '}
            {detail ? t('templates.version', { version: detail.version }) : t('templates.newTemplateNotSaved')}
            {dirty && detail ? t('templates.unsavedChanges') : ''}
          </p>
        </div>
      </div>

      <nav className="variant-tabs" aria-label={t('templates.languagesOfThisTemplate')}>
        <ul>
          <li>
            <Link to={PATHS.template(baseKey)} aria-current={baseKey === props.templateKey ? 'page' : undefined}>
              {t('templates.default2')}
            </Link>
          </li>
          {variants.map((v) => (
            <li key={v.key}>
              <Link to={PATHS.template(v.key)} aria-current={v.key === props.templateKey ? 'page' : undefined}>
                {v.locale}
              </Link>
            </li>
          ))}
        </ul>
        {detail ? <AddVariantForm baseKey={baseKey} draft={draft} /> : null}
      </nav>

      <div className="studio">
        <section className="studio__source panel" aria-labelledby="source-title">
          <h2 id="source-title">{t('templates.source')}</h2>
          <Field label={t('templates.name')} hint={t('templates.forPeopleShownIn')}>
            {(control) => <input {...control} value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />}
          </Field>
          <Field label={t('templates.subject')} error={problems.find((p) => p.message.startsWith('subject:'))?.message}>
            {(control) => <input {...control} value={draft.subject} onChange={(e) => setDraft({ ...draft, subject: e.target.value })} />}
          </Field>
          <div className="field">
            <span className="label" id={ids.editorLabel}>
              {t('templates.mjml')}
            </span>
            <span className="hint" id={ids.hint}>
              {t('templates.placeholdersLike')}
              <code>{t('templates.text2')}</code>
              {t('templates.areFilledPerLead')}
            </span>
            <Suspense fallback={<Loading label={t('templates.loadingTheEditor')} />}>
              <MjmlEditor
                value={draft.mjml}
                onChange={(mjml) => setDraft((d) => ({ ...d, mjml }))}
                known={known}
                labelledBy={ids.editorLabel}
                describedBy={problems.length ? `${ids.hint} ${ids.problems}` : ids.hint}
                invalid={problems.length > 0}
              />
            </Suspense>
            <div id={ids.problems} aria-live="polite">
              {problems.length ? (
                <ul className="error-list" aria-label={t('templates.problems')}>
                  {problems.map((p) => (
                    <li key={p.message} className="error">
                      {p.line !== null ? <strong>{t('templates.line', { line: p.line })}</strong> : null}
                      {p.message}
                    </li>
                  ))}
                </ul>
              ) : null}
            </div>
            {check.isError ? <Alert>{t('templates.couldNotCheckThe', { error: errorMessage(check.error) })}</Alert> : null}
          </div>
          {save.isError ? (
            <Alert>
              {errorMessage(save.error)}
              {save.error instanceof ApiError && save.error.status === 422 ? t('templates.seeTheProblemsListed') : ''}
            </Alert>
          ) : null}
          <div className="button-row">
            <button type="button" className="button" disabled={save.isPending || (!dirty && !!detail)} onClick={() => save.mutate()}>
              {save.isPending
                ? t('templates.saving')
                : detail
                  ? t('templates.saveAsVersion', { n: detail.version + 1 })
                  : t('templates.saveVersion1')}
            </button>
            {detail && dirty ? (
              <button
                type="button"
                className="button button--secondary"
                onClick={() => setDraft({ name: detail.name, subject: detail.subject, mjml: detail.mjml })}
              >
                {t('templates.discardChanges')}
              </button>
            ) : null}
          </div>
          <div ref={savedRef} tabIndex={-1} aria-live="polite">
            {saved && !dirty ? <Success>{saved}</Success> : null}
          </div>
          <VariablesList variables={props.variables} used={used} />
          {detail ? <History templateKey={props.templateKey} detail={detail} onLoad={(d) => setDraft(d)} /> : null}
        </section>

        <PreviewPanel
          initialLocale={editingLocale}
          draft={source}
          valid={check.data?.valid ?? false}
          baseKey={baseKey}
          variants={variants}
          editingKey={props.templateKey}
        />
      </div>
    </>
  );
}

/** Every variable a template may use, what it holds, and whether this draft uses it. */
function VariablesList(props: { variables: readonly { name: string; description: string }[]; used: readonly string[] }): ReactElement {
  const t = useT();
  const unknown = props.used.filter((u) => !props.variables.some((v) => v.name === u));
  return (
    <details className="variables" open>
      <summary>
        <h3>{t('templates.variables')}</h3>
      </summary>
      {unknown.length ? (
        <p className="error">
          {t('templates.notAVariable')}{' '}
          {unknown.map((u) => (
            <code key={u}>{`{{${u}}}`}</code>
          ))}
        </p>
      ) : null}
      <dl>
        {props.variables.map((v) => (
          <div key={v.name} className={props.used.includes(v.name) ? 'variable variable--used' : 'variable'}>
            <dt>
              <code>{`{{${v.name}}}`}</code>
              {props.used.includes(v.name) ? <span className="badge badge--used">{t('templates.used')}</span> : null}
            </dt>
            <dd>{v.description}</dd>
          </div>
        ))}
      </dl>
    </details>
  );
}

/** Earlier versions: load one into the editor (saving it makes it the newest). */
function History(props: { templateKey: string; detail: TDetail; onLoad: (draft: TDraft) => void }): ReactElement {
  const t = useT();
  const [loading, setLoading] = useState<number>();
  const [error, setError] = useState<string>();
  const load = async (version: number) => {
    setLoading(version);
    setError(undefined);
    try {
      const old = await data(api.GET('/templates/{key}', { params: { path: { key: props.templateKey }, query: { version } } }));
      props.onLoad({ name: old.name, subject: old.subject, mjml: old.mjml });
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setLoading(undefined);
    }
  };
  return (
    <details className="history">
      <summary>
        <h3>{t('templates.versions', { length: props.detail.versions.length })}</h3>
      </summary>
      {error ? <Alert>{error}</Alert> : null}
      <ul className="plain-list">
        {props.detail.versions.map((v) => (
          <li key={v.version}>
            {t('templates.v2', { version: v.version })} · <Time value={v.createdAt} />{' '}
            {v.version === props.detail.version ? (
              <span className="muted">{t('templates.inTheEditor')}</span>
            ) : (
              <button type="button" className="button button--quiet" disabled={loading !== undefined} onClick={() => void load(v.version)}>
                {loading === v.version ? t('templates.loading') : t('templates.loadVIntoThe', { version: v.version })}
              </button>
            )}
          </li>
        ))}
      </ul>
    </details>
  );
}

/** A new language for the family: a copy of this draft, saved as `<base>-<locale>`, then opened. */
function AddVariantForm(props: { baseKey: string; draft: TDraft }): ReactElement {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [locale, setLocale] = useState('');
  const [error, setError] = useState<string>();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const create = useMutation({
    mutationFn: (tag: string) =>
      data(
        api.POST('/templates', {
          body: {
            key: proposedVariantKey(props.baseKey, tag),
            name: `${props.draft.name} (${tag})`,
            subject: props.draft.subject,
            mjml: props.draft.mjml,
            locale: tag,
            variantOf: props.baseKey,
          },
        }),
      ),
    onSuccess: async (template) => {
      await queryClient.invalidateQueries({ queryKey: ['templates'] });
      setOpen(false);
      void navigate(PATHS.template(template.key));
    },
  });
  useEffect(() => setError(undefined), [locale]);
  if (!open) {
    return (
      <button type="button" className="button button--secondary" onClick={() => setOpen(true)}>
        {t('templates.addALanguage')}
      </button>
    );
  }
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = ZTemplateLocale.safeParse(locale);
    if (!parsed.success)
      return setError(t('templates.languageInvalid', { message: parsed.error.issues[0]?.message ?? t('templates.isInvalid') }));
    create.mutate(parsed.data);
  };
  return (
    <form className="inline-form" onSubmit={submit} noValidate aria-label={t('templates.addALanguage')}>
      <Field
        label={t('templates.language')}
        hint={t('templates.aLanguageTagSuch', { baseKey: proposedVariantKey(props.baseKey, locale || 'xx') })}
        error={error ?? (create.error instanceof ApiError ? create.error.message : undefined)}
      >
        {(control) => <input {...control} value={locale} onChange={(e) => setLocale(e.target.value)} autoComplete="off" />}
      </Field>
      {create.isError && !(create.error instanceof ApiError) ? <Alert>{errorMessage(create.error)}</Alert> : null}
      <div className="button-row">
        <button type="submit" className="button" disabled={create.isPending}>
          {create.isPending ? t('templates.creating') : t('templates.createTheVariant')}
        </button>
        <button type="button" className="button button--secondary" onClick={() => setOpen(false)}>
          {t('templates.cancel')}
        </button>
      </div>
    </form>
  );
}
