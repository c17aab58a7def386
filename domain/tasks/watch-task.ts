import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { WorkflowIdReusePolicy } from '@temporalio/common';
import type { TCrmDeps } from '../crm/crm-deps';
import { taskWatchWorkflow, taskWatchWorkflowId } from '../../workflows/task-watch-workflow';

/** Starts the watcher of a task (reminder at the due time, then escalation); once per task. */
export async function watchTask(deps: Pick<TCrmDeps, 'temporal' | 'taskQueue'>, taskId: string, dueAtMs: number): Promise<void> {
  try {
    await deps.temporal.workflow.start(taskWatchWorkflow, {
      taskQueue: deps.taskQueue,
      workflowId: taskWatchWorkflowId(taskId),
      args: [{ version: 1, taskId, dueAtMs }],
      workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
    });
  } catch (e) {
    if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
  }
}
