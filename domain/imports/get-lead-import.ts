import { z } from 'zod';
import type { LeadImport, PrismaClient } from '../../generated/prisma/client';
import { AppError } from '../../lib/errors';
import { ZResolvedMapping } from './mapping-schemas';

/** A row that was not imported. column and value: the cell at fault (imports with a mapping). */
export const ZImportRowError = z.object({
  row: z.number().int(),
  email: z.string().nullable(),
  column: z.string().optional(),
  value: z.string().optional(),
  message: z.string(),
});
export type TImportRowError = z.infer<typeof ZImportRowError>;

/** A row that was imported with one field left empty: the cell's value could not be used. */
export const ZImportRowWarning = z.object({
  row: z.number().int(),
  email: z.string().nullable(),
  column: z.string(),
  value: z.string(),
  message: z.string(),
});
export type TImportRowWarning = z.infer<typeof ZImportRowWarning>;

export const ZLeadImport = z.object({
  id: z.string(),
  fileName: z.string(),
  status: z.enum(['RUNNING', 'COMPLETED']),
  total: z.number().int(),
  processed: z.number().int(),
  /** New lead cards. */
  created: z.number().int(),
  /** Rows of people already known: attached to their card as a touch. */
  merged: z.number().int(),
  failed: z.number().int(),
  /** Rows with at least one warning (imported, unless they also failed). */
  warned: z.number().int(),
  percent: z.number(),
  /** Rows not imported, by row (the header is row 1). */
  errors: z.array(ZImportRowError),
  /** Fields left empty in imported rows, by row. */
  warnings: z.array(ZImportRowWarning),
  /** The mapping the import runs with; null: columns by header name (no mapping sent). */
  mapping: ZResolvedMapping.nullable(),
  createdAt: z.date(),
  finishedAt: z.date().nullable(),
});
export type TLeadImport = z.infer<typeof ZLeadImport>;

export const toLeadImport = (job: LeadImport): TLeadImport => {
  const warnings = z.array(ZImportRowWarning).parse(job.warnings ?? []);
  return {
    id: job.id,
    fileName: job.fileName,
    status: job.status === 'COMPLETED' ? 'COMPLETED' : 'RUNNING',
    total: job.total,
    processed: job.processed,
    created: job.created,
    merged: job.merged,
    failed: job.failed,
    warned: new Set(warnings.map((w) => w.row)).size,
    percent: job.total ? Math.floor((job.processed / job.total) * 1000) / 10 : 100,
    errors: z.array(ZImportRowError).parse(job.errors),
    warnings,
    mapping: job.mapping === null ? null : ZResolvedMapping.parse(job.mapping),
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
  };
};

export async function getLeadImport(prisma: PrismaClient, id: string) {
  const job = await prisma.leadImport.findUnique({ where: { id } });
  if (!job) throw new AppError('NOT_FOUND', `Import ${id} does not exist`);
  return toLeadImport(job);
}

/** A cell as CSV: quoted when needed; a leading = + - @ is defused so a spreadsheet shows it, never runs it. */
const cell = (value: string | number | null | undefined) => {
  let text = value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n;]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/**
 * An import's errors and warnings as a CSV file (UTF-8 with a BOM, so Excel reads the letters
 * right): row, kind, column, value, email, message; by row, errors first.
 */
export async function leadImportIssuesCsv(deps: { prisma: PrismaClient }, id: string): Promise<{ fileName: string; csv: string }> {
  const job = await getLeadImport(deps.prisma, id);
  const issues = [
    ...job.errors.map((e) => ({ ...e, kind: 'error' as const })),
    ...job.warnings.map((w) => ({ ...w, kind: 'warning' as const })),
  ].sort((a, b) => a.row - b.row || (a.kind === b.kind ? 0 : a.kind === 'error' ? -1 : 1));
  const lines = [
    'row,kind,column,value,email,message',
    ...issues.map((i) => [i.row, i.kind, i.column, i.value, i.email, i.message].map(cell).join(',')),
  ];
  const base = job.fileName.replace(/\.(csv|txt|tsv)$/i, '') || 'import';
  return { fileName: `${base}-issues.csv`, csv: `\uFEFF${lines.join('\r\n')}\r\n` };
}
