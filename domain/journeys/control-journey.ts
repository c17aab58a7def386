import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../../generated/prisma/client';
import { AppError } from '../../lib/errors';
import { exitSignal, pauseSignal, resumeSignal } from '../../contract/journeys';

export type TJourneyCommand = { action: 'pause' } | { action: 'resume' } | { action: 'exit'; reason: string };

/** Pauses, resumes or exits an active journey (a signal; the workflow records the outcome). */
export async function controlJourney(
  deps: { prisma: PrismaClient; temporal: Client },
  enrollmentId: string,
  command: TJourneyCommand,
): Promise<void> {
  const e = await deps.prisma.enrollment.findUnique({ where: { id: enrollmentId } });
  if (!e) throw new AppError('NOT_FOUND', `Journey ${enrollmentId} does not exist`);
  if (e.status !== 'ACTIVE')
    throw new AppError(
      'CONFLICT',
      `Journey ${enrollmentId} has already ended (${e.status.toLowerCase()}${e.exitReason ? `: ${e.exitReason}` : ''})`,
    );
  const handle = deps.temporal.workflow.getHandle(e.workflowId);
  switch (command.action) {
    case 'pause':
      return handle.signal(pauseSignal, {});
    case 'resume':
      return handle.signal(resumeSignal);
    case 'exit':
      return handle.signal(exitSignal, { reason: command.reason });
    default: {
      const unreachable: never = command;
      throw new Error(`unknown command ${JSON.stringify(unreachable)}`);
    }
  }
}
