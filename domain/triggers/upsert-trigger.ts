import type { z } from 'zod';
import { Prisma, type PrismaClient } from '../../generated/prisma/client';
import { AppError } from '../../lib/errors';
import { toTrigger, type TTrigger, type ZTriggerInput } from './schemas';

/** Creates or replaces a trigger by key; its sequence must exist. */
export async function upsertTrigger(
  deps: { prisma: PrismaClient },
  key: string,
  input: z.output<typeof ZTriggerInput>,
): Promise<{ trigger: TTrigger; created: boolean }> {
  if (!(await deps.prisma.sequence.findUnique({ where: { key: input.sequenceKey }, select: { id: true } }))) {
    throw new AppError('VALIDATION_FAILED', 'Request is invalid', { details: [`sequenceKey: no sequence "${input.sequenceKey}"`] });
  }
  const existing = await deps.prisma.journeyTrigger.findUnique({ where: { key }, select: { id: true } });
  const data = { ...input, condition: input.condition ?? Prisma.DbNull };
  const row = await deps.prisma.journeyTrigger.upsert({
    where: { key },
    create: { key, ...data },
    update: data,
  });
  return { trigger: toTrigger(row), created: !existing };
}
