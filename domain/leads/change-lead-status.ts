/**
 * The lead lifecycle (DOMAIN.md): new → MQL → SQL → customer; lost (with a reason); deferred
 * (until a date, with a reason); recycled. Every change is a LeadStatusChange row (the history)
 * and a timeline event; journeys re-check their goals and triggers for the new status fire.
 * CUSTOMER comes only from convertLead, which creates the customer card.
 */
import { z } from 'zod';
import type { Lead, LeadStatus, Prisma, PrismaClient } from '../../generated/prisma/client';
import { AppError } from '../../lib/errors';
import { fireTriggers } from '../triggers/fire-triggers';
import type { TTriggerEvent } from '../triggers/schemas';
import { signalLeadChanged, type TCrmDeps } from '../crm/crm-deps';
import { assignLead } from '../reps/assign-lead';

export const ZStatusChange = z.discriminatedUnion('status', [
  z.object({ status: z.literal('MQL'), reason: z.string().trim().max(500).optional() }),
  z.object({ status: z.literal('SQL'), reason: z.string().trim().max(500).optional() }),
  z.object({ status: z.literal('LOST'), reason: z.string().trim().min(1, 'say why the lead was lost').max(500) }),
  z.object({
    status: z.literal('DEFERRED'),
    until: z.coerce.date({ error: 'must be a date like 2027-03-01' }),
    reason: z.string().trim().min(1, 'say why the lead is deferred').max(500),
  }),
  z.object({ status: z.literal('RECYCLED'), reason: z.string().trim().max(500).optional() }),
]);
export type TStatusChange = z.infer<typeof ZStatusChange>;

type TDb = PrismaClient | Prisma.TransactionClient;

/** Writes a status change and its history; false when the lead already had that status. */
export async function applyStatusChange(
  db: TDb,
  lead: Pick<Lead, 'id' | 'status'>,
  change: { status: LeadStatus; reason?: string | undefined; until?: Date | undefined },
  by: string,
  atMs = Date.now(),
): Promise<boolean> {
  if (lead.status === change.status && change.status !== 'DEFERRED') return false;
  const at = new Date(atMs);
  await db.lead.update({
    where: { id: lead.id },
    data: {
      status: change.status,
      statusChangedAt: at,
      ...(change.status === 'LOST' ? { lostReason: change.reason ?? null } : {}),
      ...(change.status === 'DEFERRED'
        ? { deferredUntil: change.until ?? null, deferReason: change.reason ?? null }
        : change.status !== 'LOST'
          ? { deferredUntil: null, deferReason: null }
          : {}),
    },
  });
  await db.leadStatusChange.create({
    data: {
      leadId: lead.id,
      from: lead.status,
      to: change.status,
      reason: change.reason ?? null,
      until: change.until ?? null,
      by,
      occurredAt: at,
    },
  });
  await db.leadEvent.create({
    data: {
      leadId: lead.id,
      type: 'lead.status_changed',
      occurredAt: at,
      data: { from: lead.status, to: change.status, reason: change.reason ?? null, until: change.until?.toISOString() ?? null, by },
    },
  });
  return true;
}

const TRIGGER_OF: Partial<Record<LeadStatus, TTriggerEvent>> = {
  MQL: 'lead.mql',
  SQL: 'lead.sql',
  DEFERRED: 'lead.deferred',
  LOST: 'lead.lost',
  RECYCLED: 'lead.recycled',
};

/** What follows a change: journeys re-check goals, an SQL without an owner is routed, triggers fire. */
export async function afterStatusChange(deps: TCrmDeps, leadId: string, status: LeadStatus): Promise<void> {
  await signalLeadChanged(deps, leadId);
  if (status === 'SQL') {
    const lead = await deps.prisma.lead.findUniqueOrThrow({ where: { id: leadId }, select: { ownerEmail: true } });
    if (!lead.ownerEmail) await assignLead(deps, leadId, { reason: 'sales-qualified' });
  }
  const event = TRIGGER_OF[status];
  if (event) await fireTriggers(deps, event, leadId);
}

export async function changeLeadStatus(deps: TCrmDeps, leadId: string, change: TStatusChange, by = 'api'): Promise<Lead> {
  const lead = await deps.prisma.lead.findUnique({ where: { id: leadId } });
  if (!lead) throw new AppError('NOT_FOUND', `Lead ${leadId} does not exist`);
  if (lead.status === 'CUSTOMER') {
    throw new AppError('CONFLICT', 'This lead became a customer: its card is closed; work the customer card instead');
  }
  if (change.status === 'DEFERRED' && change.until.getTime() <= Date.now()) {
    throw new AppError('VALIDATION_FAILED', 'Request is invalid', { details: ['until: must be in the future'] });
  }
  const changed = await deps.prisma.$transaction((tx) =>
    applyStatusChange(tx, lead, { status: change.status, reason: change.reason, until: 'until' in change ? change.until : undefined }, by),
  );
  if (changed) await afterStatusChange(deps, leadId, change.status);
  return deps.prisma.lead.findUniqueOrThrow({ where: { id: leadId } });
}
