/**
 * `npm run bench -- <engine|render|timers|scale|import|enrol|sendrate|search|all> [--n N] [--no-pragmas] [--no-reps (import)]
 * [--keep (search: keep its database)] [--rounds R (engine)] [--workers N] [--worker-processes] (engine, PostgreSQL) [--segment N] [--live N] (enrol)
 * [--rate R] [--workers N] (sendrate) [--no-advance (scale)]`: `all` runs render, engine and timers, and with DATABASE_URL
 * (PostgreSQL) also import, enrol, sendrate and scale (issue 13's figures; scale takes about an hour on 2 cores);
 * prints a readable table and writes JSON to
 * bench/out/<scenario>.json. Real parts throughout: the Temporal dev server (the CLI binary), the
 * database (PGlite in memory, or DATABASE_URL), SMTP into the in-process capture, the worker with
 * the production tuning from the environment. Ratios come from the same run, since machines are noisy.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, type NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { parseEnv } from '../lib/env';
import { openDatabase } from '../lib/db/open-database';
import { applyMigrations } from '../lib/db/apply-migrations';
import { createMailer } from '../lib/mail/create-mailer';
import { startSmtpCapture } from '../lib/mail/smtp-capture';
import { compileTemplate, renderCompiled, TemplateCache } from '../lib/mail/render-template';
import { findOrInstallTemporalBinary } from '../lib/temporal/find-temporal-binary';
import { DEV_SERVER_SQLITE_PRAGMAS, sqlitePragmaArgs } from '../lib/temporal/dev-server-options';
import { startWorker } from '../worker/start-worker';
import { createTemplateVersion } from '../domain/templates/create-template-version';
import { publishSequence } from '../domain/sequences/publish-sequence';
import { createEnrollLeads } from '../domain/sequences/enroll-leads';
import { WELCOME_TEMPLATE } from '../domain/demo/welcome-template';
import { summarize, table } from './stats';
import { installBuiltins } from '../domain/builtins/install-builtins';
import { upsertRep } from '../domain/reps/upsert-rep';
import { ZRepInput } from '../domain/reps/schemas';
import { startLeadImport } from '../domain/imports/start-lead-import';
import { searchBench } from './search';
import { simulateBench } from './simulate';
import { spawn, type ChildProcess } from 'node:child_process';
import { JOURNEY_WORKFLOW } from '../contract/journeys';
import { getBulkEnrollment, startBulkEnrollment } from '../domain/sequences/bulk-enroll';
import { createEnrollBulkChunk } from '../activities/sequences/bulk-enroll';
import { chunks } from '../lib/each-limited';

const args = process.argv.slice(2);
const scenario = args.find((a) => !a.startsWith('--')) ?? 'all';
const flag = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const OUT = path.join(__dirname, 'out');
const machine = {
  cores: os.cpus().length,
  memoryGiB: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  database: process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite',
};
const log = (line: string) => process.stderr.write(`${line}\n`);

async function pool<T>(items: T[], concurrency: number, fn: (item: T) => Promise<unknown>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) await fn(items[next++]!);
    }),
  );
}

async function waitUntil(
  check: () => Promise<boolean>,
  timeoutMs: number,
  progress?: () => Promise<string>,
  { pollMs = 100, reportMs = 5000 }: { pollMs?: number; reportMs?: number } = {},
): Promise<void> {
  const started = Date.now();
  let lastReport = 0;
  while (!(await check())) {
    if (Date.now() - started > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms`);
    if (progress && Date.now() - lastReport > reportMs) {
      lastReport = Date.now();
      log(`  … ${await progress()}`);
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

async function setup(options: { persist?: boolean } = {}) {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  // The send policy's clock rules are off: benchmarks measure the pipeline, not quiet hours.
  const env = parseEnv({
    ...process.env,
    NODE_ENV: 'test',
    MESSAGE_ID_DOMAIN: 'bench.test',
    PUBLIC_BASE_URL: 'http://bench.test',
    QUIET_HOURS: 'off',
    FREQUENCY_CAP: 'off',
  });
  const cli = findOrInstallTemporalBinary('cli', { log });
  // Persisted runs (scale) keep Temporal's SQLite file and PGlite's folder in a temp dir, to measure them.
  const dir = options.persist ? fs.mkdtempSync(path.join(os.tmpdir(), 'nurture-bench-')) : undefined;
  const pragmas = args.includes('--no-pragmas') ? [] : DEV_SERVER_SQLITE_PRAGMAS;
  const temporal = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: cli ? { type: 'existing-path', path: cli.path } : { type: 'cached-download' },
      log: { format: 'pretty', level: 'error' },
      ...(dir ? { dbFilename: path.join(dir, 'temporal.sqlite') } : {}),
      extraArgs: sqlitePragmaArgs(pragmas),
    },
  });
  const db = await openDatabase({ databaseUrl: env.DATABASE_URL, pgliteDataDir: dir ? path.join(dir, 'pglite') : 'memory://' });
  if (db.kind === 'postgres') await db.sql.exec('DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;');
  await applyMigrations(db.sql, { useAdvisoryLock: db.kind === 'postgres' });
  const capture = await startSmtpCapture({ port: 0, maxMessages: 1_000_000 });
  const mailer = createMailer({ capturePort: capture.port, poolSize: env.SMTP_POOL_SIZE });
  return {
    env,
    temporal,
    db,
    capture,
    mailer,
    dir,
    pragmas,
    async close() {
      mailer.close();
      await capture.close();
      await db.close();
      await temporal.teardown();
      if (dir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

type TParts = Awaited<ReturnType<typeof setup>>;

/** The production worker on a task queue of its own, with the tuning from the environment. */
const startBenchWorker = (parts: TParts, taskQueue: string) =>
  startWorker({
    env: { ...parts.env, TEMPORAL_TASK_QUEUE: taskQueue },
    connection: parts.temporal.nativeConnection,
    prisma: parts.db.prisma,
    mailer: parts.mailer,
    temporal: parts.temporal.client,
  });

/**
 * More worker processes on the same task queue (`npm run worker`, as deployed): they need the
 * database to be a server (PostgreSQL, DATABASE_URL); SMTP goes to the bench's capture.
 */
