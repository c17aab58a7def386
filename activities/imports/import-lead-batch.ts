import { ApplicationFailure } from '@temporalio/activity';
import type { TActivityDeps } from '../index';
import { captureLeadBatch } from '../../domain/leads/capture-lead-batch';
import { startWorkflowOnce } from '../../lib/temporal/start-once';
import { CAPTURE_FOLLOW_UP_WORKFLOW, captureFollowUpWorkflowId, type TCaptureFollowUpWorkflow } from '../../contract/capture-follow-up';
import { ZLeadCreate } from '../../domain/leads/schemas';
import { parseLeadCsv, rowToLeadInput } from '../../domain/imports/parse-lead-csv';
import { readCsvTable } from '../../domain/imports/csv-file';
import { createRowMapper } from '../../domain/imports/map-lead-row';
import { ZResolvedMapping } from '../../domain/imports/mapping-schemas';
import type { TImportRowError, TImportRowWarning } from '../../domain/imports/get-lead-import';
import type { TLeadCreate } from '../../domain/leads/schemas';

/** Merges a batch's per-row entries into the stored list: a retried row replaces its entries. */
const mergeByRow = <T extends { row: number }>(stored: T[], batch: T[]) => {
  const rowsNow = new Set(batch.map((e) => e.row));
  return [...stored.filter((e) => !rowsNow.has(e.row)), ...batch].sort((a, b) => a.row - b.row);
};

/** A row read for capture: the lead (validated), or what is wrong with it, and its warnings. */
type TReadRow = {
  key: Record<string, unknown>;
  lead?: TLeadCreate;
  email: string | null;
  errors: TImportRowError[];
  warnings: TImportRowWarning[];
};

/**
 * Captures rows [from, to) of an import like POST /leads (dedupe, routing, scoring, triggers), as
 * one batch (domain/leads/capture-lead-batch.ts). Each row is captured once even when the batch is retried: its key is `import/<id>/<row>`.
 * Rows are read with the mapping stored with the import (fixed when it started), or by header
 * name when it has none, so a retry reads every row the same way.
 * Counters move as rows finish; finishLeadImport recounts them from the rows' events.
 */
