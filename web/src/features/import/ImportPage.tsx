import { useEffect, useMemo, useRef, useState, type ReactElement, type RefObject } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, data } from '../../api/client';
import { ApiError, errorMessage } from '../../api/errors';
import { Alert, QueryError } from '../../components/Messages';
import { usePageTitle } from '../../components/PageTitle';
import { useT } from '../../lib/i18n';
import { PATHS } from '../../app/access';
import { FileDrop } from './FileDrop';
import { ImportResult } from './ImportResult';
import {
  bytesToBase64,
  checkMapping,
  emptyChoices,
  fileProblem,
  listFields,
  looksLikeZip,
  mappingOf,
  missingMessage,
  valueKey,
  type TImportPreview,
  type TMappingChoices,
  type TValueMappedField,
} from './import-logic';
import { ColumnMapping, DryRun, FileSummary, InvalidOptionalChoice, ValueMapping } from './MappingStep';
import './import.css';

/** A file read in the browser: its bytes as base64 (the server detects the encoding), and a token per choice. */
type TChosenFile = { token: number; name: string; size: number; base64: string };

/** The last preview that arrived for the file, and the mapping (JSON) it was made with. */
type TShownPreview = { token: number; preview: TImportPreview; mappingJson: string };

/** The wizard's steps, by their catalogue keys (console.import.step.*). */
const STEPS = ['choose', 'map', 'import'] as const;
/** Wait this long after the last change of the mapping before checking it again. */
const REPREVIEW_MS = 400;

/**
 * The CSV import wizard: choose a file (read as bytes, sent as base64), see how the server reads
 * it (POST /leads/imports/preview), map its columns and values (each change re-checked, debounced),
 * start the import (POST /leads/imports), then follow it (GET /leads/imports/:id, polled) to its
 * counts, errors, warnings and the issues as CSV.
 */
