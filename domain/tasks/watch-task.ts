import type { TCrmDeps } from '../crm/crm-deps';
import { startWorkflowOnce } from '../../lib/temporal/start-once';
import { TASK_WATCH_WORKFLOW, taskWatchWorkflowId, type TTaskWatchWorkflow } from '../../contract/task-watch';

/** Starts the watcher of a task (reminder at the due time, then escalation); once per task. */
export async function watchTask(deps: Pick<TCrmDeps, 'temporal' | 'taskQueue'>, taskId: string, dueAtMs: number): Promise<void> {
  await startWorkflowOnce<TTaskWatchWorkflow>(deps.temporal, TASK_WATCH_WORKFLOW, {
    taskQueue: deps.taskQueue,
    workflowId: taskWatchWorkflowId(taskId),
    args: [{ version: 1, taskId, dueAtMs }],
  });
}
