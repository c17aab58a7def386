/**
 * A rep completes a task with its result (DOMAIN.md: "each action is a task with a result
 * recorded"). The task's watcher stops; a booked meeting reaches the lead's journeys.
 */
import type { Client } from '@temporalio/client';
import type { Task } from '../../generated/prisma/client';
import { AppError } from '../../lib/errors';
import { taskCompletedSignal, taskWatchWorkflowId } from '../../contract/task-watch';
import type { TCrmDeps } from '../crm/crm-deps';
import { ingestEvent } from '../journeys/ingest-event';
import type { TTaskCompletion } from './schemas';

export async function completeTask(deps: TCrmDeps, taskId: string, input: TTaskCompletion): Promise<Task> {
  const task = await deps.prisma.task.findUnique({ where: { id: taskId } });
  if (!task) throw new AppError('NOT_FOUND', `Task ${taskId} does not exist`);
  if (task.status !== 'OPEN') throw new AppError('CONFLICT', `Task ${taskId} is already ${task.status.toLowerCase()}`);
  const completedAt = new Date();
  const [done] = await deps.prisma.$transaction([
    deps.prisma.task.update({ where: { id: taskId }, data: { status: 'DONE', result: input.result, completedAt } }),
    deps.prisma.leadEvent.create({
      data: {
        leadId: task.leadId,
        enrollmentId: task.enrollmentId,
        type: 'task.completed',
        occurredAt: completedAt,
        data: {
          taskId,
          kind: task.kind,
          outcome: input.outcome,
          result: input.result,
          by: task.assigneeEmail,
          late: completedAt > task.dueAt,
        },
      },
    }),
  ]);
  await stopWatch(deps.temporal, taskId);
  if (input.outcome === 'meeting_booked') {
    await ingestEvent({ ...deps, crm: deps }, { leadId: task.leadId, type: 'meeting_booked', data: { taskId } });
  }
  return done;
}

async function stopWatch(temporal: Client, taskId: string): Promise<void> {
  try {
    await temporal.workflow.getHandle(taskWatchWorkflowId(taskId)).signal(taskCompletedSignal);
  } catch {
    // no watcher (a task from an older journey) or it already finished: nothing to stop
  }
}
