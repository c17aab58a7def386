/** Journeys (enrolments) per sequence key and status, for the `nurture_journeys` gauge (lib/metrics/journey-metrics.ts). */
import type { PrismaClient } from '../../generated/prisma/client';
import type { TActiveJourneyCount, TJourneyCount } from '../../lib/metrics/journey-metrics';
import type { TRecordCounts } from '../../lib/metrics/record-gauges';

export async function countJourneys(deps: { prisma: PrismaClient }): Promise<TJourneyCount[]> {
  const [groups, sequences] = await Promise.all([
    deps.prisma.enrollment.groupBy({ by: ['sequenceId', 'status'], _count: { _all: true } }),
    deps.prisma.sequence.findMany({ select: { id: true, key: true } }),
  ]);
  const keyOf = new Map(sequences.map((s) => [s.id, s.key]));
  return groups.map((g) => ({ sequence: keyOf.get(g.sequenceId) ?? 'unknown', status: g.status, count: g._count._all }));
}

/**
 * Active journeys per sequence key and state, for the `nurture_active_journeys` gauge, in one query:
 * each ACTIVE enrolment's own timeline says what it does now. Its latest journey row (by the
 * workflow's counter in the idempotency key: rows written together share their timestamps) among
 * started/step/waiting/paused/resumed: `journey.paused` → paused; otherwise its latest row among
 * started/step/waiting (a resumed journey goes back to the timer it was on): `journey.waiting` →
 * waiting, anything else (or nothing yet) → running.
 */
export async function countActiveJourneys(deps: { prisma: PrismaClient }): Promise<TActiveJourneyCount[]> {
  const rows = await deps.prisma.$queryRaw<{ sequence: string; state: TActiveJourneyCount['state']; count: number }[]>`
    SELECT s.key AS sequence,
           CASE WHEN latest.type = 'journey.paused' THEN 'paused'
                WHEN step.type = 'journey.waiting' THEN 'waiting'
                ELSE 'running' END AS state,
           COUNT(*)::int AS count
      FROM "Enrollment" e
      JOIN "Sequence" s ON s.id = e."sequenceId"
      LEFT JOIN LATERAL (
        SELECT ev.type FROM "LeadEvent" ev
         WHERE ev."leadId" = e."leadId" AND ev."enrollmentId" = e.id
           AND ev.type IN ('journey.started', 'step.started', 'step.finished', 'journey.waiting', 'journey.paused', 'journey.resumed')
         ORDER BY substring(ev."idempotencyKey" from '/e([0-9]+)$')::int DESC NULLS LAST, ev."occurredAt" DESC
         LIMIT 1) latest ON true
      LEFT JOIN LATERAL (
        SELECT ev.type FROM "LeadEvent" ev
         WHERE ev."leadId" = e."leadId" AND ev."enrollmentId" = e.id
           AND ev.type IN ('journey.started', 'step.started', 'step.finished', 'journey.waiting')
         ORDER BY substring(ev."idempotencyKey" from '/e([0-9]+)$')::int DESC NULLS LAST, ev."occurredAt" DESC
         LIMIT 1) step ON true
     WHERE e.status = 'ACTIVE'
     GROUP BY 1, 2`;
  return rows.map((r) => ({ sequence: r.sequence, state: r.state, count: Number(r.count) }));
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
