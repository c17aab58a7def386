/** The task watcher's contract (workflows/task-watch-workflow.ts): input, result, id, signal. */
import { defineSignal } from '@temporalio/workflow';

export type TTaskWatchInput = { version: 1; taskId: string; dueAtMs: number };
export type TTaskWatchResult = 'completed' | 'reminded' | 'escalated';

export const taskWatchWorkflowId = (taskId: string) => `task-watch/${taskId}`;
export const taskCompletedSignal = defineSignal('taskCompleted');

export const TASK_WATCH_WORKFLOW = 'taskWatchWorkflow';
export type TTaskWatchWorkflow = (input: TTaskWatchInput) => Promise<TTaskWatchResult>;
