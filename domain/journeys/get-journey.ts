import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../../generated/prisma/client';
import { AppError } from '../../lib/errors';
import { journeyStateQuery, type TJourneyStatus } from '../../contract/journeys';

export type TJourneyView = {
  enrollmentId: string;
  leadId: string;
  sequenceKey: string;
  version: number;
  workflowId: string;
  status: string;
  exitReason: string | null;
  startedAt: Date;
  endedAt: Date | null;
  /** Live state from the workflow (step, next action, why waiting); null once it has ended. */
  live: TJourneyStatus | null;
};

/** A journey as the database records it, plus its live state from the running workflow. */
export async function getJourney(deps: { prisma: PrismaClient; temporal: Client }, enrollmentId: string): Promise<TJourneyView> {
  const e = await deps.prisma.enrollment.findUnique({ where: { id: enrollmentId }, include: { sequence: true, sequenceVersion: true } });
  if (!e) throw new AppError('NOT_FOUND', `Journey ${enrollmentId} does not exist`);
  let live: TJourneyStatus | null = null;
  if (e.status === 'ACTIVE') {
    try {
      live = await deps.temporal.workflow.getHandle(e.workflowId).query(journeyStateQuery);
    } catch {
      live = null; // not started yet, or just finished: the database row is the truth
    }
  }
  return {
    enrollmentId: e.id,
    leadId: e.leadId,
    sequenceKey: e.sequence.key,
    version: e.sequenceVersion.version,
    workflowId: e.workflowId,
    status: e.status,
    exitReason: e.exitReason,
    startedAt: e.startedAt,
    endedAt: e.endedAt,
    live,
  };
}
