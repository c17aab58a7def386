/**
 * `npm run chaos`: fault injection. Runs a few thousand leads through a three-email sequence
 * while the worker is SIGKILLed mid-send, the SMTP server is down for 30 s, the Temporal dev
 * server (persisted) restarts and PostgreSQL drops every connection (or restarts, with
 * --pg-restart-cmd), and 20% of the leads unsubscribe while sends are in flight. Then it counts:
 * emails expected vs delivered, duplicates, lost, journeys stuck, database rows vs the mailbox,
 * and emails delivered after an acknowledged unsubscribe. Targets: all zero. Exit code 1 if not.
 *
 *   npm run chaos                       2,000 leads (about 10 minutes on 2 cores)
 *   npm run chaos -- --leads 500        fewer
 *   npm run chaos -- --quick            100 leads, short outages (what `npm test` runs)
 *   npm run chaos -- --pg-restart-cmd "pg_ctlcluster 15 main restart"   a real PostgreSQL restart
 *   npm run chaos -- --transport http   the HTTP email transport (EMAIL_API_URL) against a local ESP
 *                                       with idempotency keys (test/helpers/fake-esp.ts) instead of SMTP
 *
 * Needs PostgreSQL (the worker is a separate process): DATABASE_URL, default
 * postgresql://postgres@127.0.0.1:5432/postgres; a fresh database nurture_chaos_<pid> is created
 * and dropped. Temporal, SMTP and the worker are started here. JSON result: bench/out/chaos.json.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { Client as PgClient } from 'pg';
import { runMain } from '../lib/boot';
import { AppError } from '../lib/errors';
import { openDatabase, type TDatabase } from '../lib/db/open-database';
import { applyMigrations } from '../lib/db/apply-migrations';
import { startSmtpCapture, type TSmtpCapture } from '../lib/mail/smtp-capture';
import { findOrInstallTemporalBinary } from '../lib/temporal/find-temporal-binary';
import { sqlitePragmaArgs } from '../lib/temporal/dev-server-options';
import { createTemplateVersion } from '../domain/templates/create-template-version';
import { publishSequence } from '../domain/sequences/publish-sequence';
import { createEnrollLeads } from '../domain/sequences/enroll-leads';
import { unsubscribeLead } from '../domain/leads/unsubscribe-lead';
import { signalLeadJourneys } from '../domain/journeys/signal-lead-journeys';
import { unsubscribeSignal } from '../contract/journeys';
import { INTERRUPTED_AT_SMTP } from '../activities/send-lead-email';
import { startFakeEsp, type TFakeEsp } from '../test/helpers/fake-esp';

const args = process.argv.slice(2);
const option = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const QUICK = args.includes('--quick');
const LEADS = Number(option('leads') ?? (QUICK ? 100 : 2000));
const SMTP_OUTAGE_MS = QUICK ? 5_000 : 30_000;
const PG_RESTART_CMD = option('pg-restart-cmd');
const TRANSPORT = option('transport') ?? 'smtp';
if (TRANSPORT !== 'smtp' && TRANSPORT !== 'http') throw new AppError('CONFIG_INVALID', '--transport must be smtp or http');
const STEPS = ['e1', 'e2', 'e3'] as const;
const ROOT = path.resolve(__dirname, '..');

const t0 = Date.now();
const say = (line: string) => process.stderr.write(`[chaos +${((Date.now() - t0) / 1000).toFixed(1)}s] ${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => (socket.end(), resolve(true)));
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new AppError('DEPENDENCY_UNAVAILABLE', `nothing listens on port ${port} after ${timeoutMs} ms`);
    await sleep(200);
  }
}

/** Children die with us, however we end (even on an uncaught error). */
const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});
const track = (child: ChildProcess) => {
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
};

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise<void>((r) => child.once('exit', () => r()));

