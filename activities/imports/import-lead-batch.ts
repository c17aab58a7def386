import { ApplicationFailure } from '@temporalio/activity';
import type { TActivityDeps } from '../index';
import { captureLead } from '../../domain/leads/capture-lead';
import { ZLeadCreate } from '../../domain/leads/schemas';
import { parseLeadCsv, rowToLeadInput } from '../../domain/imports/parse-lead-csv';
import { isAppError } from '../../lib/errors';

/**
 * Captures rows [from, to) of an import (dedupe, routing, triggers, like POST /leads) and moves
 * its progress on after each row, so a retried batch resumes after the last row it finished.
 */
export function createImportLeadBatch({ prisma, crm }: Pick<TActivityDeps, 'prisma' | 'crm'>) {
  return async function importLeadBatch(input: { importId: string; from: number; to: number }): Promise<{ processed: number }> {
    if (!crm) throw ApplicationFailure.nonRetryable('This worker has no Temporal client, so it cannot import leads', 'CONFIG_INVALID');
    const job = await prisma.leadImport.findUnique({ where: { id: input.importId } });
    if (!job) throw ApplicationFailure.nonRetryable(`Import ${input.importId} does not exist`, 'NOT_FOUND');
    const { headers, rows } = parseLeadCsv(job.csv);
    for (let i = Math.max(input.from, job.processed); i < input.to; i++) {
      const rowNumber = i + 2; // 1-based, after the header: what a spreadsheet shows
      const raw = rowToLeadInput(headers, rows[i] ?? []);
      const parsed = ZLeadCreate.safeParse(raw);
      let outcome: { created?: number; merged?: number; failed?: number; error?: { row: number; email: string | null; message: string } };
      if (!parsed.success) {
        const message = parsed.error.issues.map((x) => `${x.path.join('.') || 'row'}: ${x.message}`).join('; ');
        outcome = { failed: 1, error: { row: rowNumber, email: typeof raw.email === 'string' ? raw.email : null, message } };
      } else {
        try {
          const { created } = await captureLead(crm, parsed.data, { by: `import:${job.id}` });
          outcome = created ? { created: 1 } : { merged: 1 };
        } catch (e) {
          if (!isAppError(e)) throw e; // infrastructure: retry the batch from this row
          const details = Array.isArray(e.details) ? `: ${e.details.join('; ')}` : '';
          outcome = { failed: 1, error: { row: rowNumber, email: parsed.data.email, message: `${e.message}${details}` } };
        }
      }
      const errors = outcome.error
        ? [
            ...((await prisma.leadImport.findUniqueOrThrow({ where: { id: job.id }, select: { errors: true } })).errors as unknown[]),
            outcome.error,
          ]
        : undefined;
      await prisma.leadImport.update({
        where: { id: job.id },
        data: {
          processed: i + 1,
          created: { increment: outcome.created ?? 0 },
          merged: { increment: outcome.merged ?? 0 },
          failed: { increment: outcome.failed ?? 0 },
          ...(errors ? { errors: errors as object } : {}),
        },
      });
    }
    return { processed: input.to };
  };
}
