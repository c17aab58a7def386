/**
 * The public surfaces as an attacker meets them, on real parts (time-skipping Temporal server,
 * real database, real SMTP capture): deny-by-default routes, the referral form's double opt-in
 * and limits, keys kept out of URLs, the webhook role, dev surfaces, page headers and body limits.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { buildServer, type TApp } from '../../api/server';
import { createApiKey } from '../../domain/api-keys/create-api-key';
import { assertNoDevCredentials, revokeDevCredentials } from '../../domain/api-keys/dev-credentials';
import { installBuiltins } from '../../domain/builtins/install-builtins';
import { createHealthChecks } from '../../lib/boot';
import { TemplateCache } from '../../lib/mail/render-template';
import { signToken } from '../../lib/security/signed-token';
import { DEV_API_KEYS } from '../../lib/security/api-keys';
import type { TRunningWorker } from '../../worker/start-worker';
import { createTestDatabase, type TTestDatabase } from '../helpers/database';
import { eventually } from '../helpers/eventually';
import { createTestMail } from '../helpers/mail';
import { createTestWorker, createTimeSkippingEnv, TEST_ENV, uniqueTaskQueue } from '../helpers/temporal';

/** Every route anyone may call without credentials. A new one must be added here on purpose. */
const PUBLIC_ROUTES = [
  'GET /health',
  'GET /health/live',
  'GET /health/ready',
  'POST /auth/login',
  'POST /auth/logout',
  'GET /auth/session',
  'GET /u/:token',
  'POST /u/:token',
  'GET /p/:token',
  'POST /p/:token',
  'GET /q/:token',
  'POST /q/:token',
  'GET /ref/:code',
  'POST /ref/:code',
  'GET /confirm/:token',
  'POST /confirm/:token',
  'GET /t/o/:token',
  'GET /t/c/:token',
  // CORS preflights of the Temporal codec endpoint (browsers send them without credentials; the POSTs are admin only).
  'OPTIONS /codec/encode',
  'OPTIONS /codec/decode',
  // The web console: static files, and index.html for browsers (no data; that comes through the API).
  'GET /assets/*',
  'GET /*',
];

