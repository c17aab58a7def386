/**
 * The column mapping of a CSV import, as the API, the CLI and the console's import wizard send
 * it, and as it is stored with the import once resolved (every column's target fixed).
 *
 *   columns: { "<CSV column>": "<lead field>" | "attribute:<name>" | "ignore" }
 *   values:  { source: { "Messut": "TRADE_SHOW" }, purchaseTimeframe: { "6 months": "MONTHS" }, … }
 *   onInvalidOptional: "empty_and_warn" (default) | "fail_row"
 *
 * Columns left out of `columns` take the suggested field (header synonyms, content), otherwise
 * become a custom attribute named after the header. Values left out of `values` take the
 * built-in suggestion; a value mapped to null leaves the field empty without a warning.
 */
import { z } from 'zod';
import { LEAD_HEATS, LEAD_SOURCES, PURCHASE_TIMEFRAMES } from '../leads/schemas';
import { ZCsvDelimiter } from './csv-format';

/** What a CSV column can fill (the CSV forms of ZLeadCreate's fields). */
export const IMPORT_FIELDS = [
  'email',
  'firstName',
  'lastName',
  'company',
  'phone',
  'locale',
  'timeZone',
  'source',
  'campaign',
  /** In currency units: "12.50", "12,50 €". */
  'acquisitionCost',
  'acquisitionCostCents',
  'purchaseTimeframe',
  'heat',
  'ownerName',
  'ownerEmail',
  'referralCode',
  'consentSource',
  'consentTextVersion',
  'consentAt',
] as const;
export const ZImportField = z.enum(IMPORT_FIELDS);
export type TImportField = z.infer<typeof ZImportField>;

/** Every row needs these; a row without them (or with an invalid email) is an error, never imported. */
export const REQUIRED_IMPORT_FIELDS = ['email', 'firstName'] as const satisfies readonly TImportField[];

/** Fields whose file values are mapped to a fixed set (a language tag for locale). */
export const VALUE_MAPPED_FIELDS = ['source', 'purchaseTimeframe', 'heat', 'locale'] as const satisfies readonly TImportField[];
export const ZValueMappedField = z.enum(VALUE_MAPPED_FIELDS);
export type TValueMappedField = z.infer<typeof ZValueMappedField>;

/** The allowed values of each value-mapped field (locale: any BCP 47 tag). */
export const FIELD_VALUES = { source: LEAD_SOURCES, purchaseTimeframe: PURCHASE_TIMEFRAMES, heat: LEAD_HEATS } as const;

export const isLocaleTag = (tag: string) => {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
};
const ZLocaleTag = z.string().trim().refine(isLocaleTag, 'must be a BCP 47 language tag like "en" or "hy-AM"');

export const ATTRIBUTE_NAME = /^[A-Za-z0-9_]{1,64}$/;
export const ZColumnTarget = z.union([
  ZImportField,
  z.literal('ignore'),
  z
    .string()
    .regex(/^attribute:[A-Za-z0-9_]{1,64}$/, 'must be a lead field, "ignore" or "attribute:<name>" (letters, digits, _)')
    .meta({ description: 'A custom attribute: "attribute:<name>", name of letters, digits and _' }),
]);
export type TColumnTarget = z.infer<typeof ZColumnTarget>;

/** File value → field value, per value-mapped field. null: leave the field empty, without a warning. */
export const ZValueMaps = z.strictObject({
  source: z.record(z.string(), z.enum(LEAD_SOURCES).nullable()).optional(),
  purchaseTimeframe: z.record(z.string(), z.enum(PURCHASE_TIMEFRAMES).nullable()).optional(),
  heat: z.record(z.string(), z.enum(LEAD_HEATS).nullable()).optional(),
  locale: z.record(z.string(), ZLocaleTag.nullable()).optional(),
});
export type TValueMaps = z.infer<typeof ZValueMaps>;

export const ON_INVALID_OPTIONAL = ['empty_and_warn', 'fail_row'] as const;

/** The mapping a caller sends (every part optional: `{}` means "use the suggestions"). */
export const ZImportMapping = z.strictObject({
  columns: z
    .record(z.string(), ZColumnTarget)
    .optional()
    .meta({ description: 'CSV column (header as in the file) → lead field, "attribute:<name>" or "ignore"' }),
  values: ZValueMaps.optional().meta({ description: 'Per field: file value → value (null: leave empty, no warning)' }),
  onInvalidOptional: z
    .enum(ON_INVALID_OPTIONAL)
    .optional()
    .meta({ description: 'A value an optional column cannot use: leave the field empty and warn (default), or fail the row' }),
});
export type TImportMapping = z.infer<typeof ZImportMapping>;

/** The mapping an import runs with, stored with it: every column (by position) has its target. */
export const ZResolvedMapping = z.object({
  delimiter: ZCsvDelimiter,
  columns: z.array(z.object({ column: z.string(), target: ZColumnTarget })),
  values: ZValueMaps,
  onInvalidOptional: z.enum(ON_INVALID_OPTIONAL),
});
export type TResolvedMapping = z.infer<typeof ZResolvedMapping>;
