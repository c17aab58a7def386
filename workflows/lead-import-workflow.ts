/**
 * A CSV lead import, in batches: each batch is one activity that captures its rows (dedupe,
 * routing, triggers) and moves the import's progress on, so a crash resumes at the last batch
 * and every row is processed once (rows are keyed by import and row number).
 */
import { proxyActivities } from '@temporalio/workflow';
import type { TActivities } from '../activities';
import { IMPORT_BATCH_ACTIVITY } from './activity-options';

import type { TLeadImportInput } from '../contract/lead-import';

const acts = proxyActivities<TActivities>(IMPORT_BATCH_ACTIVITY);

export async function leadImportWorkflow(input: TLeadImportInput): Promise<{ processed: number }> {
  const size = input.batchSize ?? 200;
  for (let from = 0; from < input.total; from += size) {
    await acts.importLeadBatch({ importId: input.importId, from, to: Math.min(from + size, input.total) });
  }
  await acts.finishLeadImport({ importId: input.importId });
  return { processed: input.total };
}
