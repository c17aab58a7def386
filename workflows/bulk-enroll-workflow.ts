/**
 * A bulk enrolment (ADR-041): the job's leads, a chunk per activity. Each chunk writes its
 * enrolment rows in bulk and starts the journeys in parallel; a crash resumes at the chunk it was
 * in, and a retried chunk enrols nobody twice (a lead already active in the sequence is skipped).
 */
import { proxyActivities } from '@temporalio/workflow';
import type { TActivities } from '../activities';
import { BULK_ENROLL_ACTIVITY } from './activity-options';
import type { TBulkEnrollInput } from '../contract/bulk-enroll';

const acts = proxyActivities<TActivities>(BULK_ENROLL_ACTIVITY);

export async function bulkEnrollWorkflow(input: TBulkEnrollInput): Promise<{ processed: number }> {
  const size = input.chunkSize ?? 1000;
  for (let from = 0; from < input.total; from += size) {
    await acts.enrollBulkChunk({ jobId: input.jobId, from, to: Math.min(from + size, input.total) });
  }
  await acts.finishBulkEnrollment({ jobId: input.jobId });
  return { processed: input.total };
}
