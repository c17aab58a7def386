/**
 * Bulk enrolment (ADR-041): a large list of leads (a segment of 50,000) enrolled in a sequence in
 * the background. The job row holds the leads and the progress; a workflow
 * (workflows/bulk-enroll-workflow.ts) enrols them a chunk at a time, so a worker restart resumes
 * where it was and nothing is enrolled twice. Progress: GET /enrollments/bulk/:id.
 */
import type { Client } from '@temporalio/client';
import { z } from 'zod';
import type { PrismaClient } from '../../generated/prisma/client';
import { AppError } from '../../lib/errors';
import { BULK_ENROLL_WORKFLOW, bulkEnrollWorkflowId, type TBulkEnrollWorkflow } from '../../contract/bulk-enroll';

/** Leads in one bulk enrolment (what a POST body of uuids can reasonably carry). */
export const MAX_BULK_ENROLL_LEADS = 100_000;

/** The enrolments a job wrote carry this source, which is how its counts are read. */
export const bulkEnrollmentSource = (jobId: string) => `bulk:${jobId}`;

/** A bulk enrolment job as the API answers it (bulk and segment routes alike). */
export const ZBulkEnrollment = z.object({
  id: z.string(),
  sequenceKey: z.string(),
  requestedBy: z.string(),
  status: z.enum(['RUNNING', 'COMPLETED']),
  total: z.number().int(),
  processed: z.number().int(),
  enrolled: z.number().int(),
  skipped: z.number().int().meta({ description: 'Leads processed but not enrolled: already active, unsubscribed, or unknown' }),
  percent: z.number().int(),
  createdAt: z.date(),
  finishedAt: z.date().nullable(),
});

export type TBulkEnrollment = {
  id: string;
  sequenceKey: string;
  requestedBy: string;
  status: string;
  total: number;
  processed: number;
  enrolled: number;
  skipped: number;
  percent: number;
  createdAt: Date;
  finishedAt: Date | null;
};

export async function startBulkEnrollment(
  deps: { prisma: PrismaClient; temporal: Client; taskQueue: string },
  input: { sequenceKey: string; leadIds: string[]; requestedBy: string; chunkSize?: number },
): Promise<TBulkEnrollment> {
  const leadIds = [...new Set(input.leadIds)];
  if (!leadIds.length) throw new AppError('VALIDATION_FAILED', 'leadIds: give at least one lead');
  if (leadIds.length > MAX_BULK_ENROLL_LEADS)
    throw new AppError('VALIDATION_FAILED', `leadIds: ${leadIds.length} leads; at most ${MAX_BULK_ENROLL_LEADS} per bulk enrolment`);
  if (!(await deps.prisma.sequence.findUnique({ where: { key: input.sequenceKey }, select: { id: true } })))
    throw new AppError('NOT_FOUND', `Sequence ${input.sequenceKey} does not exist`);
  const job = await deps.prisma.bulkEnrollment.create({
    data: { sequenceKey: input.sequenceKey, leadIds, requestedBy: input.requestedBy, total: leadIds.length },
    select: { id: true },
  });
  await deps.temporal.workflow.start<TBulkEnrollWorkflow>(BULK_ENROLL_WORKFLOW, {
    taskQueue: deps.taskQueue,
    workflowId: bulkEnrollWorkflowId(job.id),
    args: [{ version: 1, jobId: job.id, total: leadIds.length, ...(input.chunkSize ? { chunkSize: input.chunkSize } : {}) }],
  });
  return (await getBulkEnrollment(deps.prisma, job.id))!;
}

/** The job with its progress; enrolled counts the rows it wrote (exact across retried chunks). */
export async function getBulkEnrollment(prisma: PrismaClient, id: string): Promise<TBulkEnrollment | null> {
  const job = await prisma.bulkEnrollment.findUnique({ where: { id }, omit: { leadIds: true } });
  if (!job) return null;
  const enrolled = await prisma.enrollment.count({ where: { source: bulkEnrollmentSource(id) } });
  return {
    ...job,
    enrolled,
    skipped: job.status === 'COMPLETED' ? job.skipped : Math.max(0, job.processed - enrolled),
    percent: Math.floor((job.processed / job.total) * 100),
  };
}

/** Leads [from, to) of a job: the slice only, not the whole list, per chunk. */
export async function leadIdsOfBulkEnrollment(
  prisma: PrismaClient,
  { jobId, from, to }: { jobId: string; from: number; to: number },
): Promise<{ sequenceKey: string; leadIds: string[] } | null> {
  const rows = await prisma.$queryRaw<{ sequenceKey: string; leadIds: string[] | null }[]>`
    SELECT "sequenceKey", "leadIds"[${from + 1}::int:${to}::int] AS "leadIds" FROM "BulkEnrollment" WHERE id = ${jobId}::uuid`;
  const row = rows[0];
  return row ? { sequenceKey: row.sequenceKey, leadIds: row.leadIds ?? [] } : null;
}

export async function finishBulkEnrollment(prisma: PrismaClient, jobId: string): Promise<void> {
  const job = await prisma.bulkEnrollment.findUniqueOrThrow({ where: { id: jobId }, select: { total: true } });
  const enrolled = await prisma.enrollment.count({ where: { source: bulkEnrollmentSource(jobId) } });
  await prisma.bulkEnrollment.update({
    where: { id: jobId },
    data: { status: 'COMPLETED', finishedAt: new Date(), processed: job.total, skipped: job.total - enrolled },
  });
}
