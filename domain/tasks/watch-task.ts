import type { TCrmDeps } from '../crm/crm-deps';
import { startWorkflowOnce } from '../../lib/temporal/start-once';
import { taskWatchWorkflow, taskWatchWorkflowId } from '../../workflows/task-watch-workflow';

/** Starts the watcher of a task (reminder at the due time, then escalation); once per task. */
export async function watchTask(deps: Pick<TCrmDeps, 'temporal' | 'taskQueue'>, taskId: string, dueAtMs: number): Promise<void> {
  await startWorkflowOnce(deps.temporal, taskWatchWorkflow, {
    taskQueue: deps.taskQueue,
    workflowId: taskWatchWorkflowId(taskId),
    args: [{ version: 1, taskId, dueAtMs }],
  });
}
