import type { TActivityDeps } from '../index';
import type { TImportRowError } from '../../domain/imports/get-lead-import';

/** Completes an import with exact counts: from the rows' own events (one per captured row) and its error list. */
export function createFinishLeadImport({ prisma }: Pick<TActivityDeps, 'prisma'>) {
  return async function finishLeadImport({ importId }: { importId: string }): Promise<void> {
    const prefix = { startsWith: `import/${importId}/` };
    const [created, merged, job] = await Promise.all([
      prisma.leadEvent.count({ where: { idempotencyKey: prefix, type: 'lead.created' } }),
      prisma.leadEvent.count({ where: { idempotencyKey: prefix, type: 'lead.touch' } }),
      prisma.leadImport.findUniqueOrThrow({ where: { id: importId }, select: { total: true, errors: true } }),
    ]);
    // Rows, not entries: a row without an email and a first name has two.
    const failed = new Set((job.errors as TImportRowError[]).map((e) => e.row)).size;
    await prisma.leadImport.update({
      where: { id: importId },
      data: { status: 'COMPLETED', finishedAt: new Date(), processed: job.total, created, merged, failed },
    });
  };
}
