/**
 * Dry-run simulation: the real journey workflow (the worker's own bundle, not a second
 * interpreter) on an embedded time-skipping Temporal server, with recording activities that read
 * the database and write nothing (activities/simulation/recording-activities.ts). Months of
 * waits pass in seconds; each lead's journal says when each step would fire and why.
 *
 * `simulateJourneys` runs on any Temporal environment it is given (the equivalence test runs it
 * beside a real journey on one server); `createSimulator` owns its environments: one fresh
 * time-skipping server per run (time skipping is server-wide, so runs never share one), at most
 * `concurrency` at a time, the workflow bundle built once per process.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { WorkflowFailedError } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, type NativeConnection } from '@temporalio/worker';
import { createRecordingActivities, type TJournal, type TJournalEntry } from '../../activities/simulation/recording-activities';
import type { TSimulationPlan, TSimulationRun } from '../../domain/simulation/plan';
import type { TActivityConfig } from '../../activities';
import {
  JOURNEY_WORKFLOW,
  SIMULATED_ENGAGEMENT_WORKFLOW,
  type TJourneyInput,
  type TJourneyWorkflow,
  type TSimulatedEngagementWorkflow,
} from '../../contract/journeys';
import type { PrismaClient } from '../../generated/prisma/client';
import type { TSimulationEntry } from '../../domain/simulation/schemas';
import { findOrInstallTemporalBinary } from '../../lib/temporal/find-temporal-binary';
import { AppError } from '../../lib/errors';
import { WORKFLOWS_PATH } from '../create-worker';
import { sendTaskQueueOf } from '../../contract/send-queue';

const DAY = 86_400_000;

export type TSimulationEnv = { client: Client; nativeConnection: NativeConnection; namespace?: string };

/** Runs the plan's journeys to their end or the horizon on `env` and returns each lead's journal. */
export async function simulateJourneys(
  env: TSimulationEnv,
  deps: { prisma: PrismaClient; config: TActivityConfig; workflowBundle: { code: string } | { codePath: string } },
  plan: TSimulationPlan,
): Promise<TSimulationRun> {
  const runId = randomUUID();
  const taskQueue = `simulation-${runId}`;
  const workflowIdOf = (leadId: string) => `simulation/${runId}/${leadId}`;
  const startedAtMs = Date.now();
  const leads = new Map(plan.leads.map((l) => [l.leadId, l]));
  const journals = new Map<string, TJournal>();
  const cut = new Set<string>();
  let running: Promise<void> | undefined;
  let engagements = 0;
  // Signals and stops are sent once the activity that asked for them has returned.
  const pending: Promise<unknown>[] = [];
  const later = (fn: () => Promise<unknown>) =>
    pending.push(new Promise((resolve) => setImmediate(resolve)).then(fn).catch(() => undefined));

  const activities = createRecordingActivities({
    prisma: deps.prisma,
    config: deps.config,
    journey: plan.journey,
    leads,
    journals,
    assumptions: plan.assumptions,
    horizonEndMs: startedAtMs + plan.horizonDays * DAY,
    engage: (leadId, event, atMs) =>
      later(() =>
        env.client.workflow.start<TSimulatedEngagementWorkflow>(SIMULATED_ENGAGEMENT_WORKFLOW, {
          taskQueue,
          workflowId: `${workflowIdOf(leadId)}/engagement/${++engagements}`,
          args: [{ journeyWorkflowId: workflowIdOf(leadId), event, atMs }],
        }),
      ),
    beyondHorizon: (leadId) => {
      cut.add(leadId);
      later(() => env.client.workflow.getHandle(workflowIdOf(leadId)).terminate('simulation horizon reached'));
    },
  });
  const worker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle: deps.workflowBundle,
    activities,
  });
  // Sends are scheduled on the send queue beside the journey's (contract/send-queue.ts): poll it too.
  const sendWorker = await Worker.create({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue: sendTaskQueueOf(taskQueue),
    activities,
  });
  await Promise.all([sendWorker.runUntil(run()), worker.runUntil(run())]);
  async function run(): Promise<void> {
    running ??= runJourneys();
    return running;
  }
  async function runJourneys(): Promise<void> {
    const handles = await Promise.all(
      plan.leads.map((lead) => {
        const input: TJourneyInput = {
          version: 1,
          enrollmentId: `simulation-${lead.leadId}`,
          leadId: lead.leadId,
          sequenceVersionId: plan.journey.version === null ? 'draft' : `version-${plan.journey.version}`,
          searchAttributes: false,
        };
        return env.client.workflow.start<TJourneyWorkflow>(JOURNEY_WORKFLOW, {
          taskQueue,
          workflowId: workflowIdOf(lead.leadId),
          args: [input],
        });
      }),
    );
    // One result at a time: each wait unlocks time skipping on the server, and two unlocks at once
    // would let it skip past workflow tasks still running their local activities. Time is
    // server-wide, so every journey moves on while the first is awaited.
    for (const [i, handle] of handles.entries()) {
      const leadId = plan.leads[i]!.leadId;
      try {
        await handle.result();
      } catch (e) {
        if (cut.has(leadId)) continue; // stopped at the horizon: still running
        const reason = e instanceof WorkflowFailedError ? (e.cause?.message ?? e.message) : String(e);
        const journal = journals.get(leadId);
        if (journal) journal.result = { status: 'EXITED', reason: `failed: ${reason}` };
      }
    }
    await Promise.all(pending);
  }

  return {
    startedAtMs,
    leads: plan.leads.map((lead) => {
      const journal = journals.get(lead.leadId) ?? { entries: [], sentAtMs: [], result: null };
      return {
        leadId: lead.real ? lead.leadId : null,
        label: lead.label,
        timeZone: lead.snapshot.timeZone,
        locale: lead.snapshot.locale,
        outcome: journal.result
          ? { status: journal.result.status === 'COMPLETED' ? 'completed' : 'exited', reason: journal.result.reason }
          : { status: 'running', reason: `still running after ${plan.horizonDays} days` },
        emails: journal.entries.filter((e) => e.type === 'email.sent').length,
        entries: journal.entries.map(toEntry),
      };
    }),
  };
}

