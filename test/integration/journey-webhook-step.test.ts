/**
 * The `webhook` step on the time-skipping server with a real database and a real HTTP receiver:
 * it POSTs the lead's id and chosen fields, signed; branches on the answer (a CRM saying "already a
 * customer" ends the journey); and a call that cannot be made goes to the step's onError target.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createEnrollLeads } from '../../domain/sequences/enroll-leads';
import { publishSequence } from '../../domain/sequences/publish-sequence';
import { TemplateCache } from '../../lib/mail/render-template';
import { journeyWebhookSecret, verifyWebhook } from '../../lib/webhooks/standard-webhooks';
import type { TRunningWorker } from '../../worker/start-worker';
import { createTestDatabase, type TTestDatabase } from '../helpers/database';
import { createTestMail } from '../helpers/mail';
import { createTemplates } from '../helpers/journeys';
import { createTestWorker, createTimeSkippingEnv, TEST_ENV, uniqueTaskQueue } from '../helpers/temporal';

describe('the webhook step', () => {
  let env: TestWorkflowEnvironment;
  let db: TTestDatabase;
  let mail: Awaited<ReturnType<typeof createTestMail>>;
  const workers: TRunningWorker[] = [];
  let receiver: http.Server;
  let base: string;
  const calls: { id: string; timestamp: string; signature: string; body: string }[] = [];
  const answers = new Map<string, string>();
  let n = 0;

  beforeAll(async () => {
    [env, db, mail] = await Promise.all([createTimeSkippingEnv(), createTestDatabase(), createTestMail()]);
    receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        calls.push({
          id: String(req.headers['webhook-id']),
          timestamp: String(req.headers['webhook-timestamp']),
          signature: String(req.headers['webhook-signature']),
          body,
        });
        const { data } = JSON.parse(body) as { data: { fields: { email: string } } };
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ result: answers.get(data.fields.email) ?? 'unknown' }));
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    await createTemplates(db.prisma, ['wh-welcome']);
    await publishSequence(db.prisma, {
      key: 'crm-check',
      name: 'Ask the CRM first',
      settings: { category: 'sales' },
      steps: [
        {
          id: 'ask-crm',
          type: 'webhook',
          webhook: {
            url: `${base}/crm/lookup`,
            fields: ['email', 'company', 'attributes.plan'],
            answer: { field: 'result', on: { customer: 'already-customer' }, otherwise: 'next', onError: 'crm-down' },
          },
        },
        { id: 'welcome', type: 'email', email: { template: 'wh-welcome' } },
        { id: 'done', type: 'exit', exit: { reason: 'welcomed' } },
        { id: 'already-customer', type: 'exit', exit: { reason: 'the CRM knows them as a customer' } },
        { id: 'crm-down', type: 'exit', exit: { reason: 'the CRM could not be asked' } },
      ],
    });
  });
  afterAll(async () => {
    for (const w of workers) await w.stop();
    await new Promise((r) => receiver?.close(r));
    await Promise.all([env?.teardown(), db?.cleanup(), mail?.close()]);
  });

  async function run(email: string, allowPrivateNetworks: boolean) {
    const taskQueue = uniqueTaskQueue('webhook-step');
    workers.push(
      await createTestWorker({
        env,
        prisma: db.prisma,
        mailer: mail.mailer,
        taskQueue,
        templates: new TemplateCache(),
        temporal: env.client,
        envOverrides: { WEBHOOK_ALLOW_PRIVATE_NETWORKS: allowPrivateNetworks },
      }),
    );
    const lead = await db.prisma.lead.create({
      data: { email, firstName: `Lilit${++n}`, company: 'Ararat Ltd', attributes: { plan: 'pro' }, ownerEmail: 'rep@nurture.test' },
    });
    const [r] = await createEnrollLeads({ prisma: db.prisma, temporal: env.client, taskQueue, searchAttributes: false })({
      sequenceKey: 'crm-check',
      leadIds: [lead.id],
    });
    const result = await env.client.workflow.getHandle(r!.workflowId!).result();
    const events = await db.prisma.leadEvent.findMany({ where: { leadId: lead.id, type: 'step.webhook' } });
    return { lead, result, events };
  }

  it('sends the lead id and the chosen fields, signed, and branches on the answer', async () => {
    answers.set('known@example.am', 'customer');
    const known = await run('known@example.am', true);
    expect(known.result).toEqual({ status: 'EXITED', reason: 'the CRM knows them as a customer' });
    const call = calls.at(-1)!;
    const body = JSON.parse(call.body) as {
      type: string;
      data: { leadId: string; fields: Record<string, unknown>; journey: { stepId: string } };
    };
    expect(body.data).toMatchObject({
      leadId: known.lead.id,
      fields: { email: 'known@example.am', company: 'Ararat Ltd', 'attributes.plan': 'pro' },
      journey: { stepId: 'ask-crm' },
    });
    // Verifiable with the secret admins read at GET /webhook-step-secret.
    expect(verifyWebhook(journeyWebhookSecret(TEST_ENV.SIGNING_SECRET), call, call.body)).toBe(true);
    expect(known.events.map((e) => e.data)).toEqual([{ stepId: 'ask-crm', answer: 'customer', error: null, to: 'already-customer' }]);
    expect(await db.prisma.emailMessage.count({ where: { leadId: known.lead.id } })).toBe(0);

    const stranger = await run('new@example.am', true);
    expect(stranger.result).toEqual({ status: 'EXITED', reason: 'welcomed' });
    expect(await db.prisma.emailMessage.count({ where: { leadId: stranger.lead.id, status: 'SENT' } })).toBe(1);
  });

  it('goes to onError when the endpoint cannot be called (here: a private address, not allowed)', async () => {
    const before = calls.length;
    const { result, events } = await run('blocked@example.am', false);
    expect(result).toEqual({ status: 'EXITED', reason: 'the CRM could not be asked' });
    expect(calls.length).toBe(before); // refused before connecting
    expect(events[0]!.data).toMatchObject({ answer: null, to: 'crm-down', error: expect.stringMatching(/Refusing to call 127\.0\.0\.1/) });
  });
});
