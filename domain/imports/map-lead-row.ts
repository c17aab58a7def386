/**
 * Imports with a mapping: the caller's mapping resolved against the file (every column gets its
 * target, once, when the import starts; stored with it so every batch and retry maps rows the
 * same way), then each row mapped to the body POST /leads takes.
 *
 * A value an optional column cannot use (an unknown source, a timeframe of "maybe", a broken
 * phone number, a time zone that does not exist) leaves that field empty and is a warning on the
 * row: the lead is still imported. A row without an email or first name, or with an invalid
 * email, is an error: it is not imported. With `onInvalidOptional: 'fail_row'` the warnings are
 * errors too.
 */
import { AppError } from '../../lib/errors';
import { normalizePhone } from '../../lib/phone';
import { ZLeadCreate, type TLeadCreate } from '../leads/schemas';
import type { TImportRowError, TImportRowWarning } from './get-lead-import';
import { normKey, suggestColumnFields, suggestFieldValue } from './guess-columns';
import type { TCsvDelimiter } from './csv-file';
import {
  FIELD_VALUES,
  REQUIRED_IMPORT_FIELDS,
  VALUE_MAPPED_FIELDS,
  type TColumnTarget,
  type TImportField,
  type TImportMapping,
  type TResolvedMapping,
  type TValueMappedField,
} from './mapping-schemas';

/** A custom attribute's name from a header: "Toimiala" → Toimiala, "Lähde 2" → Lahde_2, "Отрасль" → column_3. */
export function attributeNameOf(header: string, index: number): string {
  const name = header
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 60);
  return /[A-Za-z0-9]/.test(name) ? name : `column_${index + 1}`;
}

const fieldOf = (target: TColumnTarget): TImportField | undefined =>
  target === 'ignore' || target.startsWith('attribute:') ? undefined : (target as TImportField);

export type TResolveResult = {
  mapping: TResolvedMapping;
  /** The suggested lead field per column (by position), what the wizard starts from. */
  suggested: (TImportField | null)[];
  /** Required fields no column is mapped to: an import refuses the file; a preview reports them. */
  missing: TImportField[];
};

/**
 * Fixes every column's target: the caller's, else the suggested field (unless the caller put
 * another column there), else a custom attribute named after the header. Throws VALIDATION_FAILED
 * when the mapping names a column the file does not have, names a column that appears twice, or
 * puts two columns into one field or attribute.
 */
export function resolveMapping(input: {
  headers: string[];
  rows: string[][];
  delimiter: TCsvDelimiter;
  mapping: TImportMapping;
  defaultPhoneRegion?: string | undefined;
}): TResolveResult {
  const { headers, mapping } = input;
  const explicit = mapping.columns ?? {};
  const problems: string[] = [];
  for (const column of Object.keys(explicit)) {
    const at = headers.flatMap((h, i) => (h === column ? [i + 1] : []));
    if (at.length === 0) problems.push(`columns."${column}": the file has no such column (found: ${headers.join(', ')})`);
    if (at.length > 1)
      problems.push(`columns."${column}": the file has ${at.length} columns with this name (${at.join(', ')}): rename them`);
  }
  const suggested = suggestColumnFields(headers, input.rows, { defaultPhoneRegion: input.defaultPhoneRegion });
  // Where each column goes: the caller's targets claim their places first (two in one place is a
  // problem); then the other columns take their suggestion, or a custom attribute, if still free.
  const placeOf = (target: TColumnTarget) => (target === 'acquisitionCostCents' ? 'acquisitionCost' : target);
  const owner = new Map<string, number>();
  const targets: (TColumnTarget | undefined)[] = headers.map((h) => (Object.hasOwn(explicit, h) ? explicit[h] : undefined));
  targets.forEach((target, i) => {
    if (!target || target === 'ignore') return;
    const first = owner.get(placeOf(target));
    if (first === undefined) owner.set(placeOf(target), i);
    else problems.push(`columns: "${headers[first]}" and "${headers[i]}" both go to ${placeOf(target)}; map one of them to "ignore"`);
  });
  headers.forEach((header, i) => {
    if (targets[i]) return;
    const field = suggested[i];
    if (field && !owner.has(placeOf(field))) {
      targets[i] = field;
      owner.set(placeOf(field), i);
      return;
    }
    if (header.trim() === '') {
      targets[i] = 'ignore';
      return;
    }
    const base = `attribute:${attributeNameOf(header, i)}`;
    let target = base;
    for (let n = 2; owner.has(target); n++) target = `${base}_${n}`;
    targets[i] = target as TColumnTarget;
    owner.set(target, i);
  });
  if (problems.length) throw new AppError('VALIDATION_FAILED', 'The mapping does not fit the file', { details: problems });
  const mapped = new Set(targets.map((t) => fieldOf(t!)));
  return {
    mapping: {
      delimiter: input.delimiter,
      columns: headers.map((column, i) => ({ column, target: targets[i]! })),
      values: mapping.values ?? {},
      onInvalidOptional: mapping.onInvalidOptional ?? 'empty_and_warn',
    },
    suggested,
    missing: REQUIRED_IMPORT_FIELDS.filter((f) => !mapped.has(f)),
  };
}