export function createImportLeadBatch({ prisma, crm }: Pick<TActivityDeps, 'prisma' | 'crm'>) {
  /**
   * The last import's file, read once: the CSV and mapping of an import never change once it has
   * started, so its batches (which run one after another, usually on this worker) reuse the
   * parse instead of parsing the whole file again for every batch of 500 rows.
   */
  let fileCache: { importId: string; headers: string[]; rows: string[][] } | undefined;
  return async function importLeadBatch(input: {
    importId: string;
    from: number;
    to: number;
    /**
     * `after-capture` (patch import-follow-ups-after-capture, ADR-051): the batch's follow-ups are
     * written with its rows, owner notices as digest entries; the workflow runs them after the
     * file. Absent (runs started before): a follow-up workflow per batch, a notice per lead.
     */
    followUps?: 'after-capture';
  }): Promise<{ processed: number }> {
    if (!crm) throw ApplicationFailure.nonRetryable('This worker has no Temporal client, so it cannot import leads', 'CONFIG_INVALID');
    const cached = fileCache?.importId === input.importId ? fileCache : undefined;
    const job = await prisma.leadImport.findUnique({ where: { id: input.importId }, ...(cached ? { omit: { csv: true } } : {}) });
    if (!job) throw ApplicationFailure.nonRetryable(`Import ${input.importId} does not exist`, 'NOT_FOUND');
    const storedMapping = job.mapping === null ? undefined : ZResolvedMapping.parse(job.mapping);
    let file = cached;
    if (!file) {
      const csv = (job as { csv: string }).csv;
      const table = storedMapping ? readCsvTable(csv, { delimiter: storedMapping.delimiter }) : parseLeadCsv(csv);
      file = fileCache = { importId: job.id, headers: table.headers, rows: table.rows };
    }
    const { headers, rows } = file;
    const mapRow = storedMapping && createRowMapper({ mapping: storedMapping, defaultPhoneRegion: crm.config.defaultPhoneRegion });
    const errors: TImportRowError[] = [];
    const warnings: TImportRowWarning[] = [];

    /** Row i (0-based among data rows) is row i + 2 of the file: 1-based, after the header, what a spreadsheet shows. */
    const readRow = (i: number): TReadRow => {
      const rowNumber = i + 2;
      if (mapRow) {
        const mapped = mapRow(rows[i] ?? [], rowNumber);
        return { key: { ...mapped.lead, email: mapped.lead?.email ?? mapped.email }, ...mapped };
      }
      const raw = rowToLeadInput(headers, rows[i] ?? []);
      const parsed = ZLeadCreate.safeParse(raw);
      const email = typeof raw.email === 'string' ? raw.email : null;
      if (parsed.success) return { key: raw, lead: parsed.data, email: parsed.data.email, errors: [], warnings: [] };
      const message = parsed.error.issues.map((x) => `${x.path.join('.') || 'row'}: ${x.message}`).join('; ');
      return { key: raw, email, errors: [{ row: rowNumber, email, message }], warnings: [] };
    };

    const reads: [number, TReadRow][] = [];
    for (let i = input.from; i < input.to; i++) reads.push([i, readRow(i)]);
    try {
      // The whole batch in one pass (ADR-041): same outcomes as capturing each row like POST /leads.
      const capturable = reads.filter(([, read]) => read.lead);
      const outcomes = await captureLeadBatch(
        crm,
        capturable.map(([i, read]) => ({ input: read.lead!, idempotencyKey: `import/${job.id}/${i + 2}` })),
        input.followUps === 'after-capture'
          ? {
              by: `import:${job.id}`,
              // Digest entries, SLA watches and journeys are written with the rows; run after the file (ADR-051).
              digest: true,
              record: (work) =>
                prisma.leadImportFollowUp.create({ data: { importId: job.id, batchFrom: input.from, work: work as object } }),
            }
          : {
              by: `import:${job.id}`,
              // Notices, SLA watches and journeys go to a follow-up workflow (once per batch): the import moves on.
              followUp: async (work) => {
                await startWorkflowOnce<TCaptureFollowUpWorkflow>(crm.temporal, CAPTURE_FOLLOW_UP_WORKFLOW, {
                  taskQueue: crm.taskQueue,
                  workflowId: captureFollowUpWorkflowId(`import/${job.id}/${input.from}`),
                  args: [{ version: 1, ...work }],
                });
              },
            },
      );
      const counts = { processed: 0, created: 0, merged: 0, failed: 0 };
      const outcomeOf = new Map(capturable.map(([i], k) => [i, outcomes[k]!]));
      for (const [i, read] of reads) {
        warnings.push(...read.warnings);
        const r = outcomeOf.get(i);
        if (r?.outcome === 'replayed') continue;
        counts.processed++;
        if (!r) {
          errors.push(...read.errors);
          counts.failed++;
        } else if (r.outcome === 'failed') {
          const details = Array.isArray(r.error.details) ? `: ${r.error.details.join('; ')}` : '';
          errors.push({ row: i + 2, email: read.lead!.email, message: `${r.error.message}${details}` });
          counts.failed++;
        } else counts[r.outcome]++;
      }
      await prisma.leadImport.update({
        where: { id: job.id },
        data: Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, { increment: v }])),
      });
    } finally {
      // Errors and warnings are written once per batch (lanes would race on the lists); a retried row replaces its entries.
      if (errors.length || warnings.length) {
        const current = await prisma.leadImport.findUniqueOrThrow({ where: { id: job.id }, select: { errors: true, warnings: true } });
        await prisma.leadImport.update({
          where: { id: job.id },
          data: {
            ...(errors.length ? { errors: mergeByRow(current.errors as TImportRowError[], errors) as object } : {}),
            ...(warnings.length ? { warnings: mergeByRow(current.warnings as TImportRowWarning[], warnings) as object } : {}),
          },
        });
      }
    }
    await prisma.leadImport.update({ where: { id: job.id }, data: { processed: input.to } });
    return { processed: input.to };
  };
}
