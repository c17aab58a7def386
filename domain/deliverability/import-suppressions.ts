/**
 * Imports a suppression list (from a previous ESP, a legal request, a do-not-contact list):
 * JSON entries or CSV text with a header row `email[,scope][,reason]`. Each row is checked on
 * its own: good rows are imported, bad rows come back with their row number and what is wrong.
 */
import { z } from 'zod';
import type { PrismaClient } from '../../generated/prisma/client';
import { normalizeEmail } from '../leads/schemas';

export const ZSuppressionScope = z
  .string()
  .trim()
  .regex(/^(all|marketing|topic:[a-z0-9][a-z0-9-]{0,39})$/, 'must be "all", "marketing" or "topic:<name>"');

export const ZSuppressionEntry = z.object({
  email: z.string().transform(normalizeEmail).pipe(z.email().max(254)),
  scope: ZSuppressionScope.default('marketing'),
  reason: z.string().trim().min(1).max(60).default('import'),
  detail: z.string().max(500).optional(),
});
export type TSuppressionEntryInput = z.input<typeof ZSuppressionEntry>;

export type TImportResult = { received: number; imported: number; alreadyPresent: number; errors: { row: number; message: string }[] };

/** Rows of a CSV with a header; quoted fields with commas are supported. */
export function parseCsv(text: string): { header: string[]; rows: string[][] } {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  const split = (line: string) => {
    const out: string[] = [];
    let cur = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i]!;
      if (quoted && c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') {
        quoted = !quoted;
      } else if (c === ',' && !quoted) {
        out.push(cur.trim());
        cur = '';
      } else {
        cur += c;
      }
    }
    out.push(cur.trim());
    return out;
  };
  const [head, ...rest] = lines;
  return { header: head ? split(head).map((h) => h.toLowerCase()) : [], rows: rest.map(split) };
}

export function entriesFromCsv(text: string): { entries: Record<string, string>[]; problem?: string } {
  const { header, rows } = parseCsv(text);
  if (!header.includes('email')) return { entries: [], problem: 'the first line must be a header with an "email" column' };
  return { entries: rows.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i] ?? '']).filter(([, v]) => v !== ''))) };
}

export async function importSuppressions(prisma: PrismaClient, raw: unknown[]): Promise<TImportResult> {
  const result: TImportResult = { received: raw.length, imported: 0, alreadyPresent: 0, errors: [] };
  const valid: z.output<typeof ZSuppressionEntry>[] = [];
  raw.forEach((entry, i) => {
    const parsed = ZSuppressionEntry.safeParse(entry);
    if (parsed.success) valid.push(parsed.data);
    else
      result.errors.push({ row: i + 1, message: parsed.error.issues.map((x) => `${x.path.join('.') || 'row'}: ${x.message}`).join('; ') });
  });
  for (let i = 0; i < valid.length; i += 1000) {
    const batch = valid.slice(i, i + 1000);
    const { count } = await prisma.suppression.createMany({
      data: batch.map((e) => ({ email: e.email, scope: e.scope, reason: e.reason, detail: e.detail ?? null })),
      skipDuplicates: true,
    });
    result.imported += count;
    result.alreadyPresent += batch.length - count;
  }
  return result;
}
