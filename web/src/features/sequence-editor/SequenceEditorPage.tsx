/**
 * The visual sequence editor (ADR-040), for marketing and admin: the steps as a flow on a canvas
 * with an outline beside it, a side panel form for the selected step, the settings, the
 * definition as YAML/JSON, undo/redo, a server-side draft saved as the person types, publish
 * with a diff against the version in force, and the version history. Validation is the journey
 * language's own zod schema (the API's), so problems appear on the step as it is typed.
 */
import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState, type ReactElement } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import type { TStepType } from '@journey/definition';
import { api, data } from '../../api/client';
import { ApiError, errorMessage } from '../../api/errors';
import type { TBody } from '../../api/types';
import { Field } from '../../components/Field';
import { Alert, Loading, QueryError, Success } from '../../components/Messages';
import { usePageTitle } from '../../components/PageTitle';
import { FlowCanvas } from './FlowCanvas';
import { HistoryPanel } from './HistoryPanel';
import { PublishPanel, type TPreview } from './PublishPanel';
import { SettingsForm } from './SettingsForm';
import { StepForm } from './StepForm';
import { describeEditStep } from './describe';
import {
  commit,
  emptyDefinition,
  insertStep,
  issuesOfStep,
  locateIssue,
  moveStep,
  newStep,
  redo,
  removeStep,
  renameStep,
  setAt,
  startHistory,
  stepTypeHint,
  stepTypeLabel,
  STEP_TYPES,
  undo,
  validate,
  type TEditDefinition,
  type THistory,
  type TIssue,
} from './model';
import './sequence-editor.css';
import { useT } from '../../lib/i18n';

// The YAML/JSON view carries the YAML library: its own chunk, loaded when that view opens.
const TextView = lazy(() => import('./TextView'));

const SAVE_DELAY_MS = 800;
type TView = 'flow' | 'text' | 'settings' | 'history';
/** Each view and its label's key (console.sequenceEditor.view.*). */
const VIEWS: { view: TView; label: string }[] = [
  { view: 'flow', label: 'sequenceEditor.view.flow' },
  { view: 'text', label: 'sequenceEditor.view.text' },
  { view: 'settings', label: 'sequenceEditor.view.settings' },
  { view: 'history', label: 'sequenceEditor.view.history' },
];

const isNotFound = (e: unknown) => e instanceof ApiError && e.status === 404;
const pathOf = (path: string) =>
  path
    .split(/\.|\[(\d+)\]/)
    .filter((p) => p !== undefined && p !== '')
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));

export default function SequenceEditorPage(): ReactElement {
  const params = useParams();
  const key = params['key'];
  return key ? <Editor key={key} sequenceKey={key} /> : <NewSequence />;
}

