/**
 * Builds the nurture worker: all workflows in workflows/, activities from the factory.
 * Pass `workflowBundle` (prebuilt once) in tests; production bundles at start.
 */
import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import type { TActivities } from '../activities';

export const WORKFLOWS_PATH = require.resolve('../workflows');

export type TCreateWorkerOptions = {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: TActivities;
  workflowBundle?: { code: string } | { codePath: string };
  tuning?: Pick<WorkerOptions, 'maxConcurrentActivityTaskExecutions' | 'maxConcurrentWorkflowTaskExecutions' | 'maxCachedWorkflows'>;
};

export function createWorker(options: TCreateWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: options.activities,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    ...options.tuning,
  });
}
