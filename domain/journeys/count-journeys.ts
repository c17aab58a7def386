/** Journeys (enrolments) per sequence key and status, for the `nurture_journeys` gauge (lib/metrics/journey-metrics.ts). */
import type { PrismaClient } from '../../generated/prisma/client';
import type { TJourneyCount } from '../../lib/metrics/journey-metrics';
import type { TRecordCounts } from '../../lib/metrics/record-gauges';

export async function countJourneys(deps: { prisma: PrismaClient }): Promise<TJourneyCount[]> {
  const [groups, sequences] = await Promise.all([
    deps.prisma.enrollment.groupBy({ by: ['sequenceId', 'status'], _count: { _all: true } }),
    deps.prisma.sequence.findMany({ select: { id: true, key: true } }),
  ]);
  const keyOf = new Map(sequences.map((s) => [s.id, s.key]));
  return groups.map((g) => ({ sequence: keyOf.get(g.sequenceId) ?? 'unknown', status: g.status, count: g._count._all }));
}

/** Lead imports and webhook deliveries by status, for lib/metrics/record-gauges.ts. */
export async function countRecords(deps: { prisma: PrismaClient }): Promise<TRecordCounts> {
  const [imports, deliveries] = await Promise.all([
    deps.prisma.leadImport.groupBy({ by: ['status'], _count: { _all: true } }),
    deps.prisma.webhookDelivery.groupBy({ by: ['status'], _count: { _all: true } }),
  ]);
  return {
    imports: imports.map((g) => ({ status: g.status, count: g._count._all })),
    webhookDeliveries: deliveries.map((g) => ({ status: g.status, count: g._count._all })),
  };
}
