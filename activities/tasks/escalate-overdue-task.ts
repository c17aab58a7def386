import { ApplicationFailure } from '@temporalio/activity';
import type { TActivityDeps } from '../index';
import { createSendNotification, unlessSmtpRejected } from '../journey/send-notification';
import { managerOf } from '../../domain/reps/manager-of';
import { staffTranslator, taskKindLabel } from '../../domain/staff/staff-translator';

/** Still open after the reminder: the rep's manager (or ESCALATION_EMAIL) gets it. */
export function createEscalateOverdueTask(deps: Pick<TActivityDeps, 'prisma' | 'mailer' | 'config'>) {
  const sendNotification = createSendNotification(deps);
  return async function escalateOverdueTask({ taskId }: { taskId: string }): Promise<{ status: 'done' | 'escalated' | 'no-manager' }> {
    const { prisma, config } = deps;
    const task = await prisma.task.findUnique({ where: { id: taskId } });
    if (!task) throw ApplicationFailure.nonRetryable(`Task ${taskId} does not exist`, 'NOT_FOUND');
    if (task.status !== 'OPEN') return { status: 'done' };
    const manager = await managerOf(prisma, task.assigneeEmail, config.escalationEmail);
    if (!manager) {
      await prisma.leadEvent.createMany({
        data: [
          {
            idempotencyKey: `task/${taskId}/escalate#none`,
            leadId: task.leadId,
            type: 'task.escalation_skipped',
            data: { taskId, reason: 'no manager and no ESCALATION_EMAIL' },
          },
        ],
        skipDuplicates: true,
      });
      return { status: 'no-manager' };
    }
    // In the manager's language (ADR-049). A manager address SMTP refuses is recorded
    // (notification.failed); the task is still marked escalated.
    const tr = await staffTranslator({ prisma }, manager);
    await sendNotification({
      idempotencyKey: `task/${taskId}/escalate`,
      leadId: task.leadId,
      enrollmentId: task.enrollmentId,
      to: { email: manager },
      subject: tr.t('staff.task.escalate.subject', {
        assignee: task.assigneeEmail ?? tr.t('staff.task.escalate.unassigned'),
        title: task.title,
      }),
      message: tr.t('staff.task.escalate.body', { kind: taskKindLabel(tr, task.kind), due: tr.formatDateTime(task.dueAt) }),
    }).catch(unlessSmtpRejected);
    if (!task.escalatedAt) {
      await prisma.$transaction([
        prisma.task.update({ where: { id: taskId }, data: { escalatedAt: new Date(), escalatedTo: manager } }),
        prisma.leadEvent.create({
          data: {
            leadId: task.leadId,
            enrollmentId: task.enrollmentId,
            type: 'task.escalated',
            data: { taskId, to: manager, assignee: task.assigneeEmail },
          },
        }),
      ]);
    }
    return { status: 'escalated' };
  };
}
