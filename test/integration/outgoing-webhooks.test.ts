/**
 * Outgoing webhooks end to end, on the Temporal dev server with a real database and a real HTTP
 * receiver on 127.0.0.1 (allowed by WEBHOOK_ALLOW_PRIVATE_NETWORKS, as the tests need): signed
 * deliveries in order per lead, retries with the same webhook-id, every attempt visible through
 * the API, a subscription paused (and the admins emailed) after persistent failure, and the SSRF
 * guard when private networks are not allowed.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { buildServer, type TApp } from '../../api/server';
import { createApiKey } from '../../domain/api-keys/create-api-key';
import { createUser } from '../../domain/users/create-user';
import { deliverWebhooks } from '../../domain/webhooks/deliver-webhooks';
import { createHealthChecks } from '../../lib/boot';
import { TemplateCache } from '../../lib/mail/render-template';
import { verifyWebhook } from '../../lib/webhooks/standard-webhooks';
import type { TRunningWorker } from '../../worker/start-worker';
import { createTestDatabase, type TTestDatabase } from '../helpers/database';
import { createTestMail } from '../helpers/mail';
import { eventually } from '../helpers/eventually';
import { createDevServerEnv, createTestWorker, TEST_ENV, uniqueTaskQueue } from '../helpers/temporal';

type TReceived = { path: string; id: string; timestamp: string; signature: string; body: string; type: string; leadId: string | undefined };

describe('outgoing webhooks', () => {
  let env: TestWorkflowEnvironment;
  let db: TTestDatabase;
  let mail: Awaited<ReturnType<typeof createTestMail>>;
  let worker: TRunningWorker;
  let app: TApp;
  let receiver: http.Server;
  let base: string;
  let admin: string;
  let sales: string;
  const received: TReceived[] = [];
  /** Per path: the statuses to answer, in turn (the last one repeats); default 200. */
  const answers = new Map<string, number[]>();
  const taskQueue = uniqueTaskQueue('webhooks');
  const overrides = {
    TEMPORAL_TASK_QUEUE: taskQueue,
    WEBHOOK_ALLOW_PRIVATE_NETWORKS: true,
    WEBHOOK_RETRY_SCHEDULE: '1s,1s',
    WEBHOOK_POLL_INTERVAL: '1s',
  };
  let seq = 0;
  const email = (who: string) => `${who}.${Date.now().toString(36)}${++seq}@example.am`;

  beforeAll(async () => {
    [env, db, mail] = await Promise.all([createDevServerEnv(), createTestDatabase(), createTestMail()]);
    receiver = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        const parsed = JSON.parse(body) as { type: string; data: { leadId?: string } };
        received.push({
          path: req.url ?? '',
          id: String(req.headers['webhook-id']),
          timestamp: String(req.headers['webhook-timestamp']),
          signature: String(req.headers['webhook-signature']),
          body,
          type: parsed.type,
          leadId: parsed.data.leadId,
        });
        const queue = answers.get(req.url ?? '') ?? [200];
        const status = queue.length > 1 ? queue.shift()! : queue[0]!;
        res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : `nope ${status}`);
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
    worker = await createTestWorker({
      env,
      prisma: db.prisma,
      mailer: mail.mailer,
      taskQueue,
      templates: new TemplateCache(),
      temporal: env.client,
      envOverrides: overrides,
    });
    app = await buildServer({
      env: { ...TEST_ENV, ...overrides },
      prisma: db.prisma,
      temporal: env.client,
      mailer: mail.mailer,
      templates: new TemplateCache(),
      health: createHealthChecks({ db, temporal: env.client, temporalAddress: 'test server', mailer: mail.mailer }),
    });
    admin = (await createApiKey(db.prisma, { name: 'webhooks-admin', role: 'ADMIN' })).key;
    sales = (await createApiKey(db.prisma, { name: 'webhooks-sales', role: 'SALES' })).key;
  });
  afterAll(async () => {
    await app?.close();
    await worker?.stop();
    await new Promise((r) => receiver?.close(r));
    await Promise.all([env?.teardown(), db?.cleanup(), mail?.close()]);
  });

  const api = async <T = Record<string, unknown>>(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    payload?: unknown,
    key = admin,
  ) => {
    const res = await app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${key}` },
      ...(payload ? { payload: payload as object } : {}),
    });
    return { status: res.statusCode, body: (res.body ? res.json() : null) as T };
  };
  const subscribe = async (path: string, events: string[]) => {
    const res = await api<{ id: string; secret: string }>('POST', '/webhook-subscriptions', { url: `${base}${path}`, events });
    expect(res.status).toBe(201);
    return res.body;
  };
  const newLead = async () => {
    const res = await api<{ id: string; email: string }>('POST', '/leads', {
      email: email('hook'),
      firstName: 'Anahit',
      ownerEmail: 'rep@nurture.test',
    });
    expect(res.status).toBe(201);
    return res.body;
  };
  const at = (path: string) => received.filter((r) => r.path === path);

  it('delivers the subscribed events of a lead, signed, in order, once per webhook-id; deliveries and answers are visible', async () => {
    const sub = await subscribe('/crm', ['lead.created', 'lead.heat_changed', 'lead.status_changed']);
    expect(sub.secret).toMatch(/^whsec_/);
    const lead = await newLead();
    expect((await api('PATCH', `/leads/${lead.id}`, { heat: 'HOT' })).status).toBe(200);
    expect((await api('POST', `/leads/${lead.id}/status`, { status: 'MQL' })).status).toBe(200);

    // What the lead's timeline says happened (moving to MQL may re-score it into a further status change).
    const timeline = await db.prisma.leadEvent.findMany({
      where: { leadId: lead.id, type: { in: ['lead.created', 'lead.updated', 'lead.status_changed'] } },
      orderBy: { occurredAt: 'asc' },
    });
    const expected = timeline.map((e) => (e.type === 'lead.updated' ? 'lead.heat_changed' : e.type));
    expect(expected.slice(0, 3)).toEqual(['lead.created', 'lead.heat_changed', 'lead.status_changed']);
    await eventually('every event arrives', async () => at('/crm').length >= expected.length, 30_000);
    await new Promise((r) => setTimeout(r, 1500)); // and nothing more
    const got = at('/crm');
    // In the order they happened, each once, each with its own id.
    expect(got.map((r) => r.type)).toEqual(expected);
    expect(new Set(got.map((r) => r.id)).size).toBe(expected.length);
    for (const r of got) {
      // Any Standard Webhooks receiver verifies it with the secret it was given.
      expect(verifyWebhook(sub.secret, { id: r.id, timestamp: r.timestamp, signature: r.signature }, r.body)).toBe(true);
      expect(r.leadId).toBe(lead.id);
    }
    const heat = JSON.parse(got[1]!.body) as { data: { heat: unknown; lead: { email: string; heat: string } } };
    expect(heat.data.heat).toEqual({ from: 'COLD', to: 'HOT' });
    expect(heat.data.lead.email).toBe(lead.email);

    const deliveries = await api<{ items: { id: string; status: string; attemptLog: { statusCode: number }[] }[] }>(
      'GET',
      `/webhook-subscriptions/${sub.id}/deliveries`,
    );
    expect(deliveries.body.items.map((d) => [d.status, d.attemptLog.map((a) => a.statusCode)])).toEqual(
      expected.map(() => ['DELIVERED', [200]]),
    );
    expect(deliveries.body.items.map((d) => d.id).sort()).toEqual(got.map((r) => r.id).sort());
    // Events nobody subscribed to are not sent (the lead was assigned an owner, not routed: no lead.assigned).
    expect(got.some((r) => r.type === 'lead.assigned')).toBe(false);
  });

  it('retries a failing receiver with the same webhook-id, holds back the lead’s later events meanwhile, and records every answer', async () => {
    answers.set('/flaky', [503, 500, 200]);
    const sub = await subscribe('/flaky', ['lead.created', 'lead.heat_changed']);
    const lead = await newLead();
    expect((await api('PATCH', `/leads/${lead.id}`, { heat: 'WARM' })).status).toBe(200);

    await eventually(
      'the heat change arrives after the retried creation',
      async () => at('/flaky').some((r) => r.type === 'lead.heat_changed'),
      30_000,
    );
    const got = at('/flaky');
    expect(got.map((r) => r.type)).toEqual(['lead.created', 'lead.created', 'lead.created', 'lead.heat_changed']);
    expect(new Set(got.slice(0, 3).map((r) => r.id)).size).toBe(1);
    const deliveries = await api<{
      items: { eventType: string; status: string; attempts: number; attemptLog: { statusCode: number; responseBody: string }[] }[];
    }>('GET', `/webhook-subscriptions/${sub.id}/deliveries?leadId=${lead.id}`);
    const created = deliveries.body.items.find((d) => d.eventType === 'lead.created')!;
    expect(created).toMatchObject({ status: 'DELIVERED', attempts: 3 });
    expect(created.attemptLog.map((a) => [a.statusCode, a.responseBody])).toEqual([
      [503, 'nope 503'],
      [500, 'nope 500'],
      [200, 'ok'],
    ]);
    // The list carries each subscription's newest delivery and its last answer (the console's "last delivery").
    // The receiver has the heat change; its answer is recorded just after it replied.
    const listed = await eventually('the heat change’s answer recorded', async () => {
      const list = await api<{
        items: { id: string; pendingDeliveries: number; lastDelivery: { eventType: string; status: string; statusCode: number } | null }[];
      }>('GET', '/webhook-subscriptions');
      const mine = list.body.items.find((s) => s.id === sub.id);
      return mine?.pendingDeliveries === 0 ? mine : undefined;
    });
    expect(listed).toMatchObject({
      pendingDeliveries: 0,
      lastDelivery: { eventType: 'lead.heat_changed', status: 'DELIVERED', statusCode: 200 },
    });
  });

  it('pauses a subscription after persistent failure and emails the admins; resuming delivers what waited, the failed one first', async () => {
    const adminUser = await createUser(
      { prisma: db.prisma },
      { email: email('admin'), name: 'Ada Admin', role: 'ADMIN', password: 'correct horse battery staple' },
    );
    answers.set('/down', [500]);
    const sub = await subscribe('/down', ['lead.created', 'lead.heat_changed']);
    const lead = await newLead();
    await eventually(
      'the subscription pauses',
      async () => (await db.prisma.webhookSubscription.findUniqueOrThrow({ where: { id: sub.id } })).status === 'PAUSED',
      30_000,
    );
    // 1 attempt + the 2 retries of WEBHOOK_RETRY_SCHEDULE=1s,1s.
    expect(at('/down')).toHaveLength(3);
    const paused = await api<{ status: string; pausedReason: string }>('GET', `/webhook-subscriptions/${sub.id}`);
    expect(paused.body.status).toBe('PAUSED');
    expect(paused.body.pausedReason).toMatch(/failed 3 times; last: the receiver answered 500/);
    await eventually('the admin is told', async () =>
      mail.capture.list().some((m) => m.envelopeTo.includes(adminUser.email) && m.subject.startsWith('Webhook paused')),
    );

    // While paused, the lead's next event waits; nothing is sent.
    expect((await api('PATCH', `/leads/${lead.id}`, { heat: 'HOT' })).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1500));
    expect(at('/down')).toHaveLength(3);

    answers.set('/down', [200]);
    expect((await api('PATCH', `/webhook-subscriptions/${sub.id}`, { status: 'ACTIVE' })).status).toBe(200);
    await eventually('both arrive', async () => at('/down').length >= 5, 30_000);
    expect(
      at('/down')
        .map((r) => r.type)
        .slice(3),
    ).toEqual(['lead.created', 'lead.heat_changed']);
  });

  it('is admin only, and refuses private destinations unless allowed', async () => {
    expect((await api('GET', '/webhook-subscriptions', undefined, sales)).status).toBe(403);
    const strict = await buildServer({
      env: { ...TEST_ENV, TEMPORAL_TASK_QUEUE: taskQueue },
      prisma: db.prisma,
      temporal: env.client,
      mailer: mail.mailer,
      templates: new TemplateCache(),
      health: createHealthChecks({ db, temporal: env.client, temporalAddress: 'test server', mailer: mail.mailer }),
    });
    try {
      for (const url of [
        'http://127.0.0.1:9/x',
        'http://[::1]/x',
        'http://169.254.169.254/latest/meta-data',
        'http://localhost:8080/',
        'ftp://example.com/',
      ]) {
        const res = await strict.inject({
          method: 'POST',
          url: '/webhook-subscriptions',
          headers: { authorization: `Bearer ${admin}` },
          payload: { url, events: ['lead.created'] },
        });
        expect({ url, status: res.statusCode }).toEqual({ url, status: 400 });
      }
    } finally {
      await strict.close();
    }

    // A host name that resolves to loopback is refused at delivery time, before any connection.
    const sub = await db.prisma.webhookSubscription.create({
      data: { url: `http://localhost:${new URL(base).port}/ssrf`, events: ['lead.created'], secret: 'whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQ=' },
    });
    const lead = await newLead();
    await deliverWebhooks(
      {
        prisma: db.prisma,
        mailer: mail.mailer,
        config: {
          allowPrivateNetworks: false,
          retryScheduleMs: [60_000],
          pollMs: 1000,
          requestTimeoutMs: 5000,
          mailFrom: 'hooks@nurture.test',
        },
      },
      { subscriptionId: sub.id },
    );
    expect(at('/ssrf')).toHaveLength(0);
    const attempt = await db.prisma.webhookAttempt.findFirstOrThrow({ where: { delivery: { subscriptionId: sub.id, leadId: lead.id } } });
    expect(attempt.error).toMatch(/Refusing to call localhost: .*(127\.0\.0\.1|::1).*loopback/);
  });
});
