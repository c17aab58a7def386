#!/usr/bin/env node
/**
 * `nurture` — the command line for marketing's sequence files.
 *
 *   nurture sequences validate <file.json|yaml>...   shape check offline; with --api also
 *                                                    checks templates on the server
 *   nurture sequences publish  <file.json|yaml>...   publishes each through the API
 *   nurture leads import <file.csv>                  imports leads through the API, showing
 *                                                    progress, then each row that failed
 *
 * The API is NURTURE_API_URL (default http://127.0.0.1:3000) with NURTURE_API_KEY (a marketing
 * or admin key). Exit code 0 when every file is valid/published, 1 otherwise, 2 on usage errors.
 */
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import { formatDefinitionIssues, ZSequenceDefinition } from '../workflows/journey/definition';

type TIssue = { path: string; message: string };
const USAGE = 'usage: nurture sequences <validate|publish> [--api] <file.json|file.yaml>...\n       nurture leads import <file.csv>';

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
  const base = (process.env.NURTURE_API_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
  const key = process.env.NURTURE_API_KEY;
  if (!key) throw new Error('NURTURE_API_KEY is not set (a marketing or admin API key)');
  let res: Response;
  try {
    res = await fetch(`${base}${urlPath}`, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': contentType } : {}), authorization: `Bearer ${key}` },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
  } catch (e) {
    throw new Error(`cannot reach the API at ${base}: ${((e as Error).cause as Error | undefined)?.message ?? (e as Error).message}`, {
      cause: e,
    });
  }
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

type TImportJob = {
  id: string;
  status: string;
  total: number;
  processed: number;
  created: number;
  merged: number;
  failed: number;
  errors: { row: number; email: string | null; message: string }[];
};

/** Uploads a CSV and follows the import until it completes, printing progress as it changes. */
async function importLeads(file: string, out: (line: string) => void, pollMs: number): Promise<number> {
  let csv: string;
  try {
    csv = fs.readFileSync(file, 'utf8');
  } catch (e) {
    out(`✘ ${file}: cannot read: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
    return 1;
  }
  const started = await api('POST', `/leads/imports?fileName=${encodeURIComponent(path.basename(file))}`, csv, 'text/csv');
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
  for (const e of job.errors) out(`  row ${e.row}${e.email ? ` (${e.email})` : ''}: ${e.message}`);
  out(
    `${job.failed ? '✘' : '✔'} ${path.basename(file)}: ${n(job.created)} new lead(s), ${n(job.merged)} known lead(s) updated, ${n(job.failed)} row(s) failed`,
  );
  return job.failed ? 1 : 0;
}

export async function run(argv: string[], out: (line: string) => void = console.log, options: { pollMs?: number } = {}): Promise<number> {
  const [group, command, ...rest] = argv;
  if (group === 'leads') {
    if (command !== 'import' || rest.length !== 1) {
      out(USAGE);
      return 2;
    }
    return importLeads(rest[0]!, out, options.pollMs ?? 500);
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