/** A new sequence starts as a draft: its key (fixed from then on) and name. */
function NewSequence(): ReactElement {
  const t = useT();
  usePageTitle(t('sequenceEditor.newSequence2'));
  const navigate = useNavigate();
  const [key, setKey] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const keyError = key && !/^[a-z0-9][a-z0-9_-]{0,62}$/.test(key) ? t('sequenceEditor.keyInvalid') : undefined;
  return (
    <div className="sequence-editor">
      <div className="page-header">
        <div>
          <p className="breadcrumbs">
            <Link to="/app/sequences">{t('sequenceEditor.sequences')}</Link>
          </p>
          <h1>{t('sequenceEditor.newSequence2')}</h1>
          <p className="subtitle">{t('sequenceEditor.nameItYouBuild')}</p>
        </div>
      </div>
      <form
        className="panel new-sequence"
        onSubmit={(e) => {
          e.preventDefault();
          if (keyError || !key || !name.trim()) return setError(t('sequenceEditor.keyAndName'));
          setBusy(true);
          setError(null);
          void (async () => {
            try {
              const existing = await data(api.GET('/sequences'));
              if (existing.items.some((s) => s.key === key)) throw new Error(t('sequenceEditor.exists', { key }));
              const draft = await api
                .GET('/sequences/{key}/draft', { params: { path: { key } } })
                .catch((x: unknown) => (isNotFound(x) ? null : Promise.reject(x)));
              if (!draft)
                await api.PUT('/sequences/{key}/draft', {
                  params: { path: { key } },
                  body: { definition: emptyDefinition(key, name.trim()), baseVersion: null },
                });
              await navigate(`/app/sequences/${encodeURIComponent(key)}/edit`);
            } catch (x) {
              setError(errorMessage(x));
              setBusy(false);
            }
          })();
        }}
      >
        {error ? <Alert>{error}</Alert> : null}
        <Field label={t('sequenceEditor.key')} hint={t('sequenceEditor.lowerCaseLettersDigits')} error={keyError}>
          {(control) => <input {...control} value={key} autoComplete="off" onChange={(e) => setKey(e.target.value)} />}
        </Field>
        <Field label={t('sequenceEditor.name')} hint={t('sequenceEditor.whatMarketersAndReps')}>
          {(control) => <input {...control} value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <button type="submit" className="button" disabled={busy}>
          {busy ? t('sequenceEditor.creating') : t('sequenceEditor.createAndEdit')}
        </button>
      </form>
    </div>
  );
}

type TSave =
  { state: 'clean' } | { state: 'pending' } | { state: 'saving' } | { state: 'saved'; at: Date } | { state: 'failed'; message: string };

function Editor(props: { sequenceKey: string }): ReactElement {
  const t = useT();
  const key = props.sequenceKey;
  const queryClient = useQueryClient();
  const draft = useQuery({
    queryKey: ['sequences', key, 'draft'],
    queryFn: () =>
      data(api.GET('/sequences/{key}/draft', { params: { path: { key } } })).catch((e: unknown) =>
        isNotFound(e) ? null : Promise.reject(e),
      ),
    staleTime: Infinity,
  });
  const versions = useQuery({
    queryKey: ['sequences', key, 'versions'],
    queryFn: () =>
      data(api.GET('/sequences/{key}/versions', { params: { path: { key } } })).catch((e: unknown) =>
        isNotFound(e) ? null : Promise.reject(e),
      ),
  });
  usePageTitle(t('sequenceEditor.editTitle', { key }));
  const onPublished = () => void queryClient.invalidateQueries({ queryKey: ['sequences'] });

  // What the editor opened with; later refetches (after publishing) must not take the workspace away.
  const opened = useRef<TOpened | null>(null);
  if (opened.current) return <Workspace {...opened.current} onPublished={onPublished} />;
  if (draft.isPending || versions.isPending) return <Loading label={t('sequenceEditor.loadingTheSequence')} />;
  if (draft.isError) return <QueryError error={draft.error} what={t('sequenceEditor.yourDraft')} retry={() => void draft.refetch()} />;
  if (versions.isError)
    return <QueryError error={versions.error} what={t('sequenceEditor.theSequence')} retry={() => void versions.refetch()} />;
  const latest = versions.data?.items[0];
  if (!draft.data && !latest)
    return (
      <Alert title={t('sequenceEditor.noSuchSequence')}>
        {t('sequenceEditor.thereIsNoSequence')}
        <code>{key}</code>
        {t('sequenceEditor.andYouHaveNo')}
        <Link to="/app/sequences/new">{t('sequenceEditor.startANewSequence')}</Link>.
      </Alert>
    );
  opened.current = {
    sequenceKey: key,
    initial: (draft.data?.definition as TEditDefinition | undefined) ?? (latest!.definition as unknown as TEditDefinition),
    restoredAt: draft.data ? new Date(draft.data.updatedAt) : null,
    baseVersion: draft.data ? draft.data.baseVersion : (latest?.version ?? null),
    inForce: latest?.version ?? null,
  };
  return <Workspace {...opened.current} onPublished={onPublished} />;
}

type TOpened = {
  sequenceKey: string;
  initial: TEditDefinition;
  restoredAt: Date | null;
  baseVersion: number | null;
  inForce: number | null;
};

function Workspace(props: {
  sequenceKey: string;
  initial: TEditDefinition;
  restoredAt: Date | null;
  baseVersion: number | null;
  inForce: number | null;
  onPublished: () => void;
}): ReactElement {
  const t = useT();
  const key = props.sequenceKey;
  const [history, setHistory] = useState<THistory>(() => startHistory(props.initial));
  const def = history.present;
  const [view, setView] = useState<TView>('flow');
  const [selected, setSelected] = useState<number | null>(0);
  const [addType, setAddType] = useState<TStepType>('email');
  const [baseVersion, setBaseVersion] = useState(props.baseVersion);
  const [inForce, setInForce] = useState(props.inForce);
  const [save, setSave] = useState<TSave>(props.restoredAt ? { state: 'saved', at: props.restoredAt } : { state: 'clean' });
  // What the server holds, and what the status said when it did: an edit undone before its save says so again.
  const [held, setHeld] = useState<{ def: TEditDefinition; status: TSave }>({ def: props.initial, status: save });
  const settle = (next: TEditDefinition, status: TSave) => {
    setHeld({ def: next, status });
    setSave(status);
  };
  // The server's check belongs to the definition it checked; an answer for an older one is not shown.
  const [serverCheck, setServerCheck] = useState<{ def: TEditDefinition; issues: TIssue[] } | null>(null);
  const [preview, setPreview] = useState<TPreview | null>(null);
  const [publishing, setPublishing] = useState(false);
  const [notice, setNotice] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);

  const verdict = useMemo(() => validate(def), [def]);
  const issues: TIssue[] = verdict.ok ? (serverCheck?.def === def ? serverCheck.issues : []) : verdict.issues;
  const issuesByStep = useMemo(() => def.steps.map((_, i) => issuesOfStep(issues, i)), [def.steps, issues]);
  const ids = useMemo(() => def.steps.map((s) => s.id), [def.steps]);
  const sel = selected !== null && selected < def.steps.length ? selected : def.steps.length ? 0 : null;

  const apply = useCallback((next: TEditDefinition, mergeKey: string | null = null) => {
    setHistory((h) => commit(h, next, mergeKey));
    setPreview(null);
    setNotice(null);
  }, []);
  const change = (path: string, value: unknown) => apply(setAt(def, pathOf(path), value), path);
  const changeStep = (index: number) => (path: string, value: unknown) =>
    apply(setAt(def, ['steps', index, ...pathOf(path)], value), `steps[${index}].${path}`);

  // Autosave: a moment after the last edit, the draft goes to the server; then the server's own check (templates exist…).
  // When a save lands after the editor has moved on (even back to the definition before it), the effect runs again and
  // saves what is on screen, so the server never keeps a state the marketer undid.
  useEffect(() => {
    if (def === held.def) {
      // What the server holds: nothing to save (an edit undone before its save went out leaves no pending status).
      setSave((now) => (now.state === 'pending' ? held.status : now));
      return;
    }
    setSave({ state: 'pending' });
    const timer = setTimeout(() => {
      setSave({ state: 'saving' });
      const body: TBody<'/sequences/{key}/draft', 'put'> = { definition: def, baseVersion };
      api
        .PUT('/sequences/{key}/draft', { params: { path: { key } }, body })
        .then(async () => {
          settle(def, { state: 'saved', at: new Date() });
          if (validate(def).ok) {
            const check = await data(api.POST('/sequences/validate', { body: def }));
            setServerCheck({ def, issues: check.issues });
          }
        })
        .catch((e: unknown) => setSave({ state: 'failed', message: errorMessage(e) }));
    }, SAVE_DELAY_MS);
    return () => clearTimeout(timer);
  }, [def, held, key, baseVersion]);
  // On opening, the server's check too (a template deleted since the draft was saved shows at once).
  useEffect(() => {
    const opened = props.initial;
    if (!validate(opened).ok) return;
    let current = true;
    data(api.POST('/sequences/validate', { body: opened }))
      .then((check) => current && setServerCheck({ def: opened, issues: check.issues }))
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [props.initial]);

  // Leaving with an edit not yet saved: the browser asks first.
  useEffect(() => {
    if (save.state !== 'pending' && save.state !== 'saving') return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [save.state]);

  // Ctrl/Cmd+Z undoes, Ctrl/Cmd+Shift+Z and Ctrl+Y redo (text areas keep their own undo).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || e.altKey) return;
      if (e.target instanceof HTMLTextAreaElement) return;
      const k = e.key.toLowerCase();
      if (k === 'z' && !e.shiftKey) setHistory(undo);
      else if ((k === 'z' && e.shiftKey) || k === 'y') setHistory(redo);
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  const addStep = () => {
    const at = sel === null ? def.steps.length : sel + 1;
    apply(insertStep(def, at, newStep(addType, ids)));
    setSelected(at);
  };

  const startPublish = async () => {
    setNotice(null);
    if (!verdict.ok) return;
    try {
      const check = await data(api.POST('/sequences/validate', { body: verdict.definition }));
      if (!check.valid) {
        setServerCheck({ def, issues: check.issues });
        setNotice({
          kind: 'error',
          text: t('sequenceEditor.fixBeforePublishing', { count: check.issues.length }),
        });
        return;
      }
      setPreview(
        await data(api.POST('/sequences/{key}/publish-preview', { params: { path: { key } }, body: { definition: verdict.definition } })),
      );
    } catch (e) {
      setNotice({ kind: 'error', text: errorMessage(e) });
    }
  };

  const publish = async () => {
    if (!verdict.ok) return;
    setPublishing(true);
    try {
      const published = await data(api.POST('/sequences', { body: verdict.definition as TBody<'/sequences', 'post'> }));
      await api.DELETE('/sequences/{key}/draft', { params: { path: { key } } });
      settle(def, { state: 'clean' });
      setBaseVersion(published.version);
      setInForce(published.version);
      const kept = preview?.running.filter((r) => r.version < published.version) ?? [];
      setPreview(null);
      setNotice({
        kind: 'ok',
        text: kept.length
          ? t('sequenceEditor.publishedKept', {
              version: published.version,
              running: kept.map((r) => t('sequenceEditor.journeysOnVersion', { active: r.active, version: r.version })).join(', '),
              count: kept.length === 1 ? kept[0]!.active : 2,
            })
          : t('sequenceEditor.publishedNew', { version: published.version }),
      });
      props.onPublished();
    } catch (e) {
      setNotice({ kind: 'error', text: errorMessage(e) });
    } finally {
      setPublishing(false);
    }
  };

  const discard = async () => {
    try {
      await api.DELETE('/sequences/{key}/draft', { params: { path: { key } } });
      const versions = await data(api.GET('/sequences/{key}/versions', { params: { path: { key } } }));
      const latest = versions.items[0];
      if (!latest) return;
      const restored = latest.definition as unknown as TEditDefinition;
      setHistory(startHistory(restored));
      setBaseVersion(latest.version);
      settle(restored, { state: 'clean' });
      setNotice({ kind: 'ok', text: t('sequenceEditor.discarded', { version: latest.version }) });
    } catch (e) {
      setNotice({ kind: 'error', text: errorMessage(e) });
    }
  };

  const saveText =
    save.state === 'clean'
      ? baseVersion === null
        ? t('sequenceEditor.save.notPublished')
        : t('sequenceEditor.save.noChanges', { version: baseVersion })
      : save.state === 'pending'
        ? t('sequenceEditor.save.pending')
        : save.state === 'saving'
          ? t('sequenceEditor.save.saving')
          : save.state === 'saved'
            ? t('sequenceEditor.save.saved', {
                time: save.at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' }),
              })
            : t('sequenceEditor.save.failed', { message: save.message });
  const selectedStep = sel !== null ? def.steps[sel] : undefined;

  return (
    <div className="sequence-editor">
      <div className="page-header editor-header">
        <div>
          <p className="breadcrumbs">
            <Link to="/app/sequences">{t('sequenceEditor.sequences')}</Link>
          </p>
          <h1>{def.name || key}</h1>
          <p className="subtitle">
            <code>{key}</code> ·{' '}
            {baseVersion === null ? t('sequenceEditor.newSequence') : t('sequenceEditor.editedFromVersion', { baseVersion })}
            {inForce !== null ? t('sequenceEditor.versionInForce', { inForce }) : ''} ·{' '}
            <span className={save.state === 'failed' ? 'error' : 'muted'} role="status">
              {saveText}
            </span>
          </p>
        </div>
        <div className="editor-toolbar" role="toolbar" aria-label={t('sequenceEditor.editor')}>
          <button
            type="button"
            className="button button--secondary"
            disabled={!history.past.length}
            onClick={() => setHistory(undo)}
            aria-keyshortcuts="Control+Z"
          >
            {t('sequenceEditor.undo')}
          </button>
          <button
            type="button"
            className="button button--secondary"
            disabled={!history.future.length}
            onClick={() => setHistory(redo)}
            aria-keyshortcuts="Control+Shift+Z"
          >
            {t('sequenceEditor.redo')}
          </button>
          {/* The dry-run simulation of this draft (its page is built beside the editor). */}
          <Link className="button button--secondary" to={`/app/sequences/${encodeURIComponent(key)}/simulate?draft=1`}>
            {t('sequenceEditor.simulate')}
          </Link>
          {save.state !== 'clean' && inForce !== null ? (
            <button type="button" className="button button--quiet" onClick={() => void discard()}>
              {t('sequenceEditor.discardDraft')}
            </button>
          ) : null}
          <button
            type="button"
            className="button"
            disabled={!verdict.ok || publishing}
            aria-describedby={verdict.ok ? undefined : 'problems-summary'}
            onClick={() => void startPublish()}
          >
            {t('sequenceEditor.publish')}
          </button>
        </div>
      </div>

      {notice ? notice.kind === 'ok' ? <Success>{notice.text}</Success> : <Alert>{notice.text}</Alert> : null}
      {issues.length ? (
        <section className="problems" aria-labelledby="problems-summary">
          <h2 id="problems-summary">{t('sequenceEditor.problemsToFix', { count: issues.length })}</h2>
          <ul aria-label={t('sequenceEditor.problems')}>
            {issues.map((i) => {
              const at = locateIssue(i.path);
              return (
                <li key={`${i.path}:${i.message}`}>
                  {at.step !== undefined && def.steps[at.step] ? (
                    <button
                      type="button"
                      className="button button--quiet"
                      onClick={() => {
                        setSelected(at.step!);
                        setView('flow');
                      }}
                    >
                      <code>{i.path}</code>
                    </button>
                  ) : (
                    <code>{i.path}</code>
                  )}
                  : {i.message}
                </li>
              );
            })}
          </ul>
        </section>
      ) : null}
      {preview ? (
        <PublishPanel preview={preview} busy={publishing} onPublish={() => void publish()} onCancel={() => setPreview(null)} />
      ) : null}

      <div className="editor-views" role="group" aria-label={t('sequenceEditor.editorViews')}>
        {VIEWS.map((v) => (
          <button
            key={v.view}
            type="button"
            className={`button ${view === v.view ? '' : 'button--secondary'}`}
            aria-pressed={view === v.view}
            onClick={() => setView(v.view)}
          >
            {t(v.label)}
          </button>
        ))}
      </div>

      {view === 'flow' ? (
        <div className="editor-flow">
          <section className="editor-outline" aria-labelledby="outline-title">
            <h2 id="outline-title">{t('sequenceEditor.steps2')}</h2>
            <ol className="plain-list outline" aria-label={t('sequenceEditor.stepsInOrder')}>
              {def.steps.map((s, i) => (
                <li key={`${s.id}#${i}`}>
                  <button
                    type="button"
                    className={`outline__step${sel === i ? ' outline__step--selected' : ''}`}
                    aria-pressed={sel === i}
                    onClick={() => setSelected(i)}
                  >
                    <span className="outline__title">
                      {i + 1}. {stepTypeLabel(t, s.type)} <code>{s.id}</code>
                    </span>
                    <span className="outline__summary">{describeEditStep(t, s)}</span>
                    {issuesByStep[i]?.length ? <span className="outline__issue">⚠ {issuesByStep[i]![0]!.message}</span> : null}
                  </button>
                </li>
              ))}
            </ol>
            <div className="add-step">
              <Field label={t('sequenceEditor.newStep')} hint={stepTypeHint(t, addType)}>
                {(control) => (
                  <select {...control} value={addType} onChange={(e) => setAddType(e.target.value as TStepType)}>
                    {STEP_TYPES.map((type) => (
                      <option key={type} value={type}>
                        {stepTypeLabel(t, type)}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <button type="button" className="button button--secondary" onClick={addStep}>
                {sel === null
                  ? t('sequenceEditor.addStepAtEnd', { type: stepTypeLabel(t, addType).toLowerCase() })
                  : t('sequenceEditor.addStepAfter', { type: stepTypeLabel(t, addType).toLowerCase(), n: sel + 1 })}
              </button>
            </div>
          </section>
          <FlowCanvas steps={def.steps} issuesByStep={issuesByStep} selected={sel} onSelect={setSelected} />
          <aside className="editor-panel" aria-label={t('sequenceEditor.selectedStep')}>
            {selectedStep && sel !== null ? (
              <StepForm
                key={sel}
                step={selectedStep}
                index={sel}
                count={def.steps.length}
                ids={ids}
                issues={issuesByStep[sel] ?? []}
                onChange={changeStep(sel)}
                onRename={(id) => apply(renameStep(def, sel, id))}
                onMove={(to) => {
                  apply(moveStep(def, sel, to));
                  setSelected(to);
                }}
                onDelete={() => {
                  apply(removeStep(def, sel));
                  setSelected(Math.max(0, sel - 1));
                }}
              />
            ) : (
              <p className="muted">{t('sequenceEditor.selectAStepTo')}</p>
            )}
          </aside>
        </div>
      ) : null}
      {view === 'text' ? (
        <Suspense fallback={<Loading label={t('sequenceEditor.loadingTheTextView')} />}>
          <TextView definition={def} sequenceKey={key} onChange={(next) => apply(next, 'text')} />
        </Suspense>
      ) : null}
      {view === 'settings' ? <SettingsForm definition={def} issues={issues} onChange={change} /> : null}
      {view === 'history' ? (
        <HistoryPanel
          sequenceKey={key}
          onRestore={(restored, version) => {
            apply({ ...restored, key });
            setBaseVersion(version);
            setView('flow');
            setNotice({ kind: 'ok', text: t('sequenceEditor.editingFrom', { version }) });
          }}
        />
      ) : null}
    </div>
  );
}