export default function ImportPage(): ReactElement {
  const t = useT();
  usePageTitle(t('import.title'));
  const queryClient = useQueryClient();
  const [file, setFile] = useState<TChosenFile>();
  const [reading, setReading] = useState<string>();
  const [fileError, setFileError] = useState<string>();
  const [choices, setChoices] = useState<TMappingChoices>(emptyChoices);
  const [sent, setSent] = useState(() => JSON.stringify(mappingOf(emptyChoices())));
  const [shown, setShown] = useState<TShownPreview>();
  const [jobId, setJobId] = useState<string>();
  const [startError, setStartError] = useState<string>();
  const readToken = useRef(0);
  /** Each file value's built-in suggestion (field + value → value or null), as previews show them before the user maps it. */
  const builtins = useRef(new Map<string, string | null>());
  const headings = [useRef<HTMLHeadingElement>(null), useRef<HTMLHeadingElement>(null), useRef<HTMLHeadingElement>(null)];

  const { mapping, problems } = useMemo(() => checkMapping(t, choices), [t, choices]);
  const mappingJson = JSON.stringify(mapping);

  // A valid mapping that changed is checked again once the user pauses.
  useEffect(() => {
    if (problems || mappingJson === sent) return;
    const timer = setTimeout(() => setSent(mappingJson), REPREVIEW_MS);
    return () => clearTimeout(timer);
  }, [mappingJson, sent, problems]);

  const preview = useQuery({
    queryKey: ['imports', 'preview', file?.token, sent],
    enabled: Boolean(file) && !jobId,
    queryFn: () =>
      data(
        api.POST('/leads/imports/preview', { body: { csvBase64: file?.base64 ?? '', fileName: file?.name, mapping: JSON.parse(sent) } }),
      ),
    staleTime: Infinity,
    gcTime: 60_000,
  });

  useEffect(() => {
    if (!preview.data || !file) return;
    const sentValues = (JSON.parse(sent) as { values?: Partial<Record<string, Record<string, unknown>>> }).values ?? {};
    for (const info of Object.values(preview.data.enumColumns))
      for (const v of info.distinctValues)
        if (!Object.hasOwn(sentValues[info.field] ?? {}, v.value)) builtins.current.set(valueKey(info.field, v.value), v.suggested);
    setShown({ token: file.token, preview: preview.data, mappingJson: sent });
  }, [preview.data]); // only a new answer matters: `sent` and `file` are the ones it was asked with

  const current = shown && file && shown.token === file.token ? shown : undefined;
  const step = jobId ? 3 : current ? 2 : 1;

  // Focus follows the wizard: the new step's heading (a screen reader reads on from there).
  const shownStep = useRef(step);
  useEffect(() => {
    if (shownStep.current === step) return;
    shownStep.current = step;
    headings[step - 1]?.current?.focus();
  });

  const start = useMutation({
    mutationFn: (input: { file: TChosenFile; mapping: unknown }) =>
      data(api.POST('/leads/imports', { body: { csvBase64: input.file.base64, fileName: input.file.name, mapping: input.mapping } })),
    onSuccess: (job) => {
      queryClient.setQueryData(['imports', job.id], job);
      setJobId(job.id);
    },
  });

  const job = useQuery({
    queryKey: ['imports', jobId],
    enabled: Boolean(jobId),
    queryFn: () => data(api.GET('/leads/imports/{id}', { params: { path: { id: jobId ?? '' } } })),
    refetchInterval: (q) => (q.state.data?.status === 'COMPLETED' ? false : 1000),
  });

  const chooseFile = async (chosen: File) => {
    const token = ++readToken.current;
    setFileError(undefined);
    setStartError(undefined);
    setFile(undefined);
    const problem = fileProblem(t, chosen);
    if (problem) return setFileError(problem);
    setReading(chosen.name);
    try {
      const bytes = new Uint8Array(await chosen.arrayBuffer());
      if (token !== readToken.current) return;
      if (looksLikeZip(bytes)) return setFileError(t('import.spreadsheet', { name: chosen.name }));
      const initial = emptyChoices();
      builtins.current.clear();
      setChoices(initial);
      setSent(JSON.stringify(mappingOf(initial)));
      setFile({ token, name: chosen.name.slice(0, 200), size: chosen.size, base64: bytesToBase64(bytes) });
    } catch {
      if (token === readToken.current) setFileError(t('import.unreadable', { name: chosen.name }));
    } finally {
      if (token === readToken.current) setReading(undefined);
    }
  };

  const chooseAnother = () => {
    readToken.current++;
    setFile(undefined);
    setShown(undefined);
    setFileError(undefined);
    setStartError(undefined);
    start.reset();
  };

  const startOver = () => {
    chooseAnother();
    setJobId(undefined);
  };

  const setColumn = (column: string, target: string | undefined) =>
    setChoices((c) => {
      const columns = { ...c.columns };
      if (target === undefined) delete columns[column];
      else columns[column] = target;
      return { ...c, columns };
    });

  const setValue = (field: TValueMappedField, value: string, to: string | null | undefined) =>
    setChoices((c) => {
      const map = { ...c.values[field] };
      if (to === undefined) delete map[value];
      else map[value] = to;
      return { ...c, values: { ...c.values, [field]: map } };
    });

  const startImport = () => {
    setStartError(undefined);
    if (!file || !current) return;
    if (problems) {
      setStartError(t('import.fixFirst'));
      document.querySelector<HTMLElement>('.import-wizard [aria-invalid="true"]')?.focus();
      return;
    }
    // The shown check is for this very mapping: the required fields it lacks are known.
    if (current.mappingJson === mappingJson && current.preview.missing.length) {
      setStartError(t('import.nothingMapped', { fields: listFields(t, current.preview.missing) }));
      document.querySelector<HTMLElement>('.import-wizard .map-list select:not([disabled])')?.focus();
      return;
    }
    start.mutate({ file, mapping });
  };

  const dropError = fileError ?? (file && !current && preview.isError ? errorMessage(preview.error) : undefined);
  const busy = reading ?? (file && !current && preview.isFetching ? file.name : undefined);
  // A check is on its way (an invalid mapping is not sent, so none is then).
  const updating = Boolean(current) && !problems && (current?.mappingJson !== mappingJson || preview.isFetching);

  return (
    <div className="import-wizard">
      <div className="page-header">
        <div>
          <h1>{t('import.title')}</h1>
          <p className="subtitle">{t('import.subtitle')}</p>
        </div>
      </div>

      <ol className="wizard-steps">
        {STEPS.map((label, i) => (
          <li
            key={label}
            className={i + 1 === step ? 'is-current' : i + 1 < step ? 'is-done' : undefined}
            aria-current={i + 1 === step ? 'step' : undefined}
          >
            <span className="wizard-steps__n" aria-hidden="true">
              {i + 1 < step ? '✓' : i + 1}
            </span>
            <span>
              <span className="visually-hidden">{t('import.stepOf', { n: i + 1, total: STEPS.length })}</span>
              {t(`import.step.${label}`)}
              {i + 1 < step ? <span className="visually-hidden">{t('import.done')}</span> : null}
            </span>
          </li>
        ))}
      </ol>

      {step === 1 ? (
        <section aria-labelledby="import-step-1">
          <StepHeading id="import-step-1" headingRef={headings[0]!}>
            {t('import.step.choose')}
          </StepHeading>
          <div className="panel">
            <FileDrop onFile={(f) => void chooseFile(f)} error={dropError} />
            {busy && !dropError ? (
              <p role="status" className="muted">
                {t('import.reading', { name: busy })}
              </p>
            ) : null}
            <p className="muted small">
              {t('import.columnsHintBefore')}
              <code>{t('import.saHkoPostiEtunimi')}</code>.
            </p>
          </div>
        </section>
      ) : null}

      {step === 2 && current && file ? (
        <section aria-labelledby="import-step-2">
          <StepHeading id="import-step-2" headingRef={headings[1]!}>
            {t('import.step.map')}
          </StepHeading>
          <FileSummary preview={current.preview} file={file} />
          {current.preview.missing.length ? <Alert>{missingMessage(t, current.preview.missing, current.preview.headers)}</Alert> : null}
          <div className="panel">
            <ColumnMapping preview={current.preview} choices={choices} problems={problems} onChange={setColumn} />
            {Object.keys(current.preview.enumColumns).length ? (
              <div className="value-maps">
                <h3>{t('import.values')}</h3>
                <p className="hint">{t('import.valuesHint')}</p>
                {Object.entries(current.preview.enumColumns).map(([column, info]) => (
                  <ValueMapping
                    key={column}
                    column={column}
                    info={info}
                    choices={choices}
                    problems={problems}
                    builtin={(field, value) => builtins.current.get(valueKey(field, value))}
                    onChange={setValue}
                  />
                ))}
              </div>
            ) : null}
            <InvalidOptionalChoice
              value={choices.onInvalidOptional}
              onChange={(v) => setChoices((c) => ({ ...c, onInvalidOptional: v }))}
            />
            {problems?.other.length ? (
              <Alert title={t('import.mappingInvalid')}>
                <ul>
                  {problems.other.map((p) => (
                    <li key={p}>{p}</li>
                  ))}
                </ul>
              </Alert>
            ) : null}
          </div>
          {preview.isError ? <ApiAlert error={preview.error} prefix={t('import.checkFailed')} /> : null}
          <DryRun check={current.preview.check} updating={updating} rowCount={current.preview.rowCount} />
          {startError ? <Alert>{startError}</Alert> : null}
          {start.isError ? <ApiAlert error={start.error} prefix={t('import.startFailed')} /> : null}
          <div className="button-row wizard-actions">
            <button type="button" className="button" disabled={start.isPending} onClick={startImport}>
              {start.isPending ? t('import.starting') : t('import.start')}
            </button>
            <button type="button" className="button button--secondary" onClick={chooseAnother}>
              {t('import.another')}
            </button>
            <span className="muted small">{t('import.rowsFrom', { rows: current.preview.rowCount, file: file.name })}</span>
          </div>
        </section>
      ) : null}

      {step === 3 ? (
        <section aria-labelledby="import-step-3">
          <StepHeading id="import-step-3" headingRef={headings[2]!}>
            {t('import.step.import')}
          </StepHeading>
          {job.isError ? <QueryError error={job.error} what={t('import.what')} retry={() => void job.refetch()} /> : null}
          {job.data ? <ImportResult job={job.data} /> : null}
          {job.data?.status === 'COMPLETED' ? (
            <div className="button-row wizard-actions">
              <button type="button" className="button button--secondary" onClick={startOver}>
                {t('import.importAnother')}
              </button>
              <Link to={PATHS.leads}>{t('import.toLeads')}</Link>
            </div>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}

function StepHeading(props: { id: string; headingRef: RefObject<HTMLHeadingElement | null>; children: string }): ReactElement {
  return (
    <h2 id={props.id} ref={props.headingRef} tabIndex={-1} className="step-heading">
      {props.children}
    </h2>
  );
}

/** An API error with its message and, for a 400, each problem it names. */
function ApiAlert(props: { error: unknown; prefix: string }): ReactElement {
  const t = useT();
  const issues = props.error instanceof ApiError ? props.error.issues : [];
  return (
    <Alert>
      {props.prefix}
      {errorMessage(props.error)}
      {issues.length ? (
        <ul>
          {issues.map((i) => (
            <li key={`${i.path}-${i.message}`}>
              {i.path.replace(/^body\.?/, '') || t('import.file')}: {i.message}
            </li>
          ))}
        </ul>
      ) : null}
    </Alert>
  );
}
