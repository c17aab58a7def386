import { useId, type ReactElement } from 'react';
import { TableWrap } from '../../components/TableWrap';
import {
  attributeName,
  attributeNameOf,
  DELIMITER_LABELS,
  ENCODING_LABELS,
  FIELD_LABELS,
  formatBytes,
  IMPORT_FIELDS,
  isAttribute,
  REQUIRED_IMPORT_FIELDS,
  valueKey,
  valueLabel,
  valuesOf,
  type TEnumColumn,
  type TImportPreview,
  type TMappingChoices,
  type TMappingProblems,
  type TOnInvalidOptional,
  type TPreviewIssue,
  type TValueMappedField,
} from './import-logic';

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString()} ${n === 1 ? one : many}`;

/** How the server read the file: encoding, delimiter, rows, and the first rows as a table. */
export function FileSummary(props: { preview: TImportPreview; file: { name: string; size: number } }): ReactElement {
  const { preview } = props;
  return (
    <section className="panel" aria-labelledby="import-file-heading">
      <h3 id="import-file-heading">How the file reads</h3>
      <dl className="facts import-facts">
        <dt>File</dt>
        <dd>
          {props.file.name} <span className="muted">({formatBytes(props.file.size)})</span>
        </dd>
        <dt>Encoding</dt>
        <dd>
          {ENCODING_LABELS[preview.encoding]}
          {preview.bom ? ', with a byte order mark' : ''}
        </dd>
        <dt>Delimiter</dt>
        <dd>{DELIMITER_LABELS[preview.delimiter]}</dd>
        <dt>Rows</dt>
        <dd>
          {plural(preview.rowCount, 'lead row')} <span className="muted">(after the header row)</span>
        </dd>
      </dl>
      {preview.rows.length ? (
        <TableWrap label="First rows of the file">
          <table className="first-rows">
            <caption>
              The first {plural(preview.rows.length, 'row')} as read
              {preview.rowCount > preview.rows.length ? ` (of ${preview.rowCount.toLocaleString()})` : ''}
            </caption>
            <thead>
              <tr>
                <th scope="col" className="num">
                  Row
                </th>
                {preview.headers.map((h, i) => (
                  <th scope="col" key={i}>
                    {h || <span className="muted">(no name)</span>}
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
        <p className="notice">The file has a header row but no lead rows: there is nothing to import.</p>
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
  const { preview } = props;
  const seen = new Map<string, number>();
  for (const h of preview.headers) seen.set(h, (seen.get(h) ?? 0) + 1);
  return (
    <fieldset className="mapping">
      <legend>Columns</legend>
      <p className="hint">
        What each column of the file holds, pre-filled from its header and contents. <strong>Email</strong> and <strong>first name</strong>{' '}
        are required; a column you do not need can be ignored.
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
  const id = useId();
  const attribute = isAttribute(props.target);
  const selectValue = attribute ? 'attribute' : props.target;
  const samples = [...new Set(props.samples)].slice(0, 3);
  const describedBy = [`${id}-sample`, props.error ? `${id}-error` : '', props.duplicate ? `${id}-dup` : ''].filter(Boolean).join(' ');
  return (
    <li className="map-row">
      <div className="map-row__column">
        <label htmlFor={id} className="map-row__name">
          {props.header || '(column without a name)'}
        </label>
        <span id={`${id}-sample`} className="map-row__sample">
          {samples.length ? (
            <>
              <span className="visually-hidden">Examples: </span>
              {samples.join(' · ')}
            </>
          ) : (
            'Empty in the first rows'
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
          <optgroup label="Lead fields">
            {IMPORT_FIELDS.map((f) => (
              <option key={f} value={f}>
                {FIELD_LABELS[f]}
                {(REQUIRED_IMPORT_FIELDS as readonly string[]).includes(f) ? ' (required)' : ''}
              </option>
            ))}
          </optgroup>
          <optgroup label="Other">
            <option value="attribute">Custom attribute…</option>
            <option value="ignore">Ignore this column</option>
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
          <span className="map-row__suggested">Suggested: {FIELD_LABELS[props.suggested as keyof typeof FIELD_LABELS]}</span>
        ) : null}
        {props.duplicate ? (
          <span id={`${id}-dup`} className="hint">
            {props.header.trim() === ''
              ? 'A column without a name is ignored; name it in the file to import it.'
              : 'Another column has the same name: rename one in the file to choose its field.'}
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
  const id = useId();
  return (
    <div className="map-row__attribute">
      <label htmlFor={id} className="small">
        Attribute name for “{props.header}”
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
  const { info } = props;
  const field = info.field;
  const strict = props.choices.onInvalidOptional === 'fail_row';
  const chosen = props.choices.values[field] ?? {};
  return (
    <fieldset className="value-map">
      <legend>
        “{props.column}” → {FIELD_LABELS[field]}
      </legend>
      <p className="hint">
        {plural(info.distinctCount, 'different value')} in the file
        {info.distinctCount > info.distinctValues.length
          ? `; the ${info.distinctValues.length} most frequent are listed, the others take the suggestion`
          : ''}
        .{' '}
        {field === 'locale'
          ? 'Type the language tag each value stands for (like “fi” or “hy-AM”), or clear it to leave the language empty.'
          : 'Choose what each value stands for.'}
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
  const id = useId();
  const countText = plural(props.count, 'row');
  const noMatch = props.strict ? 'No match: reject the row' : 'No match: leave empty, warn';
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
          <option value={EMPTY}>Leave empty (no warning)</option>
          {valuesOf(props.field).map((v) => (
            <option key={v} value={v}>
              {valueLabel(props.field, v)}
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
  const name = useId();
  const options: [TOnInvalidOptional, string, string][] = [
    [
      'empty_and_warn',
      'Keep the row, leave the field empty and warn',
      'The lead is imported without that value; the row is listed as a warning.',
    ],
    ['fail_row', 'Reject the row', 'The lead is not imported; the row is listed as an error.'],
  ];
  return (
    <fieldset className="choice-list">
      <legend>When an optional value cannot be used</legend>
      <p className="hint">An unknown source or timeframe, a broken phone number, a time zone that does not exist…</p>
      {options.map(([value, label, hint]) => (
        <label key={value} className="choice">
          <input type="radio" name={name} value={value} checked={props.value === value} onChange={() => props.onChange(value)} />
          <span>
            {label}
            {value === 'empty_and_warn' ? <span className="muted"> (default)</span> : null}
            <span className="choice__hint">{hint}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}

/** The dry run of the first rows with the mapping as it is now. */
export function DryRun(props: { check: TImportPreview['check']; updating: boolean; rowCount: number }): ReactElement {
  const { check } = props;
  const clean = check.rows > 0 && check.errors === 0 && check.warnings === 0;
  return (
    <section className="panel" aria-labelledby="import-check-heading">
      <h3 id="import-check-heading">Check</h3>
      <p role="status" className={clean ? 'check-line check-line--ok' : 'check-line'}>
        {props.updating ? 'Checking again… ' : ''}
        {check.rows === 0
          ? 'Not checked yet: map the required columns first.'
          : `Dry run of ${check.rows === props.rowCount ? `all ${plural(check.rows, 'row')}` : `the first ${plural(check.rows, 'row')}`}: ` +
            `${plural(check.errors, 'error')} (not imported), ${plural(check.warnings, 'warning')} (imported, a field left empty).`}
      </p>
      {check.issues.length ? (
        <IssueTable
          label="Problems the dry run found"
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
  return (
    <>
      <TableWrap label={props.label}>
        <table className="issue-table">
          <caption className="visually-hidden">{props.label}</caption>
          <thead>
            <tr>
              <th scope="col" className="num">
                Row
              </th>
              {props.kind ? <th scope="col">Kind</th> : null}
              <th scope="col">Column</th>
              <th scope="col">Value</th>
              <th scope="col">Message</th>
            </tr>
          </thead>
          <tbody>
            {props.issues.map((issue, i) => (
              <tr key={`${issue.row}-${issue.column ?? ''}-${i}`}>
                <td className="num" data-label="Row">
                  {issue.row}
                </td>
                {props.kind ? (
                  <td data-label="Kind" className="issue-table__kind">
                    <span className={`badge badge--${issue.kind === 'error' ? 'LOST' : 'DEFERRED'}`}>
                      {issue.kind === 'error' ? 'Error' : 'Warning'}
                    </span>
                  </td>
                ) : null}
                <td data-label="Column" className="issue-table__column">
                  {issue.column || '—'}
                </td>
                <td data-label="Value" className="issue-table__value">
                  {issue.value ? <code>{issue.value}</code> : '—'}
                </td>
                <td data-label="Message">{issue.message}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      {props.more ? <p className="muted small">…and {plural(props.more, 'more')}.</p> : null}
    </>
  );
}
