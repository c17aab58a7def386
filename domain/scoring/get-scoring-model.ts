import type { PrismaClient } from '../../generated/prisma/client';
import { DEFAULT_SCORING_MODEL, ZScoringModel, type TScoringModel } from './schemas';

/** The scoring model in force (the latest version), parsed on every read; the built-in default before any is published. */
export async function getScoringModel(prisma: PrismaClient): Promise<{ version: number; model: TScoringModel }> {
  const row = await prisma.scoringModel.findFirst({ orderBy: { version: 'desc' } });
  return row ? { version: row.version, model: ZScoringModel.parse(row.definition) } : { version: 0, model: DEFAULT_SCORING_MODEL };
}
