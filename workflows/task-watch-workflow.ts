/**
 * Watches one task: at its due time an open task reminds its rep; still open TASK_ESCALATE_AFTER
 * later, it is escalated to the rep's manager. Completing the task (API) signals it to stop.
 * Started with the task (activities/journey/create-task.ts), so it outlives a finished cadence.
 */
import { condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { TActivities } from '../activities';
import { SEND_ACTIVITY } from './activity-options';

import { taskCompletedSignal, type TTaskWatchInput, type TTaskWatchResult } from '../contract/task-watch';

/** Both activities email (the rep, then the manager): send options. A rejected address is recorded and the watch goes on. */
const acts = proxyActivities<TActivities>(SEND_ACTIVITY);

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
