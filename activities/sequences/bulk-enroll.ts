import { ApplicationFailure } from '@temporalio/activity';
import type { TActivityDeps } from '../index';
import { bulkEnrollmentSource, finishBulkEnrollment, leadIdsOfBulkEnrollment } from '../../domain/sequences/bulk-enroll';

/** Enrols leads [from, to) of a bulk enrolment job and records how far it got. */
export function createEnrollBulkChunk({ prisma, enroll }: Pick<TActivityDeps, 'prisma' | 'enroll'>) {
  return async function enrollBulkChunk(input: { jobId: string; from: number; to: number }): Promise<{ processed: number }> {
    if (!enroll) throw ApplicationFailure.nonRetryable('This worker has no Temporal client, so it cannot enrol leads', 'CONFIG_INVALID');
    const job = await leadIdsOfBulkEnrollment(prisma, input);
    if (!job) throw ApplicationFailure.nonRetryable(`Bulk enrolment ${input.jobId} does not exist`, 'NOT_FOUND');
    await enroll({ sequenceKey: job.sequenceKey, leadIds: job.leadIds, source: bulkEnrollmentSource(input.jobId) });
    await prisma.bulkEnrollment.update({ where: { id: input.jobId }, data: { processed: input.to } });
    return { processed: input.to };
  };
}

/** Completes a bulk enrolment with its counts, read from the enrolments it wrote. */
export function createFinishBulkEnrollment({ prisma }: Pick<TActivityDeps, 'prisma'>) {
  return async function finishBulkEnrollmentActivity({ jobId }: { jobId: string }): Promise<void> {
    await finishBulkEnrollment(prisma, jobId);
  };
}
