import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../../generated/prisma/client';

/** Delivers a signal to every active journey of a lead; returns how many received it. */
export async function signalLeadJourneys(
  deps: { prisma: PrismaClient; temporal: Client },
  leadId: string,
  send: (handle: ReturnType<Client['workflow']['getHandle']>) => Promise<void>,
  filter: { enrollmentId?: string } = {},
): Promise<number> {
  const active = await deps.prisma.enrollment.findMany({
    where: { leadId, status: 'ACTIVE', ...(filter.enrollmentId ? { id: filter.enrollmentId } : {}) },
    select: { workflowId: true },
  });
  let delivered = 0;
  for (const { workflowId } of active) {
    try {
      await send(deps.temporal.workflow.getHandle(workflowId));
      delivered++;
    } catch {
      // the journey finished between the query and the signal: nothing to deliver to
    }
  }
  return delivered;
}
