/**
 * What the import wizard shows before anything is imported: how the file was read (encoding,
 * delimiter), its first rows, the suggested column mapping, the distinct values of each column
 * that needs value mapping (source, timeframe, heat, language) with a suggestion for each, and a
 * dry run of the first rows (the errors and warnings the import would give them). Nothing is stored.
 */
import { z } from 'zod';
import { decodeImportFile, readCsvTable, ZCsvDelimiter, ZCsvEncoding, type TImportFile } from './csv-file';
import { createRowMapper, resolveMapping, valueLookup } from './map-lead-row';
import {
  ZImportField,
  ZResolvedMapping,
  ZValueMappedField,
  VALUE_MAPPED_FIELDS,
  type TImportMapping,
  type TValueMappedField,
} from './mapping-schemas';

/** Rows shown, distinct values listed per column, rows dry-run, issues listed. */
export const PREVIEW_ROWS = 10;
export const PREVIEW_DISTINCT_VALUES = 100;
export const PREVIEW_CHECKED_ROWS = 1000;
export const PREVIEW_ISSUES = 100;

export const ZImportPreviewIssue = z.object({
  row: z.number().int(),
  kind: z.enum(['error', 'warning']),
  column: z.string(),
  value: z.string(),
  email: z.string().nullable(),
  message: z.string(),
});

export const ZImportPreview = z.object({
  encoding: ZCsvEncoding,
  /** Whether the file started with a byte order mark. */
  bom: z.boolean(),
  delimiter: ZCsvDelimiter,
  headers: z.array(z.string()),
  /** The first rows, as read (trimmed cells). */
  rows: z.array(z.array(z.string())),
  /** Data rows in the file (the header not counted). */
  rowCount: z.number().int(),
  /** Per column (by header; the first of equal names), the lead field it looks like, or null (it would become a custom attribute). */
  suggestedMapping: z.record(z.string(), ZImportField.nullable()),
  /** What an import with the given mapping (or `{}`) would do with every column, by position. */
  mapping: ZResolvedMapping,
  /** Required fields no column is mapped to: the import would be refused until one is. */
  missing: z.array(ZImportField),
  /** Per column mapped to source, purchaseTimeframe, heat or locale: its distinct values (most frequent first) and what each becomes. */
  enumColumns: z.record(
    z.string(),
    z.object({
      field: ZValueMappedField,
      distinctValues: z.array(z.object({ value: z.string(), count: z.number().int(), suggested: z.string().nullable() })),
      /** All distinct values; at most PREVIEW_DISTINCT_VALUES are listed. */
      distinctCount: z.number().int(),
    }),
  ),
  /** The dry run: the first rows mapped and checked like the import does (without the database: dedupe and referral codes are not checked). */
  check: z.object({
    rows: z.number().int(),
    errors: z.number().int(),
    warnings: z.number().int(),
    issues: z.array(ZImportPreviewIssue),
  }),
});
export type TImportPreview = z.infer<typeof ZImportPreview>;

export function previewLeadImport(
  deps: { defaultPhoneRegion?: string | undefined },
  input: TImportFile & { mapping?: TImportMapping | undefined },
): TImportPreview {
  const decoded = decodeImportFile(input);
  const { headers, rows, delimiter } = readCsvTable(decoded.text);
  const { mapping, suggested, missing } = resolveMapping({
    headers,
    rows,
    delimiter,
    mapping: input.mapping ?? {},
    defaultPhoneRegion: deps.defaultPhoneRegion,
  });

  const suggestedMapping: Record<string, z.infer<typeof ZImportField> | null> = {};
  headers.forEach((h, i) => {
    if (!Object.hasOwn(suggestedMapping, h)) suggestedMapping[h] = suggested[i] ?? null;
  });

  const enumColumns: TImportPreview['enumColumns'] = {};
  const effectiveValue = valueLookup(mapping.values);
  mapping.columns.forEach(({ column, target }, i) => {
    if (!(VALUE_MAPPED_FIELDS as readonly string[]).includes(target) || Object.hasOwn(enumColumns, column)) return;
    const field = target as TValueMappedField;
    const counts = new Map<string, number>();
    for (const row of rows) {
      const value = row[i]?.trim() ?? '';
      if (value !== '') counts.set(value, (counts.get(value) ?? 0) + 1);
    }
    const distinct = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    enumColumns[column] = {
      field,
      distinctValues: distinct
        .slice(0, PREVIEW_DISTINCT_VALUES)
        .map(([value, count]) => ({ value, count, suggested: effectiveValue(field, value) })),
      distinctCount: distinct.length,
    };
  });

  const mapRow = createRowMapper({ mapping, defaultPhoneRegion: deps.defaultPhoneRegion });
  const checked = missing.length ? [] : rows.slice(0, PREVIEW_CHECKED_ROWS);
  const issues: z.infer<typeof ZImportPreviewIssue>[] = [];
  let errors = 0;
  let warnings = 0;
  checked.forEach((row, i) => {
    const r = mapRow(row, i + 2);
    errors += r.errors.length;
    warnings += r.warnings.length;
    for (const e of r.errors)
      issues.push({ kind: 'error', row: e.row, email: e.email, column: e.column ?? '', value: e.value ?? '', message: e.message });
    for (const w of r.warnings) issues.push({ kind: 'warning', ...w });
  });

  return {
    encoding: decoded.encoding,
    bom: decoded.bom,
    delimiter,
    headers,
    rows: rows.slice(0, PREVIEW_ROWS),
    rowCount: rows.length,
    suggestedMapping,
    mapping,
    missing,
    enumColumns,
    check: { rows: checked.length, errors, warnings, issues: issues.slice(0, PREVIEW_ISSUES) },
  };
}
