/**
 * Starts a CSV import: the file is decoded (its encoding detected), checked (readable, has email
 * and firstName columns, by header name or through the mapping), stored with the import and the
 * resolved mapping, and processed in batches by a workflow (workflows/lead-import-workflow.ts).
 * Progress, per-row errors and warnings: GET /leads/imports/:id.
 */
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import type { PrismaClient } from '../../generated/prisma/client';
import { AppError } from '../../lib/errors';
import { LEAD_IMPORT_WORKFLOW, leadImportWorkflowId, type TLeadImportWorkflow } from '../../contract/lead-import';
import { decodeImportFile, readCsvTable, type TImportFile } from './csv-file';
import { missingColumnsError, resolveMapping } from './map-lead-row';
import { ZImportMapping, type TImportMapping, type TResolvedMapping } from './mapping-schemas';
import { parseLeadCsv } from './parse-lead-csv';

/** Rows per import batch (one activity, one transaction, one follow-up workflow). */
export const IMPORT_BATCH_SIZE = 500;

/** Big enough for a trade-show list or a purchased base; larger files: split them. */
export const MAX_IMPORT_ROWS = 100_000;

/**
 * The JSON form of an upload (POST /leads/imports and /leads/imports/preview with
 * Content-Type: application/json): the file as text (`csv`) or as its bytes (`csvBase64`, whose
 * encoding is detected like a raw upload's), with the mapping.
 */
export const ZLeadImportRequest = z
  .strictObject({
    csv: z.string().optional().meta({ description: 'The file as text' }),
    csvBase64: z
      .string()
      .regex(/^[A-Za-z0-9+/=\s]*$/, 'must be base64')
      .optional()
      .meta({ description: "The file's bytes in base64: the encoding (UTF-8, UTF-16, Windows-1252) is detected" }),
    fileName: z.string().trim().min(1).max(200).optional(),
    mapping: ZImportMapping.optional().meta({ description: 'Without it, columns are read by header name (see POST /leads/imports)' }),
  })
  .refine((b) => (b.csv === undefined) !== (b.csvBase64 === undefined), {
    message: 'send the file in exactly one of csv (text) or csvBase64 (its bytes)',
    path: ['csv'],
  });
export type TLeadImportRequest = z.infer<typeof ZLeadImportRequest>;

/** The file of a JSON upload. */
export const importFileOf = (body: TLeadImportRequest): TImportFile =>
  body.csvBase64 !== undefined ? { bytes: Buffer.from(body.csvBase64, 'base64') } : { csv: body.csv };

export async function startLeadImport(
  deps: { prisma: PrismaClient; temporal: Client; taskQueue: string; defaultPhoneRegion?: string | undefined },
  input: TImportFile & { fileName?: string | undefined; mapping?: TImportMapping | undefined },
) {
  const { text } = decodeImportFile(input);
  let rows: string[][];
  let mapping: TResolvedMapping | undefined;
  if (input.mapping === undefined) {
    rows = parseLeadCsv(text).rows;
  } else {
    const table = readCsvTable(text);
    const resolved = resolveMapping({ ...table, mapping: input.mapping, defaultPhoneRegion: deps.defaultPhoneRegion });
    if (resolved.missing.length) throw missingColumnsError(resolved.missing, table.headers);
    rows = table.rows;
    mapping = resolved.mapping;
  }
  if (rows.length === 0) throw new AppError('VALIDATION_FAILED', 'The CSV has a header but no leads');
  if (rows.length > MAX_IMPORT_ROWS)
    throw new AppError('VALIDATION_FAILED', `The CSV has ${rows.length} rows; at most ${MAX_IMPORT_ROWS} per import`);
  const job = await deps.prisma.leadImport.create({
    data: { fileName: input.fileName ?? 'upload.csv', csv: text, total: rows.length, ...(mapping ? { mapping } : {}) },
  });
  await deps.temporal.workflow.start<TLeadImportWorkflow>(LEAD_IMPORT_WORKFLOW, {
    taskQueue: deps.taskQueue,
    workflowId: leadImportWorkflowId(job.id),
    // Batches of 500: each is one pass of the batched capture path (ADR-041); fewer workflow round trips.
    args: [{ version: 1, importId: job.id, total: rows.length, batchSize: IMPORT_BATCH_SIZE }],
  });
  return job;
}
