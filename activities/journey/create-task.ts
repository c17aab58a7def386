import type { TActivityDeps } from '../index';
import { watchTask } from '../../domain/tasks/watch-task';

/**
 * A task for the lead's owning rep; one per key. Its watcher starts with it (one per task):
 * an open task reminds the rep when due, then goes to the manager (workflows/task-watch-workflow.ts).
 */
export function createCreateTask({ prisma, crm }: Pick<TActivityDeps, 'prisma' | 'crm'>) {
  return async function createTask(input: {
    idempotencyKey: string;
    leadId: string;
    enrollmentId: string;
    kind: string;
    title: string;
    dueAtMs: number;
  }): Promise<{ taskId: string }> {
    const lead = await prisma.lead.findUniqueOrThrow({ where: { id: input.leadId }, select: { ownerEmail: true } });
    await prisma.task.createMany({
      data: [
        {
          idempotencyKey: input.idempotencyKey,
          leadId: input.leadId,
          enrollmentId: input.enrollmentId,
          kind: input.kind,
          title: input.title,
          assigneeEmail: lead.ownerEmail,
          dueAt: new Date(input.dueAtMs),
        },
      ],
      skipDuplicates: true,
    });
    const task = await prisma.task.findUniqueOrThrow({ where: { idempotencyKey: input.idempotencyKey } });
    await prisma.leadEvent.createMany({
      data: [
        {
          idempotencyKey: `${input.idempotencyKey}#task`,
          leadId: input.leadId,
          enrollmentId: input.enrollmentId,
          type: 'task.created',
          data: { taskId: task.id, kind: task.kind, title: task.title, dueAt: task.dueAt.toISOString(), assignee: task.assigneeEmail },
        },
      ],
      skipDuplicates: true,
    });
    if (crm && task.status === 'OPEN') await watchTask(crm, task.id, task.dueAt.getTime());
    return { taskId: task.id };
  };
}
