#!/usr/bin/env node
/**
 * `nurture` — the command line for marketing's sequence files.
 *
 *   nurture sequences validate <file.json|yaml>...   shape check offline; with --api also
 *                                                    checks templates on the server
 *   nurture sequences publish  <file.json|yaml>...   publishes each through the API
 *   nurture leads import <file.csv>                  imports leads through the API, showing
 *     [--map <field>=<column>]...                    progress, then the warnings (fields left
 *     [--value <field>:<file value>=<VALUE>]...      empty) and each row that failed. Columns
 *     [--mapping mapping.json] [--auto]              by header name, unless mapped: --map puts
 *                                                    a column into a lead field (or
 *                                                    attribute:<name>, ignore), --value maps a
 *                                                    file value (source, purchaseTimeframe,
 *                                                    heat, locale), --mapping reads a whole
 *                                                    mapping ({ columns, values, onInvalidOptional }),
 *                                                    --auto takes the suggested mapping
 *
 * The API is NURTURE_API_URL (default http://127.0.0.1:3000) with NURTURE_API_KEY (a marketing
 * or admin key). Exit code 0 when every file is valid/published, 1 otherwise, 2 on usage errors.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { formatDefinitionIssues, ZSequenceDefinition } from '../journey/definition';
import { ZColumnTarget, ZImportMapping, ZValueMappedField, type TImportMapping } from '../domain/imports/mapping-schemas';

type TIssue = { path: string; message: string };
const USAGE =
  'usage: nurture sequences <validate|publish> [--api] <file.json|file.yaml>...\n' +
  '       nurture leads import <file.csv> [--map <field>=<column>]... [--value <field>:<file value>=<VALUE>]... [--mapping <mapping.json>] [--auto]';

function readDefinition(file: string): { raw?: unknown; error?: string } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    return { error: `cannot read: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}` };
  }
  try {
    return { raw: /\.ya?ml$/i.test(file) ? YAML.parse(text) : JSON.parse(text) };
  } catch (e) {
    return { error: `not valid ${/\.ya?ml$/i.test(file) ? 'YAML' : 'JSON'}: ${(e as Error).message.split('\n')[0]}` };
  }
}

async function api(
  method: string,
  urlPath: string,
  body: unknown,
  contentType = 'application/json',
): Promise<{ status: number; json: Record<string, unknown> }> {
  const raw = typeof body === 'string' || body instanceof Uint8Array;
  const base = (process.env.NURTURE_API_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
  const key = process.env.NURTURE_API_KEY;
  if (!key) throw new Error('NURTURE_API_KEY is not set (a marketing or admin API key)');
  let res: Response;
  try {
    res = await fetch(`${base}${urlPath}`, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': contentType } : {}), authorization: `Bearer ${key}` },
      ...(body !== undefined ? { body: raw ? body : JSON.stringify(body) } : {}),
    });
  } catch (e) {
    throw new Error(`cannot reach the API at ${base}: ${((e as Error).cause as Error | undefined)?.message ?? (e as Error).message}`, {
      cause: e,
    });
  }
  const text = await res.text();
  try {
    return { status: res.status, json: JSON.parse(text) as Record<string, unknown> };
  } catch {
    return { status: res.status, json: { error: { message: `HTTP ${res.status}: ${text.slice(0, 200)}` } } };
  }
}

type TImportJob = {
  id: string;
  status: string;
  total: number;
  processed: number;
  created: number;
  merged: number;
  failed: number;
  errors: { row: number; email: string | null; column?: string; message: string }[];
  warnings?: { row: number; email: string | null; column: string; value: string; message: string }[];
};

type TImportOptions = { maps: string[]; values: string[]; mappingFile: string | undefined; auto: boolean };

/** `leads import` arguments: the file, then --map, --value (repeatable), --mapping, --auto. */
function parseImportArgs(args: string[]): { file: string; options: TImportOptions } | { error: string } {
  const options: TImportOptions = { maps: [], values: [], mappingFile: undefined, auto: false };
  const files: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    // --map=email=E-mail is --map email=E-mail
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const [flag, inline] = eq > 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    const next = () => inline ?? args[++i];
    if (flag === '--auto') options.auto = true;
    else if (flag === '--map' || flag === '--value' || flag === '--mapping') {
      const v = next();
      if (v === undefined) return { error: `${flag} needs a value` };
      if (flag === '--map') options.maps.push(v);
      else if (flag === '--value') options.values.push(v);
      else options.mappingFile = v;
    } else if (flag.startsWith('--')) return { error: `unknown option ${flag}` };
    else files.push(arg);
  }
  if (files.length !== 1) return { error: 'give one CSV file' };
  return { file: files[0]!, options };
}

