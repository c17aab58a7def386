/**
 * The HTTP email transport against a local ESP that implements Resend's idempotency-key contract
 * (test/helpers/fake-esp.ts), with the real send activity, database and Temporal dev server:
 *   - a worker killed after the ESP took the message and before anything was recorded: the retry
 *     carries the same key and the ESP collapses it, 0 duplicates (SMTP, same scenario: 2 copies);
 *   - the ESP's answer lost on the wire: Temporal retries the activity, still one message;
 *   - a refused request (422) is recorded FAILED once and not retried.
 */
import { MockActivityEnvironment, type TestWorkflowEnvironment } from '@temporalio/testing';
import { activityConfigFromEnv, createActivities } from '../../activities';
import { createEnrollLeads } from '../../domain/sequences/enroll-leads';
import { publishSequence } from '../../domain/sequences/publish-sequence';
import { createMailer, type TMailer } from '../../lib/mail/create-mailer';
import { TemplateCache } from '../../lib/mail/render-template';
import { SMTP_REJECTED } from '../../contract/failures';
import type { TRunningWorker } from '../../worker/start-worker';
import { createTestDatabase, type TTestDatabase } from '../helpers/database';
import { eventually } from '../helpers/eventually';
import { startFakeEsp, type TFakeEsp } from '../helpers/fake-esp';
import { createTemplates } from '../helpers/journeys';
import { createTestMail } from '../helpers/mail';
import { createDevServerEnv, createTestWorker, TEST_ENV, uniqueTaskQueue } from '../helpers/temporal';

