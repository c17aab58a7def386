/**
 * People sign in to the console: login, the session cookie, CSRF, lockout and rate limits,
 * logout, expiry, roles. A real database; no Temporal (nothing here starts a workflow).
 */
import { createHash } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildServer, type TApp, type TApiDeps } from '../../api/server';
import { createApiKey } from '../../domain/api-keys/create-api-key';
import { findDevCredentials, revokeDevCredentials } from '../../domain/api-keys/dev-credentials';
import { createUser } from '../../domain/users/create-user';
import { DEV_USER_PASSWORD, DEV_USERS, seedDevUsers } from '../../domain/users/dev-users';
import { AppError } from '../../lib/errors';
import type { TMailer } from '../../lib/mail/create-mailer';
import { TemplateCache } from '../../lib/mail/render-template';
import { createTestDatabase, type TTestDatabase } from '../helpers/database';
import { TEST_ENV } from '../helpers/temporal';

const PASSWORD = 'a long enough password';
const WRONG = { code: 'UNAUTHENTICATED', message: 'Wrong email or password' };
const TOO_MANY = { code: 'RATE_LIMITED', message: 'Too many sign-in attempts; try again in 15 minutes' };
const CSRF = { code: 'FORBIDDEN', message: 'Missing or invalid CSRF token; reload the page and try again' };
const EXPIRED = { code: 'UNAUTHENTICATED', message: 'Your session has expired; sign in again' };
const NOT_SIGNED_IN = { code: 'UNAUTHENTICATED', message: 'Not signed in' };
const SEQUENCE = { key: 'session-check', name: 'x', steps: [{ id: 'e', type: 'exit' }] };

