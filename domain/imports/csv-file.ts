/**
 * Reading an uploaded CSV file: its encoding (UTF-8 with or without BOM, UTF-16 with a BOM,
 * otherwise Windows-1252, what Excel writes on Western European Windows), its delimiter (comma,
 * semicolon or tab: Excel uses semicolons where the decimal separator is a comma) and its records
 * (CRLF or LF line ends, quoted fields with delimiters, quotes and newlines inside).
 */
import { parse } from 'csv-parse/sync';
import { AppError } from '../../lib/errors';

import { CSV_DELIMITERS, MAX_IMPORT_BYTES, MAX_IMPORT_MB, type TCsvDelimiter, type TCsvEncoding } from './csv-format';

export {
  CSV_DELIMITERS,
  CSV_ENCODINGS,
  MAX_IMPORT_BYTES,
  MAX_IMPORT_MB,
  ZCsvDelimiter,
  ZCsvEncoding,
  type TCsvDelimiter,
  type TCsvEncoding,
} from './csv-format';

export const fileTooLarge = (bytes?: number) =>
  new AppError(
    'PAYLOAD_TOO_LARGE',
    `The file is larger than ${MAX_IMPORT_MB} MB${bytes ? ` (${(bytes / 1024 / 1024).toFixed(1)} MB)` : ''}, the most one import takes: split it into smaller files`,
  );

export type TDecodedCsv = { text: string; encoding: TCsvEncoding; bom: boolean };

/** What Windows-1252 puts at 0x80–0x9F (€, curly quotes, dashes, Š, Ž, Ÿ…); the rest of it is Latin-1. */
const CP1252_HIGH = '€\x81‚ƒ„…†‡ˆ‰Š‹Œ\x8dŽ\x8f\x90‘’“”•–—˜™š›œ\x9džŸ';

/**
 * Windows-1252 by hand: Node 20's `new TextDecoder('windows-1252')` drops the bytes 0x80–0x9F
 * (decoding [0x80, 0xE4] gives "ä", not "€ä"), so € and curly quotes would vanish from names.
 */
export const decodeWindows1252 = (bytes: Uint8Array) =>
  Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    .toString('latin1')
    .replace(/[\x80-\x9f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80]!);

/** UTF-16 without a BOM: mostly-ASCII text has a NUL in every other byte, on the same side. */
function utf16WithoutBom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const n = Math.min(bytes.length - (bytes.length % 2), 4096);
  if (n < 4) return undefined;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenNul++;
    if (bytes[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  if (oddNul > pairs * 0.6 && evenNul === 0) return 'utf-16le';
  if (evenNul > pairs * 0.6 && oddNul === 0) return 'utf-16be';
  return undefined;
}

/** The file's text and how it was encoded. Never throws: any byte sequence is valid Windows-1252. */
export function decodeCsvBytes(bytes: Uint8Array): TDecodedCsv {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf)
    return { text: new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes.subarray(3)), encoding: 'utf-8', bom: true };
  if (bytes[0] === 0xff && bytes[1] === 0xfe)
    return { text: new TextDecoder('utf-16le', { ignoreBOM: true }).decode(bytes.subarray(2)), encoding: 'utf-16le', bom: true };
  if (bytes[0] === 0xfe && bytes[1] === 0xff)
    return { text: new TextDecoder('utf-16be', { ignoreBOM: true }).decode(bytes.subarray(2)), encoding: 'utf-16be', bom: true };
  const utf16 = utf16WithoutBom(bytes);
  if (utf16) return { text: new TextDecoder(utf16).decode(bytes), encoding: utf16, bom: false };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8', bom: false };
  } catch {
    return { text: decodeWindows1252(bytes), encoding: 'windows-1252', bom: false };
  }
}

/** Text that arrived already decoded (a JSON string): only a leading BOM character to drop. */
export const decodeCsvText = (text: string): TDecodedCsv =>
  text.startsWith('\uFEFF') ? { text: text.slice(1), encoding: 'utf-8', bom: true } : { text, encoding: 'utf-8', bom: false };

/**
 * The delimiter of the file: of comma, semicolon and tab (counted outside quotes in the first
 * lines), the one in the header that splits the most following lines into as many fields as the
 * header has. Comma when none appears (a one-column file).
 */
export function detectDelimiter(text: string): TCsvDelimiter {
  const lines: Record<TCsvDelimiter, number>[] = [];
  let counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  let content = false;
  const end = Math.min(text.length, 64 * 1024);
  for (let i = 0; i < end && lines.length < 50; i++) {
    const c = text[i]!;
    if (c === '"') quoted = !quoted;
    else if (!quoted && (c === '\n' || c === '\r')) {
      if (content) lines.push(counts);
      counts = { ',': 0, ';': 0, '\t': 0 };
      content = false;
      continue;
    } else if (!quoted && (c === ',' || c === ';' || c === '\t')) counts[c]++;
    content = true;
  }
  if (content && lines.length < 50) lines.push(counts);
  const [header, ...rest] = lines;
  if (!header) return ',';
  let best: TCsvDelimiter = ',';
  let bestScore = -1;
  for (const d of CSV_DELIMITERS) {
    if (header[d] === 0) continue;
    const consistent = rest.filter((l) => l[d] === header[d]).length;
    const score = consistent * 1000 + header[d];
    if (score > bestScore) [best, bestScore] = [d, score];
  }
  return best;
}

export type TCsvTable = { headers: string[]; rows: string[][]; delimiter: TCsvDelimiter };

/** The records of a decoded file: a header row, then the data rows (blank lines skipped, fields trimmed). */
export function readCsvTable(text: string, options: { delimiter?: TCsvDelimiter | undefined } = {}): TCsvTable {
  const delimiter = options.delimiter ?? detectDelimiter(text);
  let records: string[][];
  try {
    records = parse(text, { delimiter, bom: true, skip_empty_lines: true, relax_column_count: true, trim: true }) as string[][];
  } catch (e) {
    throw new AppError('VALIDATION_FAILED', `The CSV cannot be read: ${(e as Error).message}`);
  }
  const [headers, ...rows] = records;
  if (!headers) throw new AppError('VALIDATION_FAILED', 'The CSV is empty: it needs a header row and one lead per row');
  return { headers, rows, delimiter };
}

/** An uploaded file: its bytes (encoding detected), or text that was already decoded (a JSON string). */
export type TImportFile = { bytes?: Uint8Array | undefined; csv?: string | undefined };

/** The text of an uploaded file; PAYLOAD_TOO_LARGE above MAX_IMPORT_BYTES, VALIDATION_FAILED when empty. */
export function decodeImportFile(file: TImportFile): TDecodedCsv {
  const size = file.bytes ? file.bytes.byteLength : Buffer.byteLength(file.csv ?? '', 'utf8');
  if (size > MAX_IMPORT_BYTES) throw fileTooLarge(size);
  const decoded = file.bytes ? decodeCsvBytes(file.bytes) : decodeCsvText(file.csv ?? '');
  if (decoded.text.trim() === '') throw new AppError('VALIDATION_FAILED', 'The CSV is empty: it needs a header row and one lead per row');
  return decoded;
}
