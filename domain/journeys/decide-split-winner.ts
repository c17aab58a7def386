/**
 * A split step's winner rule (journey/definition.ts ZSplitStep.winner): once `after` has passed
 * since the split's first assignment, the variant whose leads did `metric` most often (as a share
 * of the variant's leads, counted after their assignment: the same figures the KPIs and the
 * dashboard show) takes every later lead. Before that, or with no assignment yet, no winner.
 */
import type { PrismaClient } from '../../generated/prisma/client';
import type { SPLIT_METRICS } from '../../journey/definition';
import { getSequenceKpis } from '../kpis/get-sequence-kpis';
import { SPLIT_EVENT_TYPE } from '../kpis/schemas';

export type TSplitWinner = { winner: string | null; why: string };

export async function decideSplitWinner(
  deps: { prisma: PrismaClient },
  input: { sequenceKey: string; stepId: string; metric: (typeof SPLIT_METRICS)[number]; afterMs: number; atMs: number },
): Promise<TSplitWinner> {
  const first = await deps.prisma.leadEvent.findFirst({
    where: {
      type: SPLIT_EVENT_TYPE,
      enrollment: { sequence: { key: input.sequenceKey } },
      data: { path: ['stepId'], equals: input.stepId },
    },
    orderBy: { occurredAt: 'asc' },
    select: { occurredAt: true },
  });
  if (!first) return { winner: null, why: 'no lead split yet' };
  const decideAt = first.occurredAt.getTime() + input.afterMs;
  if (input.atMs < decideAt) return { winner: null, why: `the winner is decided at ${new Date(decideAt).toISOString()}` };

  const kpis = await getSequenceKpis(deps.prisma, {});
  const variants = (kpis.items.find((i) => i.sequenceKey === input.sequenceKey)?.variants ?? []).filter(
    (v) => v.splitStepId === input.stepId,
  );
  if (!variants.length) return { winner: null, why: 'no variant has leads yet' };
  const score = (v: (typeof variants)[number]) => (v.enrolled ? v[input.metric] / v.enrolled : 0);
  const ranked = [...variants].sort((a, b) => score(b) - score(a) || a.variant.localeCompare(b.variant));
  const best = ranked[0]!;
  const figures = ranked.map((v) => `${v.variant} ${v[input.metric]}/${v.enrolled}`).join(', ');
  return { winner: best.variant, why: `best by ${input.metric}: ${figures}` };
}
