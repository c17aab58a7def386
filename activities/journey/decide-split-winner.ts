import type { TActivityDeps } from '../index';
import { decideSplitWinner as decide, type TSplitWinner } from '../../domain/journeys/decide-split-winner';
import type { SPLIT_METRICS } from '../../journey/definition';

/** A split step with a winner rule asks this before it assigns a lead (read-only). */
export function createDecideSplitWinner({ prisma }: Pick<TActivityDeps, 'prisma'>) {
  return async function decideSplitWinner(input: {
    sequenceKey: string;
    stepId: string;
    metric: (typeof SPLIT_METRICS)[number];
    afterMs: number;
    atMs: number;
  }): Promise<TSplitWinner> {
    return decide({ prisma }, input);
  };
}
