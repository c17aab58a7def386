import { ApplicationFailure } from '@temporalio/activity';
import type { TActivityDeps } from '../index';
import { captureLead } from '../../domain/leads/capture-lead';
import { ZLeadCreate } from '../../domain/leads/schemas';
import { parseLeadCsv, rowToLeadInput } from '../../domain/imports/parse-lead-csv';
import { readCsvTable } from '../../domain/imports/csv-file';
import { createRowMapper } from '../../domain/imports/map-lead-row';
import { ZResolvedMapping } from '../../domain/imports/mapping-schemas';
import type { TImportRowError, TImportRowWarning } from '../../domain/imports/get-lead-import';
import type { TLeadCreate } from '../../domain/leads/schemas';
import { isAppError } from '../../lib/errors';

/** Rows captured at once: each row is a few dozen queries and Temporal calls, mostly waiting. */
const LANES = 8;

/** A row's lane: rows of one person (same email or same phone) never race each other. */
const laneOf = (raw: Record<string, unknown>) => {
  const key = String(raw.phone ?? '').replace(/\D/g, '') || String(raw.email ?? '').toLowerCase();
  let h = 0;
  for (const c of key) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return h % LANES;
};

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
 * Captures rows [from, to) of an import like POST /leads (dedupe, routing, triggers), eight at a
 * time. Each row is captured once even when the batch is retried: its key is `import/<id>/<row>`.
 * Rows are read with the mapping stored with the import (fixed when it started), or by header
 * name when it has none, so a retry reads every row the same way.
 * Counters move as rows finish; finishLeadImport recounts them from the rows' events.
 */
export function createImportLeadBatch({ prisma, crm }: Pick<TActivityDeps, 'prisma' | 'crm'>) {
  return async function importLeadBatch(input: { importId: string; from: number; to: number }): Promise<{ processed: number }> {
    if (!crm) throw ApplicationFailure.nonRetryable('This worker has no Temporal client, so it cannot import leads', 'CONFIG_INVALID');
    const job = await prisma.leadImport.findUnique({ where: { id: input.importId } });
    if (!job) throw ApplicationFailure.nonRetryable(`Import ${input.importId} does not exist`, 'NOT_FOUND');
    const storedMapping = job.mapping === null ? undefined : ZResolvedMapping.parse(job.mapping);
    const { headers, rows } = storedMapping ? readCsvTable(job.csv, { delimiter: storedMapping.delimiter }) : parseLeadCsv(job.csv);
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

    const captureRow = async (i: number, read: TReadRow) => {
      const rowNumber = i + 2;
      warnings.push(...read.warnings);
      let outcome: 'created' | 'merged' | 'failed' | 'replayed';
      if (!read.lead) {
        errors.push(...read.errors);
        outcome = 'failed';
      } else {
        try {
          const r = await captureLead(crm, read.lead, { by: `import:${job.id}`, idempotencyKey: `import/${job.id}/${rowNumber}` });
          outcome = r.replayed ? 'replayed' : r.created ? 'created' : 'merged';
        } catch (e) {
          if (!isAppError(e)) throw e; // infrastructure: the batch is retried; finished rows are not redone
          const details = Array.isArray(e.details) ? `: ${e.details.join('; ')}` : '';
          errors.push({ row: rowNumber, email: read.lead.email, message: `${e.message}${details}` });
          outcome = 'failed';
        }
      }
      if (outcome === 'replayed') return;
      await prisma.leadImport.update({
        where: { id: job.id },
        data: { processed: { increment: 1 }, [outcome]: { increment: 1 } },
      });
    };

    const lanes: [number, TReadRow][][] = Array.from({ length: LANES }, () => []);
    for (let i = input.from; i < input.to; i++) {
      const read = readRow(i);
      lanes[laneOf(read.key)]!.push([i, read]);
    }
    try {
      await Promise.all(
        lanes.map(async (lane) => {
          for (const [i, read] of lane) await captureRow(i, read);
        }),
      );
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
