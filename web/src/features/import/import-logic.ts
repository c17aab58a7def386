/**
 * The import wizard's pure logic: checking a chosen file before it is sent, its bytes as base64,
 * the mapping being edited (the user's own choices only: everything else is the server's
 * suggestion, so the preview and the import resolve it the same way), and the words for fields,
 * values, encodings and delimiters (console.import.* in the catalogue; each takes the console's `t`).
 */
import { LEAD_HEATS, LEAD_SOURCES, PURCHASE_TIMEFRAMES } from '@domain/leads/schemas';
// The API's own schema and limits (pure modules: no parser, no Node built-ins in the bundle).
import { MAX_IMPORT_BYTES, MAX_IMPORT_MB, type TCsvDelimiter, type TCsvEncoding } from '@domain/imports/csv-format';
import {
  IMPORT_FIELDS,
  REQUIRED_IMPORT_FIELDS,
  ZImportMapping,
  type TColumnTarget,
  type TImportField,
  type TImportMapping,
  type TValueMappedField,
} from '@domain/imports/mapping-schemas';
import type { TOk } from '../../api/types';
import { humanize } from '../../components/Badge';
import type { TTranslate } from '../../lib/translate';

export type TImportPreview = TOk<'/leads/imports/preview', 'post'>;
export type TPreviewIssue = TImportPreview['check']['issues'][number];
export type TEnumColumn = TImportPreview['enumColumns'][string];
export type TOnInvalidOptional = NonNullable<TImportMapping['onInvalidOptional']>;

export type { TColumnTarget, TImportField, TValueMappedField };
export { IMPORT_FIELDS, MAX_IMPORT_BYTES, MAX_IMPORT_MB, REQUIRED_IMPORT_FIELDS, ZImportMapping };

const FIELD_VALUES = { source: LEAD_SOURCES, purchaseTimeframe: PURCHASE_TIMEFRAMES, heat: LEAD_HEATS } as const;
const ATTRIBUTE_NAME = /^[A-Za-z0-9_]{1,64}$/;

/** "1.4 MB", "812 kB", "36 bytes". */
export function formatBytes(t: TTranslate, bytes: number): string {
  if (bytes >= 1024 * 1024) return t('import.size.mb', { size: (bytes / 1024 / 1024).toFixed(1) });
  if (bytes >= 1024) return t('import.size.kb', { size: Math.round(bytes / 1024) });
  return t('import.size.bytes', { count: bytes });
}

/** What is wrong with a chosen file before anything is sent, or undefined. */
export function fileProblem(t: TTranslate, file: { name: string; size: number }): string | undefined {
  if (file.size === 0) return t('import.problem.empty', { name: file.name });
  if (file.size > MAX_IMPORT_BYTES)
    return t('import.problem.tooLarge', { name: file.name, size: formatBytes(t, file.size), mb: MAX_IMPORT_MB });
  if (/\.(xlsx|xlsm|xls|ods|numbers)$/i.test(file.name)) return t('import.problem.spreadsheet', { name: file.name });
  return undefined;
}

/** A spreadsheet saved under a .csv name: XLSX/ODS files are ZIP archives ("PK\x03\x04"). */
export const looksLikeZip = (bytes: Uint8Array) => bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

/** The bytes as base64, in chunks (String.fromCharCode takes a bounded number of arguments). */
export function bytesToBase64(bytes: Uint8Array): string {
  const chunks: string[] = [];
  for (let i = 0; i < bytes.length; i += 0x8000) chunks.push(String.fromCharCode(...bytes.subarray(i, i + 0x8000)));
  return btoa(chunks.join(''));
}

export const encodingLabel = (t: TTranslate, encoding: TCsvEncoding) => t(`import.encodings.${encoding}`);

const DELIMITER_NAMES: Record<TCsvDelimiter, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab' };
export const delimiterLabel = (t: TTranslate, delimiter: TCsvDelimiter) => t(`import.delimiters.${DELIMITER_NAMES[delimiter]}`);

/** A lead field's name: "First name" (console.import.fields.<field>). */
export const fieldLabel = (t: TTranslate, field: TImportField) => t(`import.fields.${field}`);

const TIMEFRAMES = new Set(['NONE', 'MONTHS', 'NOW']);

/** "TRADE_SHOW" → "Trade show"; a timeframe says what it means. */
export function valueLabel(t: TTranslate, field: TValueMappedField, value: string): string {
  if (field === 'purchaseTimeframe') return TIMEFRAMES.has(value) ? t(`import.timeframes.${value}`) : value;
  return field === 'locale' ? value : humanize(value);
}

/** The values a value-mapped field takes (locale: any language tag, typed in). */
export const valuesOf = (field: TValueMappedField): readonly string[] => (field === 'locale' ? [] : FIELD_VALUES[field]);

/** A custom attribute's name from a header, as the server derives it ("Lähde 2" → "Lahde_2"). */
export function attributeNameOf(header: string, index: number): string {
  const name = header
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 60);
  return /[A-Za-z0-9]/.test(name) ? name : `column_${index + 1}`;
}