/** The Temporal dev server as our own child process, so it can be restarted on the same SQLite file. */
function temporalServer(dir: string, port: number, logFile: string) {
  const cli = findOrInstallTemporalBinary('cli', { log: say });
  if (!cli) throw new AppError('DEPENDENCY_UNAVAILABLE', 'the Temporal CLI is not installed: run npm run setup:temporal');
  let child: ChildProcess | undefined;
  return {
    async start() {
      const [httpPort, metricsPort] = [await freePort(), await freePort()];
      const out = fs.openSync(logFile, 'a');
      child = track(
        spawn(
          cli.path,
          [
            'server',
            'start-dev',
            '--headless',
            '--ip',
            '127.0.0.1',
            '--port',
            String(port),
            '--http-port',
            String(httpPort),
            '--metrics-port',
            String(metricsPort),
            '--db-filename',
            path.join(dir, 'temporal.sqlite'),
            '--log-level',
            'error',
            ...sqlitePragmaArgs(),
          ],
          { stdio: ['ignore', out, out] },
        ),
      );
      await waitForPort(port, 60_000);
    },
    async stop() {
      if (!child) return;
      child.kill('SIGTERM');
      await exited(child);
    },
  };
}

/** A per-run secret for the worker processes (they refuse the public development one). */
const CHAOS_SIGNING_SECRET = randomBytes(32).toString('hex');

/** The worker as a child process, restarted whenever it dies (by our SIGKILL or otherwise). */
function workerProcess(env: NodeJS.ProcessEnv, logFile: string) {
  let child: ChildProcess | undefined;
  let stopping = false;
  let starts = 0;
  const spawnOne = () => {
    starts++;
    const out = fs.openSync(logFile, 'a');
    // node itself with tsx's loader, not the tsx wrapper: SIGKILL must reach the worker process.
    // npm run worker refuses the development signing secret: the chaos run signs with its own.
    const workerEnv = { ...env, SIGNING_SECRET: env.SIGNING_SECRET ?? CHAOS_SIGNING_SECRET };
    child = track(
      spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'worker', 'main.ts')], {
        cwd: ROOT,
        env: workerEnv,
        stdio: ['ignore', out, out],
      }),
    );
    child.once('exit', () => {
      if (!stopping) setTimeout(spawnOne, 1_000);
    });
  };
  return {
    get starts() {
      return starts;
    },
    start: spawnOne,
    kill() {
      child?.kill('SIGKILL');
    },
    async stop() {
      stopping = true;
      if (child) {
        child.kill('SIGTERM');
        await exited(child);
      }
    },
  };
}

