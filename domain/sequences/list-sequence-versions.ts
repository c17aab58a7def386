import type { PrismaClient } from '../../generated/prisma/client';
import { AppError } from '../../lib/errors';
import { ZSequenceDefinition, type TSequenceDefinition } from '../../journey/definition';

export type TSequenceVersionView = { version: number; versionId: string; publishedAt: Date; definition: TSequenceDefinition };

/** Every published version of a sequence, newest first, each definition parsed. */
export async function listSequenceVersions(deps: { prisma: PrismaClient }, key: string): Promise<TSequenceVersionView[]> {
  const sequence = await deps.prisma.sequence.findUnique({
    where: { key },
    include: { versions: { orderBy: { version: 'desc' } } },
  });
  if (!sequence) throw new AppError('NOT_FOUND', `Sequence ${key} does not exist`);
  return sequence.versions.map((v) => ({
    version: v.version,
    versionId: v.id,
    publishedAt: v.publishedAt,
    definition: ZSequenceDefinition.parse(v.definition),
  }));
}
