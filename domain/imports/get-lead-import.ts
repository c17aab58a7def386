import { z } from 'zod';
import type { LeadImport, PrismaClient } from '../../generated/prisma/client';
import { AppError } from '../../lib/errors';

export const ZImportRowError = z.object({ row: z.number().int(), email: z.string().nullable(), message: z.string() });
export type TImportRowError = z.infer<typeof ZImportRowError>;

export const ZLeadImport = z.object({
  id: z.string(),
  fileName: z.string(),
  status: z.enum(['RUNNING', 'COMPLETED']),
  total: z.number().int(),
  processed: z.number().int(),
  /** New lead cards. */
  created: z.number().int(),
  /** Rows of people already known: attached to their card as a touch. */
  merged: z.number().int(),
  failed: z.number().int(),
  percent: z.number(),
  errors: z.array(ZImportRowError),
  createdAt: z.date(),
  finishedAt: z.date().nullable(),
});

export const toLeadImport = (job: LeadImport): z.infer<typeof ZLeadImport> => ({
  id: job.id,
  fileName: job.fileName,
  status: job.status === 'COMPLETED' ? 'COMPLETED' : 'RUNNING',
  total: job.total,
  processed: job.processed,
  created: job.created,
  merged: job.merged,
  failed: job.failed,
  percent: job.total ? Math.floor((job.processed / job.total) * 1000) / 10 : 100,
  errors: z.array(ZImportRowError).parse(job.errors),
  createdAt: job.createdAt,
  finishedAt: job.finishedAt,
});

export async function getLeadImport(prisma: PrismaClient, id: string) {
  const job = await prisma.leadImport.findUnique({ where: { id } });
  if (!job) throw new AppError('NOT_FOUND', `Import ${id} does not exist`);
  return toLeadImport(job);
}
