/**
 * Scores against reality (DOMAIN.md: "check scores against deals actually won; study
 * high-scored leads that never bought"): leads per band of the model's thresholds, how many
 * became customers and how many were lost.
 */
import type { PrismaClient } from '../../generated/prisma/client';
import { getScoringModel } from '../scoring/get-scoring-model';
import { inPeriod, rate, type TKpiPeriod } from './schemas';

export async function getScoreBandKpis(prisma: PrismaClient, period: TKpiPeriod) {
  const { model } = await getScoringModel(prisma);
  const { mql, sql } = model.thresholds;
  const leads = await prisma.lead.findMany({
    where: inPeriod('createdAt', period),
    select: { score: true, status: true, customer: { select: { id: true } } },
  });
  const bands = [
    { band: `below MQL (< ${mql})`, minScore: null, maxScore: mql - 1 },
    { band: `MQL (${mql}–${sql - 1})`, minScore: mql, maxScore: sql - 1 },
    { band: `SQL (≥ ${sql})`, minScore: sql, maxScore: null },
  ];
  return {
    thresholds: { mql, sql },
    items: bands.map((b) => {
      const mine = leads.filter((l) => (b.minScore === null || l.score >= b.minScore) && (b.maxScore === null || l.score <= b.maxScore));
      const customers = mine.filter((l) => l.customer).length;
      return {
        ...b,
        leads: mine.length,
        customers,
        lost: mine.filter((l) => l.status === 'LOST').length,
        conversionRate: rate(customers, mine.length),
      };
    }),
  };
}
