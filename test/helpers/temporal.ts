/**
 * Temporal for tests: real servers (the time-skipping test server, or the dev server), found
 * like the product finds them, and a worker wired like production with overridable activities.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Client } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import type { PrismaClient } from '../../generated/prisma/client';
import type { TActivities } from '../../activities';
import { DEV_SIGNING_SECRET, parseEnv } from '../../lib/env';
import type { TMailer } from '../../lib/mail/create-mailer';
import type { TemplateCache } from '../../lib/mail/render-template';
import { findTemporalBinary } from '../../lib/temporal/find-temporal-binary';
import { startWorker, type TRunningWorker } from '../../worker/start-worker';

export const TEST_ENV = parseEnv({
  NODE_ENV: 'test',
  TEMPORAL_TASK_QUEUE: 'test',
  PUBLIC_BASE_URL: 'http://nurture.test',
  MAIL_FROM: 'Nurture Test <hello@nurture.test>',
  MESSAGE_ID_DOMAIN: 'nurture.test',
  SIGNING_SECRET: DEV_SIGNING_SECRET,
  // Off for the suites whose journeys check exact send times; deliverability.test.ts turns them on.
  QUIET_HOURS: 'off',
  FREQUENCY_CAP: 'off',
});

const executable = (which: 'cli' | 'testServer') => {
  const found = findTemporalBinary(which);
  return found ? ({ type: 'existing-path', path: found.path } as const) : ({ type: 'cached-download' } as const);
};

export const createTimeSkippingEnv = () => TestWorkflowEnvironment.createTimeSkipping({ server: { executable: executable('testServer') } });
export const createDevServerEnv = () =>
  TestWorkflowEnvironment.createLocal({ server: { executable: executable('cli'), log: { format: 'pretty', level: 'error' } } });

/** The workflow bundle built once by global-setup. */
export function workflowBundle(): { codePath: string } | undefined {
  const codePath = process.env.NURTURE_TEST_WORKFLOW_BUNDLE;
  return codePath ? { codePath } : undefined;
}

let queueSeq = 0;
/** A fresh task queue per worker so suites and tests never steal each other's tasks. */
export const uniqueTaskQueue = (prefix = 'test') => `${prefix}-${process.pid}-${++queueSeq}`;

export async function createTestWorker(options: {
  env: { nativeConnection: NativeConnection; namespace?: string };
  prisma: PrismaClient;
  mailer: TMailer;
  taskQueue: string;
  templates?: TemplateCache;
  activityOverrides?: Partial<TActivities>;
  temporal?: Client;
  /** Settings that differ from TEST_ENV for this worker, e.g. { FREQUENCY_CAP: '2/7d' }. */
  envOverrides?: Partial<typeof TEST_ENV>;
}): Promise<TRunningWorker> {
  return startWorker({
    env: {
      ...TEST_ENV,
      ...options.envOverrides,
      TEMPORAL_NAMESPACE: options.env.namespace ?? 'default',
      TEMPORAL_TASK_QUEUE: options.taskQueue,
    },
    connection: options.env.nativeConnection,
    prisma: options.prisma,
    mailer: options.mailer,
    ...(options.templates ? { templates: options.templates } : {}),
    ...(options.activityOverrides ? { activityOverrides: options.activityOverrides } : {}),
    ...(options.temporal ? { temporal: options.temporal } : {}),
    ...(workflowBundle() ? { workflowBundle: workflowBundle()! } : {}),
  });
}
