import { useId, type ReactElement } from 'react';
import { TableWrap } from '../../components/TableWrap';
import {
  attributeName,
  attributeNameOf,
  delimiterLabel,
  encodingLabel,
  fieldLabel,
  formatBytes,
  IMPORT_FIELDS,
  isAttribute,
  REQUIRED_IMPORT_FIELDS,
  valueKey,
  valueLabel,
  valuesOf,
  type TEnumColumn,
  type TImportField,
  type TImportPreview,
  type TMappingChoices,
  type TMappingProblems,
  type TOnInvalidOptional,
  type TPreviewIssue,
  type TValueMappedField,
} from './import-logic';
import { useT } from '../../lib/i18n';

/** How the server read the file: encoding, delimiter, rows, and the first rows as a table. */
export function FileSummary(props: { preview: TImportPreview; file: { name: string; size: number } }): ReactElement {
  const t = useT();
  const { preview } = props;
  return (
    <section className="panel" aria-labelledby="import-file-heading">
      <h3 id="import-file-heading">{t('import.howTheFileReads')}</h3>
      <dl className="facts import-facts">
        <dt>{t('import.file2')}</dt>
        <dd>
          {props.file.name} <span className="muted">({formatBytes(t, props.file.size)})</span>
        </dd>
        <dt>{t('import.encoding')}</dt>
        <dd>
          {encodingLabel(t, preview.encoding)}
          {preview.bom ? t('import.withAByteOrder') : ''}
        </dd>
        <dt>{t('import.delimiter')}</dt>
        <dd>{delimiterLabel(t, preview.delimiter)}</dd>
        <dt>{t('import.rows')}</dt>
        <dd>
          {t('import.count.leadRows', { count: preview.rowCount })} <span className="muted">{t('import.afterTheHeaderRow')}</span>
        </dd>
      </dl>
      {preview.rows.length ? (
        <TableWrap label={t('import.firstRowsOfThe')}>
          <table className="first-rows">
            <caption>
              {t('import.firstRowsAsRead', { count: preview.rows.length })}
              {preview.rowCount > preview.rows.length ? t('import.of', { value: preview.rowCount.toLocaleString() }) : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col" className="num">
                  {t('import.row')}
                </th>
                {preview.headers.map((h, i) => (
                  <th scope="col" key={i}>
                    {h || <span className="muted">{t('import.noName')}</span>}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {preview.rows.map((row, r) => (
                <tr key={r}>
                  <td className="num">{r + 2}</td>
                  {preview.headers.map((_h, c) => (
                    <td key={c}>{row[c] ?? ''}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : (
        <p className="notice">{t('import.theFileHasA')}</p>
      )}
    </section>
  );
}

/** One select per file column: a lead field, a custom attribute (named) or ignore. */
export function ColumnMapping(props: {
  preview: TImportPreview;
  choices: TMappingChoices;
  problems: TMappingProblems | undefined;
  onChange: (column: string, target: string | undefined) => void;
}): ReactElement {
  const t = useT();
  const { preview } = props;
  const seen = new Map<string, number>();
  for (const h of preview.headers) seen.set(h, (seen.get(h) ?? 0) + 1);
  return (
    <fieldset className="mapping">
      <legend>{t('import.columns')}</legend>
      <p className="hint">
        {t('import.whatEachColumnOf')}
        <strong>{t('import.email')}</strong>
        {t('import.and')}
        <strong>{t('import.firstName')}</strong> {t('import.areRequiredAColumn')}
      </p>
      <ul className="map-list">
        {preview.headers.map((header, i) => {
          const resolved = preview.mapping.columns[i]?.target ?? 'ignore';
          const duplicate = (seen.get(header) ?? 0) > 1;
          return (
            <ColumnRow
              key={i}
              index={i}
              header={header}
              samples={preview.rows.map((r) => r[i] ?? '').filter(Boolean)}
              target={duplicate ? resolved : (props.choices.columns[header] ?? resolved)}
              suggested={preview.suggestedMapping[header] ?? null}
              duplicate={duplicate || header.trim() === ''}
              error={props.problems?.columns[header]}
              onChange={(target) => props.onChange(header, target)}
            />
          );
        })}
      </ul>
    </fieldset>
  );
}

function ColumnRow(props: {
  index: number;
  header: string;
  samples: string[];
  target: string;
  suggested: string | null;
  duplicate: boolean;
  error: string | undefined;
  onChange: (target: string | undefined) => void;
}): ReactElement {
  const t = useT();
  const id = useId();
  const attribute = isAttribute(props.target);
  const selectValue = attribute ? 'attribute' : props.target;
  const samples = [...new Set(props.samples)].slice(0, 3);
  const describedBy = [`${id}-sample`, props.error ? `${id}-error` : '', props.duplicate ? `${id}-dup` : ''].filter(Boolean).join(' ');
  return (
    <li className="map-row">
      <div className="map-row__column">
        <label htmlFor={id} className="map-row__name">
          {props.header || t('import.columnWithoutAName')}
        </label>
        <span id={`${id}-sample`} className="map-row__sample">
          {samples.length ? (
            <>
              <span className="visually-hidden">{t('import.examples')}</span>
              {samples.join(' · ')}
            </>
          ) : (
            t('import.emptyInTheFirst')
          )}
        </span>
      </div>
      <div className="map-row__target">
        <select
          id={id}
          value={selectValue}
          disabled={props.duplicate}
          aria-invalid={props.error ? true : undefined}
          aria-describedby={describedBy}
          onChange={(e) => {
            const value = e.target.value;
            if (value === 'attribute') props.onChange(`attribute:${attributeNameOf(props.header, props.index)}`);
            else props.onChange(value);
          }}
        >
          <optgroup label={t('import.leadFields')}>
            {IMPORT_FIELDS.map((f) => (
              <option key={f} value={f}>
                {fieldLabel(t, f)}
                {(REQUIRED_IMPORT_FIELDS as readonly string[]).includes(f) ? t('import.required') : ''}
              </option>
            ))}
          </optgroup>
          <optgroup label={t('import.other')}>
            <option value="attribute">{t('import.customAttribute')}</option>
            <option value="ignore">{t('import.ignoreThisColumn')}</option>
          </optgroup>
        </select>
        {attribute && !props.duplicate ? (
          <AttributeName
            header={props.header}
            name={attributeName(props.target)}
            invalid={Boolean(props.error)}
            onChange={(name) => props.onChange(`attribute:${name}`)}
          />
        ) : null}
        {props.suggested && props.suggested !== props.target && !props.duplicate ? (
          <span className="map-row__suggested">{t('import.suggested', { value: fieldLabel(t, props.suggested as TImportField) })}</span>
        ) : null}
        {props.duplicate ? (
          <span id={`${id}-dup`} className="hint">
            {props.header.trim() === '' ? t('import.aColumnWithoutA') : t('import.anotherColumnHasThe')}
          </span>
        ) : null}
        {props.error ? (
          <span id={`${id}-error`} className="error">
            {props.error}
          </span>
        ) : null}
      </div>
    </li>
  );
}

function AttributeName(props: { header: string; name: string; invalid: boolean; onChange: (name: string) => void }): ReactElement {
  const t = useT();
  const id = useId();
  return (
    <div className="map-row__attribute">
      <label htmlFor={id} className="small">
        {t('import.attributeNameFor', { header: props.header })}
      </label>
      <input
        id={id}
        type="text"
        value={props.name}
        maxLength={64}
        spellCheck={false}
        aria-invalid={props.invalid ? true : undefined}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </div>
  );
}

const EMPTY = '__empty__';

/**
 * Per column of source, timeframe, heat or language: each distinct file value, how often it
 * occurs, and what it becomes (pre-filled with the suggestion; "leave empty" sends null).
 */
export function ValueMapping(props: {
  column: string;
  info: TEnumColumn;
  choices: TMappingChoices;
  /** The built-in suggestion of a value, when known (null: no match). */
  builtin: (field: TValueMappedField, value: string) => string | null | undefined;
  problems: TMappingProblems | undefined;
  onChange: (field: TValueMappedField, value: string, to: string | null | undefined) => void;
}): ReactElement {
  const t = useT();
  const { info } = props;
  const field = info.field;
  const strict = props.choices.onInvalidOptional === 'fail_row';
  const chosen = props.choices.values[field] ?? {};
  return (
    <fieldset className="value-map">
      <legend>
        “{props.column}” → {fieldLabel(t, field)}
      </legend>
      <p className="hint">
        {t('import.count.differentValues', { count: info.distinctCount })}
        {info.distinctCount > info.distinctValues.length
          ? t('import.theMostFrequentAre', { length: info.distinctValues.length })
          : ''}. {field === 'locale' ? t('import.typeTheLanguageTag') : t('import.chooseWhatEachValue')}
      </p>
      <ul className="value-list">
        {info.distinctValues.map((v) => {
          const choice = Object.hasOwn(chosen, v.value) ? chosen[v.value] : undefined;
          const current = choice !== undefined ? choice : v.suggested;
          const builtin = props.builtin(field, v.value);
          return (
            <ValueRow
              key={v.value}
              field={field}
              value={v.value}
              count={v.count}
              current={current}
              touched={choice !== undefined}
              canUnmap={builtin === null || (builtin === undefined && v.suggested === null)}
              strict={strict}
              error={props.problems?.values[valueKey(field, v.value)]}
              onChange={(to) => props.onChange(field, v.value, to)}
            />
          );
        })}
      </ul>
    </fieldset>
  );
}

function ValueRow(props: {
  field: TValueMappedField;
  value: string;
  count: number;
  current: string | null;
  touched: boolean;
  canUnmap: boolean;
  strict: boolean;
  error: string | undefined;
  onChange: (to: string | null | undefined) => void;
}): ReactElement {
  const t = useT();
  const id = useId();
  const countText = t('import.count.rows', { count: props.count });
  const noMatch = props.strict ? t('import.noMatchReject') : t('import.noMatchWarn');
  return (
    <li className="value-row">
      <label htmlFor={id} className="value-row__value">
        <span className="value-row__text">“{props.value}”</span> <span className="muted small">{countText}</span>
      </label>
      {props.field === 'locale' ? (
        <input
          id={id}
          type="text"
          value={props.current ?? ''}
          spellCheck={false}
          aria-invalid={props.error ? true : undefined}
          aria-describedby={props.error ? `${id}-error` : undefined}
          onChange={(e) => props.onChange(e.target.value.trim() === '' ? null : e.target.value)}
        />
      ) : (
        <select
          id={id}
          value={props.current === null ? (props.touched || !props.canUnmap ? EMPTY : '') : props.current}
          aria-invalid={props.error ? true : undefined}
          aria-describedby={props.error ? `${id}-error` : undefined}
          onChange={(e) => {
            const to = e.target.value;
            props.onChange(to === '' ? undefined : to === EMPTY ? null : to);
          }}
        >
          {props.canUnmap ? <option value="">{noMatch}</option> : null}
          <option value={EMPTY}>{t('import.leaveEmptyNoWarning')}</option>
          {valuesOf(props.field).map((v) => (
            <option key={v} value={v}>
              {valueLabel(t, props.field, v)}
            </option>
          ))}
        </select>
      )}
      {props.error ? (
        <span id={`${id}-error`} className="error">
          {props.error}
        </span>
      ) : null}
    </li>
  );
}

/** What a value an optional column cannot use does: the row stays (field empty, warned) or fails. */
export function InvalidOptionalChoice(props: { value: TOnInvalidOptional; onChange: (value: TOnInvalidOptional) => void }): ReactElement {
  const t = useT();
  const name = useId();
  const options: [TOnInvalidOptional, string, string][] = [
    ['empty_and_warn', t('import.invalidOptional.warn'), t('import.invalidOptional.warnHint')],
    ['fail_row', t('import.invalidOptional.reject'), t('import.invalidOptional.rejectHint')],
  ];
  return (
    <fieldset className="choice-list">
      <legend>{t('import.whenAnOptionalValue')}</legend>
      <p className="hint">{t('import.anUnknownSourceOr')}</p>
      {options.map(([value, label, hint]) => (
        <label key={value} className="choice">
          <input type="radio" name={name} value={value} checked={props.value === value} onChange={() => props.onChange(value)} />
          <span>
            {label}
            {value === 'empty_and_warn' ? <span className="muted">{t('import.default')}</span> : null}
            <span className="choice__hint">{hint}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}

/** The dry run of the first rows with the mapping as it is now. */
export function DryRun(props: { check: TImportPreview['check']; updating: boolean; rowCount: number }): ReactElement {
  const t = useT();
  const { check } = props;
  const clean = check.rows > 0 && check.errors === 0 && check.warnings === 0;
  return (
    <section className="panel" aria-labelledby="import-check-heading">
      <h3 id="import-check-heading">{t('import.check')}</h3>
      <p role="status" className={clean ? 'check-line check-line--ok' : 'check-line'}>
        {props.updating ? t('import.checkingAgain') : ''}
        {check.rows === 0
          ? t('import.notCheckedYetMap')
          : t(check.rows === props.rowCount ? 'import.dryRunAll' : 'import.dryRunFirst', {
              rows: check.rows,
              errors: check.errors,
              warnings: check.warnings,
            })}
      </p>
      {check.issues.length ? (
        <IssueTable
          label={t('import.problemsTheDryRun')}
          issues={check.issues}
          kind
          more={check.errors + check.warnings > check.issues.length ? check.errors + check.warnings - check.issues.length : 0}
        />
      ) : null}
    </section>
  );
}

type TIssueRow = Pick<TPreviewIssue, 'row' | 'message'> & {
  column?: string | undefined;
  value?: string | undefined;
  email: string | null;
  kind?: TPreviewIssue['kind'];
};

/** Issues as a table: row, (kind), column, value, message; a card per issue at phone width. */
export function IssueTable(props: { label: string; issues: readonly TIssueRow[]; kind?: boolean; more?: number }): ReactElement {
  const t = useT();
  return (
    <>
      <TableWrap label={props.label}>
        <table className="issue-table">
          <caption className="visually-hidden">{props.label}</caption>
          <thead>
            <tr>
              <th scope="col" className="num">
                {t('import.row')}
              </th>
              {props.kind ? <th scope="col">{t('import.kind')}</th> : null}
              <th scope="col">{t('import.column')}</th>
              <th scope="col">{t('import.value')}</th>
              <th scope="col">{t('import.message')}</th>
            </tr>
          </thead>
          <tbody>
            {props.issues.map((issue, i) => (
              <tr key={`${issue.row}-${issue.column ?? ''}-${i}`}>
                <td className="num" data-label={t('import.row')}>
                  {issue.row}
                </td>
                {props.kind ? (
                  <td data-label={t('import.kind')} className="issue-table__kind">
                    <span className={`badge badge--${issue.kind === 'error' ? 'LOST' : 'DEFERRED'}`}>
                      {issue.kind === 'error' ? t('import.error') : t('import.warning')}
                    </span>
                  </td>
                ) : null}
                <td data-label={t('import.column')} className="issue-table__column">
                  {issue.column || '—'}
                </td>
                <td data-label={t('import.value')} className="issue-table__value">
                  {issue.value ? <code>{issue.value}</code> : '—'}
                </td>
                <td data-label={t('import.message')}>{issue.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {props.more ? <p className="muted small">{t('import.andMore', { count: props.more })}</p> : null}
    </>
  );
}
