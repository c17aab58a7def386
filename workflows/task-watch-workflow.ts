/**
 * Watches one task: at its due time an open task reminds its rep; still open TASK_ESCALATE_AFTER
 * later, it is escalated to the rep's manager. Completing the task (API) signals it to stop.
 * Started with the task (activities/journey/create-task.ts), so it outlives a finished cadence.
 */
import { condition, defineSignal, proxyActivities, setHandler } from '@temporalio/workflow';
import type { TActivities } from '../activities';

export type TTaskWatchInput = { version: 1; taskId: string; dueAtMs: number };
export type TTaskWatchResult = 'completed' | 'reminded' | 'escalated';

export const taskWatchWorkflowId = (taskId: string) => `task-watch/${taskId}`;
export const taskCompletedSignal = defineSignal('taskCompleted');

const acts = proxyActivities<TActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes', nonRetryableErrorTypes: ['NOT_FOUND'] },
});

export async function taskWatchWorkflow(input: TTaskWatchInput): Promise<TTaskWatchResult> {
  let completed = false;
  setHandler(taskCompletedSignal, () => {
    completed = true;
  });
  if (await condition(() => completed, Math.max(0, input.dueAtMs - Date.now()))) return 'completed';
  const reminded = await acts.remindOverdueTask({ taskId: input.taskId });
  if (reminded.status === 'done') return 'completed';
  if (await condition(() => completed, reminded.escalateAfterMs)) return 'completed';
  const escalated = await acts.escalateOverdueTask({ taskId: input.taskId });
  return escalated.status === 'done' ? 'completed' : 'escalated';
}
