/**
 * What a CSV upload may be: its encodings, delimiters and size. Pure (no parser, no Node
 * built-ins), so the console's import wizard shares it with the API.
 */
import { z } from 'zod';

export const CSV_ENCODINGS = ['utf-8', 'utf-16le', 'utf-16be', 'windows-1252'] as const;
export const ZCsvEncoding = z.enum(CSV_ENCODINGS);
export type TCsvEncoding = z.infer<typeof ZCsvEncoding>;

export const CSV_DELIMITERS = [',', ';', '\t'] as const;
export const ZCsvDelimiter = z.enum(CSV_DELIMITERS);
export type TCsvDelimiter = z.infer<typeof ZCsvDelimiter>;

/** The largest file one import (or preview) takes; the import routes' body limit follows from it. */
export const MAX_IMPORT_BYTES = 20 * 1024 * 1024;
export const MAX_IMPORT_MB = MAX_IMPORT_BYTES / 1024 / 1024;
