import { ApplicationFailure } from '@temporalio/activity';
import type { TActivityDeps } from '../index';
import { createSendNotification, unlessSmtpRejected } from '../journey/send-notification';
import { staffTranslator, taskKindLabel } from '../../domain/staff/staff-translator';

/** At the due time: an open task reminds its rep (once). */
export function createRemindOverdueTask(deps: Pick<TActivityDeps, 'prisma' | 'mailer' | 'config'>) {
  const sendNotification = createSendNotification(deps);
  return async function remindOverdueTask({
    taskId,
  }: {
    taskId: string;
  }): Promise<{ status: 'done' | 'reminded'; escalateAfterMs: number }> {
    const { prisma, config } = deps;
    const task = await prisma.task.findUnique({ where: { id: taskId } });
    if (!task) throw ApplicationFailure.nonRetryable(`Task ${taskId} does not exist`, 'NOT_FOUND');
    if (task.status !== 'OPEN') return { status: 'done', escalateAfterMs: config.taskEscalateAfterMs };
    // In the language of the rep who reads it (the assignee, else the lead's owner): ADR-049.
    const reader =
      task.assigneeEmail ?? (await prisma.lead.findUnique({ where: { id: task.leadId }, select: { ownerEmail: true } }))?.ownerEmail;
    const tr = await staffTranslator({ prisma }, reader);
    // A rep address SMTP refuses is recorded (notification.failed); the escalation to the manager still follows.
    await sendNotification({
      idempotencyKey: `task/${taskId}/remind`,
      leadId: task.leadId,
      enrollmentId: task.enrollmentId,
      to: task.assigneeEmail ? { email: task.assigneeEmail } : 'owner',
      subject: tr.t('staff.task.remind.subject', { title: task.title }),
      message: tr.t('staff.task.remind.body', { kind: taskKindLabel(tr, task.kind), due: tr.formatDateTime(task.dueAt) }),
    }).catch(unlessSmtpRejected);
    if (!task.remindedAt) {
      await prisma.$transaction([
        prisma.task.update({ where: { id: taskId }, data: { remindedAt: new Date() } }),
        prisma.leadEvent.create({
          data: {
            leadId: task.leadId,
            enrollmentId: task.enrollmentId,
            type: 'task.overdue',
            data: { taskId, assignee: task.assigneeEmail },
          },
        }),
      ]);
    }
    return { status: 'reminded', escalateAfterMs: config.taskEscalateAfterMs };
  };
}
