import { ApplicationFailure } from '@temporalio/activity';
import type { TActivityDeps } from '../index';
import { assignLead } from '../../domain/reps/assign-lead';
import { OPEN_STATUSES } from '../../domain/reps/count-open-leads';
import { managerOf } from '../../domain/reps/manager-of';
import { staffTranslator } from '../../domain/staff/staff-translator';
import { OWNER_ACTIVITY_EVENT_TYPES } from '../../domain/leads/note-schemas';
import { createSendNotification, unlessSmtpRejected } from '../journey/send-notification';
import type { TLeadSlaOutcome } from '../../contract/lead-sla';

export type TCheckLeadSlaResult =
  { outcome: TLeadSlaOutcome } | { outcome: 'reassigned'; ownerEmail: string; assignedAtMs: number; slaMs: number };

/**
 * Did the owner act on the lead since it was assigned (a completed task, a 1:1 email, a status
 * change made by a person, a call or note logged)? If not, the lead goes to the next rep and the
 * manager is told.
 */
export function createCheckLeadSla(deps: Pick<TActivityDeps, 'prisma' | 'mailer' | 'config' | 'crm'>) {
  const sendNotification = createSendNotification(deps);
  return async function checkLeadSla(input: {
    leadId: string;
    ownerEmail: string;
    assignedAtMs: number;
    mayReassign: boolean;
  }): Promise<TCheckLeadSlaResult> {
    const { prisma } = deps;
    const since = new Date(input.assignedAtMs);
    const lead = await prisma.lead.findUnique({ where: { id: input.leadId } });
    if (!lead) throw ApplicationFailure.nonRetryable(`Lead ${input.leadId} does not exist`, 'NOT_FOUND');
    if (lead.ownerEmail !== input.ownerEmail) return { outcome: 'owner-changed' };
    // What counts is the owner's own work: a status change by a person (not scoring or a journey),
    // a completed task, a 1:1 email, a call or note logged (POST /leads/:id/notes).
    const acted =
      (await prisma.leadStatusChange.count({ where: { leadId: lead.id, by: 'api', occurredAt: { gte: since } } })) > 0 ||
      (await prisma.leadEvent.count({
        where: { leadId: lead.id, type: { in: [...OWNER_ACTIVITY_EVENT_TYPES] }, occurredAt: { gte: since } },
      })) > 0 ||
      (await prisma.task.count({ where: { leadId: lead.id, status: 'DONE', completedAt: { gte: since } } })) > 0 ||
      (await prisma.emailMessage.count({ where: { leadId: lead.id, category: 'sales', status: 'SENT', sentAt: { gte: since } } })) > 0;
    if (acted || !(OPEN_STATUSES as readonly string[]).includes(lead.status)) return { outcome: 'acted' };

    const manager = await managerOf(prisma, input.ownerEmail, deps.config.escalationEmail);
    await prisma.leadEvent.createMany({
      data: [
        {
          idempotencyKey: `sla/${lead.id}/${input.assignedAtMs}`,
          leadId: lead.id,
          type: 'lead.sla_missed',
          data: { owner: input.ownerEmail, assignedAt: since.toISOString(), heat: lead.heat },
        },
      ],
      skipDuplicates: true,
    });
    if (manager) {
      // In the manager's language (ADR-049). A manager address SMTP refuses is recorded
      // (notification.failed); the reassignment goes on.
      const tr = await staffTranslator({ prisma }, manager);
      await sendNotification({
        idempotencyKey: `sla/${lead.id}/${input.assignedAtMs}/manager`,
        leadId: lead.id,
        to: { email: manager },
        subject: tr.t('staff.sla.subject', { owner: input.ownerEmail }),
        message: tr.t(input.mayReassign ? 'staff.sla.reassigned' : 'staff.sla.limit', { heat: lead.heat, owner: input.ownerEmail }),
      }).catch(unlessSmtpRejected);
    }
    if (!input.mayReassign) return { outcome: 'limit' };
    if (!deps.crm)
      throw ApplicationFailure.nonRetryable('This worker has no Temporal client, so it cannot reassign leads', 'CONFIG_INVALID');
    const next = await assignLead(deps.crm, lead.id, {
      reason: `SLA missed by ${input.ownerEmail}`,
      exclude: [input.ownerEmail],
      watchSla: false,
    });
    if (!next) return { outcome: 'no-rep' };
    const updated = await prisma.lead.findUniqueOrThrow({ where: { id: lead.id }, select: { assignedAt: true, heat: true } });
    return {
      outcome: 'reassigned',
      ownerEmail: next.email,
      assignedAtMs: updated.assignedAt!.getTime(),
      slaMs: deps.config.routingSlaMs[updated.heat],
    };
  };
}