/** The mapping the options describe (undefined: none, columns by header name), or what is wrong with them. */
function mappingOf(options: TImportOptions): { mapping?: TImportMapping; error?: string } {
  if (!options.maps.length && !options.values.length && !options.mappingFile && !options.auto) return {};
  let base: unknown = {};
  if (options.mappingFile) {
    try {
      base = JSON.parse(fs.readFileSync(options.mappingFile, 'utf8'));
    } catch (e) {
      return {
        error: `${options.mappingFile}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message.split('\n')[0]}`,
      };
    }
  }
  const parsedBase = ZImportMapping.safeParse(base);
  if (!parsedBase.success) return { error: `${options.mappingFile}: ${formatMappingIssues(parsedBase.error)}` };
  const mapping: TImportMapping = { ...parsedBase.data, columns: { ...parsedBase.data.columns }, values: { ...parsedBase.data.values } };
  for (const m of options.maps) {
    const at = m.indexOf('=');
    const target = ZColumnTarget.safeParse(m.slice(0, at));
    if (at < 1 || at === m.length - 1 || !target.success)
      return { error: `--map ${m}: expected <field>=<column>, e.g. --map email=E-mail (field: a lead field, attribute:<name> or ignore)` };
    mapping.columns![m.slice(at + 1)] = target.data;
  }
  for (const v of options.values) {
    const colon = v.indexOf(':');
    const eq = v.lastIndexOf('=');
    const field = ZValueMappedField.safeParse(v.slice(0, colon));
    if (colon < 1 || eq < colon + 2 || !field.success)
      return {
        error: `--value ${v}: expected <field>:<file value>=<VALUE>, e.g. --value source:Messut=TRADE_SHOW (field: source, purchaseTimeframe, heat or locale)`,
      };
    const to = v.slice(eq + 1);
    mapping.values![field.data] = { ...mapping.values![field.data], [v.slice(colon + 1, eq)]: to === '' ? null : to } as never;
  }
  const parsed = ZImportMapping.safeParse(mapping);
  return parsed.success ? { mapping: parsed.data } : { error: formatMappingIssues(parsed.error) };
}

const formatMappingIssues = (error: { issues: { path: PropertyKey[]; message: string }[] }) =>
  error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ');

