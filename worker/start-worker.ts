/**
 * Wires the activities to real parts and runs the worker until stop() is called.
 * Used by `npm run worker`, by `npm run dev` (in-process) and by the integration tests.
 */
import type { NativeConnection, Worker } from '@temporalio/worker';
import type { Client } from '@temporalio/client';
import { createEnrollLeads } from '../domain/sequences/enroll-leads';
import { createCrmDeps, crmConfigFromEnv } from '../domain/crm/crm-deps';
import type { PrismaClient } from '../generated/prisma/client';
import { activityConfigFromEnv, createActivities, type TActivities, type TActivityEnv } from '../activities';
import type { TEnv } from '../lib/env';
import type { TMailer } from '../lib/mail/create-mailer';
import { TemplateCache } from '../lib/mail/render-template';
import { dataConverterFromEnv } from '../lib/temporal/payload-codec';
import { createSendWorker, createWorker } from './create-worker';
import { sendTaskQueueOf } from '../contract/send-queue';
import {
  senderReputationConfigFromEnv,
  startSenderReputationGuard,
  type TSenderReputationEnv,
} from '../domain/deliverability/sender-reputation-guard';

export type TStartWorkerOptions = {
  env: TActivityEnv &
    Pick<
      TEnv,
      | 'TEMPORAL_NAMESPACE'
      | 'TEMPORAL_TASK_QUEUE'
      | 'WORKER_MAX_CONCURRENT_ACTIVITIES'
      | 'WORKER_MAX_CONCURRENT_WORKFLOW_TASKS'
      | 'WORKER_MAX_CACHED_WORKFLOWS'
    > &
    Partial<Pick<TEnv, 'PAYLOAD_ENCRYPTION_KEYS' | 'SEND_RATE_PER_SECOND'>> &
    TSenderReputationEnv;
  connection: NativeConnection;
  prisma: PrismaClient;
  mailer: TMailer;
  templates?: TemplateCache;
  activityOverrides?: Partial<TActivities>;
  workflowBundle?: { code: string } | { codePath: string };
  /** A client lets `enroll` steps start other journeys. */
  temporal?: Client;
  searchAttributes?: boolean;
};

export type TRunningWorker = {
  worker: Worker;
  /** The send queue's worker (`<queue>-send`, SEND_RATE_PER_SECOND): journeys' emails and notifications. */
  sendWorker: Worker;
  done: Promise<void>;
  stop(): Promise<void>;
};

export async function startWorker(options: TStartWorkerOptions): Promise<TRunningWorker> {
  const { env } = options;
  const config = activityConfigFromEnv(env);
  const enroll = options.temporal
    ? createEnrollLeads({
        prisma: options.prisma,
        temporal: options.temporal,
        taskQueue: env.TEMPORAL_TASK_QUEUE,
        searchAttributes: options.searchAttributes ?? false,
      })
    : undefined;
  const activities = {
    ...createActivities({
      prisma: options.prisma,
      mailer: options.mailer,
      templates: options.templates ?? new TemplateCache(),
      config,
      ...(enroll && options.temporal
        ? {
            enroll,
            crm: createCrmDeps({
              prisma: options.prisma,
              temporal: options.temporal,
              taskQueue: env.TEMPORAL_TASK_QUEUE,
              config: crmConfigFromEnv(env),
              enroll,
            }),
          }
        : {}),
    }),
    ...options.activityOverrides,
  };
  const worker = await createWorker({
    connection: options.connection,
    namespace: env.TEMPORAL_NAMESPACE,
    taskQueue: env.TEMPORAL_TASK_QUEUE,
    activities,
    dataConverter: dataConverterFromEnv(env),
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : {}),
    tuning: {
      maxConcurrentActivityTaskExecutions: env.WORKER_MAX_CONCURRENT_ACTIVITIES,
      maxConcurrentWorkflowTaskExecutions: env.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
      ...(env.WORKER_MAX_CACHED_WORKFLOWS !== undefined ? { maxCachedWorkflows: env.WORKER_MAX_CACHED_WORKFLOWS } : {}),
    },
  });
  // The send queue (ADR-041): same send activities, with the deployment's rate limit. The main
  // worker keeps them too, for runs started before the send queue (patch `send-task-queue`).
  const sendWorker = await createSendWorker({
    connection: options.connection,
    namespace: env.TEMPORAL_NAMESPACE,
    taskQueue: sendTaskQueueOf(env.TEMPORAL_TASK_QUEUE),
    activities: { sendLeadEmail: activities.sendLeadEmail, sendNotification: activities.sendNotification },
    dataConverter: dataConverterFromEnv(env),
    maxConcurrentActivityTaskExecutions: env.WORKER_MAX_CONCURRENT_ACTIVITIES,
    ratePerSecond: env.SEND_RATE_PER_SECOND,
  });
  const done = Promise.all([worker.run(), sendWorker.run()]).then(() => undefined);
  // The sender-reputation guard runs beside every worker (its passes are idempotent).
  const guard = env.SENDER_REPUTATION_GUARD
    ? startSenderReputationGuard(
        { prisma: options.prisma, mailer: options.mailer, config: senderReputationConfigFromEnv(env) },
        env.SENDER_REPUTATION_CHECK_SECONDS * 1000,
      )
    : undefined;
  return {
    worker,
    sendWorker,
    done,
    async stop() {
      await guard?.stop();
      if (worker.getState() === 'RUNNING') worker.shutdown();
      if (sendWorker.getState() === 'RUNNING') sendWorker.shutdown();
      await done;
    },
  };
}