runMain(async () => {
  const baseUrl = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
  const dbName = `nurture_chaos_${process.pid}`;
  let admin = new PgClient({ connectionString: baseUrl });
  // A PostgreSQL restart drops this connection too: reconnect for the next admin query.
  const adminQuery = async (sql: string, params: unknown[] = []) => {
    try {
      return await admin.query(sql, params);
    } catch {
      admin = new PgClient({ connectionString: baseUrl });
      admin.on('error', () => undefined);
      await admin.connect();
      return admin.query(sql, params);
    }
  };
  admin.on('error', () => undefined);
  try {
    await admin.connect();
  } catch (cause) {
    throw new AppError('DEPENDENCY_UNAVAILABLE', `chaos needs PostgreSQL (the worker runs in its own process): cannot reach ${baseUrl}`, {
      cause,
    });
  }
  await admin.query(`CREATE DATABASE ${dbName}`);
  const url = new URL(baseUrl);
  url.pathname = `/${dbName}`;
  const databaseUrl = url.toString();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nurture-chaos-'));
  const [temporalPort, smtpPort] = [await freePort(), await freePort()];
  const mailDir = path.join(dir, 'mailbox');
  const server = temporalServer(dir, temporalPort, path.join(dir, 'temporal.log'));
  let capture: TSmtpCapture | undefined;
  let esp: TFakeEsp | undefined;
  let db: TDatabase | undefined;
  let temporal: Client | undefined;
  let worker: ReturnType<typeof workerProcess> | undefined;
  say(`${LEADS} leads × ${STEPS.length} emails over ${TRANSPORT}; state in ${dir}; database ${dbName}`);
  try {
    await server.start();
    capture = await startSmtpCapture({ port: smtpPort, dir: mailDir, maxMessages: 1_000_000 });
    // The ESP answers 300 ms after taking a message (a real API's latency): a SIGKILL meanwhile is the crash window.
    if (TRANSPORT === 'http') esp = await startFakeEsp({ port: await freePort(), answerDelayMs: 300 });
    db = await openDatabase({ databaseUrl, pgliteDataDir: '' });
    await applyMigrations(db.sql, { useAdvisoryLock: true });
    const { prisma } = db;
    const connection = await Connection.connect({ address: `127.0.0.1:${temporalPort}` });
    temporal = new Client({ connection });
    const taskQueue = 'chaos';

    // The sequence: three marketing emails with short waits between them.
    for (const key of STEPS) {
      await createTemplateVersion(prisma, {
        key: `chaos-${key}`,
        name: key,
        subject: `${key} for {{lead.firstName}}`,
        mjml: `<mjml><mj-body><mj-section><mj-column><mj-text>${key}: hello {{lead.firstName}}</mj-text></mj-column></mj-section></mj-body></mjml>`,
      });
    }
    await publishSequence(prisma, {
      key: 'chaos',
      name: 'Chaos: three emails',
      steps: [
        { id: 'e1', type: 'email', email: { template: 'chaos-e1' } },
        { id: 'w1', type: 'wait', wait: { duration: '1 minute' } },
        { id: 'e2', type: 'email', email: { template: 'chaos-e2' } },
        { id: 'w2', type: 'wait', wait: { duration: '1 minute' } },
        { id: 'e3', type: 'email', email: { template: 'chaos-e3' } },
      ],
    });
    await prisma.lead.createMany({
      data: Array.from({ length: LEADS }, (_, i) => ({ email: `chaos-${i}@chaos.test`, firstName: `Lead${i}`, timeZone: 'UTC' })),
    });
    const leads = await prisma.lead.findMany({ select: { id: true, email: true }, orderBy: { email: 'asc' } });

    worker = workerProcess(
      {
        ...process.env,
        NODE_ENV: 'development',
        LOG_LEVEL: 'warn',
        DATABASE_URL: databaseUrl,
        SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
        ...(esp ? { EMAIL_API_URL: esp.url, EMAIL_API_KEY: esp.apiKey } : {}),
        TEMPORAL_ADDRESS: `127.0.0.1:${temporalPort}`,
        TEMPORAL_TASK_QUEUE: taskQueue,
        QUIET_HOURS: 'off',
        FREQUENCY_CAP: 'off',
        MESSAGE_ID_DOMAIN: 'chaos.test',
      },
      path.join(dir, 'worker.log'),
    );
    worker.start();

    // Enrol everyone, then inject faults while the journeys run.
    const enroll = createEnrollLeads({ prisma, temporal, taskQueue, searchAttributes: false });
    for (let i = 0; i < leads.length; i += 100) await enroll({ sequenceKey: 'chaos', leadIds: leads.slice(i, i + 100).map((l) => l.id) });
    say(`enrolled ${leads.length}`);
    const sentCount = () => prisma.emailMessage.count({ where: { status: 'SENT' } });
    let floor = 0;
    /** Until `n` emails are sent, and at least a few since the last fault (so a restarted worker is at work). */
    const untilSent = async (n: number) => {
      const target = Math.max(n, floor + Math.max(3, Math.floor(LEADS / 20)));
      for (;;) {
        const sent = await sentCount().catch(() => 0);
        if (sent >= target) {
          floor = sent;
          return;
        }
        await sleep(200);
      }
    };
    const total = LEADS * STEPS.length;
    const faults: { at: string; fault: string }[] = [];
    const faultTimes: { fault: string; ms: number }[] = [];
    const fault = (name: string) => {
      faults.push({ at: `${((Date.now() - t0) / 1000).toFixed(1)}s`, fault: name });
      faultTimes.push({ fault: name, ms: Date.now() });
      say(`FAULT: ${name}`);
    };

    // Unsubscribe storm: 20% of the leads, spread over the run, each acknowledgement timed.
    const stormLeads = leads.filter((_, i) => i % 5 === 2);
    const acks = new Map<string, number>();
    const storm = (async () => {
      await untilSent(Math.floor(total * 0.05));
      for (let i = 0; i < stormLeads.length; i += 8) {
        await Promise.all(
          stormLeads.slice(i, i + 8).map(async (lead) => {
            for (;;) {
              try {
                await unsubscribeLead(prisma, lead.id, 'chaos-storm');
                acks.set(lead.id, Date.now());
                await signalLeadJourneys({ prisma, temporal: temporal! }, lead.id, (h) => h.signal(unsubscribeSignal)).catch(() => 0);
                return;
              } catch {
                await sleep(500); // the database was dropping connections: try again, as a browser would
              }
            }
          }),
        );
        await sleep(QUICK ? 50 : 200);
      }
      say(`unsubscribe storm done: ${acks.size} acknowledged`);
    })();

    const steps = QUICK ? [0.1, 0.25, 0.35, 0.5, 0.65, 0.8] : [0.08, 0.2, 0.3, 0.45, 0.6, 0.75];
    await untilSent(Math.floor(total * steps[0]!));
    fault('SIGKILL worker (mid-send)');
    worker.kill();
    await untilSent(Math.floor(total * steps[1]!));
    fault('SIGKILL worker (mid-send)');
    worker.kill();
    await untilSent(Math.floor(total * steps[2]!));
    if (esp) {
      fault(`ESP API down for ${SMTP_OUTAGE_MS / 1000} s`);
      await esp.down();
      await sleep(SMTP_OUTAGE_MS);
      await esp.up();
      say('ESP API back');
    } else {
      fault(`SMTP server down for ${SMTP_OUTAGE_MS / 1000} s`);
      await capture.close();
      await sleep(SMTP_OUTAGE_MS);
      capture = await startSmtpCapture({ port: smtpPort, dir: mailDir, maxMessages: 1_000_000 });
      say('SMTP server back');
    }
    await untilSent(Math.floor(total * steps[3]!));
    fault('restart the Temporal dev server (SQLite persisted)');
    await server.stop();
    await sleep(2_000);
    await server.start();
    say('Temporal back');
    await untilSent(Math.floor(total * steps[4]!));
    if (PG_RESTART_CMD) {
      fault(`restart PostgreSQL (${PG_RESTART_CMD})`);
      const r = spawnSync('sh', ['-c', PG_RESTART_CMD], { stdio: 'inherit' });
      if (r.status !== 0) say(`warning: "${PG_RESTART_CMD}" exited with ${r.status}`);
    } else {
      fault('PostgreSQL drops every connection to the database (pg_terminate_backend)');
      await adminQuery('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [dbName]);
    }
    await untilSent(Math.floor(total * steps[5]!));
    fault('SIGKILL worker (mid-send)');
    worker.kill();
    await storm;

    // Let everything settle: every journey completed or exited.
    const deadline = Date.now() + (QUICK ? 300_000 : 900_000);
    let active = LEADS;
    let last = 0;
    while (Date.now() < deadline) {
      active = await prisma.enrollment.count({ where: { status: 'ACTIVE' } }).catch(() => active);
      if (active === 0) break;
      if (Date.now() - last > 10_000) {
        last = Date.now();
        say(`${await sentCount().catch(() => '?')}/${total} sent, ${active} journeys still running`);
      }
      await sleep(500);
    }
    await sleep(1_000); // a message accepted a moment ago is on disk
    await worker.stop();

    // ---- the reckoning ----
    const rows = await prisma.emailMessage.findMany({
      select: { leadId: true, stepId: true, messageId: true, status: true, attempts: true, error: true },
    });
    // Messages reloaded from the mailbox folder after the SMTP restart have no envelope: go by headers.
    // Over HTTP the ESP's sent list is the mailbox (the Message-ID travels as a header).
    const delivered: { messageId?: string | null | undefined; to: string; receivedAt: string }[] = (
      esp ? esp.sent.map((m) => ({ messageId: m.headers['Message-ID'], to: m.to.join(', '), receivedAt: m.receivedAt })) : capture.list()
    ).filter((m) => m.messageId?.endsWith('@chaos.test>'));
    const recipientOf = (m: (typeof delivered)[number]) => /<?([^<>\s]+@chaos\.test)>?\s*$/.exec(m.to)?.[1];
    const byMessageId = new Map<string, number>();
    for (const m of delivered) byMessageId.set(m.messageId ?? '', (byMessageId.get(m.messageId ?? '') ?? 0) + 1);
    const unsubscribed = new Set(acks.keys());
    const leadByEmail = new Map(leads.map((l) => [l.email, l.id]));
    const sentRows = rows.filter((r) => r.status === 'SENT');
    const expected =
      LEADS * STEPS.length - stormLeads.reduce((n, l) => n + STEPS.length - sentRows.filter((r) => r.leadId === l.id).length, 0);
    const duplicates = [...byMessageId.values()].reduce((n, c) => n + (c > 1 ? c - 1 : 0), 0);
    const deliveredIds = new Set(byMessageId.keys());
    // Lost: a lead that never unsubscribed and lacks a step's email, or a SENT row with no mail.
    const lost =
      leads
        .filter((l) => !unsubscribed.has(l.id))
        .reduce((n, l) => n + STEPS.filter((s) => !sentRows.some((r) => r.leadId === l.id && r.stepId === s)).length, 0) +
      sentRows.filter((r) => !deliveredIds.has(r.messageId)).length;
    const rowIds = new Set(sentRows.map((r) => r.messageId));
    // A claim settled without sending after an attempt died mid-SMTP says so (INTERRUPTED_AT_SMTP).
    const flagged = new Set(rows.filter((r) => r.error?.includes(INTERRUPTED_AT_SMTP)).map((r) => r.messageId));
    const mailWithoutRowIds = [...deliveredIds].filter((id) => !rowIds.has(id));
    const mailWithoutRow = mailWithoutRowIds.filter((id) => !flagged.has(id)).length;
    // The crash window (README, "Exactly-once sends"): the worker was SIGKILLed after sending the
    // message's final "." and before it recorded SMTP's 250; the retry resent it with the same
    // Message-ID. The server stores (and timestamps) the first copy when it has parsed and written
    // it, which under this load can be seconds after the kill. Only those are explained.
    const killTimes = faultTimes.filter((f) => f.fault.startsWith('SIGKILL')).map((f) => f.ms);
    const duplicateIds = [...byMessageId.entries()].filter(([, c]) => c > 1).map(([id]) => id);
    const explained = (id: string) => {
      const first = Math.min(...delivered.filter((m) => m.messageId === id).map((m) => Date.parse(m.receivedAt)));
      return killTimes.some((k) => first >= k - 5_000 && first <= k + 15_000);
    };
    const unexplainedDuplicates = duplicateIds.filter((id) => !explained(id)).length;
    const afterAck = delivered.filter((m) => {
      const leadId = leadByEmail.get(recipientOf(m) ?? '');
      const ack = leadId ? acks.get(leadId) : undefined;
      return ack !== undefined && Date.parse(m.receivedAt) > ack;
    }).length;
    const stuckClaims = rows.filter((r) => r.status === 'CLAIMED').length;
    const result = {
      scenario: 'chaos',
      transport: TRANSPORT,
      quick: QUICK,
      leads: LEADS,
      emailsPerLead: STEPS.length,
      machine: { cores: os.cpus().length, memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version },
      faults,
      workerStarts: worker.starts,
      expected,
      delivered: delivered.length,
      duplicates,
      lost,
      journeysStuck: active,
      rowsStillClaimed: stuckClaims,
      mailWithoutSentRow: mailWithoutRow,
      unsubscribed: acks.size,
      deliveredAfterUnsubscribeAck: afterAck,
      sendsRetried: rows.filter((r) => r.attempts > 1).length,
      /** HTTP transport: retries the ESP answered from its idempotency store (each would have been a second copy). */
      espCollapsedRetries: esp ? esp.replayed : null,
      duplicateDeliveries: [...byMessageId.entries()]
        .filter(([, c]) => c > 1)
        .map(([messageId]) => ({
          messageId,
          receivedAt: delivered.filter((m) => m.messageId === messageId).map((m) => m.receivedAt),
          row: rows.find((r) => r.messageId === messageId) ?? null,
        })),
      mailWithoutSentRowIds: mailWithoutRowIds,
      interruptedThenSuppressed: mailWithoutRowIds.length - mailWithoutRow,
      duplicatesFromKillWindow: duplicateIds.length - unexplainedDuplicates,
      unexplainedDuplicates,
      seconds: (Date.now() - t0) / 1000,
    };
    // Every email a lead should get arrived; the only extra copies are kill-window resends (same
    // Message-ID) and the only mail without a SENT row is flagged as interrupted at SMTP.
    const ok =
      result.delivered - duplicates === result.expected + result.interruptedThenSuppressed &&
      unexplainedDuplicates === 0 &&
      lost === 0 &&
      active === 0 &&
      stuckClaims === 0 &&
      mailWithoutRow === 0 &&
      afterAck === 0;
    const lines = [
      ['emails expected', result.expected],
      ['emails delivered', result.delivered],
      ['duplicates (same Message-ID twice)', duplicates],
      ['  of which resent after a SIGKILL in the crash window', result.duplicatesFromKillWindow],
      ['delivered, then settled unsent after a kill (flagged on the row)', result.interruptedThenSuppressed],
      ['lost', lost],
      ['journeys stuck', active],
      ['rows still CLAIMED', stuckClaims],
      ['mail without a SENT row', mailWithoutRow],
      [`delivered after an acknowledged unsubscribe (${acks.size} leads)`, afterAck],
      ['sends retried (attempts > 1)', result.sendsRetried],
      ...(esp ? ([['retries the ESP collapsed by idempotency key (nothing sent)', esp.replayed]] as const) : []),
      ['worker starts', worker.starts],
    ] as const;
    process.stdout.write(
      `\n${lines.map(([k, v]) => `${String(k).padEnd(62)} ${v}`).join('\n')}\n${ok ? '✔ all targets met' : '✘ targets missed'}\n`,
    );
    fs.mkdirSync(path.join(ROOT, 'bench', 'out'), { recursive: true });
    fs.writeFileSync(
      path.join(ROOT, 'bench', 'out', `${QUICK ? 'chaos-quick' : 'chaos'}${TRANSPORT === 'http' ? '-http' : ''}.json`),
      `${JSON.stringify({ ...result, ok }, null, 2)}\n`,
    );
    if (!ok) process.exitCode = 1;
  } finally {
    await worker?.stop().catch(() => undefined);
    await temporal?.connection.close().catch(() => undefined);
    await db?.close().catch(() => undefined);
    await capture?.close().catch(() => undefined);
    await esp?.close().catch(() => undefined);
    await server.stop().catch(() => undefined);
    await adminQuery(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
    await admin.end().catch(() => undefined);
    if (!args.includes('--keep')) fs.rmSync(dir, { recursive: true, force: true });
  }
  // Whatever client library still holds a socket, the run is over.
  setTimeout(() => process.exit(), 500).unref();
});