describe('HTTP email transport with idempotency keys', () => {
  let env: TestWorkflowEnvironment;
  let db: TTestDatabase;
  let esp: TFakeEsp;
  let mail: Awaited<ReturnType<typeof createTestMail>>;
  let httpMailer: TMailer;
  let n = 0;

  beforeAll(async () => {
    [env, db, esp, mail] = await Promise.all([createDevServerEnv(), createTestDatabase(), startFakeEsp(), createTestMail()]);
    // Selected like production selects it: EMAIL_API_URL set → the HTTP transport, not SMTP.
    httpMailer = createMailer({ capturePort: 1, poolSize: 1, emailApi: { url: esp.url, apiKey: esp.apiKey } });
    await createTemplates(db.prisma, ['hello']);
    await publishSequence(db.prisma, {
      key: 'esp-one',
      name: 'One email',
      settings: { category: 'sales' },
      steps: [{ id: 'hello', type: 'email', email: { template: 'hello' } }],
    });
  });
  afterAll(async () => {
    await Promise.all([env?.teardown(), db?.cleanup(), esp?.close(), mail?.close()]);
  });

  const newLead = () =>
    db.prisma.lead.create({
      data: { email: `esp${++n}.${Date.now().toString(36)}@example.fi`, firstName: 'Aram', ownerEmail: 'rep@nurture.test' },
    });
  const activitiesWith = (mailer: TMailer) =>
    createActivities({ prisma: db.prisma, mailer, templates: new TemplateCache(), config: activityConfigFromEnv(TEST_ENV) });

  /**
   * Attempt 1 reaches the transport, which delivers, and then the process "dies": the attempt never
   * returns, nothing after the send runs (no heartbeat of acceptance, no record). Attempt 2 is
   * what Temporal runs after the heartbeat timeout.
   */
  async function killAfterAcceptThenRetry(mailer: TMailer, delivered: () => number) {
    const lead = await newLead();
    const input = { leadId: lead.id, templateKey: 'hello', idempotencyKey: `kill/${lead.id}`, category: 'sales' as const };
    let bury: (e: Error) => void = () => undefined;
    const dying: TMailer = {
      ...mailer,
      send: async (message) => {
        await mailer.send(message);
        // Killed: the answer never reaches the rest of the activity (until the test buries it, afterwards).
        return new Promise<never>((_resolve, reject) => (bury = reject));
      },
    };
    const first = new MockActivityEnvironment({ attempt: 1 });
    const dead = first.run(activitiesWith(dying).sendLeadEmail, input).catch(() => undefined);
    await eventually('the first attempt delivered', async () => delivered() === 1);
    first.cancel();
    const claim = await db.prisma.emailMessage.findUniqueOrThrow({ where: { idempotencyKey: input.idempotencyKey } });
    expect(claim).toMatchObject({ status: 'CLAIMED' }); // the dead attempt recorded nothing
    const retry = await new MockActivityEnvironment({ attempt: 2 }).run(activitiesWith(mailer).sendLeadEmail, input);
    const row = await db.prisma.emailMessage.findUniqueOrThrow({ where: { idempotencyKey: input.idempotencyKey } });
    // Let the dead attempt's timers go (a real kill takes them with the process).
    bury(new Error('worker killed'));
    await dead;
    return { lead, retry, row };
  }

  it('a worker killed between the ESP accepting and our record: the retry is collapsed by the ESP, 0 duplicates', async () => {
    const before = esp.sent.length;
    const replayedBefore = esp.replayed;
    const { lead, retry, row } = await killAfterAcceptThenRetry(httpMailer, () => esp.sent.length - before);
    // The retry rendered the same request, so the ESP answered it from its store (not a 409 for a different body).
    expect(esp.replayed - replayedBefore).toBe(1);
    expect(retry).toMatchObject({ status: 'sent', alreadySettled: false });
    expect(row).toMatchObject({ status: 'SENT' });
    const copies = esp.sent.filter((m) => m.to.some((t) => t.includes(lead.email)));
    expect(copies).toHaveLength(1);
    // Two requests, one key: the send's claim key, which the ESP saw on both.
    expect(copies[0]!.key).toBe(`kill/${lead.id}`);
    expect(copies[0]!.headers['Message-ID']).toBe(row.messageId);
  });

  it('the same kill over SMTP delivers a second copy (why the HTTP transport exists)', async () => {
    const before = mail.capture.list().length;
    const { lead } = await killAfterAcceptThenRetry(mail.mailer, () => mail.capture.list().length - before);
    await eventually('the retry arrives', async () => mail.capture.list().filter((m) => m.envelopeTo.includes(lead.email)).length === 2);
  });

  it('an answer lost on the wire: Temporal retries the send activity and the ESP still sends one message', async () => {
    const taskQueue = uniqueTaskQueue('esp');
    const worker: TRunningWorker = await createTestWorker({ env, prisma: db.prisma, mailer: httpMailer, taskQueue });
    try {
      const lead = await newLead();
      const requestsBefore = esp.requests;
      esp.dropNextResponses(1);
      const enroll = createEnrollLeads({ prisma: db.prisma, temporal: env.client, taskQueue, searchAttributes: false });
      const [r] = await enroll({ sequenceKey: 'esp-one', leadIds: [lead.id] });
      expect(await env.client.workflow.getHandle(r!.workflowId!).result()).toEqual({ status: 'COMPLETED', reason: 'completed' });
      expect(esp.requests - requestsBefore).toBe(2); // the lost answer, then the retry
      expect(esp.sent.filter((m) => m.to.some((t) => t.includes(lead.email)))).toHaveLength(1);
      const [row, ...others] = await db.prisma.emailMessage.findMany({ where: { leadId: lead.id } });
      expect(others).toHaveLength(0);
      expect(row).toMatchObject({ status: 'SENT', attempts: 2 });
    } finally {
      await worker.stop();
    }
  });

  it('a request the ESP refuses (422) is recorded FAILED once and not retried; a 5xx is retried', async () => {
    const lead = await newLead();
    esp.failNext(1, 422);
    const input = { leadId: lead.id, templateKey: 'hello', idempotencyKey: `refused/${lead.id}`, category: 'sales' as const };
    await expect(new MockActivityEnvironment({ attempt: 1 }).run(activitiesWith(httpMailer).sendLeadEmail, input)).rejects.toMatchObject({
      type: SMTP_REJECTED,
      nonRetryable: true,
    });
    expect(await db.prisma.emailMessage.findUniqueOrThrow({ where: { idempotencyKey: input.idempotencyKey } })).toMatchObject({
      status: 'FAILED',
      error: expect.stringMatching(/answered 422/),
    });

    const other = await newLead();
    esp.failNext(1, 503);
    const again = { ...input, leadId: other.id, idempotencyKey: `busy/${other.id}` };
    await expect(new MockActivityEnvironment({ attempt: 1 }).run(activitiesWith(httpMailer).sendLeadEmail, again)).rejects.toThrow(
      /answered 503/,
    );
    expect(await new MockActivityEnvironment({ attempt: 2 }).run(activitiesWith(httpMailer).sendLeadEmail, again)).toMatchObject({
      status: 'sent',
    });
    expect(esp.sent.filter((m) => m.to.some((t) => t.includes(other.email)))).toHaveLength(1);
  });
});
