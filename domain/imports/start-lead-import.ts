/**
 * Starts a CSV import: the file is checked (readable, has email and firstName columns), stored
 * with the import, and processed in batches by a workflow (workflows/lead-import-workflow.ts).
 * Progress and per-row errors: GET /leads/imports/:id.
 */
import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../../generated/prisma/client';
import { AppError } from '../../lib/errors';
import { leadImportWorkflow, leadImportWorkflowId } from '../../workflows/lead-import-workflow';
import { parseLeadCsv } from './parse-lead-csv';

/** Big enough for a trade-show list or a purchased base; larger files: split them. */
export const MAX_IMPORT_ROWS = 100_000;

export async function startLeadImport(
  deps: { prisma: PrismaClient; temporal: Client; taskQueue: string },
  input: { csv: string; fileName?: string | undefined },
) {
  const { rows } = parseLeadCsv(input.csv);
  if (rows.length === 0) throw new AppError('VALIDATION_FAILED', 'The CSV has a header but no leads');
  if (rows.length > MAX_IMPORT_ROWS)
    throw new AppError('VALIDATION_FAILED', `The CSV has ${rows.length} rows; at most ${MAX_IMPORT_ROWS} per import`);
  const job = await deps.prisma.leadImport.create({
    data: { fileName: input.fileName ?? 'upload.csv', csv: input.csv, total: rows.length },
  });
  await deps.temporal.workflow.start(leadImportWorkflow, {
    taskQueue: deps.taskQueue,
    workflowId: leadImportWorkflowId(job.id),
    args: [{ version: 1, importId: job.id, total: rows.length }],
  });
  return job;
}
