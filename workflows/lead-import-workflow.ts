/**
 * A CSV lead import, in batches: each batch is one activity that captures its rows (dedupe,
 * routing, triggers) and moves the import's progress on, so a crash resumes at the last batch
 * and every row is processed once (rows are keyed by import and row number).
 *
 * Since patch `import-follow-ups-after-capture` (ADR-051) a batch writes its follow-ups (SLA
 * watches, trigger enrolments, each rep's digest entries) in the transaction that captures its
 * rows, and the import completes as soon as the file is captured; then each rep gets one digest
 * and the watches and journeys start, batch by batch with bounded concurrency, so they do not
 * compete with the capture for the worker. Runs started before hand each batch's work to a
 * captureFollowUpWorkflow (a notice per lead) as it goes.
 */
import { patched, proxyActivities } from '@temporalio/workflow';
import type { TActivities } from '../activities';
import { IMPORT_BATCH_ACTIVITY, IMPORT_FOLLOW_UP_ACTIVITY, SEND_ACTIVITY } from './activity-options';
import { PATCHES } from './patches';

import type { TLeadImportInput } from '../contract/lead-import';

const acts = proxyActivities<TActivities>(IMPORT_BATCH_ACTIVITY);
const followUps = proxyActivities<TActivities>(IMPORT_FOLLOW_UP_ACTIVITY);
/** The digests talk SMTP: the send options (heartbeat while SMTP works, never a second attempt alongside). */
const digests = proxyActivities<TActivities>(SEND_ACTIVITY);

export async function leadImportWorkflow(input: TLeadImportInput): Promise<{ processed: number }> {
  const afterCapture = patched(PATCHES.importFollowUpsAfterCapture.id);
  const size = input.batchSize ?? 200;
  for (let from = 0; from < input.total; from += size) {
    await acts.importLeadBatch({
      importId: input.importId,
      from,
      to: Math.min(from + size, input.total),
      ...(afterCapture ? { followUps: 'after-capture' as const } : {}),
    });
  }
  await acts.finishLeadImport({ importId: input.importId });
  if (afterCapture) {
    // The digests beside the watches and journeys: a slow mail relay must not hold journeys back.
    await Promise.all([
      digests.sendImportDigests({ importId: input.importId }),
      (async () => {
        while ((await followUps.runImportFollowUps({ importId: input.importId })).remaining > 0);
      })(),
    ]);
  }
  return { processed: input.total };
}