async function startWorkerProcesses(parts: TParts, taskQueue: string, count: number, extraEnv: Record<string, string> = {}) {
  if (!process.env.DATABASE_URL) throw new Error('--workers needs DATABASE_URL (PostgreSQL): worker processes share the database');
  const children: ChildProcess[] = [];
  for (let i = 0; i < count; i++) {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, '..', 'worker', 'main.ts')], {
      env: {
        ...process.env,
        NODE_ENV: 'test',
        DATABASE_URL: process.env.DATABASE_URL,
        TEMPORAL_ADDRESS: parts.temporal.address,
        TEMPORAL_TASK_QUEUE: taskQueue,
        SMTP_URL: `smtp://127.0.0.1:${parts.capture.port}`,
        SIGNING_SECRET: 'bench-worker-signing-secret-0123456789abcdef',
        MESSAGE_ID_DOMAIN: 'bench.test',
        PUBLIC_BASE_URL: 'http://bench.test',
        QUIET_HOURS: 'off',
        FREQUENCY_CAP: 'off',
        LOG_LEVEL: 'warn',
        ...extraEnv,
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    children.push(child);
  }
  // Give them time to connect and poll before the clock starts.
  await new Promise((r) => setTimeout(r, 8_000));
  for (const c of children) if (c.exitCode !== null) throw new Error(`a worker process exited early (code ${c.exitCode})`);
  return {
    async stop() {
      await Promise.all(
        children.map(
          (c) =>
            new Promise<void>((resolve) => {
              if (c.exitCode !== null) return resolve();
              c.once('exit', () => resolve());
              c.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}

async function createLeads(parts: TParts, n: number, prefix: string, attributes: (i: number) => object = () => ({})): Promise<string[]> {
  const rows = Array.from({ length: n }, (_, i) => ({
    email: `${prefix}-${i}@bench.test`,
    firstName: `Lead${i}`,
    attributes: attributes(i),
  }));
  for (let i = 0; i < rows.length; i += 1000) await parts.db.prisma.lead.createMany({ data: rows.slice(i, i + 1000) });
  return (await parts.db.prisma.lead.findMany({ where: { email: { startsWith: `${prefix}-` } }, select: { id: true } })).map((l) => l.id);
}

async function engine(parts: TParts, n: number) {
  log(`engine: ${n} journeys × 1 email, in turns with as many no-op workflows (--rounds), then raw SMTP`);
  const { env, temporal, db, mailer, capture } = parts;
  await createTemplateVersion(db.prisma, WELCOME_TEMPLATE);
  await publishSequence(db.prisma, {
    key: 'bench-one',
    name: 'one email',
    steps: [{ id: 'e', type: 'email', email: { template: 'welcome' } }],
  });
  const leadIds = await createLeads(parts, n, 'engine');
  // --workers N: N worker processes on the queue. --worker-processes: every worker runs as
  // `npm run worker` in a process of its own, as deployed (PostgreSQL), and this process is only
  // the API's enrolment path and the SMTP capture; otherwise the first worker runs in this process.
  const workers = flag('workers', 1);
  const ownProcesses = args.includes('--worker-processes');
  const worker = ownProcesses ? undefined : await startBenchWorker(parts, 'bench-engine');
  const extra =
    ownProcesses || workers > 1 ? await startWorkerProcesses(parts, 'bench-engine', ownProcesses ? workers : workers - 1) : undefined;
  const enroll = createEnrollLeads({ prisma: db.prisma, temporal: temporal.client, taskQueue: 'bench-engine', searchAttributes: false });
  // One journey before the clock: every worker has bundled its workflows and polls.
  const [warmUp] = await createLeads(parts, 1, 'warmup');
  await enroll({ sequenceKey: 'bench-one', leadIds: [warmUp!] });
  await waitUntil(async () => (await db.prisma.enrollment.count({ where: { status: 'COMPLETED' } })) >= 1, 120_000);

  // Raw ceiling: the same server and worker settings, a trivial workflow running one no-op activity.
  const noopWorker = await Worker.create({
    connection: temporal.nativeConnection as NativeConnection,
    taskQueue: 'bench-noop',
    workflowsPath: require.resolve('./noop-workflow'),
    activities: { noop: async () => undefined },
    maxConcurrentActivityTaskExecutions: env.WORKER_MAX_CONCURRENT_ACTIVITIES,
    maxConcurrentWorkflowTaskExecutions: env.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
  });
  const noopRun = noopWorker.run();
  const noop = (id: string) => temporal.client.workflow.execute('noopWorkflow', { taskQueue: 'bench-noop', workflowId: `noop-${id}` });
  await noop('warm-up');

  // --rounds R (default 3): the journeys and the raw ceiling take turns, n/R of each per round, so a
  // machine whose speed drifts during the run (a shared VM: runs of the same code differed by 25 %)
  // slows both alike; the ratio reported is the median of the rounds' ratios.
  const rounds = Math.max(1, flag('rounds', 3));
  const roundRows: { round: number; engineEmailsPerSec: number; rawWorkflowsPerSec: number; ratio: number }[] = [];
  let engineMs = 0;
  let rawMs = 0;
  let enrolledMs = 0;
  for (let r = 0, done = 0; r < rounds; r++) {
    const batch = leadIds.slice(Math.round((r * n) / rounds), Math.round(((r + 1) * n) / rounds));
    const t0 = performance.now();
    await pool(batch, 16, (id) => enroll({ sequenceKey: 'bench-one', leadIds: [id] }));
    enrolledMs += performance.now() - t0;
    done += batch.length;
    const expected = done + 1; // and the warm-up journey
    await waitUntil(
      async () => (await db.prisma.emailMessage.count({ where: { status: 'SENT' } })) >= expected,
      600_000,
      async () => `round ${r + 1}/${rounds}: ${(await db.prisma.emailMessage.count({ where: { status: 'SENT' } })) - 1}/${n} sent`,
    );
    await waitUntil(async () => (await db.prisma.enrollment.count({ where: { status: 'COMPLETED' } })) >= expected, 600_000);
    const roundEngineMs = performance.now() - t0;
    const t1 = performance.now();
    await pool(batch, 16, (id) => noop(id));
    const roundRawMs = performance.now() - t1;
    engineMs += roundEngineMs;
    rawMs += roundRawMs;
    const row = {
      round: r + 1,
      engineEmailsPerSec: batch.length / (roundEngineMs / 1000),
      rawWorkflowsPerSec: batch.length / (roundRawMs / 1000),
    };
    roundRows.push({ ...row, ratio: row.engineEmailsPerSec / row.rawWorkflowsPerSec });
  }
  noopWorker.shutdown();
  await noopRun;
  await extra?.stop();
  await worker?.stop();
  const delivered = capture.list().length;
  // No lost or duplicate email: one message per lead, each Message-ID once.
  const benchMail = capture.list().filter((m) => m.envelopeTo.some((a) => a.startsWith('engine-')));
  const distinctRecipients = new Set(benchMail.map((m) => m.envelopeTo.join(','))).size;
  const lostOrDuplicate = { lost: n - distinctRecipients, duplicates: benchMail.length - distinctRecipients };
  const ratios = roundRows.map((row) => row.ratio).sort((x, y) => x - y);
  const medianRatio = ratios[Math.floor(ratios.length / 2)]!;
  console.log(table(roundRows));

  // Raw SMTP ceiling: pooled nodemailer into the same capture, a message of the same size.
  const sample = capture.list()[0]!;
  const t2 = performance.now();
  await pool(
    Array.from({ length: n }, (_, i) => i),
    env.SMTP_POOL_SIZE * 4,
    (i) =>
      mailer.send({
        from: 'bench@bench.test',
        to: `raw-${i}@bench.test`,
        subject: sample.subject,
        html: sample.html ?? '',
        text: sample.text,
      }),
  );
  const smtpMs = performance.now() - t2;

  const perSec = (ms: number) => n / (ms / 1000);
  const result = {
    scenario: 'engine',
    n,
    machine,
    workerTuning: {
      maxConcurrentActivities: env.WORKER_MAX_CONCURRENT_ACTIVITIES,
      maxConcurrentWorkflowTasks: env.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
      smtpPool: env.SMTP_POOL_SIZE,
    },
    enrollmentsPerSec: perSec(enrolledMs),
    engineEmailsPerSec: perSec(engineMs),
    rawWorkflowsPerSec: perSec(rawMs),
    rawSmtpPerSec: perSec(smtpMs),
    engineVsRawTemporal: perSec(engineMs) / perSec(rawMs),
    rounds: roundRows,
    engineVsRawTemporalMedianOfRounds: medianRatio,
    engineVsRawSmtp: perSec(engineMs) / perSec(smtpMs),
    delivered,
    workerProcesses: workers,
    workersInOwnProcesses: ownProcesses,
    ...lostOrDuplicate,
  };
  log(
    `  ${workers} worker(s)${ownProcesses ? ' in processes of their own' : ''}: lost ${lostOrDuplicate.lost}, duplicates ${lostOrDuplicate.duplicates}`,
  );
  if (lostOrDuplicate.lost || lostOrDuplicate.duplicates) process.exitCode = 1;
  console.log(
    table([
      { pipeline: 'journey → render → SMTP → rows', 'per second': result.engineEmailsPerSec, 'ratio to it': 1 },
      {
        pipeline: 'raw Temporal (no-op workflow + activity)',
        'per second': result.rawWorkflowsPerSec,
        'ratio to it': result.rawWorkflowsPerSec / result.engineEmailsPerSec,
      },
      {
        pipeline: `journey ÷ raw Temporal, median of ${rounds} rounds`,
        'per second': '',
        'ratio to it': medianRatio,
      },
      {
        pipeline: 'raw SMTP (pooled nodemailer → capture)',
        'per second': result.rawSmtpPerSec,
        'ratio to it': result.rawSmtpPerSec / result.engineEmailsPerSec,
      },
      {
        pipeline: 'enrolment (API path: rows + start)',
        'per second': result.enrollmentsPerSec,
        'ratio to it': result.enrollmentsPerSec / result.engineEmailsPerSec,
      },
    ]),
  );
  return result;
}

async function render(_parts: TParts | undefined, n: number) {
  log(`render: ${n} emails from the compiled-template cache vs compiling MJML for each`);
  const cache = new TemplateCache();
  const ctx = (i: number) => ({
    'lead.firstName': `Արամ${i}`,
    'lead.lastName': 'Սարգսյան',
    'lead.fullName': `Արամ${i} Սարգսյան`,
    'lead.company': 'Қазақ Сауда',
    'lead.email': `a${i}@example.am`,
    'sender.name': 'Nurture',
    unsubscribeUrl: `https://x.test/u/${i}`,
  });
  await cache.get('welcome', WELCOME_TEMPLATE); // warm-up
  const t0 = performance.now();
  for (let i = 0; i < n; i++) renderCompiled(await cache.get('welcome', WELCOME_TEMPLATE), ctx(i));
  const cachedMs = (performance.now() - t0) / n;
  const m = Math.max(20, Math.floor(n / 50));
  const t1 = performance.now();
  for (let i = 0; i < m; i++) renderCompiled(await compileTemplate(WELCOME_TEMPLATE), ctx(i));
  const compileMs = (performance.now() - t1) / m;
  const result = {
    scenario: 'render',
    machine,
    cachedMsPerEmail: cachedMs,
    compileEachMsPerEmail: compileMs,
    speedup: compileMs / cachedMs,
    samples: { cached: n, compileEach: m },
  };
  console.log(
    table([
      { path: 'compiled once, filled per lead', 'ms per email': cachedMs, 'emails/s': 1000 / cachedMs },
      { path: 'MJML compiled for every send', 'ms per email': compileMs, 'emails/s': 1000 / compileMs },
    ]),
  );
  console.log(`cache speed-up: ×${result.speedup.toFixed(0)}`);
  return result;
}

async function timers(parts: TParts, n: number) {
  log(`timers: ${n} journeys whose timers fire together, then ${n} spread over 60 s`);
  const { env, temporal, db, mailer } = parts;
  await createTemplateVersion(db.prisma, WELCOME_TEMPLATE);
  await publishSequence(db.prisma, {
    key: 'bench-timer',
    name: 'timer',
    steps: [
      { id: 'w', type: 'wait', wait: { untilAttribute: 'sendAt' } },
      { id: 'e', type: 'email', email: { template: 'welcome' } },
    ],
  });
  const worker = await startWorker({
    env: { ...env, TEMPORAL_TASK_QUEUE: 'bench-timer' },
    connection: temporal.nativeConnection,
    prisma: db.prisma,
    mailer,
    temporal: temporal.client,
  });
  const enroll = createEnrollLeads({ prisma: db.prisma, temporal: temporal.client, taskQueue: 'bench-timer', searchAttributes: false });
  const rows: Record<string, string | number>[] = [];
  const results: Record<string, unknown> = {};
  for (const shape of ['together', 'spread'] as const) {
    // Enrolment takes a while at this size: the timers are set far enough ahead of it.
    const enrolSeconds = n / 40 + 15;
    const base = Date.now() + enrolSeconds * 1000;
    const at = (i: number) => new Date(shape === 'together' ? base : base + Math.floor((i / n) * 60_000)).toISOString();
    const leadIds = await createLeads(parts, n, `timer-${shape}`, (i) => ({ sendAt: at(i) }));
    const t0 = Date.now();
    await pool(leadIds, 16, (id) => enroll({ sequenceKey: 'bench-timer', leadIds: [id] }));
    if (Date.now() > base) log(`  warning: enrolment ran past the first deadline by ${Date.now() - base} ms`);
    log(`  ${shape}: enrolled in ${((Date.now() - t0) / 1000).toFixed(1)} s; waiting for the timers`);
    const where = { lead: { email: { startsWith: `timer-${shape}-` } }, status: 'SENT' as const };
    await waitUntil(
      async () => (await db.prisma.emailMessage.count({ where })) >= n,
      600_000,
      async () => `${await db.prisma.emailMessage.count({ where })}/${n} sent`,
    );
    const sent = await db.prisma.emailMessage.findMany({ where, select: { scheduledFor: true, claimedAt: true } });
    const lag = summarize(sent.map((e) => e.claimedAt.getTime() - e.scheduledFor!.getTime()));
    results[shape] = lag;
    rows.push({ timers: `${n} ${shape}`, 'p50 lag ms': lag.p50, 'p99 lag ms': lag.p99, 'max lag ms': lag.max });
  }
  await worker.stop();
  console.log(table(rows));
  console.log('lag = when the send activity claimed the email (wall clock) − when the journey scheduled it (timer deadline)');
  return { scenario: 'timers', n, machine, ...results };
}

const fileBytes = (file: string) => (fs.existsSync(file) ? fs.statSync(file).size : 0);
const dirBytes = (dir: string): number =>
  fs.existsSync(dir)
    ? fs
        .readdirSync(dir, { withFileTypes: true })
        .reduce((sum, e) => sum + (e.isDirectory() ? dirBytes(path.join(dir, e.name)) : fileBytes(path.join(dir, e.name))), 0)
    : 0;
const MiB = (bytes: number) => bytes / 2 ** 20;

/**
 * Scale: N journeys enrolled and left waiting on a timer that fires for all of them at the same
 * instant (step 1), then each sends one email (step 2) and waits 30 days (still open). Measures the
 * enrolment rate, the worker process's memory with N open journeys, database and Temporal storage,
 * and the time for all N to advance one step.
 */
async function scale(parts: TParts, n: number) {
  const { env, temporal, db, dir } = parts;
  log(`scale: ${n} open journeys (Temporal SQLite pragmas: ${parts.pragmas.join(', ') || 'none'})`);
  await createTemplateVersion(db.prisma, WELCOME_TEMPLATE);
  const steps = [
    { id: 'w', type: 'wait' as const, wait: { untilAttribute: 'advanceAt' } },
    { id: 'e', type: 'email' as const, email: { template: 'welcome' } },
    { id: 'rest', type: 'wait' as const, wait: { duration: '30 days' } },
  ];
  await publishSequence(db.prisma, { key: 'bench-scale', name: 'scale', steps });
  await publishSequence(db.prisma, {
    key: 'bench-warmup',
    name: 'warm-up',
    steps: [{ id: 'w', type: 'wait', wait: { duration: '30 days' } }],
  });
  const taskQueue = 'bench-scale';
  const worker = await startBenchWorker(parts, taskQueue);
  const enroll = createEnrollLeads({ prisma: db.prisma, temporal: temporal.client, taskQueue, searchAttributes: false });
  // Requests of 1,000 leads, two at a time: each writes its rows in bulk and starts 32 journeys at once (ADR-041).
  const enrolAll = async (ids: string[], sequenceKey: string, label: string) => {
    const batches = chunks(ids, 1000);
    let done = 0;
    let lastReport = Date.now();
    const t0 = performance.now();
    await pool(batches, 2, async (batch) => {
      await enroll({ sequenceKey, leadIds: batch });
      done += batch.length;
      if (Date.now() - lastReport > 10_000) {
        lastReport = Date.now();
        log(`  … ${label}: ${done}/${ids.length} enrolled (${(done / ((performance.now() - t0) / 1000)).toFixed(0)}/s)`);
      }
    });
    return performance.now() - t0;
  };

  // Warm-up: measures how fast journeys get enrolled and through their first task (to waiting), to
  // place the shared deadline after all N wait. The first tasks are the slower part (the worker runs
  // them while enrolment goes on, on the same cores), and they slow down as the server's SQLite file
  // grows (80/s at first, 44/s near 100,000 in an earlier run, about 0.7 of the first rate on
  // average): hence the margin of 1.5. A journey not yet waiting at the deadline goes straight on
  // to its email; the log says how many waited, the result whether all did (allWaitedBeforeDeadline).
  const countWaiting = () => db.prisma.leadEvent.count({ where: { type: 'journey.waiting' } });
  const warmupIds = await createLeads(parts, Math.min(500, Math.ceil(n / 20)), 'warmup');
  const warmupT0 = performance.now();
  const warmupRate = warmupIds.length / ((await enrolAll(warmupIds, 'bench-warmup', 'warm-up')) / 1000);
  await waitUntil(async () => (await countWaiting()) >= warmupIds.length, 300_000);
  const warmupWaitingRate = warmupIds.length / ((performance.now() - warmupT0) / 1000);
  const advanceAt = args.includes('--no-advance')
    ? Date.now() + 86_400_000
    : Date.now() + Math.ceil((n / Math.min(warmupRate, warmupWaitingRate)) * 1.5 * 1000) + 60_000;
  log(
    `  warm-up: ${warmupRate.toFixed(0)} enrolments/s, ${warmupWaitingRate.toFixed(0)} journeys/s to waiting; ` +
      `all ${n} timers will fire at ${new Date(advanceAt).toISOString()}`,
  );
  const ids = await createLeads(parts, n, 'scale', () => ({ advanceAt: new Date(advanceAt).toISOString() }));
  const rssBefore = process.memoryUsage().rss;
  const enrolT0 = performance.now();
  const enrolMs = await enrolAll(ids, 'bench-scale', 'scale');
  if (Date.now() > advanceAt) log(`  warning: enrolment ran past the shared deadline by ${Date.now() - advanceAt} ms`);
  const open = n + warmupIds.length;
  const waiting = { workflows: 0 };
  // Every journey's first workflow task must have run before the deadline; a journey still to start
  // at the deadline would go straight to its email and never wait, so the wait ends there too.
  await waitUntil(
    async () => {
      waiting.workflows = await countWaiting();
      return waiting.workflows >= open || Date.now() >= advanceAt;
    },
    Math.max(900_000, advanceAt - Date.now() + 60_000),
    async () => `${waiting.workflows}/${open} waiting`,
    { pollMs: 2000, reportMs: 30_000 },
  );
  const allWaitingSeconds = (performance.now() - enrolT0) / 1000;
  const allWaitedBeforeDeadline = waiting.workflows >= open;
  if (!allWaitedBeforeDeadline) {
    log(`  warning: only ${waiting.workflows}/${open} journeys were waiting at the shared deadline`);
  }
  global.gc?.();
  const memWaiting = process.memoryUsage();
  const storage = async () => ({
    temporalSqliteMiB: dir ? MiB(fileBytes(path.join(dir, 'temporal.sqlite')) + fileBytes(path.join(dir, 'temporal.sqlite-wal'))) : NaN,
    databaseMiB:
      db.kind === 'postgres'
        ? MiB(Number((await db.prisma.$queryRawUnsafe<{ size: bigint }[]>('SELECT pg_database_size(current_database()) AS size'))[0]!.size))
        : MiB(dir ? dirBytes(path.join(dir, 'pglite')) : NaN),
  });
  const storageWaiting = await storage();
  log(
    `  ${waiting.workflows} journeys waiting after ${allWaitingSeconds.toFixed(0)} s; RSS ${MiB(memWaiting.rss).toFixed(0)} MiB; ` +
      `waiting for the shared deadline`,
  );

  const where = { lead: { email: { startsWith: 'scale-' } }, status: 'SENT' as const };
  if (args.includes('--no-advance')) {
    await worker.stop();
    const result = {
      scenario: 'scale',
      n,
      openJourneys: open,
      machine,
      temporalSqlitePragmas: parts.pragmas,
      enrolmentsPerSec: n / (enrolMs / 1000),
      allWaitingSeconds,
      allWaitedBeforeDeadline,
      processRssMiB: { beforeEnrolment: MiB(rssBefore), allWaiting: MiB(memWaiting.rss) },
      storageAllWaiting: storageWaiting,
    };
    console.log(JSON.stringify(result, null, 2));
    return result;
  }
  await new Promise((r) => setTimeout(r, Math.max(0, advanceAt - Date.now())));
  let peakRss = 0;
  await waitUntil(
    async () => {
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
      return (await db.prisma.emailMessage.count({ where })) >= n;
    },
    // Sized for 100,000 at 10 emails/s or more.
    Math.max(1_800_000, n * 100),
    async () => `${await db.prisma.emailMessage.count({ where })}/${n} advanced (sent)`,
    { pollMs: 2000, reportMs: 30_000 },
  );
  const sent = await db.prisma.emailMessage.findMany({ where, select: { sentAt: true } });
  const lastSentAt = Math.max(...sent.map((e) => e.sentAt!.getTime()));
  // From the shared deadline, not from scheduledFor: a journey running more than a minute late
  // stamps its send with real time (its logical clock catches up, ADR-010).
  const lag = summarize(sent.map((e) => e.sentAt!.getTime() - advanceAt));
  const storageAfter = await storage();
  await worker.stop();

  const result = {
    scenario: 'scale',
    n,
    openJourneys: open,
    machine,
    temporalSqlitePragmas: parts.pragmas,
    workerTuning: {
      maxConcurrentActivities: env.WORKER_MAX_CONCURRENT_ACTIVITIES,
      maxConcurrentWorkflowTasks: env.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
    },
    enrolmentsPerSec: n / (enrolMs / 1000),
    allWaitingSeconds,
    allWaitedBeforeDeadline,
    processRssMiB: { beforeEnrolment: MiB(rssBefore), allWaiting: MiB(memWaiting.rss), peakWhileAdvancing: MiB(peakRss) },
    heapUsedMiBAllWaiting: MiB(memWaiting.heapUsed),
    storageAllWaiting: storageWaiting,
    storageAfterAdvance: storageAfter,
    bytesPerJourney: {
      temporal: (storageAfter.temporalSqliteMiB * 2 ** 20) / open,
      database: (storageAfter.databaseMiB * 2 ** 20) / open,
    },
    advanceAllSeconds: (lastSentAt - advanceAt) / 1000,
    advanceLagMs: lag,
  };
  console.log(
    table([
      { measure: 'open journeys', value: open },
      { measure: 'enrolments per second', value: result.enrolmentsPerSec },
      { measure: 'from enrolment start to all waiting (s)', value: allWaitingSeconds },
      { measure: 'process RSS, all waiting (MiB)', value: result.processRssMiB.allWaiting },
      { measure: 'process RSS, peak while advancing (MiB)', value: result.processRssMiB.peakWhileAdvancing },
      { measure: 'Temporal SQLite (MiB)', value: storageAfter.temporalSqliteMiB },
      { measure: `database, ${machine.database} (MiB)`, value: storageAfter.databaseMiB },
      { measure: 'time for all to advance one step (s)', value: result.advanceAllSeconds },
      { measure: 'sent after the deadline, p50 / p99 (s)', value: `${(lag.p50 / 1000).toFixed(1)} / ${(lag.p99 / 1000).toFixed(1)}` },
    ]),
  );
  return result;
}

/**
 * Lead capture through a CSV import: every row goes the full way of POST /leads (dedupe by email
 * and phone, routing to reps, scoring, triggers: cold leads start the nurture journey), in the
 * import workflow's batches. Compared, in the same run, with inserting the same rows bare.
 */
async function leadImport(parts: TParts, n: number) {
  const known = Math.floor(n / 10);
  log(`import: ${n} CSV rows (${known} of them people already known), full capture path, against a bare insert`);
  const { temporal, db } = parts;
  await installBuiltins(db.prisma);
  for (const [i, tier] of (args.includes('--no-reps') ? [] : [1, 2, 3]).entries()) {
    await upsertRep(db.prisma, `rep${i}@bench.test`, ZRepInput.parse({ name: `Rep ${i}`, tier, capacity: n }));
  }
  const taskQueue = 'bench-import';
  const worker = await startBenchWorker(parts, taskQueue);
  // Known people first (so a tenth of the file dedupes), created the ordinary way.
  await createLeads(parts, known, 'import');
  const timeframes = ['none', 'months', 'now'];
  const lines = ['email,firstName,phone,source,acquisitionCost,timeframe'];
  for (let i = 0; i < n; i++) {
    const email = i < known ? `import-${i}@bench.test` : `new-${i}@bench.test`;
    lines.push(`${email},Lead${i},+35840${String(1_000_000 + i)},web form,2.50,${timeframes[i % 3]}`);
  }
  const t0 = performance.now();
  const job = await startLeadImport(
    { prisma: db.prisma, temporal: temporal.client, taskQueue },
    { csv: lines.join('\n'), fileName: 'bench.csv' },
  );
  await waitUntil(
    async () => (await db.prisma.leadImport.findUniqueOrThrow({ where: { id: job.id } })).status === 'COMPLETED',
    1_800_000,
    async () => `${(await db.prisma.leadImport.findUniqueOrThrow({ where: { id: job.id } })).processed}/${n} rows`,
  );
  const importMs = performance.now() - t0;
  const done = await db.prisma.leadImport.findUniqueOrThrow({ where: { id: job.id } });
  // The rows are captured with their follow-up work recorded; that work (digests, SLA watches,
  // journeys) runs after the import completes, at Temporal's pace (ADR-051): measured apart.
  // New cold (trigger on lead.created) and warm (MQL by score: trigger on lead.mql) leads; hot ones become SQLs.
  const expectedJourneys = Array.from({ length: n - known }, (_, k) => (known + k) % 3).filter((t) => t !== 2).length;
  const followUpTimeout = Math.max(600_000, n * 200);
  await waitUntil(
    async () => (await db.prisma.enrollment.count()) >= expectedJourneys,
    followUpTimeout,
    async () => `${await db.prisma.enrollment.count()}/${expectedJourneys} journeys started by the follow-ups`,
  ).catch((e: unknown) => log(`  follow-ups: ${(e as Error).message}`));
  const followUpsMs = performance.now() - t0;
  const enrolled = await db.prisma.enrollment.count();
  await worker.stop();

  // Bare insert of the same new rows: the floor any capture path stands on.
  const bare = Array.from({ length: n }, (_, i) => ({ email: `bare-${i}@bench.test`, firstName: `Lead${i}` }));
  const t1 = performance.now();
  for (let i = 0; i < bare.length; i += 200) await db.prisma.lead.createMany({ data: bare.slice(i, i + 200) });
  const bareMs = performance.now() - t1;

  const perSec = (ms: number) => n / (ms / 1000);
  const result = {
    scenario: 'import',
    n,
    machine,
    rows: { created: done.created, merged: done.merged, failed: done.failed },
    journeysStarted: enrolled,
    importRowsPerSec: perSec(importMs),
    bareInsertRowsPerSec: perSec(bareMs),
    ratio: perSec(importMs) / perSec(bareMs),
    seconds: importMs / 1000,
    followUpsDoneSeconds: followUpsMs / 1000,
  };
  console.log(
    table([
      {
        path: 'CSV import, full capture (dedupe, routing, scoring, triggers)',
        'rows/s': result.importRowsPerSec,
        seconds: importMs / 1000,
      },
      { path: 'bare insert (createMany, 200 per batch)', 'rows/s': result.bareInsertRowsPerSec, seconds: bareMs / 1000 },
      { path: '… until every journey from the triggers started (follow-ups)', 'rows/s': perSec(followUpsMs), seconds: followUpsMs / 1000 },
    ]),
  );
  console.log(
    `created ${done.created}, merged ${done.merged}, failed ${done.failed}; journeys started ${enrolled}; import ÷ bare = ${result.ratio.toFixed(4)}`,
  );
  return result;
}

/**
 * Enrolment against bare workflow starts (issue 13): the same number of signal-with-start calls of
 * a workflow nobody runs yet, 32 in flight, as the issue defines the baseline (enrolment itself
 * uses plain starts since ADR-055, each carrying the definition and the lead it read), against one
 * enrolment request of N leads (rows in bulk + the starts), then a bulk enrolment job of a segment.
 */
async function enrol(parts: TParts, n: number, segment: number) {
  log(`enrol: one request of ${n} leads and a segment of ${segment}, against ${n} bare signal-with-starts`);
  const { temporal, db } = parts;
  await publishSequence(db.prisma, {
    key: 'bench-enrol',
    name: 'waits a month',
    settings: { category: 'sales' },
    steps: [{ id: 'w', type: 'wait', wait: { duration: '30 days' } }],
  });
  // Bare: signal-with-start of n workflows on a queue no worker polls (no other work at all), and
  // of as many as the segment, measured apart (the server slows as it holds more workflows).
  const bare = async (count: number, prefix: string) => {
    const t = performance.now();
    await pool(
      Array.from({ length: count }, (_, i) => i),
      32,
      (i) =>
        temporal.client.workflow.signalWithStart(JOURNEY_WORKFLOW, {
          taskQueue: 'bench-enrol-bare',
          workflowId: `${prefix}-${i}`,
          args: [{}],
          signal: 'enrolled',
          signalArgs: [{}],
        }),
    );
    return performance.now() - t;
  };
  const bareMs = await bare(n, 'bare');
  // One request of n leads right after (rows + starts, no worker polling, like the bare starts).
  const ids = await createLeads(parts, n, 'enrol');
  const enroll = createEnrollLeads({ prisma: db.prisma, temporal: temporal.client, taskQueue: 'bench-enrol', searchAttributes: false });
  const t1 = performance.now();
  const results = await enroll({ sequenceKey: 'bench-enrol', leadIds: ids });
  const requestMs = performance.now() - t1;
  const bareSegmentMs = segment > n ? await bare(segment, 'bare-segment') : bareMs;
  log(`  bare: ${n} at ${(n / (bareMs / 1000)).toFixed(1)}/s; ${segment} at ${(segment / (bareSegmentMs / 1000)).toFixed(1)}/s`);
  const bareSegmentCount = segment > n ? segment : n;
  const enrolled = results.filter((r) => r.outcome === 'enrolled').length;
  // A segment as a bulk job (its workflow and chunks on a worker), twice:
  //  - parked: the journeys it starts wait on a queue no worker polls, like the bare starts (the
  //    job's own cost: rows in chunks, starts 32 in flight, progress, the job's workflow);
  //  - live (--live L leads): the same worker also runs every new journey's first task.
  const runJob = async (count: number, prefix: string, parked: boolean) => {
    if (count <= 0) return { ms: NaN, job: null as Awaited<ReturnType<typeof getBulkEnrollment>> };
    const leadIds = await createLeads(parts, count, prefix);
    const queue = parked ? 'bench-enrol-job' : 'bench-enrol';
    const worker = await startWorker({
      env: { ...parts.env, TEMPORAL_TASK_QUEUE: queue },
      connection: temporal.nativeConnection,
      prisma: db.prisma,
      mailer: parts.mailer,
      temporal: temporal.client,
      ...(parked
        ? {
            activityOverrides: {
              enrollBulkChunk: createEnrollBulkChunk({
                prisma: db.prisma,
                enroll: createEnrollLeads({
                  prisma: db.prisma,
                  temporal: temporal.client,
                  taskQueue: 'bench-enrol-parked',
                  searchAttributes: false,
                }),
              }),
            },
          }
        : {}),
    });
    const seen: { job: Awaited<ReturnType<typeof getBulkEnrollment>> } = { job: null };
    const t = performance.now();
    const job = await startBulkEnrollment(
      { prisma: db.prisma, temporal: temporal.client, taskQueue: queue },
      { sequenceKey: 'bench-enrol', leadIds, requestedBy: 'bench' },
    );
    await waitUntil(
      async () => (seen.job = await getBulkEnrollment(db.prisma, job.id))?.status === 'COMPLETED',
      Math.max(600_000, count * 40),
      async () => `${seen.job?.processed ?? 0}/${count} leads (${parked ? 'parked' : 'live'})`,
    );
    const ms = performance.now() - t;
    await worker.stop();
    log(`  bulk job, ${count} leads (${parked ? 'parked' : 'live'}): ${(count / (ms / 1000)).toFixed(1)}/s`);
    return { ms, job: seen.job };
  };
  const parkedRun = await runJob(segment, 'segment', true);
  const live = flag('live', 10_000);
  const liveRun = await runJob(live, 'live', false);
  const segmentMs = parkedRun.ms;
  const seen = { job: parkedRun.job };
  const perSec = (count: number, ms: number) => count / (ms / 1000);
  const result = {
    scenario: 'enrol',
    n,
    segment,
    machine,
    bareStartsPerSec: perSec(n, bareMs),
    requestEnrolmentsPerSec: perSec(n, requestMs),
    requestVsBare: perSec(n, requestMs) / perSec(n, bareMs),
    bareSegmentStartsPerSec: perSec(bareSegmentCount, bareSegmentMs),
    segmentEnrolmentsPerSec: perSec(segment, segmentMs),
    segmentVsBare: perSec(segment, segmentMs) / perSec(bareSegmentCount, bareSegmentMs),
    live,
    liveEnrolmentsPerSec: perSec(live, liveRun.ms),
    liveVsBare: perSec(live, liveRun.ms) / perSec(bareSegmentCount, bareSegmentMs),
    liveEnrolled: liveRun.job?.enrolled ?? 0,
    enrolled,
    segmentEnrolled: seen.job?.enrolled ?? 0,
  };
  console.log(
    table([
      { path: `bare signal-with-start × ${n} (32 in flight)`, 'per second': result.bareStartsPerSec, 'ratio to bare': 1 },
      { path: `one enrolment request of ${n} leads`, 'per second': result.requestEnrolmentsPerSec, 'ratio to bare': result.requestVsBare },
      {
        path: `bare signal-with-start × ${bareSegmentCount} (32 in flight)`,
        'per second': result.bareSegmentStartsPerSec,
        'ratio to bare': 1,
      },
      {
        path: `bulk job, segment of ${segment} (journeys parked, like bare)`,
        'per second': result.segmentEnrolmentsPerSec,
        'ratio to bare': result.segmentVsBare,
      },
      {
        path: `bulk job, ${live} leads (the worker also runs each journey's first task)`,
        'per second': result.liveEnrolmentsPerSec,
        'ratio to bare': result.liveVsBare,
      },
    ]),
  );
  if (enrolled !== n || (segment > 0 && result.segmentEnrolled !== segment) || (live > 0 && result.liveEnrolled !== live)) {
    log(
      `  not every lead was enrolled: ${enrolled}/${n}, segment ${result.segmentEnrolled}/${segment}, live ${result.liveEnrolled}/${live}`,
    );
    process.exitCode = 1;
  }
  return result;
}

/**
 * The send rate limit (ADR-041): a burst of N one-email journeys due at once (enrolled before
 * any worker polls), with SEND_RATE_PER_SECOND = R on the send queue. Achieved rate = (N − 1) / (last send − first send),
 * measured from the SENT rows' sentAt; nothing dropped = N rows SENT and N messages delivered, one
 * per lead. Two worker processes poll the send queue when --workers 2 (PostgreSQL): the ceiling is
 * the queue's, not the process's.
 */
async function sendRate(parts: TParts, n: number, rate: number) {
  log(`sendrate: a burst of ${n} emails through the send queue limited to ${rate}/s`);
  const { db, temporal, capture } = parts;
  await createTemplateVersion(db.prisma, WELCOME_TEMPLATE);
  await publishSequence(db.prisma, {
    key: 'bench-burst',
    name: 'one email',
    settings: { category: 'sales' },
    steps: [{ id: 'e', type: 'email', email: { template: 'welcome' } }],
  });
  const taskQueue = 'bench-sendrate';
  // The burst: every journey is enrolled before any worker polls, so all N emails are due at once
  // when the workers start (as when a campaign's shared send time arrives).
  const ids = await createLeads(parts, n, 'burst');
  const enroll = createEnrollLeads({ prisma: db.prisma, temporal: temporal.client, taskQueue, searchAttributes: false });
  const t0 = performance.now();
  await pool(chunks(ids, 1000), 2, (batch) => enroll({ sequenceKey: 'bench-burst', leadIds: batch }));
  log(
    `  enrolled ${n} in ${((performance.now() - t0) / 1000).toFixed(1)} s, no worker polling; starting the worker(s): draining at ≤ ${rate}/s`,
  );
  const worker = await startWorker({
    env: { ...parts.env, TEMPORAL_TASK_QUEUE: taskQueue, SEND_RATE_PER_SECOND: rate },
    connection: temporal.nativeConnection,
    prisma: db.prisma,
    mailer: parts.mailer,
    temporal: temporal.client,
  });
  const workers = flag('workers', 1);
  const extra = workers > 1 ? await startWorkerProcesses(parts, taskQueue, workers - 1, { SEND_RATE_PER_SECOND: String(rate) }) : undefined;
  const where = { status: 'SENT' as const, lead: { email: { startsWith: 'burst-' } } };
  await waitUntil(
    async () => (await db.prisma.emailMessage.count({ where })) >= n,
    Math.max(600_000, (n / rate) * 1000 * 2),
    async () => `${await db.prisma.emailMessage.count({ where })}/${n} sent`,
  );
  await new Promise((r) => setTimeout(r, 2000)); // any late duplicate would arrive now
  await extra?.stop();
  await worker.stop();
  const sentAt = (await db.prisma.emailMessage.findMany({ where, select: { sentAt: true } }))
    .map((e) => e.sentAt!.getTime())
    .sort((a, b) => a - b);
  const spanS = (sentAt[sentAt.length - 1]! - sentAt[0]!) / 1000;
  // The server's limiter lets a first burst through (about one second's worth): measured after it.
  const burst = Math.min(Math.ceil(rate), sentAt.length - 2);
  const achieved = (sentAt.length - 1 - burst) / ((sentAt[sentAt.length - 1]! - sentAt[burst]!) / 1000);
  const firstToLast = (sentAt.length - 1) / spanS;
  // Steady state: the middle 80 % of the burst (ramp-up and tail excluded).
  const lo = Math.floor(sentAt.length * 0.1);
  const hi = Math.floor(sentAt.length * 0.9);
  const steady = (hi - lo) / ((sentAt[hi]! - sentAt[lo]!) / 1000);
  const mail = capture.list().filter((m) => m.envelopeTo.some((a) => a.startsWith('burst-')));
  const distinct = new Set(mail.map((m) => m.envelopeTo.join(','))).size;
  const result = {
    scenario: 'sendrate',
    n,
    ceilingPerSec: rate,
    workerProcesses: workers,
    machine,
    achievedPerSec: achieved,
    firstToLastPerSec: firstToLast,
    steadyPerSec: steady,
    achievedVsCeiling: achieved / rate,
    spanSeconds: spanS,
    sent: sentAt.length,
    delivered: mail.length,
    dropped: n - distinct,
    duplicates: mail.length - distinct,
  };
  console.log(
    table([
      { measure: 'ceiling (SEND_RATE_PER_SECOND)', value: rate },
      { measure: 'achieved, after the first second’s burst (/s)', value: achieved },
      { measure: 'first to last send (/s)', value: firstToLast },
      { measure: 'steady state, middle 80 % (/s)', value: steady },
      { measure: 'achieved ÷ ceiling', value: result.achievedVsCeiling },
      {
        measure: 'sent rows / delivered / dropped / duplicates',
        value: `${result.sent} / ${result.delivered} / ${result.dropped} / ${result.duplicates}`,
      },
    ]),
  );
  if (result.dropped || result.duplicates || Math.abs(result.achievedVsCeiling - 1) > 0.05) process.exitCode = 1;
  return result;
}

async function main(): Promise<void> {
  fs.mkdirSync(OUT, { recursive: true });
  const wanted =
    scenario === 'all'
      ? ['render', 'engine', 'timers', ...(process.env.DATABASE_URL ? ['import', 'enrol', 'sendrate', 'scale'] : [])]
      : [scenario];
  for (const name of wanted) {
    if (!['engine', 'render', 'timers', 'scale', 'import', 'enrol', 'sendrate', 'search', 'simulate'].includes(name)) {
      console.error(
        `unknown scenario "${name}": use engine, render, timers, scale, import, enrol, sendrate, search, simulate or all (the first three, and with DATABASE_URL the next four)`,
      );
      process.exit(2);
    }
    // search needs only a database (of its own) and the API: no Temporal, no SMTP.
    const parts = name === 'render' || name === 'search' || name === 'simulate' ? undefined : await setup({ persist: name === 'scale' });
    try {
      const result =
        name === 'engine'
          ? await engine(parts!, flag('n', 1000))
          : name === 'render'
            ? await render(parts, flag('n', 2000))
            : name === 'timers'
              ? await timers(parts!, flag('n', 1000))
              : name === 'import'
                ? await leadImport(parts!, flag('n', 10_000))
                : name === 'search'
                  ? await searchBench({ n: flag('n', 100_000), log, machine, keep: args.includes('--keep') })
                  : name === 'simulate'
                    ? await simulateBench({ n: flag('n', 100), log, machine: JSON.stringify(machine) })
                    : name === 'enrol'
                      ? await enrol(parts!, flag('n', 1000), flag('segment', 50_000))
                      : name === 'sendrate'
                        ? await sendRate(parts!, flag('n', 10_000), flag('rate', 14))
                        : await scale(parts!, flag('n', 100_000));
      fs.writeFileSync(path.join(OUT, `${name}.json`), `${JSON.stringify(result, null, 2)}\n`);
      log(`→ bench/out/${name}.json`);
    } finally {
      await parts?.close();
    }
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