describe('console sessions', () => {
  let db: TTestDatabase;
  let app: TApp;
  let ipSeq = 0;
  /** Each sign-in gets its own client address unless a test says otherwise, so the per-IP limit stays out of the way. */
  const freshIp = () => `10.0.${Math.floor(++ipSeq / 250)}.${ipSeq % 250}`;

  const serverDeps = (): TApiDeps => ({
    env: TEST_ENV,
    prisma: db.prisma,
    temporal: {} as Client,
    mailer: {} as TMailer,
    templates: new TemplateCache(),
    health: { database: async () => 'ok', temporal: async () => 'ok', smtp: async () => 'ok' },
  });

  const login = (email: string, password: string, options: { ip?: string; server?: TApp } = {}) =>
    (options.server ?? app).inject({
      method: 'POST',
      url: '/auth/login',
      payload: { email, password },
      remoteAddress: options.ip ?? freshIp(),
      headers: { 'user-agent': 'jest' },
    });

  const cookieOf = (res: LightMyRequestResponse) => res.cookies.find((c) => c.name === 'nurture_session');

  /** Signs in and returns a caller that sends the cookie (and, unless told otherwise, the CSRF token). */
  async function signedIn(email: string, password = PASSWORD) {
    const res = await login(email, password);
    expect(res.statusCode).toBe(200);
    const token = cookieOf(res)!.value;
    const csrfToken = res.json().csrfToken as string;
    const call = (o: InjectOptions & { csrf?: string | false }) => {
      const { csrf, ...rest } = o;
      const csrfHeader = csrf === false ? {} : { 'x-csrf-token': csrf ?? csrfToken };
      return app.inject({ ...rest, cookies: { nurture_session: token }, headers: { ...csrfHeader, ...(o.headers ?? {}) } });
    };
    return { token, csrfToken, call, body: res.json(), sessionId: createHash('sha256').update(token).digest('hex') };
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    app = await buildServer(serverDeps());
    await db.prisma.rep.create({ data: { email: 'rep@example.com', name: 'Rita Rep' } });
    await createUser({ prisma: db.prisma }, { email: 'Admin@Example.com', name: 'Ada Admin', role: 'admin', password: PASSWORD });
    await createUser(
      { prisma: db.prisma },
      { email: 'marketing@example.com', name: 'Mia Marketing', role: 'MARKETING', password: PASSWORD },
    );
    await createUser({ prisma: db.prisma }, { email: 'rep@example.com', name: 'Rita Rep', role: 'sales', password: PASSWORD });
  });
  afterAll(async () => {
    await app?.close();
    await db?.cleanup();
  });

  describe('signing in', () => {
    it('sets an httpOnly, SameSite=Lax session cookie, and /auth/session returns the user', async () => {
      const before = Date.now();
      const res = await login('  Rep@Example.COM ', PASSWORD);
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(body).toEqual({
        user: { id: expect.any(String), email: 'rep@example.com', name: 'Rita Rep', role: 'SALES', repEmail: 'rep@example.com' },
        csrfToken: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        expiresAt: expect.any(String),
      });
      const expiresAt = new Date(body.expiresAt).getTime();
      expect(expiresAt - before).toBeGreaterThanOrEqual(7 * 24 * 3600_000 - 1000);
      expect(expiresAt - before).toBeLessThanOrEqual(7 * 24 * 3600_000 + 60_000);

      const cookie = cookieOf(res)!;
      expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });
      expect(cookie.secure).toBeFalsy(); // PUBLIC_BASE_URL is http in the tests
      expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(new Date(cookie.expires!).getTime()).toBe(Math.floor(expiresAt / 1000) * 1000);

      // Only the token's sha256 is stored, with who signed in from where.
      const row = await db.prisma.session.findUniqueOrThrow({ where: { id: createHash('sha256').update(cookie.value).digest('hex') } });
      expect(row).toMatchObject({ userId: body.user.id, csrfToken: body.csrfToken, userAgent: 'jest' });
      expect(await db.prisma.session.findUnique({ where: { id: cookie.value } })).toBeNull();

      const session = await app.inject({ url: '/auth/session', cookies: { nurture_session: cookie.value } });
      expect(session.statusCode).toBe(200);
      expect(session.json()).toEqual(body);
    });

    it('gives repEmail null to a user without a rep card', async () => {
      const { body } = await signedIn('marketing@example.com');
      expect(body.user).toMatchObject({ role: 'MARKETING', repEmail: null });
    });

    it('marks the cookie Secure when PUBLIC_BASE_URL is https', async () => {
      const https = await buildServer({ ...serverDeps(), env: { ...TEST_ENV, PUBLIC_BASE_URL: 'https://nurture.example' } });
      try {
        const res = await login('admin@example.com', PASSWORD, { server: https });
        expect(cookieOf(res)).toMatchObject({ secure: true, httpOnly: true });
      } finally {
        await https.close();
      }
    });

    it('gives a wrong password and an unknown email the same 401, and sets no cookie', async () => {
      const wrongPassword = await login('admin@example.com', 'not the password at all');
      const unknownEmail = await login('nobody@example.com', PASSWORD);
      for (const res of [wrongPassword, unknownEmail]) {
        expect(res.statusCode).toBe(401);
        expect(res.json()).toEqual({ error: WRONG });
        expect(cookieOf(res)).toBeUndefined();
      }
      expect(wrongPassword.body).toBe(unknownEmail.body);
    });

    it('takes only JSON (a cross-site form cannot sign someone in)', async () => {
      const res = await app.inject({
        method: 'POST',
        url: '/auth/login',
        payload: `email=admin%40example.com&password=${encodeURIComponent(PASSWORD)}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        remoteAddress: freshIp(),
      });
      expect(res.statusCode).toBe(400);
      expect(res.json().error.message).toBe('Send the credentials as JSON (content-type: application/json)');
      expect(cookieOf(res)).toBeUndefined();
    });

    it('locks an account after 5 wrong passwords, and answers an unknown email hammered as often the same 429', async () => {
      await createUser({ prisma: db.prisma }, { email: 'locked@example.com', name: 'Lou', role: 'sales', password: PASSWORD });
      for (const email of ['locked@example.com', 'ghost@example.com']) {
        for (let i = 1; i <= 5; i++) {
          const res = await login(email, `wrong password ${i}`);
          expect([email, i, res.statusCode, res.json()]).toEqual([email, i, 401, { error: WRONG }]);
        }
      }
      // The sixth attempt, even with the right password, and from another address.
      const locked = await login('locked@example.com', PASSWORD);
      const ghost = await login('ghost@example.com', PASSWORD);
      for (const res of [locked, ghost]) {
        expect(res.statusCode).toBe(429);
        expect(res.json()).toEqual({ error: TOO_MANY });
        expect(cookieOf(res)).toBeUndefined();
      }
      expect(locked.body).toBe(ghost.body);
      const row = await db.prisma.user.findUniqueOrThrow({ where: { email: 'locked@example.com' } });
      expect(row.lockedUntil!.getTime() - Date.now()).toBeGreaterThan(14 * 60_000);

      // When the 15 minutes are over, the right password works and the counters start again.
      await db.prisma.user.update({ where: { id: row.id }, data: { lockedUntil: new Date(Date.now() - 1000) } });
      expect((await login('locked@example.com', PASSWORD)).statusCode).toBe(200);
      expect(await db.prisma.user.findUniqueOrThrow({ where: { id: row.id } })).toMatchObject({ failedLogins: 0, lockedUntil: null });
    });

    it('limits attempts per IP (20 per 15 minutes), whatever the account', async () => {
      const ip = '192.0.2.77';
      for (let i = 1; i <= 20; i++) expect((await login(`someone-${i}@example.com`, 'whatever password', { ip })).statusCode).toBe(401);
      const blocked = await login('admin@example.com', PASSWORD, { ip });
      expect(blocked.statusCode).toBe(429);
      expect(blocked.json()).toEqual({ error: TOO_MANY });
      expect((await login('admin@example.com', PASSWORD, { ip: '192.0.2.78' })).statusCode).toBe(200);
    });

    it('refuses a disabled user, telling only someone who knows the password why', async () => {
      await createUser({ prisma: db.prisma }, { email: 'gone@example.com', name: 'Gone', role: 'marketing', password: PASSWORD });
      const { call } = await signedIn('gone@example.com');
      await db.prisma.user.update({ where: { email: 'gone@example.com' }, data: { disabledAt: new Date() } });
      // Existing sessions stop working at once.
      const res = await call({ url: '/sequences' });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({ error: NOT_SIGNED_IN });
      expect((await login('gone@example.com', 'not the password at all')).json()).toEqual({ error: WRONG });
      const right = await login('gone@example.com', PASSWORD);
      expect(right.statusCode).toBe(403);
      expect(cookieOf(right)).toBeUndefined();
    });
  });

  describe('using a session', () => {
    it('needs the X-CSRF-Token header on state-changing requests; GETs and API keys need none', async () => {
      const { call, csrfToken } = await signedIn('marketing@example.com');
      for (const csrf of [false, '', 'x'.repeat(43), csrfToken.slice(0, -1)] as const) {
        const res = await call({ method: 'POST', url: '/sequences', payload: SEQUENCE, csrf });
        expect(res.statusCode).toBe(403);
        expect(res.json()).toEqual({ error: CSRF });
      }
      expect(await db.prisma.sequence.count({ where: { key: SEQUENCE.key } })).toBe(0);
      expect((await call({ url: '/sequences', csrf: false })).statusCode).toBe(200);
      expect((await call({ method: 'POST', url: '/sequences', payload: SEQUENCE })).statusCode).toBe(201);

      // Machines: an API key needs no CSRF token, with or without a stray cookie.
      const key = (await createApiKey(db.prisma, { name: 'mkt machine', role: 'MARKETING' })).key;
      const byKey = await app.inject({
        method: 'POST',
        url: '/sequences',
        payload: { ...SEQUENCE, name: 'y' },
        headers: { authorization: `Bearer ${key}` },
        cookies: { nurture_session: 'stale' },
      });
      expect(byKey.statusCode).toBe(201);
    });

    it('holds the same role rules as API keys: a sales user cannot publish sequences but can read tasks', async () => {
      const { call } = await signedIn('rep@example.com');
      const publish = await call({ method: 'POST', url: '/sequences', payload: SEQUENCE });
      expect(publish.statusCode).toBe(403);
      expect(publish.json().error).toEqual({
        code: 'FORBIDDEN',
        message: 'A sales user cannot POST /sequences; it needs marketing',
      });
      const tasks = await call({ url: '/tasks?assignee=rep@example.com' });
      expect(tasks.statusCode).toBe(200);
      expect(tasks.json()).toEqual({ items: [] });
    });

    it('cannot reach the webhooks, which are for machines, even as an admin', async () => {
      for (const email of ['admin@example.com', 'rep@example.com']) {
        const { call } = await signedIn(email);
        const res = await call({ method: 'POST', url: '/webhooks/email-events', payload: [] });
        expect(res.statusCode).toBe(403);
        expect(res.json().error).toEqual({
          code: 'FORBIDDEN',
          message: 'POST /webhooks/email-events is for machines: it takes an API key, not a console session',
        });
      }
    });

    it('answers 401 for no cookie, an unknown token or a malformed one', async () => {
      expect((await app.inject({ url: '/tasks' })).statusCode).toBe(401);
      expect((await app.inject({ url: '/auth/session' })).json()).toEqual({ error: NOT_SIGNED_IN });
      for (const token of ['nope', 'x'.repeat(43)]) {
        const res = await app.inject({ url: '/tasks', cookies: { nurture_session: token } });
        expect(res.statusCode).toBe(401);
        expect(res.json()).toEqual({ error: NOT_SIGNED_IN });
      }
    });

    it('slides lastSeenAt at most once a minute', async () => {
      const { call, sessionId } = await signedIn('admin@example.com');
      const seen = async () => (await db.prisma.session.findUniqueOrThrow({ where: { id: sessionId } })).lastSeenAt.getTime();
      const first = await seen();
      await call({ url: '/tasks' });
      expect(await seen()).toBe(first);
      const twoMinutesAgo = new Date(Date.now() - 2 * 60_000);
      await db.prisma.session.update({ where: { id: sessionId }, data: { lastSeenAt: twoMinutesAgo } });
      expect((await call({ url: '/tasks' })).statusCode).toBe(200);
      expect(await seen()).toBeGreaterThan(twoMinutesAgo.getTime() + 60_000);
    });

    it('expires: past expiresAt (7 days) or 12 hours idle gives 401 with the expiry message', async () => {
      const absolute = await signedIn('admin@example.com');
      await db.prisma.session.update({ where: { id: absolute.sessionId }, data: { expiresAt: new Date(Date.now() - 1000) } });
      const res = await absolute.call({ url: '/tasks' });
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({ error: EXPIRED });
      expect(await db.prisma.session.findUnique({ where: { id: absolute.sessionId } })).toBeNull();

      const idle = await signedIn('admin@example.com');
      await db.prisma.session.update({ where: { id: idle.sessionId }, data: { lastSeenAt: new Date(Date.now() - 12 * 3600_000 - 1000) } });
      const session = await idle.call({ url: '/auth/session' });
      expect(session.statusCode).toBe(401);
      expect(session.json()).toEqual({ error: EXPIRED });
      expect(cookieOf(session)).toMatchObject({ value: '' }); // cleared
    });

    it('signs out: needs the CSRF token, deletes the session and clears the cookie', async () => {
      const { call, sessionId } = await signedIn('admin@example.com');
      const refused = await call({ method: 'POST', url: '/auth/logout', csrf: false });
      expect(refused.statusCode).toBe(403);
      expect(refused.json()).toEqual({ error: CSRF });
      expect((await call({ url: '/auth/session' })).statusCode).toBe(200);

      const out = await call({ method: 'POST', url: '/auth/logout' });
      expect(out.statusCode).toBe(204);
      const cleared = cookieOf(out)!;
      expect(cleared.value).toBe('');
      expect(new Date(cleared.expires!).getTime()).toBeLessThan(Date.now());
      expect(await db.prisma.session.findUnique({ where: { id: sessionId } })).toBeNull();
      expect((await call({ url: '/auth/session' })).json()).toEqual({ error: NOT_SIGNED_IN });
      expect((await call({ url: '/tasks' })).statusCode).toBe(401);
      // Signing out twice is harmless.
      expect((await call({ method: 'POST', url: '/auth/logout' })).statusCode).toBe(204);
    });
  });

  describe('accounts', () => {
    it('refuses the webhook role for people, in code and in the database', async () => {
      await expect(
        createUser({ prisma: db.prisma }, { email: 'hook@example.com', name: 'Hook', role: 'WEBHOOK', password: PASSWORD }),
      ).rejects.toThrow(AppError);
      await expect(
        db.prisma.user.create({ data: { email: 'hook@example.com', name: 'Hook', role: 'WEBHOOK', passwordHash: 'x' } }),
      ).rejects.toThrow();
      await expect(
        createUser({ prisma: db.prisma }, { email: 'short@example.com', name: 'S', role: 'sales', password: 'too short' }),
      ).rejects.toThrow(/at least 12 characters/);
      await expect(
        createUser({ prisma: db.prisma }, { email: 'ADMIN@example.com', name: 'Again', role: 'admin', password: PASSWORD }),
      ).rejects.toThrow(/already exists/);
    });

    it('seeds dev users that count as dev credentials until revoked', async () => {
      expect(await seedDevUsers({ prisma: db.prisma })).toBe(3);
      expect(await seedDevUsers({ prisma: db.prisma })).toBe(0); // idempotent
      expect(await findDevCredentials(db.prisma)).toEqual(expect.arrayContaining(DEV_USERS.map((u) => `user ${u.email}`)));
      const { call } = await signedIn('admin@nurture.localhost', DEV_USER_PASSWORD);

      expect(await revokeDevCredentials(db.prisma)).toBeGreaterThanOrEqual(3);
      expect(await findDevCredentials(db.prisma)).toEqual([]);
      expect((await call({ url: '/auth/session' })).statusCode).toBe(401);
      expect((await login('admin@nurture.localhost', DEV_USER_PASSWORD)).statusCode).toBe(403);
    });

    it('documents the session routes in the OpenAPI document', async () => {
      const doc = (await app.inject('/openapi.json')).json();
      expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/auth/login', '/auth/logout', '/auth/session']));
      expect(doc.paths['/auth/login'].post.tags).toEqual(['session']);
    });
  });
});
