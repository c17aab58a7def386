import { ApplicationFailure } from '@temporalio/activity';
import type { TActivityDeps } from '../index';
import { captureLead } from '../../domain/leads/capture-lead';
import { ZLeadCreate } from '../../domain/leads/schemas';
import { parseLeadCsv, rowToLeadInput } from '../../domain/imports/parse-lead-csv';
import type { TImportRowError } from '../../domain/imports/get-lead-import';
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

/**
 * Captures rows [from, to) of an import like POST /leads (dedupe, routing, triggers), eight at a
 * time. Each row is captured once even when the batch is retried: its key is `import/<id>/<row>`.
 * Counters move as rows finish; finishLeadImport recounts them from the rows' events.
 */
export function createImportLeadBatch({ prisma, crm }: Pick<TActivityDeps, 'prisma' | 'crm'>) {
  return async function importLeadBatch(input: { importId: string; from: number; to: number }): Promise<{ processed: number }> {
    if (!crm) throw ApplicationFailure.nonRetryable('This worker has no Temporal client, so it cannot import leads', 'CONFIG_INVALID');
    const job = await prisma.leadImport.findUnique({ where: { id: input.importId } });
    if (!job) throw ApplicationFailure.nonRetryable(`Import ${input.importId} does not exist`, 'NOT_FOUND');
    const { headers, rows } = parseLeadCsv(job.csv);
    const errors: TImportRowError[] = [];

    const captureRow = async (i: number, raw: Record<string, unknown>) => {
      const rowNumber = i + 2; // 1-based, after the header: what a spreadsheet shows
      const parsed = ZLeadCreate.safeParse(raw);
      let outcome: 'created' | 'merged' | 'failed' | 'replayed';
      if (!parsed.success) {
        const message = parsed.error.issues.map((x) => `${x.path.join('.') || 'row'}: ${x.message}`).join('; ');
        errors.push({ row: rowNumber, email: typeof raw.email === 'string' ? raw.email : null, message });
        outcome = 'failed';
      } else {
        try {
          const r = await captureLead(crm, parsed.data, { by: `import:${job.id}`, idempotencyKey: `import/${job.id}/${rowNumber}` });
          outcome = r.replayed ? 'replayed' : r.created ? 'created' : 'merged';
        } catch (e) {
          if (!isAppError(e)) throw e; // infrastructure: the batch is retried; finished rows are not redone
          const details = Array.isArray(e.details) ? `: ${e.details.join('; ')}` : '';
          errors.push({ row: rowNumber, email: parsed.data.email, message: `${e.message}${details}` });
          outcome = 'failed';
        }
      }
      if (outcome === 'replayed') return;
      await prisma.leadImport.update({
        where: { id: job.id },
        data: { processed: { increment: 1 }, [outcome]: { increment: 1 } },
      });
    };

    const lanes: [number, Record<string, unknown>][][] = Array.from({ length: LANES }, () => []);
    for (let i = input.from; i < input.to; i++) {
      const raw = rowToLeadInput(headers, rows[i] ?? []);
      lanes[laneOf(raw)]!.push([i, raw]);
    }
    try {
      await Promise.all(
        lanes.map(async (lane) => {
          for (const [i, raw] of lane) await captureRow(i, raw);
        }),
      );
    } finally {
      // Errors are written once per batch (lanes would race on the list); a retried row replaces its entry.
      if (errors.length) {
        const current = await prisma.leadImport.findUniqueOrThrow({ where: { id: job.id }, select: { errors: true } });
        const rowsNow = new Set(errors.map((e) => e.row));
        const merged = [...(current.errors as TImportRowError[]).filter((e) => !rowsNow.has(e.row)), ...errors].sort(
          (a, b) => a.row - b.row,
        );
        await prisma.leadImport.update({ where: { id: job.id }, data: { errors: merged as object } });
      }
    }
    await prisma.leadImport.update({ where: { id: job.id }, data: { processed: input.to } });
    return { processed: input.to };
  };
}