/** The 400 an import answers when required fields have no column. */
export function missingColumnsError(missing: TImportField[], headers: string[]) {
  return new AppError(
    'VALIDATION_FAILED',
    `The file has no column for ${missing.join(' and ')} (found: ${headers.join(', ')}); map a column to ${missing.length > 1 ? 'each' : 'it'}`,
    { details: missing.map((m) => `${m}: map a column to it, e.g. "columns": { "<column>": "${m}" } (found: ${headers.join(', ')})`) },
  );
}

const CONSENT_PART: Partial<Record<TImportField, string>> = {
  consentSource: 'consent.source',
  consentTextVersion: 'consent.textVersion',
  consentAt: 'consent.occurredAt',
};
const LABEL: Record<TValueMappedField, string> = {
  source: 'source',
  purchaseTimeframe: 'purchase timeframe',
  heat: 'heat',
  locale: 'language',
};
const DEFAULT_NOTE: Partial<Record<string, string>> = { locale: ' (the default "en" applies)', timeZone: ' (the default UTC applies)' };

/** "12.50", "12,50 €", "€1,234.50", "1 234,50": cents, or undefined. */
export function parseMoneyToCents(text: string): number | undefined {
  let s = text.replace(/[€$£¥֏₽₸]|\b(EUR|USD|GBP|AMD|RUB|KZT|SEK)\b/gi, '').replace(/[\s\u00a0']/g, '');
  if (/^\d{1,3}(,\d{3})+(\.\d{1,2})?$/.test(s)) s = s.replace(/,/g, '');
  else if (/^\d{1,3}(\.\d{3})+(,\d{1,2})?$/.test(s)) s = s.replace(/\./g, '').replace(',', '.');
  else s = s.replace(',', '.');
  return /^\d+(\.\d{1,2})?$/.test(s) ? Math.round(Number(s) * 100) : undefined;
}

export type TMappedRow = {
  /** The lead to capture; undefined when the row has errors. */
  lead: TLeadCreate | undefined;
  email: string | null;
  errors: TImportRowError[];
  warnings: TImportRowWarning[];
};

/** Value maps with their keys normalised once (exact match first, then ignoring case and spacing). */
function compileValueMaps(values: TResolvedMapping['values']) {
  const maps = new Map<TValueMappedField, { exact: Map<string, string | null>; loose: Map<string, string | null> }>();
  for (const field of VALUE_MAPPED_FIELDS) {
    const given = values[field] ?? {};
    const exact = new Map(Object.entries(given).map(([k, v]) => [k.trim(), v]));
    const loose = new Map(Object.entries(given).map(([k, v]) => [normKey(k), v]));
    maps.set(field, { exact, loose });
  }
  return (field: TValueMappedField, value: string): { value: string | null } | undefined => {
    const m = maps.get(field)!;
    if (m.exact.has(value)) return { value: m.exact.get(value)! };
    const key = normKey(value);
    if (key && m.loose.has(key)) return { value: m.loose.get(key)! };
    const suggested = suggestFieldValue(field, value);
    return suggested === null ? undefined : { value: suggested };
  };
}

/** The effective value of a file value (the mapping's, else the built-in suggestion; null: none): what the preview shows. */
export function valueLookup(values: TResolvedMapping['values']) {
  const lookup = compileValueMaps(values);
  return (field: TValueMappedField, value: string) => lookup(field, value)?.value ?? null;
}

/**
 * Maps rows with one resolved mapping. `rowNumber` is the row as a spreadsheet shows it (the
 * header is row 1), the number errors and warnings carry.
 */
export function createRowMapper(deps: { mapping: TResolvedMapping; defaultPhoneRegion?: string | undefined }) {
  const { mapping } = deps;
  const lookup = compileValueMaps(mapping.values);
  const strict = mapping.onInvalidOptional === 'fail_row';
  const columnOfField = new Map<string, string>();
  mapping.columns.forEach(({ column, target }) => {
    const field = fieldOf(target);
    if (field) columnOfField.set(field === 'acquisitionCostCents' ? 'acquisitionCost' : field, column);
  });

  const emailCell = mapping.columns.findIndex((c) => c.target === 'email');

  return function mapRow(row: string[], rowNumber: number): TMappedRow {
    const out: Record<string, unknown> = {};
    const attributes: Record<string, string> = {};
    const consent: Record<string, string> = {};
    /** Where each lead field (or attributes.<name>, consent) came from. */
    const origin = new Map<string, { column: string; value: string }>();
    const errors: TImportRowError[] = [];
    const warnings: TImportRowWarning[] = [];
    const email = (emailCell >= 0 ? row[emailCell]?.trim() : '') || null;
    const issue = (cell: { column: string; value: string }, message: string) => ({ row: rowNumber, email, ...cell, message });
    /** An optional field that cannot take its value: left empty and warned, or (fail_row) an error. */
    const unusable = (cell: { column: string; value: string }, message: string, left = 'the field was left empty') =>
      strict ? errors.push(issue(cell, message)) : warnings.push(issue(cell, `${message}; ${left}`));

    mapping.columns.forEach(({ column, target }, i) => {
      const value = row[i]?.trim() ?? '';
      if (value === '' || target === 'ignore') return;
      const cell = { column, value };
      if (target.startsWith('attribute:')) {
        const name = target.slice('attribute:'.length);
        attributes[name] = value;
        origin.set(`attributes.${name}`, cell);
        return;
      }
      const field = target as TImportField;
      origin.set(CONSENT_PART[field] ?? (field === 'acquisitionCostCents' ? 'acquisitionCost' : field), cell);
      switch (field) {
        case 'source':
        case 'purchaseTimeframe':
        case 'heat':
        case 'locale': {
          const mapped = lookup(field, value);
          if (!mapped) {
            const allowed = field === 'locale' ? 'a language tag like en, fi or hy-AM' : `one of ${FIELD_VALUES[field].join(', ')}`;
            unusable(cell, `"${value}" is not a known ${LABEL[field]} (map it to ${allowed})${DEFAULT_NOTE[field] ?? ''}`);
          } else if (mapped.value !== null) out[field] = mapped.value;
          return;
        }
        case 'acquisitionCost':
        case 'acquisitionCostCents': {
          const cents = field === 'acquisitionCost' ? parseMoneyToCents(value) : /^\d+$/.test(value) ? Number(value) : undefined;
          if (cents === undefined)
            unusable(cell, `"${value}" is not an amount (${field === 'acquisitionCost' ? 'e.g. 12.50' : 'whole cents, e.g. 1250'})`);
          else out.acquisitionCostCents = cents;
          return;
        }
        case 'phone': {
          const phone = normalizePhone(value, deps.defaultPhoneRegion);
          if (phone.ok) out.phone = value;
          else unusable(cell, `phone: ${phone.message}`);
          return;
        }
        case 'consentSource':
          consent.source = value;
          return;
        case 'consentTextVersion':
          consent.textVersion = value;
          return;
        case 'consentAt':
          consent.occurredAt = value;
          return;
        default:
          out[field] = value;
      }
    });
    if (Object.keys(attributes).length) out.attributes = attributes;
    if (consent.source) out.consent = { purpose: 'marketing', ...consent };
    else {
      const cell = origin.get('consent.textVersion') ?? origin.get('consent.occurredAt');
      if (cell) unusable(cell, 'consent: the row has no consent source', 'no consent was recorded');
    }

    for (const field of REQUIRED_IMPORT_FIELDS) {
      if (out[field] === undefined) {
        const column = columnOfField.get(field) ?? field;
        errors.push(issue({ column, value: '' }, `${field} is empty: every lead needs one`));
      }
    }
    if (errors.length) return { lead: undefined, email, errors, warnings };

    for (let attempt = 0; attempt < 5; attempt++) {
      const parsed = ZLeadCreate.safeParse(out);
      if (parsed.success) return { lead: parsed.data, email, errors, warnings };
      for (const zi of parsed.error.issues) {
        const top = String(zi.path[0] ?? '');
        const place =
          top === 'attributes' || top === 'consent'
            ? `${top}.${String(zi.path[1])}`
            : top === 'acquisitionCostCents'
              ? 'acquisitionCost'
              : top;
        const cell = origin.get(place) ?? { column: columnOfField.get(top) ?? top, value: String(out[top] ?? '') };
        if ((REQUIRED_IMPORT_FIELDS as readonly string[]).includes(top)) {
          errors.push(issue(cell, top === 'email' ? `"${cell.value}" is not a valid email address` : `${top}: ${zi.message}`));
          continue;
        }
        const what = `${zi.path.join('.') || 'row'}: ${zi.message}${DEFAULT_NOTE[top] ?? ''}`;
        if (top === 'consent') unusable(cell, what, 'no consent was recorded');
        else unusable(cell, what);
        if (top === 'attributes') delete (out.attributes as Record<string, string>)[String(zi.path[1])];
        else delete out[top];
      }
      if (errors.length) return { lead: undefined, email, errors, warnings };
    }
    return { lead: undefined, email, errors: [...errors, issue({ column: '', value: '' }, 'the row cannot be read as a lead')], warnings };
  };
}
