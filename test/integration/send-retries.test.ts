/**
 * Send retries against SMTP servers that misbehave, on the dev server (real time: heartbeat and
 * start-to-close timeouts fire as they would in production, which the time-skipping server does
 * not promise while activities run):
 *   - a server that answers the message's final "." only after 40 s gets exactly one copy (before,
 *     the journey's 30 s heartbeat timeout started a retry while the first attempt was still at SMTP);
 *   - an address refused for good (5xx) is recorded as failed once, never retried, and the journey
 *     goes on (before, a notification to it retried for ever and held the journey at its notify step).
 */
import { MockActivityEnvironment, type TestWorkflowEnvironment } from '@temporalio/testing';
import { SMTPServer } from 'smtp-server';
import { activityConfigFromEnv, createActivities } from '../../activities';
import { createEnrollLeads, type TEnrollLeads } from '../../domain/sequences/enroll-leads';
import { publishSequence } from '../../domain/sequences/publish-sequence';
import { createMailer, type TMailer } from '../../lib/mail/create-mailer';
import { TemplateCache } from '../../lib/mail/render-template';
import type { TRunningWorker } from '../../worker/start-worker';
import { createTestDatabase, type TTestDatabase } from '../helpers/database';
import { eventually } from '../helpers/eventually';
import { createTemplates } from '../helpers/journeys';
import { createDevServerEnv, createTestWorker, TEST_ENV, uniqueTaskQueue } from '../helpers/temporal';

/** How long the slow server sits on a message before it answers 250 (longer than the old 30 s heartbeat timeout). */
const SLOW_ACCEPT_MS = 40_000;

type TTestSmtp = {
  port: number;
  /** Every RCPT TO the server was asked for, refused ones included. */
  rcpt: string[];
  /** Messages whose DATA the server received (a second one is a second copy on its way). */
  data: { to: string[]; atMs: number }[];
  /** Messages the server answered 250 to: the copies a mailbox would hold. */
  accepted: { to: string[]; atMs: number }[];
  close(): Promise<void>;
};

