/**
 * Operations (ADR-035), end to end on real parts: the Temporal dev server (real time: the due-to-
 * sent lag and the guard's rolling window are wall-clock), a real database, real SMTP capture,
 * a real worker with its sender-reputation guard, the worker's ops server and the HTTP API.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { buildServer, type TApp } from '../../api/server';
import { createApiKey } from '../../domain/api-keys/create-api-key';
import { checkSendPolicy } from '../../domain/deliverability/check-send-policy';
import { recordDeliveryEvent } from '../../domain/deliverability/record-delivery-event';
import { createEnrollLeads, type TEnrollLeads } from '../../domain/sequences/enroll-leads';
import { publishSequence } from '../../domain/sequences/publish-sequence';
import { createUser } from '../../domain/users/create-user';
import { activityConfigFromEnv } from '../../activities';
import { createHealthChecks } from '../../lib/boot';
import type { TDatabase } from '../../lib/db/open-database';
import { checkMigrations } from '../../lib/db/migration-status';
import { TemplateCache } from '../../lib/mail/render-template';
import { startOpsServer, startWorkerOps, type TOpsServer } from '../../worker/ops-server';
import type { TRunningWorker } from '../../worker/start-worker';
import { createTestDatabase, type TTestDatabase } from '../helpers/database';
import { createTestMail } from '../helpers/mail';
import { eventually } from '../helpers/eventually';
import { createTemplates } from '../helpers/journeys';
import { createDevServerEnv, createTestWorker, TEST_ENV, uniqueTaskQueue } from '../helpers/temporal';

/** The value of one sample in Prometheus text, matched by name and a subset of its labels (0 when absent). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  const line = text.split('\n').find((l) => (l.startsWith(`${name}{`) || l.startsWith(`${name} `)) && wanted.every((w) => l.includes(w)));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : 0;
}

describe('operations: metrics, readiness and the sender-reputation guard', () => {
  let env: TestWorkflowEnvironment;
  let db: TTestDatabase;
  let mail: Awaited<ReturnType<typeof createTestMail>>;
  let worker: TRunningWorker;
  let enroll: TEnrollLeads;
  let app: TApp;
  let ops: TOpsServer;
  let admin: { authorization: string };
  let seq = 0;
  const taskQueue = uniqueTaskQueue('ops');
  const ADMIN_EMAIL = 'ops-admin@nurture.test';

  beforeAll(async () => {
    [env, db, mail] = await Promise.all([createDevServerEnv(), createTestDatabase(), createTestMail()]);
    await createTemplates(db.prisma, ['ops-promo', 'ops-sales']);
    await publishSequence(db.prisma, {
      key: 'ops-promo',
      name: 'Promo',
      steps: [{ id: 'hello', type: 'email', email: { template: 'ops-promo' } }],
    });
    await publishSequence(db.prisma, {
      key: 'ops-sales',
      name: 'Sales follow-up',
      settings: { category: 'sales' },
      steps: [{ id: 'follow-up', type: 'email', email: { template: 'ops-sales' } }],
    });
    await publishSequence(db.prisma, {
      key: 'ops-wait',
      name: 'Waits first',
      steps: [
        { id: 'pause-a-day', type: 'wait', wait: { duration: '1 day' } },
        { id: 'hello', type: 'email', email: { template: 'ops-promo' } },
      ],
    });
    worker = await createTestWorker({
      env,
      prisma: db.prisma,
      mailer: mail.mailer,
      taskQueue,
      temporal: env.client,
      // Small numbers so a test can cross them: 3 sends judge a domain, the guard looks every second.
      envOverrides: { SENDER_REPUTATION_MIN_SENT: 3, SENDER_REPUTATION_CHECK_SECONDS: 1 },
    });
    enroll = createEnrollLeads({ prisma: db.prisma, temporal: env.client, taskQueue, searchAttributes: false });
    const health = createHealthChecks({ db, temporal: env.client, temporalAddress: 'dev server', mailer: mail.mailer });
    app = await buildServer({
      env: { ...TEST_ENV, TEMPORAL_TASK_QUEUE: taskQueue, API_METRICS: true },
      prisma: db.prisma,
      temporal: env.client,
      mailer: mail.mailer,
      templates: new TemplateCache(),
      health,
    });
    // The worker's ops server as `npm run worker` starts it (WORKER_HTTP_PORT), on a free port.
    ops = await startWorkerOps({
      host: '127.0.0.1',
      port: 0,
      db,
      temporal: env.client,
      temporalAddress: 'dev server',
      mailer: mail.mailer,
      worker: worker.worker,
      prisma: db.prisma,
      reputationWindowMs: TEST_ENV.SENDER_REPUTATION_WINDOW,
    });
    await createUser(
      { prisma: db.prisma },
      { email: ADMIN_EMAIL, name: 'Ops Admin', role: 'ADMIN', password: 'correct horse battery staple' },
    );
    admin = { authorization: `Bearer ${(await createApiKey(db.prisma, { name: 'ops', role: 'ADMIN' })).key}` };
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await ops?.close();
    await worker?.stop();
    await Promise.all([env?.teardown(), db?.cleanup(), mail?.close()]);
  });

  const newLead = () => {
    seq++;
    return db.prisma.lead.create({ data: { email: `ops${seq}@example.am`, firstName: `Anahit${seq}`, timeZone: 'Asia/Yerevan' } });
  };
  const scrapeWorker = async () => (await fetch(`http://127.0.0.1:${ops.port}/metrics`)).text();
  const sentTo = (leadId: string) =>
    eventually(`the email to lead ${leadId}`, () => db.prisma.emailMessage.findFirst({ where: { leadId, status: 'SENT' } }));
  const start = async (sequenceKey: string, leadId: string) => {
    const [result] = await enroll({ sequenceKey, leadIds: [leadId] });
    expect(result).toMatchObject({ outcome: 'enrolled' });
  };

  it('counts real sends through the worker on /metrics: outcome by sequence, send latency and the due-to-sent lag', async () => {
    const before = await scrapeWorker();
    const leads = await Promise.all([newLead(), newLead(), newLead()]);
    for (const lead of leads) await start('ops-promo', lead.id);
    const emails = await Promise.all(leads.map((l) => sentTo(l.id)));
    // The sending domain is recorded for the guard: MAIL_FROM's domain for marketing mail.
    expect(emails.map((e) => e.fromDomain)).toEqual(['nurture.test', 'nurture.test', 'nurture.test']);

    const after = await scrapeWorker();
    const sent = { outcome: 'sent', category: 'marketing', sequence: 'ops-promo', reason: 'none' };
    expect(sample(after, 'nurture_emails_total', sent) - sample(before, 'nurture_emails_total', sent)).toBe(3);
    // Every send observed once in the lag histogram (due → SMTP accepted) and the latency histogram.
    const lag = (t: string) => sample(t, 'nurture_email_due_lag_seconds_count', { category: 'marketing' });
    expect(lag(after) - lag(before)).toBe(3);
    const lagSum = sample(after, 'nurture_email_due_lag_seconds_sum', { category: 'marketing' });
    expect(lagSum).toBeGreaterThanOrEqual(0);
    expect(lagSum).toBeLessThan(60); // a live worker sends within seconds of the due time
    const latency = (t: string) => sample(t, 'nurture_email_send_duration_seconds_count', { outcome: 'sent', category: 'marketing' });
    expect(latency(after) - latency(before)).toBe(3);
    // No lead id or address ever becomes a label.
    for (const lead of leads) {
      expect(after).not.toContain(lead.id);
      expect(after).not.toContain(lead.email);
    }
    // Journeys per sequence come from the database at scrape time.
    await eventually('the journeys to complete', async () =>
      (await db.prisma.enrollment.count({ where: { status: 'COMPLETED', sequence: { key: 'ops-promo' } } })) === 3 ? true : undefined,
    );
    const counted = await scrapeWorker();
    expect(sample(counted, 'nurture_journeys', { sequence: 'ops-promo', status: 'COMPLETED' })).toBe(3);
    // Imports and webhook deliveries are read the same way (none in this database yet: typed, no samples).
    expect(counted).toContain('# TYPE nurture_lead_imports gauge');
    expect(counted).toContain('# TYPE nurture_webhook_deliveries gauge');

    // The API counts requests by route pattern and status (API_METRICS=true serves /metrics).
    await app.inject({ url: '/health/live' });
    await app.inject({ url: `/leads/${leads[0]!.id}`, headers: admin });
    const api = (await app.inject({ url: '/metrics' })).body;
    expect(sample(api, 'nurture_http_requests_total', { method: 'GET', route: '/health/live', status: '200' })).toBeGreaterThanOrEqual(1);
    expect(sample(api, 'nurture_http_requests_total', { method: 'GET', route: '/leads/:id', status: '200' })).toBe(1);
    expect(api).not.toContain(leads[0]!.id);
  }, 60_000);

  it('counts enrolments by sequence and source class, and active journeys by what they do now: waiting, paused or running', async () => {
    const before = await scrapeWorker();
    const enrolled = (text: string, source: string) => sample(text, 'nurture_enrollments_total', { sequence: 'ops-wait', source });
    const active = (text: string, state: string) => sample(text, 'nurture_active_journeys', { sequence: 'ops-wait', state });
    const [a, b, c] = await Promise.all([newLead(), newLead(), newLead()]);
    await start('ops-wait', a!.id);
    await start('ops-wait', b!.id);
    // A bulk job's source carries its id: the label keeps only the class.
    const jobId = '5b0c8a0e-7d3f-4c52-9b41-0f6a2e8d1c77';
    expect(await enroll({ sequenceKey: 'ops-wait', leadIds: [c!.id], source: `bulk:${jobId}` })).toEqual([
      expect.objectContaining({ outcome: 'enrolled' }),
    ]);
    // Enrolling an active lead again writes nothing, so counts nothing.
    expect(await enroll({ sequenceKey: 'ops-wait', leadIds: [a!.id] })).toEqual([expect.objectContaining({ outcome: 'already_active' })]);
    const after = await scrapeWorker();
    expect({ api: enrolled(after, 'api') - enrolled(before, 'api'), bulk: enrolled(after, 'bulk') - enrolled(before, 'bulk') }).toEqual({
      api: 2,
      bulk: 1,
    });
    expect(after).not.toContain(jobId);

    // All three wait on their day-long timer.
    const states = async () => {
      const text = await scrapeWorker();
      return { waiting: active(text, 'waiting'), paused: active(text, 'paused'), running: active(text, 'running') };
    };
    const until = (what: string, wanted: { waiting: number; paused: number; running: number }) =>
      eventually(what, async () => {
        const now = await states();
        return now.waiting === wanted.waiting && now.paused === wanted.paused && now.running === wanted.running ? now : undefined;
      });
    await until('three journeys waiting on their timer', { waiting: 3, paused: 0, running: 0 });

    // Paused by an operator, then resumed: back on the same timer, so waiting again.
    const journeyOf = async (leadId: string) => (await db.prisma.enrollment.findFirstOrThrow({ where: { leadId, status: 'ACTIVE' } })).id;
    const pausedId = await journeyOf(b!.id);
    expect((await app.inject({ method: 'POST', url: `/journeys/${pausedId}/pause`, headers: admin })).statusCode).toBe(202);
    await until('the paused journey counted as paused', { waiting: 2, paused: 1, running: 0 });
    expect((await app.inject({ method: 'POST', url: `/journeys/${pausedId}/resume`, headers: admin })).statusCode).toBe(202);
    await until('the resumed journey waiting on its timer again', { waiting: 3, paused: 0, running: 0 });

    // A journey no worker has picked up yet (its task queue has none) has not reached a timer: running.
    const unpolled = createEnrollLeads({
      prisma: db.prisma,
      temporal: env.client,
      taskQueue: `${taskQueue}-unpolled`,
      searchAttributes: false,
    });
    const d = await newLead();
    expect(await unpolled({ sequenceKey: 'ops-wait', leadIds: [d.id] })).toEqual([expect.objectContaining({ outcome: 'enrolled' })]);
    await until('the journey not started yet counted as running', { waiting: 3, paused: 0, running: 1 });

    // An ended journey is not active any more.
    const exit = await app.inject({
      method: 'POST',
      url: `/journeys/${await journeyOf(c!.id)}/exit`,
      headers: admin,
      payload: { reason: 'test' },
    });
    expect(exit.statusCode).toBe(202);
    await until('the exited journey gone from the active ones', { waiting: 2, paused: 0, running: 1 });
    const last = await scrapeWorker();
    expect(sample(last, 'nurture_journeys', { sequence: 'ops-wait', status: 'ACTIVE' })).toBe(3);
    expect(enrolled(last, 'api') - enrolled(before, 'api')).toBe(3);
    await env.client.workflow.getHandle(`journey/ops-wait/${d.id}`).terminate('test over');
  }, 60_000);

  it('answers /health/live and /health/ready, and names the failing checks when the database or Temporal is unreachable', async () => {
    const live = await app.inject({ url: '/health/live' });
    expect(live.statusCode).toBe(200);
    const ready = await app.inject({ url: '/health/ready' });
    expect({ status: ready.statusCode, body: ready.json() }).toMatchObject({
      status: 200,
      body: {
        status: 'ok',
        failing: [],
        checks: { database: { status: 'ok' }, temporal: { status: 'ok' }, smtp: { status: 'ok' }, migrations: { status: 'ok' } },
      },
    });
    // The worker's ops server answers the same.
    const workerReady = await fetch(`http://127.0.0.1:${ops.port}/health/ready`);
    expect(workerReady.status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${ops.port}/health/live`)).status).toBe(200);

    // A PostgreSQL address where nothing listens (the real driver, refused), and the same for Temporal.
    const refused = new pg.Pool({ connectionString: 'postgresql://nurture@127.0.0.1:1/nurture', connectionTimeoutMillis: 1000, max: 1 });
    const dead: TDatabase = {
      ...db,
      description: 'PostgreSQL at 127.0.0.1:1',
      sql: {
        exec: async (text) => void (await refused.query(text)),
        query: async <T extends Record<string, unknown>>(text: string, params?: unknown[]) =>
          (await refused.query(text, params)).rows as T[],
      },
    };
    const nowhere = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1', connectTimeout: '1 second', interceptors: [] }) });
    const broken = await buildServer({
      env: { ...TEST_ENV, TEMPORAL_TASK_QUEUE: taskQueue },
      prisma: db.prisma,
      temporal: env.client,
      mailer: mail.mailer,
      templates: new TemplateCache(),
      health: createHealthChecks({ db: dead, temporal: nowhere, temporalAddress: '127.0.0.1:1', mailer: mail.mailer }),
    });
    const brokenOps = await startOpsServer({
      host: '127.0.0.1',
      port: 0,
      checks: createHealthChecks({ db: dead, temporal: nowhere, temporalAddress: '127.0.0.1:1', mailer: mail.mailer }),
      alive: () => true,
    });
    try {
      const res = await broken.inject({ url: '/health/ready' });
      expect(res.statusCode).toBe(503);
      const body = res.json();
      expect(body.status).toBe('down');
      // Why it is not ready, by name: the database and Temporal, not SMTP.
      expect([...body.failing].sort()).toEqual(expect.arrayContaining(['database', 'temporal']));
      expect(body.failing).not.toContain('smtp');
      expect(body.checks.database.status).toBe('down');
      expect(body.checks.temporal.status).toBe('down');
      expect(body.checks.database.detail).toContain('ECONNREFUSED');
      // Liveness does not depend on them: the process itself is fine.
      expect((await broken.inject({ url: '/health/live' })).statusCode).toBe(200);
      const workerRes = await fetch(`http://127.0.0.1:${brokenOps.port}/health/ready`);
      expect(workerRes.status).toBe(503);
      expect(((await workerRes.json()) as { failing: string[] }).failing).toEqual(expect.arrayContaining(['database', 'temporal']));
    } finally {
      await broken.close();
      await brokenOps.close();
      await nowhere.connection.close().catch(() => undefined);
      await refused.end().catch(() => undefined);
    }

    // Migrations: a shipped migration the database lacks makes the check fail, naming it.
    const migrations = fs.mkdtempSync(path.join(os.tmpdir(), 'ops-migrations-'));
    try {
      fs.mkdirSync(path.join(migrations, '29990101000000_from_the_future'));
      fs.writeFileSync(path.join(migrations, '29990101000000_from_the_future', 'migration.sql'), 'SELECT 1;');
      await expect(checkMigrations(db.sql, migrations)).rejects.toThrow('1 migration(s) not applied: 29990101000000_from_the_future');
    } finally {
      fs.rmSync(migrations, { recursive: true, force: true });
    }
  }, 60_000);

  it('pauses marketing from a domain past the complaint threshold, emails the admins once, keeps sales mail flowing, and resumes with one call', async () => {
    // The three marketing emails of the first test went from nurture.test; one complaint is 33 %.
    const complained = await db.prisma.emailMessage.findFirstOrThrow({ where: { fromDomain: 'nurture.test', status: 'SENT' } });
    await recordDeliveryEvent(
      db.prisma,
      { email: complained.toAddress, kind: 'COMPLAINT', source: 'webhook', messageId: complained.messageId },
      { softBounceLimit: TEST_ENV.SOFT_BOUNCE_LIMIT },
    );
    const pause = await eventually('the guard to pause nurture.test', () =>
      db.prisma.senderDomainPause.findFirst({ where: { domain: 'nurture.test', resumedAt: null } }),
    );
    expect(pause.reason).toBe('sending paused: complaint rate 33.33 % over 24 h');

    // The admins hear about it once, however many times the guard looks.
    const alert = await mail.capture.waitFor((m) => m.envelopeTo.includes(ADMIN_EMAIL));
    expect(alert.subject).toBe('Sending paused for nurture.test: complaint rate 33.33 % over 24 h');
    expect(alert.text).toContain('POST /deliverability/sender-domains/nurture.test/resume');
    await new Promise((r) => setTimeout(r, 2500));
    expect(mail.capture.list().filter((m) => m.envelopeTo.includes(ADMIN_EMAIL))).toHaveLength(1);

    // The next marketing send from the domain waits, saying why; nothing is sent to that lead.
    const waiting = await newLead();
    await start('ops-promo', waiting.id);
    const postponed = await eventually('the marketing send to be postponed', () =>
      db.prisma.leadEvent.findFirst({ where: { leadId: waiting.id, type: 'email.postponed' } }),
    );
    expect((postponed.data as { reason: string }).reason).toBe('sending paused: complaint rate 33.33 % over 24 h');
    expect(await db.prisma.emailMessage.count({ where: { leadId: waiting.id } })).toBe(0);
    const metrics = await scrapeWorker();
    expect(sample(metrics, 'nurture_emails_total', { outcome: 'postponed', sequence: 'ops-promo', reason: 'sender-paused' })).toBe(1);
    // The guard's view, per sending domain, for dashboards and alerts.
    expect(sample(metrics, 'nurture_sender_paused', { domain: 'nurture.test' })).toBe(1);
    expect(sample(metrics, 'nurture_sender_complaint_rate_percent', { domain: 'nurture.test' })).toBeCloseTo(33.33, 1);

    // A send that cannot wait (a holiday greeting) is skipped, not suppressed: its journey goes on.
    const greeting = await checkSendPolicy(
      db.prisma,
      {
        lead: waiting,
        category: 'marketing',
        topic: undefined,
        atMs: Date.now(),
        idempotencyKey: 'ops-greeting',
        canPostpone: false,
        senderDomain: 'nurture.test',
      },
      { quietHours: 'off', frequencyCap: 'off', requireMarketingConsent: false },
    );
    expect(greeting).toEqual({ action: 'skip', reason: 'sending paused: complaint rate 33.33 % over 24 h' });

    // A 1:1 sales email from the same domain still goes.
    const prospect = await newLead();
    await start('ops-sales', prospect.id);
    expect(await sentTo(prospect.id)).toMatchObject({ category: 'sales', fromDomain: 'nurture.test' });

    // Operators see the domain's rates and its pause.
    const listed = await app.inject({ url: '/deliverability/sender-domains', headers: admin });
    expect(listed.statusCode).toBe(200);
    expect(listed.json().items).toEqual([
      expect.objectContaining({ domain: 'nurture.test', complaints: 1, paused: expect.objectContaining({ reason: pause.reason }) }),
    ]);

    // One call resumes; the rates are judged afresh from then on, so the guard does not pause again.
    const resumed = await app.inject({ method: 'POST', url: '/deliverability/sender-domains/nurture.test/resume', headers: admin });
    expect(resumed.statusCode).toBe(200);
    expect(resumed.json()).toMatchObject({ domain: 'nurture.test', resumedBy: 'api-key:ops' });
    const again = await app.inject({ method: 'POST', url: '/deliverability/sender-domains/nurture.test/resume', headers: admin });
    expect({ status: again.statusCode, body: again.json() }).toEqual({
      status: 404,
      body: { error: { code: 'NOT_FOUND', message: 'Sending from nurture.test is not paused' } },
    });
    const policy = await checkSendPolicy(
      db.prisma,
      {
        lead: waiting,
        category: 'marketing',
        topic: undefined,
        atMs: Date.now(),
        idempotencyKey: 'ops/after-resume',
        canPostpone: true,
        senderDomain: 'nurture.test',
      },
      activityConfigFromEnv(TEST_ENV).sendPolicy,
    );
    expect(policy).toEqual({ action: 'send' });
    const fresh = await newLead();
    await start('ops-promo', fresh.id);
    expect(await sentTo(fresh.id)).toMatchObject({ category: 'marketing', fromDomain: 'nurture.test' });
    await new Promise((r) => setTimeout(r, 1500));
    expect(await db.prisma.senderDomainPause.count({ where: { domain: 'nurture.test', resumedAt: null } })).toBe(0);
  }, 60_000);
});