function toEntry(entry: TJournalEntry): TSimulationEntry {
  return { at: new Date(entry.atMs).toISOString(), type: entry.type, stepId: entry.stepId, summary: summarize(entry), data: entry.data };
}

const text = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

/** One line for people; the console shows it beside the time in the lead's zone. */
function summarize({ type, data }: TJournalEntry): string {
  switch (type) {
    case 'journey.started':
      return `starts (version ${text(data['version'])})`;
    case 'step.started':
      return `step ${text(data['stepId'])} (${text(data['type'])})`;
    case 'journey.waiting':
      return `waits until ${text(data['until'])}: ${text(data['why'])}`;
    case 'email.sent':
      return `sends ${text(data['templateKey'])} v${text(data['templateVersion'])}: “${text(data['subject'])}”${data['offer'] ? ` offering ${text((data['offer'] as { name: string }).name)}` : ''}`;
    case 'email.postponed':
      return `postpones the email until ${text(data['until'])}: ${text(data['reason'])}`;
    case 'email.suppressed':
      return `does not send (${text(data['reason'])})`;
    case 'email.skipped':
      return `skips the email (${text(data['reason'])})`;
    case 'email.failed':
      return `cannot send: ${text(data['reason'])}`;
    case 'step.branch':
      return `branch ${text(data['stepId'])} takes “${text(data['taken'])}”`;
    case 'step.split':
      return `split ${text(data['stepId'])}: variant ${text(data['variant'])} (by ${text(data['by'])})`;
    case 'step.event':
      return `the lead ${text(data['event'])}`;
    case 'step.skipped':
      return `skips ${text(data['stepId'])}: ${text(data['reason'])}`;
    case 'step.finished':
      return `step ${text(data['stepId'])} done`;
    case 'lead.updated':
      return `updates the lead: ${text(data['change'])}`;
    case 'task.created':
      return `creates a ${text(data['kind'])} task “${text(data['title'])}”, due ${text(data['dueAt'])}`;
    case 'notification.sent':
      return `notifies ${text(data['to'])}: “${text(data['subject'])}”`;
    case 'journey.enrolled':
      return `enrols the lead in ${text(data['sequenceKey'])} (not simulated)`;
    case 'journey.completed':
      return 'completes';
    case 'journey.exited':
      return `exits: ${text(data['reason'])}`;
    default:
      return type;
  }
}

export type TSimulator = {
  run(plan: TSimulationPlan): Promise<TSimulationRun>;
  close(): Promise<void>;
};

/**
 * A simulator for the API: a fresh time-skipping server per run (started in about a second),
 * runs queued `concurrency` at a time, the bundle built on first use (or given).
 */
export function createSimulator(deps: {
  prisma: PrismaClient;
  config: TActivityConfig;
  workflowBundle?: { code: string } | { codePath: string };
  concurrency?: number;
}): TSimulator {
  let bundle: Promise<{ code: string } | { codePath: string }> | undefined = deps.workflowBundle
    ? Promise.resolve(deps.workflowBundle)
    : undefined;
  const getBundle = () =>
    (bundle ??= bundleWorkflowCode({
      workflowsPath: WORKFLOWS_PATH,
      logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {}, log() {} } as never,
    }).then(({ code }) => ({ code })));
  const limit = deps.concurrency ?? 1;
  let running = 0;
  const queue: (() => void)[] = [];
  const slot = async () => {
    if (running >= limit) await new Promise<void>((resolve) => queue.push(resolve));
    running++;
  };
  const release = () => {
    running--;
    queue.shift()?.();
  };
  return {
    async run(plan) {
      await slot();
      let env: TestWorkflowEnvironment | undefined;
      try {
        const found = findOrInstallTemporalBinary('testServer');
        if (!found)
          throw new AppError(
            'DEPENDENCY_UNAVAILABLE',
            'The simulator needs the Temporal test server (npm run setup:temporal installs it).',
          );
        const [workflowBundle, started] = await Promise.all([
          getBundle(),
          TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path: found.path } } }),
        ]);
        env = started;
        return await simulateJourneys(env, { prisma: deps.prisma, config: deps.config, workflowBundle }, plan);
      } finally {
        await env?.teardown();
        release();
      }
    },
    async close() {
      await bundle?.catch(() => undefined);
    },
  };
}
