/**
 * The import wizard's pure logic: checking a chosen file before it is sent, its bytes as base64,
 * the mapping being edited (the user's own choices only: everything else is the server's
 * suggestion, so the preview and the import resolve it the same way), and the words for fields,
 * values, encodings and delimiters.
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

export type TImportPreview = TOk<'/leads/imports/preview', 'post'>;
export type TPreviewIssue = TImportPreview['check']['issues'][number];
export type TEnumColumn = TImportPreview['enumColumns'][string];
export type TOnInvalidOptional = NonNullable<TImportMapping['onInvalidOptional']>;

export type { TColumnTarget, TImportField, TValueMappedField };
export { IMPORT_FIELDS, MAX_IMPORT_BYTES, MAX_IMPORT_MB, REQUIRED_IMPORT_FIELDS, ZImportMapping };

const FIELD_VALUES = { source: LEAD_SOURCES, purchaseTimeframe: PURCHASE_TIMEFRAMES, heat: LEAD_HEATS } as const;
const ATTRIBUTE_NAME = /^[A-Za-z0-9_]{1,64}$/;

/** "1.4 MB", "812 kB", "36 bytes". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} kB`;
  return `${bytes} byte${bytes === 1 ? '' : 's'}`;
}

/** What is wrong with a chosen file before anything is sent, or undefined. */
export function fileProblem(file: { name: string; size: number }): string | undefined {
  if (file.size === 0) return `“${file.name}” is empty: a CSV needs a header row and one lead per row.`;
  if (file.size > MAX_IMPORT_BYTES)
    return `“${file.name}” is ${formatBytes(file.size)}; one import takes at most ${MAX_IMPORT_MB} MB. Split it into smaller files.`;
  if (/\.(xlsx|xlsm|xls|ods|numbers)$/i.test(file.name))
    return `“${file.name}” is a spreadsheet, not a CSV file. Save it as CSV (“CSV UTF-8” or “CSV (semicolon delimited)”) and choose that file.`;
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

export const ENCODING_LABELS: Record<TCsvEncoding, string> = {
  'utf-8': 'UTF-8',
  'utf-16le': 'UTF-16 (little-endian)',
  'utf-16be': 'UTF-16 (big-endian)',
  'windows-1252': 'Windows-1252 (Western European, as Excel saves on Windows)',
};

export const DELIMITER_LABELS: Record<TCsvDelimiter, string> = { ',': 'Comma ( , )', ';': 'Semicolon ( ; )', '\t': 'Tab' };

export const FIELD_LABELS: Record<TImportField, string> = {
  email: 'Email',
  firstName: 'First name',
  lastName: 'Last name',
  company: 'Company',
  phone: 'Phone',
  locale: 'Language (locale)',
  timeZone: 'Time zone',
  source: 'Source',
  campaign: 'Campaign',
  acquisitionCost: 'Acquisition cost (12.50)',
  acquisitionCostCents: 'Acquisition cost in cents',
  purchaseTimeframe: 'Purchase timeframe',
  heat: 'Heat',
  ownerName: 'Owner name',
  ownerEmail: 'Owner email',
  referralCode: 'Referral code',
  consentSource: 'Consent source',
  consentTextVersion: 'Consent text version',
  consentAt: 'Consent given at',
};

/** "TRADE_SHOW" → "Trade show"; a timeframe says what it means. */
export function valueLabel(field: TValueMappedField, value: string): string {
  if (field === 'purchaseTimeframe') return { NONE: 'None (no plans)', MONTHS: 'Months', NOW: 'Now' }[value] ?? value;
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
export function checkMapping(choices: TMappingChoices): { mapping: TImportMapping; problems: TMappingProblems | undefined } {
  const mapping = mappingOf(choices);
  const problems: TMappingProblems = { columns: {}, values: {}, other: [] };
  const parsed = ZImportMapping.safeParse(mapping);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const [part, key, value] = issue.path.map(String);
      if (part === 'columns' && key !== undefined) {
        const target = choices.columns[key] ?? '';
        problems.columns[key] ??= isAttribute(target)
          ? 'Name the attribute with letters (A–Z), digits and _ only, at most 64'
          : `Choose what the column holds (${issue.message})`;
      } else if (part === 'values' && key !== undefined && value !== undefined) {
        problems.values[valueKey(key, value)] ??=
          key === 'locale' ? 'Enter a language tag like “fi” or “hy-AM”, or leave it empty' : issue.message;
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
    else problems.columns[column] = `“${first}” is already mapped to ${targetLabel(target)}: choose one column for it, or ignore the other`;
  }
  const any = Object.keys(problems.columns).length + Object.keys(problems.values).length + problems.other.length > 0;
  return { mapping, problems: any ? problems : undefined };
}

export function targetLabel(target: string): string {
  if (target === 'ignore') return 'Ignore';
  if (isAttribute(target)) return `custom attribute “${attributeName(target)}”`;
  return FIELD_LABELS[target as TImportField] ?? target;
}

/** "email and first name" for the required fields no column holds. */
export const listFields = (fields: readonly TImportField[]) =>
  fields.map((f) => FIELD_LABELS[f].toLowerCase()).join(fields.length === 2 ? ' and ' : ', ');

/** The sentence for required fields without a column: names them and the columns the file has. */
export function missingMessage(missing: readonly TImportField[], headers: readonly string[]): string {
  const found = headers.filter((h) => h.trim() !== '');
  const columns = found.length ? `The file’s columns are: ${found.map((h) => `“${h}”`).join(', ')}.` : 'The file has no named columns.';
  const which = missing.includes('email') ? 'No column holds email addresses' : `No column is mapped to ${listFields(missing)}`;
  const also = missing.includes('email') && missing.length > 1 ? ` (nor ${listFields(missing.filter((m) => m !== 'email'))})` : '';
  return `${which}${also}. ${columns} Choose the column for ${listFields(missing)} below, or add it to the file.`;
}
