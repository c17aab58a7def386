/**
 * Builds the nurture worker: all workflows in workflows/, activities from the factory.
 * Pass `workflowBundle` (prebuilt once) in tests; production bundles at start.
 */
import { Worker, type NativeConnection, type WorkerOptions } from '@temporalio/worker';
import type { DataConverter } from '@temporalio/common';
import type { TActivities } from '../activities';
import { currentTracing } from '../lib/telemetry/tracing';

export const WORKFLOWS_PATH = require.resolve('../workflows');

export type TCreateWorkerOptions = {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: TActivities;
  workflowBundle?: { code: string } | { codePath: string };
  /**
   * Payload codecs (encryption): they run in the worker's main thread, outside the workflow
   * sandbox, so a prebuilt bundle needs nothing extra — only a custom payload *converter* would.
   */
  dataConverter?: DataConverter | undefined;
  tuning?: Pick<WorkerOptions, 'maxConcurrentActivityTaskExecutions' | 'maxConcurrentWorkflowTaskExecutions' | 'maxCachedWorkflows'>;
};

export function createWorker(options: TCreateWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: options.activities,
    ...(options.dataConverter ? { dataConverter: options.dataConverter } : {}),
    // OpenTelemetry (OTEL_EXPORTER_OTLP_ENDPOINT): the SDK's plugin adds the client, workflow and activity interceptors.
    ...(currentTracing().temporalPlugin ? { plugins: [currentTracing().temporalPlugin!] } : {}),
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    ...options.tuning,
  });
}

/** The activities that send email: the only ones the send queue's worker runs. */
export const SEND_ACTIVITY_NAMES = ['sendLeadEmail', 'sendNotification'] as const;

/**
 * The worker of the send task queue (ADR-041): activities only (no workflows), with the
 * deployment's send rate limit. `maxTaskQueueActivitiesPerSecond` is enforced by the Temporal
 * server for the whole queue, so the ceiling holds however many worker processes poll it.
 */
export function createSendWorker(options: {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  activities: Pick<TActivities, (typeof SEND_ACTIVITY_NAMES)[number]>;
  dataConverter?: DataConverter | undefined;
  maxConcurrentActivityTaskExecutions: number;
  /** Emails per second for the whole queue (SEND_RATE_PER_SECOND); unset: no limit. */
  ratePerSecond?: number | undefined;
}): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    activities: options.activities,
    ...(options.dataConverter ? { dataConverter: options.dataConverter } : {}),
    ...(currentTracing().temporalPlugin ? { plugins: [currentTracing().temporalPlugin!] } : {}),
    maxConcurrentActivityTaskExecutions: options.maxConcurrentActivityTaskExecutions,
    ...(options.ratePerSecond !== undefined ? { maxTaskQueueActivitiesPerSecond: options.ratePerSecond } : {}),
  });
}