export const isAttribute = (target: string) => target.startsWith('attribute:');
export const attributeName = (target: string) => (isAttribute(target) ? target.slice('attribute:'.length) : '');
export const isValidAttributeName = (name: string) => ATTRIBUTE_NAME.test(name);

/** What the user chose, on top of the server's suggestions. */
export type TMappingChoices = {
  /** Column (header) → target; a custom attribute while its name is being typed may be invalid. */
  columns: Record<string, string>;
  /** Field → file value → value (null: leave empty, no warning). */
  values: Partial<Record<TValueMappedField, Record<string, string | null>>>;
  onInvalidOptional: TOnInvalidOptional;
};

export const emptyChoices = (): TMappingChoices => ({ columns: {}, values: {}, onInvalidOptional: 'empty_and_warn' });

/** The mapping the API takes (columns and values the user left alone are not sent: the server suggests them). */
export function mappingOf(choices: TMappingChoices): TImportMapping {
  const values = Object.fromEntries(Object.entries(choices.values).filter(([, map]) => map && Object.keys(map).length > 0));
  return {
    ...(Object.keys(choices.columns).length ? { columns: choices.columns as Record<string, TColumnTarget> } : {}),
    ...(Object.keys(values).length ? { values } : {}),
    onInvalidOptional: choices.onInvalidOptional,
  };
}

export type TMappingProblems = {
  /** Per column (header): what is wrong with its target. */
  columns: Record<string, string>;
  /** Per field, per file value. */
  values: Record<string, string>;
  /** Anything else the schema says. */
  other: string[];
};

export const valueKey = (field: string, value: string) => `${field}\u0000${value}`;

/**
 * The mapping checked by the API's own schema (ZImportMapping), plus what the server would refuse
 * with one 400 for the whole form: two columns chosen for the same field or attribute.
 */
export function checkMapping(t: TTranslate, choices: TMappingChoices): { mapping: TImportMapping; problems: TMappingProblems | undefined } {
  const mapping = mappingOf(choices);
  const problems: TMappingProblems = { columns: {}, values: {}, other: [] };
  const parsed = ZImportMapping.safeParse(mapping);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [part, key, value] = issue.path.map(String);
      if (part === 'columns' && key !== undefined) {
        const target = choices.columns[key] ?? '';
        problems.columns[key] ??= isAttribute(target)
          ? t('import.mapping.attributeName')
          : t('import.mapping.chooseTarget', { message: issue.message });
      } else if (part === 'values' && key !== undefined && value !== undefined) {
        problems.values[valueKey(key, value)] ??= key === 'locale' ? t('import.mapping.languageTag') : issue.message;
      } else problems.other.push(`${issue.path.join('.') || 'mapping'}: ${issue.message}`);
    }
  }
  // Two columns into one place: the server refuses the whole mapping; say it on the column instead.
  const placeOf = (target: string) => (target === 'acquisitionCostCents' ? 'acquisitionCost' : target);
  const owner = new Map<string, string>();
  for (const [column, target] of Object.entries(choices.columns)) {
    if (target === 'ignore' || problems.columns[column]) continue;
    const first = owner.get(placeOf(target));
    if (first === undefined) owner.set(placeOf(target), column);
    else problems.columns[column] = t('import.mapping.twice', { first, target: targetLabel(t, target) });
  }
  const any = Object.keys(problems.columns).length + Object.keys(problems.values).length + problems.other.length > 0;
  return { mapping, problems: any ? problems : undefined };
}

export function targetLabel(t: TTranslate, target: string): string {
  if (target === 'ignore') return t('import.mapping.ignore');
  if (isAttribute(target)) return t('import.mapping.attribute', { name: attributeName(target) });
  return (IMPORT_FIELDS as readonly string[]).includes(target) ? fieldLabel(t, target as TImportField) : target;
}

/** "email and first name" for the required fields no column holds. */
export const listFields = (t: TTranslate, fields: readonly TImportField[]) =>
  fields.map((f) => fieldLabel(t, f).toLowerCase()).join(t(fields.length === 2 ? 'import.mapping.and' : 'import.mapping.comma'));

/** The sentence for required fields without a column: names them and the columns the file has. */
export function missingMessage(t: TTranslate, missing: readonly TImportField[], headers: readonly string[]): string {
  const found = headers.filter((h) => h.trim() !== '');
  const columns = found.length
    ? t('import.mapping.columnsAre', {
        columns: found.map((header) => t('import.mapping.quoted', { header })).join(t('import.mapping.comma')),
      })
    : t('import.mapping.noColumns');
  const which = missing.includes('email') ? t('import.mapping.noEmail') : t('import.mapping.notMapped', { fields: listFields(t, missing) });
  const also =
    missing.includes('email') && missing.length > 1
      ? t('import.mapping.nor', {
          fields: listFields(
            t,
            missing.filter((m) => m !== 'email'),
          ),
        })
      : '';
  return t('import.mapping.missing', { which, also, columns, fields: listFields(t, missing) });
}
