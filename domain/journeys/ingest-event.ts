/**
 * An engagement event (opened, clicked, replied, purchased, meeting_booked, custom:<name>):
 * recorded on the lead's timeline and delivered to its active journeys, where it can end a
 * wait, take a branch or meet a goal. A messageId ties the event to the step that sent it.
 */
import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../../generated/prisma/client';
import { AppError } from '../../lib/errors';
import { engagementSignal } from '../../contract/journeys';
import { signalLeadJourneys } from './signal-lead-journeys';
import type { TCrmDeps } from '../crm/crm-deps';
import { scoreLead } from '../scoring/score-lead';

export type TIngestEvent = {
  leadId: string;
  type: string;
  messageId?: string | undefined;
  data?: Record<string, unknown> | undefined;
  /** Set by sources that may deliver the same event twice (inbound mail): the second is ignored. */
  idempotencyKey?: string | undefined;
};

export async function ingestEvent(
  /** With `crm`, the lead is re-scored (scoring rules may move it to MQL/SQL). */
  deps: { prisma: PrismaClient; temporal: Client; crm?: TCrmDeps | undefined },
  event: TIngestEvent,
): Promise<{ eventId: string; deliveredTo: number; duplicate?: true }> {
  if (event.idempotencyKey) {
    const seen = await deps.prisma.leadEvent.findUnique({ where: { idempotencyKey: event.idempotencyKey }, select: { id: true } });
    if (seen) return { eventId: seen.id, deliveredTo: 0, duplicate: true };
  }
  const lead = await deps.prisma.lead.findUnique({ where: { id: event.leadId }, select: { id: true } });
  if (!lead) throw new AppError('NOT_FOUND', `Lead ${event.leadId} does not exist`);
  let stepId: string | undefined;
  let enrollmentId: string | undefined;
  let sendingWorkflowId: string | undefined;
  if (event.messageId) {
    const email = await deps.prisma.emailMessage.findUnique({
      where: { messageId: event.messageId },
      select: { leadId: true, stepId: true, enrollmentId: true, workflowId: true },
    });
    if (!email || email.leadId !== event.leadId)
      throw new AppError('NOT_FOUND', `No email ${event.messageId} was sent to lead ${event.leadId}`);
    stepId = email.stepId ?? undefined;
    enrollmentId = email.enrollmentId ?? undefined;
    sendingWorkflowId = email.workflowId ?? undefined;
  }
  const row = await deps.prisma.leadEvent.create({
    data: {
      leadId: event.leadId,
      enrollmentId: enrollmentId ?? null,
      type: `engagement.${event.type}`,
      idempotencyKey: event.idempotencyKey ?? null,
      data: { ...(event.data ?? {}), ...(event.messageId ? { messageId: event.messageId } : {}), ...(stepId ? { stepId } : {}) } as object,
    },
  });
  // Step-specific only for the journey that sent the email; every active journey hears the event.
  const deliveredTo = await signalLeadJourneys(deps, event.leadId, async (handle) => {
    await handle.signal(engagementSignal, { type: event.type, stepId: handle.workflowId === sendingWorkflowId ? stepId : undefined });
  });
  if (deps.crm) await scoreLead(deps.crm, event.leadId);
  return { eventId: row.id, deliveredTo };
}
