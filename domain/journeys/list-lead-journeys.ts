import type { PrismaClient } from '../../generated/prisma/client';

export type TLeadJourney = {
  enrollmentId: string;
  sequenceKey: string;
  version: number;
  status: string;
  exitReason: string | null;
  startedAt: Date;
  endedAt: Date | null;
};

/** A lead's journeys (its enrolments), newest first, as the database records them. */
export async function listLeadJourneys(deps: { prisma: PrismaClient }, leadId: string): Promise<TLeadJourney[]> {
  const rows = await deps.prisma.enrollment.findMany({
    where: { leadId },
    orderBy: { startedAt: 'desc' },
    include: { sequence: true, sequenceVersion: true },
  });
  return rows.map((e) => ({
    enrollmentId: e.id,
    sequenceKey: e.sequence.key,
    version: e.sequenceVersion.version,
    status: e.status,
    exitReason: e.exitReason,
    startedAt: e.startedAt,
    endedAt: e.endedAt,
  }));
}
