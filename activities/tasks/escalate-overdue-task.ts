import { ApplicationFailure } from '@temporalio/activity';
import type { TActivityDeps } from '../index';
import { createSendNotification, unlessSmtpRejected } from '../journey/send-notification';
import { managerOf } from '../../domain/reps/manager-of';

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
    // A manager address SMTP refuses is recorded (notification.failed); the task is still marked escalated.
    await sendNotification({
      idempotencyKey: `task/${taskId}/escalate`,
      leadId: task.leadId,
      enrollmentId: task.enrollmentId,
      to: { email: manager },
      subject: `Escalated: ${task.assigneeEmail ?? 'unassigned'} has not done "${task.title}"`,
      message: `The ${task.kind} task was due ${task.dueAt.toISOString()}; its rep was reminded and it is still open.`,
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