/** Uploads a CSV and follows the import until it completes, printing progress as it changes. */
async function importLeads(file: string, options: TImportOptions, out: (line: string) => void, pollMs: number): Promise<number> {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    out(`✘ ${file}: cannot read: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
    return 1;
  }
  const { mapping, error } = mappingOf(options);
  if (error) {
    out(`✘ mapping: ${error}`);
    return 2;
  }
  const fileName = path.basename(file);
  // The file's bytes either way: the server detects the encoding (UTF-8, UTF-16, Windows-1252).
  const started = mapping
    ? await api('POST', '/leads/imports', { csvBase64: bytes.toString('base64'), fileName, mapping })
    : await api('POST', `/leads/imports?fileName=${encodeURIComponent(fileName)}`, bytes, 'text/csv');
  if (started.status >= 400) {
    const err = started.json.error as { message?: string; details?: string[] } | undefined;
    out(`✘ ${file}: ${err?.message ?? `HTTP ${started.status}`}`);
    for (const d of err?.details ?? []) out(`  ${d}`);
    return 1;
  }
  let job = started.json as unknown as TImportJob;
  const n = (x: number) => x.toLocaleString('en');
  let last = '';
  for (;;) {
    const line = `  ${n(job.processed)}/${n(job.total)} rows (${Math.floor((job.processed / job.total) * 100)}%) · ${n(job.created)} new · ${n(job.merged)} known · ${n(job.failed)} failed`;
    if (line !== last) out(line);
    last = line;
    if (job.status === 'COMPLETED') break;
    await new Promise((r) => setTimeout(r, pollMs));
    const res = await api('GET', `/leads/imports/${job.id}`, undefined);
    if (res.status >= 400) throw new Error(String((res.json.error as { message?: string })?.message ?? `HTTP ${res.status}`));
    job = res.json as unknown as TImportJob;
  }
  const who = (e: { row: number; email: string | null; column?: string | undefined }) =>
    `row ${e.row}${e.email ? ` (${e.email})` : ''}${e.column ? `, ${e.column}` : ''}`;
  const warnings = job.warnings ?? [];
  for (const w of warnings) out(`  ⚠ ${who(w)}: ${w.message}`);
  for (const e of job.errors) out(`  ${who(e)}: ${e.message}`);
  out(
    `${job.failed ? '✘' : '✔'} ${path.basename(file)}: ${n(job.created)} new lead(s), ${n(job.merged)} known lead(s) updated, ${n(job.failed)} row(s) failed` +
      (warnings.length ? `, ${n(warnings.length)} warning(s)` : ''),
  );
  return job.failed ? 1 : 0;
}

export async function run(argv: string[], out: (line: string) => void = console.log, options: { pollMs?: number } = {}): Promise<number> {
  const [group, command, ...rest] = argv;
  if (group === undefined || group === '--help' || group === '-h' || group === 'help') {
    out(USAGE);
    return group === undefined ? 2 : 0;
  }
  if (group === 'leads') {
    const args = command === 'import' ? parseImportArgs(rest) : { error: 'unknown command' };
    if ('error' in args) {
      if (command === 'import' && rest.length) out(`✘ ${args.error}`);
      out(USAGE);
      return 2;
    }
    return importLeads(args.file, args.options, out, options.pollMs ?? 500);
  }
  const useApi = rest.includes('--api') || command === 'publish';
  const files = rest.filter((a) => a !== '--api');
  if (group !== 'sequences' || (command !== 'validate' && command !== 'publish') || files.length === 0) {
    out(USAGE);
    return 2;
  }
  let failed = 0;
  for (const file of files) {
    const name = path.relative(process.cwd(), file) || file;
    const { raw, error } = readDefinition(file);
    if (error) {
      out(`✘ ${name}: ${error}`);
      failed++;
      continue;
    }
    const parsed = ZSequenceDefinition.safeParse(raw);
    let issues: TIssue[] = parsed.success ? [] : formatDefinitionIssues(parsed.error);
    try {
      if (!issues.length && useApi) {
        if (command === 'validate') {
          const res = await api('POST', '/sequences/validate', raw);
          if (res.status >= 400) throw new Error(String((res.json.error as { message?: string })?.message ?? `HTTP ${res.status}`));
          issues = res.json.issues as TIssue[];
        } else {
          const res = await api('POST', '/sequences', raw);
          const err = res.json.error as { message?: string; details?: TIssue[] } | undefined;
          if (res.status === 422 && Array.isArray(err?.details)) issues = err.details;
          else if (res.status >= 400) throw new Error(err?.message ?? `HTTP ${res.status}`);
          else {
            out(`✔ ${name}: ${res.json.key} v${res.json.version} ${res.status === 201 ? 'published' : 'already published (unchanged)'}`);
            continue;
          }
        }
      }
    } catch (e) {
      out(`✘ ${name}: ${(e as Error).message}`);
      failed++;
      continue;
    }
    if (issues.length) {
      failed++;
      out(`✘ ${name}: ${issues.length} problem(s)`);
      for (const i of issues) out(`  ${i.path || '(root)'}: ${i.message}`);
    } else out(`✔ ${name}: valid${useApi ? '' : ' (shape only; add --api to check templates on the server)'}`);
  }
  return failed ? 1 : 0;
}

if (require.main === module) {
  run(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(`✘ ${(e as Error).message}`);
      process.exit(1);
    },
  );
}
