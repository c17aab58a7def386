import type { PrismaClient } from '../../generated/prisma/client';
import { getScoringModel } from './get-scoring-model';
import type { TScoringModel } from './schemas';

/** A new version of the scoring model; publishing the model in force again is not a new version. */
export async function publishScoringModel(prisma: PrismaClient, model: TScoringModel): Promise<{ version: number; created: boolean }> {
  const current = await getScoringModel(prisma);
  if (current.version > 0 && JSON.stringify(current.model) === JSON.stringify(model)) return { version: current.version, created: false };
  const row = await prisma.scoringModel.create({ data: { version: current.version + 1, definition: model as object } });
  return { version: row.version, created: true };
}