describe('hardening of the public surfaces', () => {
  let env: TestWorkflowEnvironment;
  let db: TTestDatabase;
  let mail: Awaited<ReturnType<typeof createTestMail>>;
  let worker: TRunningWorker;
  let app: TApp;
  let keys: { admin: string; sales: string; webhook: string };
  const taskQueue = uniqueTaskQueue('hardening');
  const testEnv = { ...TEST_ENV, TEMPORAL_TASK_QUEUE: taskQueue, API_DOCS: false };
  let seq = 0;
  const uniqueEmail = (who: string) => `${who}.${Date.now().toString(36)}${++seq}@example.am`;

  const server = (overrides: Partial<typeof testEnv> = {}, withMailbox = false) =>
    buildServer({
      env: { ...testEnv, ...overrides },
      prisma: db.prisma,
      temporal: env.client,
      mailer: mail.mailer,
      templates: new TemplateCache(),
      ...(withMailbox ? { capture: mail.capture } : {}),
      health: createHealthChecks({ db, temporal: env.client, temporalAddress: 'test server', mailer: mail.mailer }),
    });

  beforeAll(async () => {
    [env, db, mail] = await Promise.all([createTimeSkippingEnv(), createTestDatabase(), createTestMail()]);
    worker = await createTestWorker({
      env,
      prisma: db.prisma,
      mailer: mail.mailer,
      taskQueue,
      temporal: env.client,
      envOverrides: testEnv,
    });
    app = await server();
    await installBuiltins(db.prisma);
    keys = {
      admin: (await createApiKey(db.prisma, { name: 'admin', role: 'ADMIN' })).key,
      sales: (await createApiKey(db.prisma, { name: 'sales', role: 'SALES' })).key,
      webhook: (await createApiKey(db.prisma, { name: 'esp', role: 'WEBHOOK' })).key,
    };
  });
  afterAll(async () => {
    await app?.close();
    await worker?.stop();
    await Promise.all([env?.teardown(), db?.cleanup(), mail?.close()]);
  });

  const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

  describe('deny by default', () => {
    it('every route declares roles or public, and only the known pages are public', () => {
      const routes = app.routeAccess.filter((r) => r.method !== 'HEAD');
      expect(routes.length).toBeGreaterThan(50);
      expect(routes.filter((r) => r.access === 'unmarked').map((r) => `${r.method} ${r.url}`)).toEqual([]);
      expect(
        routes
          .filter((r) => r.access === 'public')
          .map((r) => `${r.method} ${r.url}`)
          .sort(),
      ).toEqual([...PUBLIC_ROUTES].sort());
    });

    it('every private route answers 401 without credentials, whatever its parameters', async () => {
      const privateRoutes = app.routeAccess.filter((r) => r.access !== 'public' && r.method !== 'HEAD');
      for (const route of privateRoutes) {
        const url = route.url.replace(/:(\w+)/g, '00000000-0000-4000-8000-000000000000');
        const res = await app.inject({ method: route.method as 'GET', url, payload: route.method === 'GET' ? undefined : {} });
        expect({ route: `${route.method} ${route.url}`, status: res.statusCode }).toEqual({
          route: `${route.method} ${route.url}`,
          status: 401,
        });
      }
    });

    it('refuses API keys in the URL, even valid ones, and says where a key goes', async () => {
      const res = await app.inject({ url: `/leads/00000000-0000-4000-8000-000000000000?key=${keys.admin}` });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.message).toMatch(/not accepted in the URL/);
    });

    it('a webhook key reaches the webhooks and nothing else; an admin key reaches both', async () => {
      const events = await app.inject({ method: 'POST', url: '/webhooks/email-events', headers: bearer(keys.webhook), payload: [] });
      expect(events.statusCode).toBe(200);
      const leads = await app.inject({ url: '/tasks', headers: bearer(keys.webhook) });
      expect([leads.statusCode, leads.json().error.code]).toEqual([403, 'FORBIDDEN']);
      expect(
        (await app.inject({ method: 'POST', url: '/webhooks/email-events', headers: bearer(keys.admin), payload: [] })).statusCode,
      ).toBe(200);
      expect(
        (await app.inject({ method: 'POST', url: '/webhooks/email-events', headers: bearer(keys.sales), payload: [] })).statusCode,
      ).toBe(403);
    });
  });

  describe('the referral form', () => {
    let code: string;
    beforeAll(async () => {
      const lead = await db.prisma.lead.create({ data: { email: uniqueEmail('promoter'), firstName: 'Անի', attributes: {} } });
      const customer = await db.prisma.customer.create({
        data: { leadId: lead.id, email: lead.email, name: lead.firstName, referralCode: `REF${Date.now().toString(36).toUpperCase()}` },
      });
      code = customer.referralCode;
    });

    const post = (fields: Record<string, string>, ip = '198.51.100.7') =>
      app.inject({
        method: 'POST',
        url: `/ref/${code}`,
        remoteAddress: ip,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams(fields).toString(),
      });
    const confirmLinkIn = async (email: string) => {
      const message = await mail.capture.waitFor((m) => m.envelopeTo.includes(email));
      const path = /http:\/\/nurture\.test(\/confirm\/[\w.-]+)/.exec(message.text)?.[1];
      if (!path) throw new Error(`no confirmation link in ${message.text}`);
      return path;
    };
    const mailsTo = (email: string) => mail.capture.list().filter((m) => m.envelopeTo.includes(email));

    it('creates nothing before the emailed link is confirmed, then a REFERRAL lead with its consent', async () => {
      const email = uniqueEmail('aram');
      const res = await post({ firstName: 'Արամ', email, consent: 'yes' });
      expect([res.statusCode, res.body.includes('Check your inbox')]).toEqual([200, true]);
      const link = await confirmLinkIn(email);
      expect(await db.prisma.lead.findUnique({ where: { email } })).toBeNull();
      expect(await db.prisma.consentRecord.count({ where: { lead: { email } } })).toBe(0);

      // Opening the link (a mail scanner would) confirms nothing; the button does.
      const page = await app.inject({ url: link });
      expect([page.statusCode, page.body.includes('Yes, this is my address')]).toEqual([200, true]);
      expect(await db.prisma.lead.findUnique({ where: { email } })).toBeNull();
      expect((await app.inject({ method: 'POST', url: link })).statusCode).toBe(200);
      const lead = await db.prisma.lead.findUniqueOrThrow({ where: { email } });
      expect(lead).toMatchObject({ firstName: 'Արամ', source: 'REFERRAL' });
      expect(await db.prisma.consentRecord.findMany({ where: { leadId: lead.id } })).toEqual([
        expect.objectContaining({ action: 'GRANTED', source: 'referral-form (double opt-in)' }),
      ]);
      // A second click changes nothing.
      expect((await app.inject({ method: 'POST', url: link })).statusCode).toBe(200);
      expect(await db.prisma.lead.count({ where: { email } })).toBe(1);
    });

    it('sends one confirmation per address a day, however often the form is posted', async () => {
      const email = uniqueEmail('repeat');
      for (const ip of ['198.51.100.20', '198.51.100.21', '198.51.100.22']) {
        expect((await post({ firstName: 'Repeat', email }, ip)).statusCode).toBe(200);
      }
      await confirmLinkIn(email);
      await new Promise((r) => setTimeout(r, 300));
      expect(mailsTo(email)).toHaveLength(1);
    });

    it('never edits an existing card: a confirmed submission is a touch, the owner hears once a day', async () => {
      const email = uniqueEmail('known');
      const known = await db.prisma.lead.create({
        data: {
          email,
          firstName: 'Gohar',
          lastName: 'Original',
          company: 'Original Ltd',
          ownerEmail: 'owner@nurture.test',
          attributes: {},
        },
      });
      const used: string[] = [];
      for (const [i, ip] of ['198.51.100.30', '198.51.100.31'].entries()) {
        // A day apart is not needed for the daily limit: both land on the same day.
        await db.prisma.pendingSignup.updateMany({ where: { email }, data: { emailSentAt: new Date(0) } });
        expect(
          (await post({ firstName: 'Mallory', lastName: `Changed${i}`, company: 'Evil Corp', email, consent: 'yes' }, ip)).statusCode,
        ).toBe(200);
        const link = await eventually('a fresh confirmation link', async () => {
          const found = mailsTo(email).map((m) => /http:\/\/nurture\.test(\/confirm\/[\w.-]+)/.exec(m.text)?.[1]);
          return found.length === i + 1 ? found.find((l) => l && !used.includes(l)) : undefined;
        });
        used.push(link);
        expect((await app.inject({ method: 'POST', url: link })).statusCode).toBe(200);
      }
      const after = await db.prisma.lead.findUniqueOrThrow({ where: { id: known.id } });
      expect(after).toMatchObject({ firstName: 'Gohar', lastName: 'Original', company: 'Original Ltd' });
      expect(await db.prisma.consentRecord.count({ where: { leadId: known.id } })).toBe(0);
      expect(await db.prisma.leadEvent.count({ where: { leadId: known.id, type: 'lead.touch' } })).toBe(2);
      await eventually(
        'the owner notice',
        async () => (await db.prisma.leadEvent.count({ where: { leadId: known.id, type: 'notification.sent' } })) > 0,
      );
      await new Promise((r) => setTimeout(r, 500));
      expect(await db.prisma.leadEvent.count({ where: { leadId: known.id, type: 'notification.sent' } })).toBe(1);
    });

    it('thanks a bot that fills the honeypot and sends it nothing', async () => {
      const email = uniqueEmail('bot');
      const res = await post({ firstName: 'Bot', email, website: 'http://spam.example' }, '198.51.100.40');
      expect([res.statusCode, res.body.includes('Check your inbox')]).toEqual([200, true]);
      await new Promise((r) => setTimeout(r, 300));
      expect(mailsTo(email)).toHaveLength(0);
      expect(await db.prisma.pendingSignup.count({ where: { email } })).toBe(0);
    });

    it('limits posts per address: the sixth within ten minutes is 429 and sends nothing', async () => {
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++)
        statuses.push((await post({ firstName: 'Flood', email: uniqueEmail(`flood${i}`) }, '198.51.100.50')).statusCode);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
      expect(await db.prisma.pendingSignup.count({ where: { email: { startsWith: 'flood5.' } } })).toBe(0);
    });

    it('rejects forged, foreign and expired confirmation links with a page, not an error', async () => {
      const forged = await app.inject({
        method: 'POST',
        url: `/confirm/${signToken({ l: 'x', p: 'signup' }, 'another-secret-of-at-least-32-characters')}`,
      });
      expect(forged.statusCode).toBe(400);
      const unsubToken = signToken({ l: '00000000-0000-4000-8000-000000000000', p: 'unsub' }, TEST_ENV.SIGNING_SECRET);
      expect((await app.inject({ method: 'POST', url: `/confirm/${unsubToken}` })).statusCode).toBe(400);
      const expired = signToken(
        { l: '00000000-0000-4000-8000-000000000000', p: 'signup', e: (1_700_000_000).toString(36) },
        TEST_ENV.SIGNING_SECRET,
      );
      const res = await app.inject({ url: `/confirm/${expired}` });
      expect([res.statusCode, res.body.includes('expired')]).toEqual([410, true]);
    });
  });

  describe('pages and bodies', () => {
    it('public pages are unframeable, script-free and leak no referrer', async () => {
      const res = await app.inject({
        url: `/u/${signToken({ l: '00000000-0000-4000-8000-000000000000', p: 'unsub' }, TEST_ENV.SIGNING_SECRET)}`,
      });
      expect(res.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
      expect(res.headers['content-security-policy']).toMatch(/default-src 'none'/);
      expect(res.headers['referrer-policy']).toBe('no-referrer');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    });

    it('public form posts are limited to a few KB', async () => {
      const res = await app.inject({
        method: 'POST',
        url: `/ref/ANYCODE`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `firstName=${'x'.repeat(64 * 1024)}`,
      });
      expect(res.statusCode).toBe(413);
    });

    it('preference and questionnaire links expire after their time; unsubscribe links do not', async () => {
      const past = (1_700_000_000).toString(36);
      const lead = await db.prisma.lead.create({ data: { email: uniqueEmail('expiry'), firstName: 'Ani', attributes: {} } });
      for (const p of ['pref', 'refusal']) {
        const url = `/${p === 'pref' ? 'p' : 'q'}/${signToken({ l: lead.id, p, e: past }, TEST_ENV.SIGNING_SECRET)}`;
        expect({ p, status: (await app.inject({ url })).statusCode }).toEqual({ p, status: 400 });
      }
      expect((await app.inject({ url: `/u/${signToken({ l: lead.id, p: 'unsub' }, TEST_ENV.SIGNING_SECRET)}` })).statusCode).toBe(200);
    });

    it('serves the docs only when API_DOCS is on', async () => {
      expect((await app.inject({ url: '/docs' })).statusCode).toBe(404);
      expect((await app.inject({ url: '/openapi.json' })).statusCode).toBe(404);
      const withDocs = await server({ API_DOCS: true });
      try {
        expect((await withDocs.inject({ url: '/openapi.json' })).statusCode).toBe(200);
        expect((await withDocs.inject({ url: '/docs' })).statusCode).toBeLessThan(400);
      } finally {
        await withDocs.close();
      }
    });

    it('serves the dev mailbox only to this machine, and never in production', async () => {
      const dev = await server({}, true);
      const prod = await server({ NODE_ENV: 'production' }, true);
      try {
        expect((await dev.inject({ url: '/dev/mailbox' })).statusCode).toBe(200);
        expect((await dev.inject({ url: '/dev/mailbox/messages', remoteAddress: '203.0.113.9' })).statusCode).toBe(404);
        expect((await prod.inject({ url: '/dev/mailbox' })).statusCode).toBe(404);
      } finally {
        await Promise.all([dev.close(), prod.close()]);
      }
    });
  });

  describe('production guards', () => {
    it('refuses to serve a database that holds the dev API keys until they are revoked', async () => {
      await createApiKey(db.prisma, { name: 'dev admin', role: 'ADMIN', key: DEV_API_KEYS.ADMIN });
      await expect(assertNoDevCredentials(db.prisma, 'npm run api')).rejects.toMatchObject({
        code: 'CONFIG_INVALID',
        details: [expect.stringContaining('dev admin')],
      });
      expect(await revokeDevCredentials(db.prisma)).toBe(1);
      await expect(assertNoDevCredentials(db.prisma, 'npm run api')).resolves.toBeUndefined();
    });
  });
});
