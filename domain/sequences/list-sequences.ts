import type { PrismaClient } from '../../generated/prisma/client';

export type TSequenceSummary = { key: string; name: string; description: string; latestVersion: number | null };

/** Every sequence by key, with its latest published version (null before the first publish). */
export async function listSequences(deps: { prisma: PrismaClient }): Promise<TSequenceSummary[]> {
  const rows = await deps.prisma.sequence.findMany({
    orderBy: { key: 'asc' },
    include: { versions: { orderBy: { version: 'desc' }, take: 1, select: { version: true } } },
  });
  return rows.map((s) => ({ key: s.key, name: s.name, description: s.description, latestVersion: s.versions[0]?.version ?? null }));
}
