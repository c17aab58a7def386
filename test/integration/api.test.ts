/**
 * The HTTP API on real parts: the Temporal dev server (the CLI binary), a real database,
 * real SMTP capture and a worker, driven through Fastify's inject (no port needed).
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { InjectOptions } from 'fastify';
import { run } from '../../cli/nurture';
import { DEMO_TEMPLATES } from '../../domain/demo/demo-sequence';
import { buildServer, type TApp } from '../../api/server';
import { createApiKey } from '../../domain/api-keys/create-api-key';
import { TemplateCache } from '../../lib/mail/render-template';
import { signToken } from '../../lib/security/signed-token';
import { createHealthChecks } from '../../lib/boot';
import { WELCOME_TEMPLATE } from '../../domain/demo/welcome-template';
import type { TRunningWorker } from '../../worker/start-worker';
import { createTestDatabase, type TTestDatabase } from '../helpers/database';
import { createTestMail } from '../helpers/mail';
import { createDevServerEnv, createTestWorker, TEST_ENV, uniqueTaskQueue } from '../helpers/temporal';

describe('HTTP API', () => {
  let env: TestWorkflowEnvironment;
  let db: TTestDatabase;
  let mail: Awaited<ReturnType<typeof createTestMail>>;
  let worker: TRunningWorker;
  let app: TApp;
  let auth: Record<string, string>;
  /** Requests as an admin unless headers say otherwise. */
  const call = (o: string | InjectOptions) =>
    app.inject(typeof o === 'string' ? { url: o, headers: auth } : { ...o, headers: { ...auth, ...(o.headers ?? {}) } });

  beforeAll(async () => {
    [env, db, mail] = await Promise.all([createDevServerEnv(), createTestDatabase(), createTestMail()]);
    const taskQueue = uniqueTaskQueue('api');
    const templates = new TemplateCache();
    worker = await createTestWorker({ env, prisma: db.prisma, mailer: mail.mailer, taskQueue, templates, temporal: env.client });
    app = await buildServer({
      env: { ...TEST_ENV, TEMPORAL_TASK_QUEUE: taskQueue },
      prisma: db.prisma,
      temporal: env.client,
      mailer: mail.mailer,
      templates,
      capture: mail.capture,
      health: createHealthChecks({ db, temporal: env.client, temporalAddress: 'test server', mailer: mail.mailer }),
    });
    auth = { authorization: `Bearer ${(await createApiKey(db.prisma, { name: 'test admin', role: 'ADMIN' })).key}` };
  });
  afterAll(async () => {
    await app?.close();
    await worker?.stop();
    await Promise.all([env?.teardown(), db?.cleanup(), mail?.close()]);
  });

  const createLead = (body: Record<string, unknown>) => call({ method: 'POST', url: '/leads', payload: body });

  describe('health and docs', () => {
    it('reports each dependency as ok', async () => {
      const res = await call('/health');
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({
        status: 'ok',
        checks: {
          database: { status: 'ok' },
          temporal: { status: 'ok', detail: expect.stringContaining('server 1.') },
          smtp: { status: 'ok' },
        },
      });
    });

    it('reports a dependency that is down with the reason, as 503', async () => {
      const broken = await buildServer({
        env: TEST_ENV,
        prisma: db.prisma,
        temporal: env.client,
        mailer: mail.mailer,
        templates: new TemplateCache(),
        health: {
          database: async () => 'ok',
          temporal: async () => 'ok',
          smtp: () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:25')),
        },
      });
      const res = await broken.inject('/health');
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({
        status: 'degraded',
        checks: { smtp: { status: 'down', detail: 'connect ECONNREFUSED 127.0.0.1:25' } },
      });
      await broken.close();
    });

    it('publishes an OpenAPI document covering the public routes', async () => {
      const doc = (await call('/openapi.json')).json();
      expect(doc.openapi).toMatch(/^3\./);
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining([
          '/health',
          '/leads',
          '/leads/{id}',
          '/leads/{id}/emails',
          '/leads/{id}/timeline',
          '/templates',
          '/u/{token}',
        ]),
      );
      expect((await call('/docs')).statusCode).toBeLessThan(400);
    });
  });

  describe('API keys and roles', () => {
    it('refuses a request without a key (401) or with an unknown one', async () => {
      const none = await app.inject({ method: 'GET', url: '/sequences' });
      expect(none.statusCode).toBe(401);
      expect(none.json().error).toEqual({
        code: 'UNAUTHENTICATED',
        message: 'This endpoint needs an API key: send "Authorization: Bearer <key>"',
      });
      expect((await app.inject({ method: 'GET', url: '/sequences', headers: { authorization: 'Bearer nk_nope' } })).statusCode).toBe(401);
    });

    it('lets a role reach only what it should (sales cannot publish sequences; marketing can)', async () => {
      const sales = (await createApiKey(db.prisma, { name: 'rep', role: 'SALES' })).key;
      const marketing = (await createApiKey(db.prisma, { name: 'mkt', role: 'MARKETING' })).key;
      const body = { key: 'roles-check', name: 'x', steps: [{ id: 'e', type: 'exit' }] };
      const denied = await app.inject({ method: 'POST', url: '/sequences', payload: body, headers: { 'x-api-key': sales } });
      expect(denied.statusCode).toBe(403);
      expect(denied.json().error.message).toBe('A sales key cannot POST /sequences; it needs marketing');
      expect((await app.inject({ method: 'POST', url: '/sequences', payload: body, headers: { 'x-api-key': marketing } })).statusCode).toBe(
        201,
      );
      expect((await app.inject({ method: 'GET', url: '/sequences', headers: { authorization: `Bearer ${sales}` } })).statusCode).toBe(200);
    });

    it('keeps public endpoints public', async () => {
      for (const url of ['/health', '/openapi.json', '/dev/mailbox']) expect((await app.inject(url)).statusCode).toBe(200);
    });
  });

  describe('leads', () => {
    it('creates a lead with a normalised email and Unicode names', async () => {
      const res = await createLead({
        email: '  Aram@Example.AM ',
        firstName: 'Արամ',
        locale: 'hy',
        timeZone: 'Asia/Yerevan',
        source: 'WEBINAR',
      });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ email: 'aram@example.am', firstName: 'Արամ', status: 'NEW', heat: 'COLD', source: 'WEBINAR' });
      expect((await call(`/leads/${res.json().id}`)).json().firstName).toBe('Արամ');
    });

    it('answers bad input with 400 naming each field, never a 500', async () => {
      const res = await createLead({ email: 'not-an-email', firstName: '', timeZone: 'Mars/Olympus', source: 'CARRIER_PIGEON' });
      expect(res.statusCode).toBe(400);
      const body = res.json();
      expect(body.error.code).toBe('VALIDATION_FAILED');
      expect(body.error.issues.map((i: { path: string }) => i.path).sort()).toEqual([
        'body.email',
        'body.firstName',
        'body.source',
        'body.timeZone',
      ]);
      expect(JSON.stringify(body)).not.toMatch(/at .*\.ts:\d+/); // no stack trace
    });

    it('rejects malformed JSON and unknown ids with clear 4xx errors', async () => {
      const bad = await call({
        method: 'POST',
        url: '/leads',
        payload: '{"email":',
        headers: { 'content-type': 'application/json' },
      });
      expect(bad.statusCode).toBe(400);
      expect((await call('/leads/not-a-uuid')).statusCode).toBe(400);
      const missing = await call('/leads/00000000-0000-4000-8000-000000000000');
      expect(missing.statusCode).toBe(404);
      expect(missing.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'Lead 00000000-0000-4000-8000-000000000000 does not exist' } });
      expect((await call('/nope')).json().error.code).toBe('NOT_FOUND');
    });

    it('attaches a known address to the existing card instead of making a second one', async () => {
      const first = await createLead({ email: 'dup@example.com', firstName: 'A' });
      const again = await createLead({ email: 'DUP@example.com', firstName: 'B' });
      expect([first.statusCode, again.statusCode]).toEqual([201, 200]);
      expect(again.json()).toMatchObject({ id: first.json().id, firstName: 'A', deduplicated: true });
    });
  });

  describe('templates', () => {
    it('stores valid MJML as version 1, returns it unchanged when repeated, and a change is version 2', async () => {
      const first = await call({ method: 'POST', url: '/templates', payload: WELCOME_TEMPLATE });
      expect([first.statusCode, first.json().version]).toEqual([201, 1]);
      const same = await call({ method: 'POST', url: '/templates', payload: WELCOME_TEMPLATE });
      expect([same.statusCode, same.json().id]).toEqual([200, first.json().id]);
      const changed = await call({
        method: 'POST',
        url: '/templates',
        payload: { ...WELCOME_TEMPLATE, subject: 'Hello {{lead.firstName}}' },
      });
      expect([changed.statusCode, changed.json().version]).toEqual([201, 2]);
    });

    it('previews a stored template or a draft for a sample lead, escaped as a send would be', async () => {
      await call({ method: 'POST', url: '/templates', payload: WELCOME_TEMPLATE });
      const stored = await call({
        method: 'POST',
        url: '/templates/preview',
        payload: { template: { key: 'welcome' }, lead: { firstName: 'Ġorġ <b>' } },
      });
      expect(stored.statusCode).toBe(200);
      expect(stored.json()).toMatchObject({
        subject: 'Welcome, Ġorġ <b> — your guide to a faster sales cycle',
        templateVersion: expect.any(Number),
      });
      expect(stored.json().html).toContain('Hello Ġorġ &lt;b&gt;,');
      const draft = await call({
        method: 'POST',
        url: '/templates/preview',
        payload: {
          template: {
            subject: 'Hi {{lead.firstName}}',
            mjml: '<mjml><mj-body><mj-section><mj-column><mj-text>{{lead.company}}</mj-text></mj-column></mj-section></mj-body></mjml>',
          },
        },
      });
      expect(draft.json()).toMatchObject({ subject: 'Hi Արամ', templateVersion: null });
      expect(draft.json().text).toContain('Қазақ Сауда');
      const bad = await call({
        method: 'POST',
        url: '/templates/preview',
        payload: { template: { subject: '{{lead.x}}', mjml: '<mjml></mjml>' } },
      });
      expect(bad.statusCode).toBe(422);
      expect((await call({ method: 'POST', url: '/templates/preview', payload: { template: { key: 'no-such' } } })).statusCode).toBe(404);
    });

    it('rejects an unknown variable with 422 and the list of problems', async () => {
      const res = await call({
        method: 'POST',
        url: '/templates',
        payload: { ...WELCOME_TEMPLATE, key: 'bad', subject: '{{lead.password}}' },
      });
      expect(res.statusCode).toBe(422);
      expect(res.json().error).toMatchObject({
        code: 'TEMPLATE_INVALID',
        details: [expect.stringContaining('unknown variable {{lead.password}}')],
      });
    });
  });

  describe('sending through the workflow', () => {
    it('starts a durable send, the worker delivers it, and the timeline records it', async () => {
      await call({ method: 'POST', url: '/templates', payload: WELCOME_TEMPLATE });
      const lead = (await createLead({ email: 'aigul@example.kz', firstName: 'Айгүл', lastName: 'Серікқызы' })).json();

      const res = await call({
        method: 'POST',
        url: `/leads/${lead.id}/emails`,
        payload: { templateKey: 'welcome', requestId: 'req-1' },
      });
      expect(res.statusCode).toBe(202);
      expect(res.json()).toEqual({ workflowId: `lead-email/${lead.id}/welcome/req-1`, alreadyStarted: false });
      await env.client.workflow.getHandle(res.json().workflowId).result();

      const inbox = (await call(`/dev/mailbox/messages?to=aigul@example.kz`)).json().items;
      expect(inbox).toHaveLength(1);
      const message = (await call(`/dev/mailbox/messages/${inbox[0].id}`)).json();
      expect(message.subject).toMatch(/^(Welcome|Hello),? Айгүл/);
      expect(message.text).toContain('Айгүл');

      // Same requestId: reported, not repeated, even after the first finished.
      const again = await call({
        method: 'POST',
        url: `/leads/${lead.id}/emails`,
        payload: { templateKey: 'welcome', requestId: 'req-1' },
      });
      expect(again.json()).toEqual({ workflowId: res.json().workflowId, alreadyStarted: true });
      expect((await call(`/dev/mailbox/messages?to=aigul@example.kz`)).json().items).toHaveLength(1);

      const timeline = (await call(`/leads/${lead.id}/timeline`)).json().items;
      expect(timeline.map((e: { type: string }) => e.type)).toEqual(['lead.created', 'email.sent']);
      expect(timeline[1].data.messageId).toBe(message.messageId);
    });

    it('404s an unknown template before starting anything', async () => {
      const lead = (await createLead({ email: 'x@example.com', firstName: 'X' })).json();
      const res = await call({ method: 'POST', url: `/leads/${lead.id}/emails`, payload: { templateKey: 'no-such-template' } });
      expect(res.statusCode).toBe(404);
    });
  });

  describe('sequences and journeys', () => {
    const definition = {
      key: 'api-nurture',
      name: 'API nurture',
      settings: {
        goals: [
          { id: 'replied', when: { type: 'engagement', event: 'replied' } },
          { id: 'sql', when: { type: 'field', field: 'status', op: 'eq', value: 'SQL' } },
        ],
      },
      steps: [
        { id: 'hello', type: 'email', email: { template: 'welcome' } },
        { id: 'wait', type: 'wait', wait: { duration: '3 days' } },
        { id: 'again', type: 'email', email: { template: 'welcome' } },
      ],
    };

    it('validates with exact paths, without publishing', async () => {
      const res = await call({
        method: 'POST',
        url: '/sequences/validate',
        payload: {
          ...definition,
          steps: [
            { id: 'w', type: 'wait', wait: { until: 'soon' } },
            { id: 'e', type: 'email', email: { template: 'missing-template' } },
          ],
        },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({
        valid: false,
        issues: [{ path: 'steps[0].wait.until', message: expect.stringContaining('ISO date-time') }],
      });
      const missing = await call({
        method: 'POST',
        url: '/sequences/validate',
        payload: { ...definition, steps: [{ id: 'e', type: 'email', email: { template: 'missing-template' } }] },
      });
      expect(missing.json().issues).toEqual([
        { path: 'steps[0].email.template', message: 'no template "missing-template" (create it with POST /templates first)' },
      ]);
      expect((await call('/sequences')).json().items.map((s: { key: string }) => s.key)).not.toContain('api-nurture');
    });

    it('publishes immutable versions and lists them', async () => {
      await call({ method: 'POST', url: '/templates', payload: WELCOME_TEMPLATE });
      const v1 = await call({ method: 'POST', url: '/sequences', payload: definition });
      expect([v1.statusCode, v1.json().version]).toEqual([201, 1]);
      expect((await call({ method: 'POST', url: '/sequences', payload: definition })).statusCode).toBe(200); // identical: same version
      const v2 = await call({ method: 'POST', url: '/sequences', payload: { ...definition, name: 'API nurture, take 2' } });
      expect(v2.json().version).toBe(2);
      const versions = (await call('/sequences/api-nurture/versions')).json().items;
      expect(versions.map((v: { version: number }) => v.version)).toEqual([2, 1]);
      expect(versions[1].definition.name).toBe('API nurture');
      // Shape errors are a 400 naming each path; a missing template is a 422.
      const bad = await call({
        method: 'POST',
        url: '/sequences',
        payload: { ...definition, steps: [{ id: 'w', type: 'wait', wait: { until: 'soon' } }] },
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.issues).toEqual([{ path: 'body.steps[0].wait.until', message: expect.stringContaining('ISO date-time') }]);
      const missing = await call({
        method: 'POST',
        url: '/sequences',
        payload: { ...definition, steps: [{ id: 'e', type: 'email', email: { template: 'nope' } }] },
      });
      expect([missing.statusCode, missing.json().error.details]).toEqual([
        422,
        [{ path: 'steps[0].email.template', message: expect.stringContaining('no template "nope"') }],
      ]);
      // The definition schema is in the OpenAPI document.
      const doc = (await call('/openapi.json')).json();
      expect(JSON.stringify(doc.paths['/sequences'].post.requestBody)).toContain('waitForEvent');
    });

    it('enrolls many leads idempotently, shows live state, pauses, resumes, and exits on a reply event', async () => {
      const a = (await createLead({ email: 'journey-a@example.com', firstName: 'A' })).json();
      const b = (await createLead({ email: 'journey-b@example.com', firstName: 'B' })).json();
      const first = await call({
        method: 'POST',
        url: '/sequences/api-nurture/enrollments',
        payload: { leadIds: [a.id, b.id, '00000000-0000-4000-8000-000000000000'] },
      });
      expect(first.json().results.map((r: { outcome: string }) => r.outcome)).toEqual(['enrolled', 'enrolled', 'lead_not_found']);
      const again = await call({ method: 'POST', url: '/sequences/api-nurture/enrollments', payload: { leadIds: [a.id] } });
      expect(again.json().results).toEqual([expect.objectContaining({ leadId: a.id, outcome: 'already_active' })]);
      const enrollmentId = first.json().results[0].enrollmentId;

      const waiting = async () => {
        for (let i = 0; i < 50; i++) {
          const j = (await call(`/journeys/${enrollmentId}`)).json();
          if (j.live?.status === 'waiting') return j;
          await new Promise((r) => setTimeout(r, 100));
        }
        throw new Error('journey never reached its wait');
      };
      const journey = await waiting();
      expect(journey).toMatchObject({
        sequenceKey: 'api-nurture',
        version: 2,
        status: 'ACTIVE',
        live: { stepId: 'wait', waitingFor: 'wait 3 days' },
      });
      expect(Date.parse(journey.live.nextActionAt) - Date.now()).toBeGreaterThan(2.9 * 86_400_000);

      expect(
        (await call({ method: 'POST', url: `/journeys/${enrollmentId}/pause`, headers: { 'content-type': 'application/json' } }))
          .statusCode,
      ).toBe(202);
      for (let i = 0; i < 50 && (await call(`/journeys/${enrollmentId}`)).json().live?.status !== 'paused'; i++)
        await new Promise((r) => setTimeout(r, 100));
      expect((await call(`/journeys/${enrollmentId}`)).json().live.status).toBe('paused');
      expect((await call({ method: 'POST', url: `/journeys/${enrollmentId}/resume` })).statusCode).toBe(202);

      const event = await call({ method: 'POST', url: '/events', payload: { leadId: a.id, type: 'replied' } });
      expect(event.json()).toMatchObject({ deliveredTo: 1 });
      for (let i = 0; i < 50 && (await call(`/journeys/${enrollmentId}`)).json().status === 'ACTIVE'; i++)
        await new Promise((r) => setTimeout(r, 100));
      expect((await call(`/journeys/${enrollmentId}`)).json()).toMatchObject({ status: 'EXITED', exitReason: 'goal:replied', live: null });
      const conflict = await call({ method: 'POST', url: `/journeys/${enrollmentId}/pause` });
      expect([conflict.statusCode, conflict.json().error.code]).toEqual([409, 'CONFLICT']);

      // Sales qualifies lead B: its journey leaves on the field goal, at once.
      expect((await call({ method: 'POST', url: `/leads/${b.id}/status`, payload: { status: 'SQL' } })).json().status).toBe('SQL');
      const bJourney = first.json().results[1].enrollmentId;
      for (let i = 0; i < 50 && (await call(`/journeys/${bJourney}`)).json().status === 'ACTIVE'; i++)
        await new Promise((r) => setTimeout(r, 100));
      expect((await call(`/journeys/${bJourney}`)).json()).toMatchObject({ status: 'EXITED', exitReason: 'goal:sql' });

      const timeline = (await call(`/leads/${a.id}/timeline`)).json().items.map((e: { type: string }) => e.type);
      expect(timeline).toEqual(
        expect.arrayContaining([
          'journey.enrolled',
          'journey.started',
          'email.sent',
          'journey.waiting',
          'journey.paused',
          'journey.resumed',
          'engagement.replied',
          'journey.exited',
        ]),
      );
    });

    it('exits a journey on request with the reason', async () => {
      const c = (await createLead({ email: 'journey-c@example.com', firstName: 'C' })).json();
      const enrollmentId = (await call({ method: 'POST', url: '/sequences/api-nurture/enrollments', payload: { leadIds: [c.id] } })).json()
        .results[0].enrollmentId;
      expect(
        (await call({ method: 'POST', url: `/journeys/${enrollmentId}/exit`, payload: { reason: 'customer asked' } })).statusCode,
      ).toBe(202);
      for (let i = 0; i < 50 && (await call(`/journeys/${enrollmentId}`)).json().status === 'ACTIVE'; i++)
        await new Promise((r) => setTimeout(r, 100));
      expect((await call(`/journeys/${enrollmentId}`)).json()).toMatchObject({ status: 'EXITED', exitReason: 'customer asked' });
    });

    it('404s an unknown sequence or journey', async () => {
      expect(
        (await call({ method: 'POST', url: '/sequences/nope/enrollments', payload: { leadIds: ['00000000-0000-4000-8000-000000000000'] } }))
          .statusCode,
      ).toBe(404);
      expect((await call('/journeys/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    });
  });

  describe('nurture CLI (sequence files, lead imports)', () => {
    beforeAll(async () => {
      await app.listen({ port: 0, host: '127.0.0.1' });
      const { port } = app.server.address() as AddressInfo;
      process.env.NURTURE_API_URL = `http://127.0.0.1:${port}`;
      process.env.NURTURE_API_KEY = auth.authorization!.slice('Bearer '.length);
    });

    it('validates and publishes JSON and YAML files through the API, reporting problems by path', async () => {
      for (const t of [WELCOME_TEMPLATE, ...DEMO_TEMPLATES]) await call({ method: 'POST', url: '/templates', payload: t });
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-'));
      const bad = path.join(dir, 'bad.json');
      fs.writeFileSync(
        bad,
        JSON.stringify({ key: 'cli-bad', name: 'x', steps: [{ id: 'e', type: 'email', email: { template: 'no-such-template' } }] }),
      );
      const lines: string[] = [];
      const out = (l: string) => lines.push(l);

      expect(await run(['sequences', 'validate', '--api', 'examples/sequences/demo-nurture.yaml', bad], out)).toBe(1);
      expect(lines).toEqual([
        '✔ examples/sequences/demo-nurture.yaml: valid',
        expect.stringMatching(/bad\.json: 1 problem\(s\)$/),
        '  steps[0].email.template: no template "no-such-template" (create it with POST /templates first)',
      ]);
      lines.length = 0;
      expect(await run(['sequences', 'publish', 'examples/sequences/demo-nurture.yaml'], out)).toBe(0);
      expect(await run(['sequences', 'publish', 'examples/sequences/demo-nurture.yaml'], out)).toBe(0);
      expect(lines).toEqual([
        '✔ examples/sequences/demo-nurture.yaml: yaml-nurture v1 published',
        '✔ examples/sequences/demo-nurture.yaml: yaml-nurture v1 already published (unchanged)',
      ]);
      expect(await run(['sequences', 'frobnicate'], out)).toBe(2);
    });

    it('imports a CSV of leads, showing progress and then every row that failed by its line', async () => {
      const lines: string[] = [];
      const out = (l: string) => lines.push(l);
      expect(await run(['leads', 'import', 'examples/leads/trade-show.csv'], out, { pollMs: 50 })).toBe(0);
      expect(lines.at(0)).toMatch(/^ {2}0\/5 rows \(0%\)/);
      expect(lines.at(-2)).toBe('  5/5 rows (100%) · 5 new · 0 known · 0 failed');
      expect(lines.at(-1)).toBe('✔ trade-show.csv: 5 new lead(s), 0 known lead(s) updated, 0 row(s) failed');
      expect(
        (await call('/leads/' + (await db.prisma.lead.findUniqueOrThrow({ where: { email: 'aram.sargsyan@example.am' } })).id)).json(),
      ).toMatchObject({
        firstName: 'Արամ',
        company: 'Արարատ ՍՊԸ',
        phone: '+37410123456',
        source: 'TRADE_SHOW',
        acquisitionCostCents: 1800,
      });

      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-'));
      const again = path.join(dir, 'again.csv');
      fs.writeFileSync(again, 'email,firstName\naram.sargsyan@example.am,Aram\nbroken,X\n');
      lines.length = 0;
      expect(await run(['leads', 'import', again], out, { pollMs: 50 })).toBe(1);
      expect(lines.slice(-2)).toEqual([
        '  row 3 (broken): email: Invalid email address',
        '✘ again.csv: 0 new lead(s), 1 known lead(s) updated, 1 row(s) failed',
      ]);
      lines.length = 0;
      expect(await run(['leads', 'import', path.join(dir, 'missing.csv')], out)).toBe(1);
      expect(lines).toEqual([expect.stringMatching(/missing\.csv: cannot read: no such file$/)]);
      expect(await run(['leads', 'import'], out)).toBe(2);
    });
  });

  describe('one-click unsubscribe (RFC 8058)', () => {
    it('shows a confirmation page on GET without unsubscribing; POST unsubscribes once', async () => {
      const lead = (await createLead({ email: 'gorg@example.mt', firstName: 'Ġorġ' })).json();
      const url = `/u/${signToken({ l: lead.id, p: 'unsub' }, TEST_ENV.SIGNING_SECRET)}`;

      const page = await call(url);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('<form method="post">');
      expect((await call(`/leads/${lead.id}`)).json().unsubscribedAt).toBeNull();

      const post = await call({
        method: 'POST',
        url,
        payload: 'List-Unsubscribe=One-Click',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(post.statusCode).toBe(200);
      expect(post.body).toContain('You are unsubscribed');
      expect((await call(`/leads/${lead.id}`)).json().unsubscribedAt).not.toBeNull();
      expect((await call({ method: 'POST', url })).statusCode).toBe(200); // idempotent

      const events = (await call(`/leads/${lead.id}/timeline`))
        .json()
        .items.filter((e: { type: string }) => e.type === 'lead.unsubscribed');
      expect(events).toEqual([expect.objectContaining({ data: { via: 'list-unsubscribe-one-click' } })]);
    });

    it('refuses a tampered token with a 400 page', async () => {
      const token = signToken({ l: '00000000-0000-4000-8000-000000000000', p: 'unsub' }, 'another-secret-of-at-least-32-characters');
      for (const method of ['GET', 'POST'] as const) {
        const res = await call({ method, url: `/u/${token}` });
        expect(res.statusCode).toBe(400);
        expect(res.body).toContain('This link is not valid');
      }
    });
  });

  describe('dev mailbox page', () => {
    it('lists captured mail for a person, with the HTML sandboxed', async () => {
      const page = await call('/dev/mailbox');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Dev mailbox');
      expect(page.body).toContain('<iframe sandbox');
      const id = (await call('/dev/mailbox/messages')).json().items[0].id;
      expect((await call(`/dev/mailbox/messages/${id}/html`)).headers['content-security-policy']).toMatch(/^sandbox/);
    });
  });
});
