import { ApplicationFailure } from '@temporalio/activity';
import type { TActivityDeps } from '../index';
import { createSendNotification, unlessSmtpRejected } from '../journey/send-notification';

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
    // A rep address SMTP refuses is recorded (notification.failed); the escalation to the manager still follows.
    await sendNotification({
      idempotencyKey: `task/${taskId}/remind`,
      leadId: task.leadId,
      enrollmentId: task.enrollmentId,
      to: task.assigneeEmail ? { email: task.assigneeEmail } : 'owner',
      subject: `Overdue: ${task.title}`,
      message: `This ${task.kind} task was due ${task.dueAt.toISOString()} and is still open. Complete it with its result; otherwise it goes to your manager.`,
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