/** A real SMTP server that refuses some addresses for good and answers others' DATA only after a delay. */
async function startTestSmtp(options: { refuse: Map<string, { code: number; text: string }>; slow: Set<string> }): Promise<TTestSmtp> {
  const state: Omit<TTestSmtp, 'port' | 'close'> = { rcpt: [], data: [], accepted: [] };
  const pending = new Set<NodeJS.Timeout>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 1_000,
    onRcptTo(address, _session, callback) {
      state.rcpt.push(address.address);
      const refusal = options.refuse.get(address.address);
      if (refusal) return callback(Object.assign(new Error(refusal.text), { responseCode: refusal.code }));
      return callback();
    },
    onData(stream, session, callback) {
      const to = session.envelope.rcptTo.map((r) => r.address);
      stream.resume();
      stream.on('end', () => {
        state.data.push({ to, atMs: Date.now() });
        const accept = () => {
          state.accepted.push({ to, atMs: Date.now() });
          callback();
        };
        if (!to.some((a) => options.slow.has(a))) return accept();
        const timer = setTimeout(() => {
          pending.delete(timer);
          accept();
        }, SLOW_ACCEPT_MS);
        pending.add(timer);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.server.address() as { port: number }).port,
    ...state,
    close: async () => {
      for (const t of pending) clearTimeout(t);
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('send retries against slow and refusing SMTP servers', () => {
  let env: TestWorkflowEnvironment;
  let db: TTestDatabase;
  let smtp: TTestSmtp;
  let mailer: TMailer;
  let worker: TRunningWorker;
  let enroll: TEnrollLeads;
  const refuse = new Map<string, { code: number; text: string }>();
  const slow = new Set<string>();

  beforeAll(async () => {
    [env, db, smtp] = await Promise.all([createDevServerEnv(), createTestDatabase(), startTestSmtp({ refuse, slow })]);
    // The test mailer, pooled like production's: two connections, so a retry would find a free one.
    mailer = createMailer({ capturePort: smtp.port, poolSize: 2 });
    await createTemplates(db.prisma, ['hello', 'follow-up']);
    const taskQueue = uniqueTaskQueue('send-retries');
    worker = await createTestWorker({ env, prisma: db.prisma, mailer, taskQueue });
    enroll = createEnrollLeads({ prisma: db.prisma, temporal: env.client, taskQueue, searchAttributes: false });
    await publishSequence(db.prisma, {
      key: 'one-email',
      name: 'One email',
      settings: { category: 'sales' },
      steps: [{ id: 'hello', type: 'email', email: { template: 'hello' } }],
    });
    await publishSequence(db.prisma, {
      key: 'tell-then-email',
      name: 'Tell someone, then email the lead',
      settings: { category: 'sales' },
      steps: [
        { id: 'tell', type: 'notify', notify: { to: { email: 'nobody@rejected.test' }, subject: 'New lead', message: 'Say hello.' } },
        { id: 'hello', type: 'email', email: { template: 'hello' } },
        { id: 'tell-owner', type: 'notify', notify: { to: 'owner', subject: 'Emailed', message: 'The lead was emailed.' } },
      ],
    });
  });
  afterAll(async () => {
    await worker?.stop();
    mailer?.close();
    await Promise.all([env?.teardown(), db?.cleanup(), smtp?.close()]);
  });

  let n = 0;
  const newLead = (email = `retry${++n}@example.fi`) =>
    db.prisma.lead.create({ data: { email, firstName: 'Sirpa', ownerEmail: 'rep@nurture.test', ownerName: 'Rep Roe' } });
  const start = async (sequenceKey: string, leadId: string) => {
    const [r] = await enroll({ sequenceKey, leadIds: [leadId] });
    return env.client.workflow.getHandle(r!.workflowId!);
  };
  const events = async (leadId: string) =>
    (await db.prisma.leadEvent.findMany({ where: { leadId }, orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }] })).map((e) => e.type);

  it(
    'sends exactly one copy when SMTP takes 40 s to accept the message',
    async () => {
      const lead = await newLead('slow@example.fi');
      slow.add(lead.email);
      const started = Date.now();
      const handle = await start('one-email', lead.id);

      expect(await handle.result()).toEqual({ status: 'COMPLETED', reason: 'completed' });
      const tookMs = Date.now() - started;
      console.log(`slow SMTP journey: ${(tookMs / 1000).toFixed(1)} s`);
      expect(tookMs).toBeGreaterThanOrEqual(SLOW_ACCEPT_MS); // it really waited for the slow server
      // Give a duplicate that might still be on its way (a retry started at ~32 s) time to show.
      await new Promise((r) => setTimeout(r, 3_000));

      const toLead = (list: { to: string[] }[]) => list.filter((m) => m.to.includes(lead.email));
      expect(toLead(smtp.data)).toHaveLength(1); // one DATA: no second attempt ever reached SMTP
      expect(toLead(smtp.accepted)).toHaveLength(1);
      const [row, ...others] = await db.prisma.emailMessage.findMany({ where: { leadId: lead.id } });
      expect(others).toHaveLength(0);
      expect(row).toMatchObject({ status: 'SENT', attempts: 1 });
      expect((await events(lead.id)).filter((t) => t === 'email.sent')).toHaveLength(1);
    },
    SLOW_ACCEPT_MS + 60_000,
  );

  it('heartbeats all through a slow SMTP transaction, then carries "accepted" to any retry', async () => {
    const lead = await newLead();
    const slowMailer: TMailer = {
      ...mailer,
      send: async (message) => {
        await new Promise((r) => setTimeout(r, 2_000));
        return mailer.send(message);
      },
    };
    const activities = createActivities({
      prisma: db.prisma,
      mailer: slowMailer,
      templates: new TemplateCache(),
      config: activityConfigFromEnv(TEST_ENV),
    });
    const activityEnv = new MockActivityEnvironment({ heartbeatTimeoutMs: 800 });
    const beats: unknown[] = [];
    activityEnv.on('heartbeat', (details: unknown) => beats.push(details));

    const result = await activityEnv.run(activities.sendLeadEmail, {
      leadId: lead.id,
      templateKey: 'hello',
      idempotencyKey: `hb/${lead.id}`,
      category: 'sales' as const,
    });

    expect(result).toMatchObject({ status: 'sent' });
    // Every 200 ms (a quarter of the timeout) for the 2 s at SMTP, none of them claiming acceptance…
    expect(beats.length).toBeGreaterThanOrEqual(5);
    expect(beats.slice(0, -1).every((b) => b === undefined)).toBe(true);
    // …then "accepted", which a retry reads to record instead of sending again.
    expect(beats.at(-1)).toMatchObject({ smtpAccepted: true, response: expect.stringMatching(/^250/) });
  });

  it('records a notification to a refused address as failed once, and the journey goes on', async () => {
    refuse.set('nobody@rejected.test', { code: 550, text: '5.1.1 No such user' });
    const lead = await newLead();
    const handle = await start('tell-then-email', lead.id);

    // Before, the notify step retried the refused address for ever and this never completed.
    expect(await handle.result()).toEqual({ status: 'COMPLETED', reason: 'completed' });
    expect(smtp.rcpt.filter((a) => a === 'nobody@rejected.test')).toHaveLength(1); // asked once: not retried
    const rows = await db.prisma.emailMessage.findMany({ where: { leadId: lead.id }, orderBy: { claimedAt: 'asc' } });
    expect(rows.map((r) => [r.category, r.toAddress, r.status])).toEqual([
      ['notification', 'nobody@rejected.test', 'FAILED'],
      ['sales', lead.email, 'SENT'],
      ['notification', 'rep@nurture.test', 'SENT'],
    ]);
    expect(rows[0]!.error).toMatch(/^SMTP 550: .*5\.1\.1 No such user/);
    expect(await events(lead.id)).toEqual(expect.arrayContaining(['notification.failed', 'email.sent', 'notification.sent']));
  });

  it('records a reminder to a refused rep address and carries on, so the escalation still follows', async () => {
    refuse.set('gone-rep@rejected.test', { code: 550, text: '5.1.1 No such user' });
    const lead = await newLead();
    const task = await db.prisma.task.create({
      data: {
        idempotencyKey: `task/${lead.id}`,
        leadId: lead.id,
        kind: 'call',
        title: 'Call back',
        dueAt: new Date(),
        assigneeEmail: 'gone-rep@rejected.test',
      },
    });
    const activities = createActivities({
      prisma: db.prisma,
      mailer,
      templates: new TemplateCache(),
      config: activityConfigFromEnv(TEST_ENV),
    });

    // Before, the refusal was thrown as a retryable error: the task watch retried the reminder for ever.
    expect(await new MockActivityEnvironment().run(activities.remindOverdueTask, { taskId: task.id })).toMatchObject({
      status: 'reminded',
    });
    // A retry of the activity (say, its own database write failed) does not ask SMTP again.
    expect(await new MockActivityEnvironment({ attempt: 2 }).run(activities.remindOverdueTask, { taskId: task.id })).toMatchObject({
      status: 'reminded',
    });
    expect(smtp.rcpt.filter((a) => a === 'gone-rep@rejected.test')).toHaveLength(1);
    expect(await db.prisma.task.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({ remindedAt: expect.any(Date) });
    expect(
      await db.prisma.emailMessage.findFirstOrThrow({ where: { leadId: lead.id, toAddress: 'gone-rep@rejected.test' } }),
    ).toMatchObject({
      category: 'notification',
      status: 'FAILED',
    });
    expect(await events(lead.id)).toEqual(['notification.failed', 'task.overdue']);
  });

  it('records a lead email refused for good as failed once (a hard bounce), and the journey goes on', async () => {
    const lead = await newLead();
    refuse.set(lead.email, { code: 550, text: '5.1.1 User unknown' });
    const handle = await start('tell-then-email', lead.id);

    expect(await handle.result()).toEqual({ status: 'COMPLETED', reason: 'completed' });
    expect(smtp.rcpt.filter((a) => a === lead.email)).toHaveLength(1);
    const email = await db.prisma.emailMessage.findFirstOrThrow({ where: { leadId: lead.id, category: 'sales' } });
    expect(email).toMatchObject({ status: 'FAILED', attempts: 1 });
    expect(await db.prisma.suppression.findFirst({ where: { email: lead.email } })).toMatchObject({ scope: 'all', reason: 'hard-bounce' });
    // The owner was still told at the next step.
    await eventually('the owner notification', () =>
      db.prisma.emailMessage.findFirst({ where: { leadId: lead.id, toAddress: 'rep@nurture.test', status: 'SENT' } }),
    );
    expect((await events(lead.id)).filter((t) => t === 'email.failed')).toHaveLength(1);
  });
});
