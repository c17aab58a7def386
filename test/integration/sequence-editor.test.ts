/**
 * The sequence editor's API (ADR-040): drafts per person (saved valid or not, restored, listed,
 * discarded, never another person's), the publish preview (step-level changes in words against
 * the version in force, journeys running per version) and the comparison of two published
 * versions; sales can neither keep drafts nor preview publishing. A real database; no Temporal
 * (nothing here starts a workflow: the running journey is an enrollment row, as the enrollment
 * route writes it).
 */
import type { Client } from '@temporalio/client';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildServer, type TApp } from '../../api/server';
import { createApiKey } from '../../domain/api-keys/create-api-key';
import { WELCOME_TEMPLATE } from '../../domain/demo/welcome-template';
import { createUser } from '../../domain/users/create-user';
import { TemplateCache } from '../../lib/mail/render-template';
import { createTestDatabase, type TTestDatabase } from '../helpers/database';
import { createTestMail } from '../helpers/mail';
import { TEST_ENV } from '../helpers/temporal';

const PASSWORD = 'a long enough password';

const V1 = {
  key: 'editor-demo',
  name: 'Editor demo',
  steps: [
    { id: 'welcome', type: 'email', email: { template: 'welcome' } },
    { id: 'pause', type: 'wait', wait: { duration: '2 days' } },
    { id: 'engaged', type: 'branch', branch: { when: { type: 'engagement', event: 'clicked', step: 'welcome' }, then: 'bye' } },
    { id: 'nudge', type: 'email', email: { template: 'welcome' } },
    { id: 'bye', type: 'exit', exit: { reason: 'done' } },
  ],
};

describe('sequence editor API: drafts, publish preview, version comparison', () => {
  let db: TTestDatabase;
  let mail: Awaited<ReturnType<typeof createTestMail>>;
  let app: TApp;
  let keys: Record<'MARKETING' | 'SALES', string>;
  const sessions: Record<string, (o: InjectOptions) => Promise<LightMyRequestResponse>> = {};

  const as = (role: 'MARKETING' | 'SALES', o: InjectOptions) =>
    app.inject({ ...o, headers: { ...(o.headers ?? {}), authorization: `Bearer ${keys[role]}` } });

  async function signIn(email: string, name: string): Promise<void> {
    await createUser({ prisma: db.prisma }, { email, name, role: 'MARKETING', password: PASSWORD });
    const login = await app.inject({ method: 'POST', url: '/auth/login', payload: { email, password: PASSWORD } });
    expect(login.statusCode).toBe(200);
    const cookie = login.cookies.find((c) => c.name === 'nurture_session')!.value;
    const csrf = login.json().csrfToken as string;
    sessions[email] = (o) =>
      app.inject({ ...o, cookies: { nurture_session: cookie }, headers: { 'x-csrf-token': csrf, ...(o.headers ?? {}) } });
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    mail = await createTestMail();
    app = await buildServer({
      env: TEST_ENV,
      prisma: db.prisma,
      temporal: {} as Client,
      mailer: mail.mailer,
      templates: new TemplateCache(),
      health: { database: async () => 'ok', temporal: async () => 'ok', smtp: async () => 'ok' },
    });
    keys = {
      MARKETING: (await createApiKey(db.prisma, { name: 'editor marketing', role: 'MARKETING' })).key,
      SALES: (await createApiKey(db.prisma, { name: 'editor sales', role: 'SALES' })).key,
    };
    await signIn('mia@example.com', 'Mia');
    await signIn('noah@example.com', 'Noah');
    expect((await as('MARKETING', { method: 'POST', url: '/templates', payload: WELCOME_TEMPLATE })).statusCode).toBe(201);
  });
  afterAll(async () => {
    await app?.close();
    await mail?.close();
    await db?.cleanup();
  });

  it('keeps one draft per person and sequence, valid or not, and discards it on request', async () => {
    const mia = sessions['mia@example.com']!;
    const noah = sessions['noah@example.com']!;
    const none = await mia({ method: 'GET', url: '/sequences/editor-demo/draft' });
    expect([none.statusCode, none.json().error.message]).toEqual([404, 'You have no draft of sequence editor-demo']);

    // Half-typed: a wait with no duration is still saved (the editor autosaves as people type).
    const unfinished = { ...V1, steps: [...V1.steps.slice(0, 1), { id: 'pause', type: 'wait', wait: {} }] };
    const saved = await mia({ method: 'PUT', url: '/sequences/editor-demo/draft', payload: { definition: unfinished, baseVersion: null } });
    expect(saved.statusCode).toBe(200);
    const restored = await mia({ method: 'GET', url: '/sequences/editor-demo/draft' });
    expect([restored.statusCode, restored.json().definition, restored.json().baseVersion]).toEqual([200, unfinished, null]);

    // Another marketer does not see it; their own draft of the same sequence is separate.
    expect((await noah({ method: 'GET', url: '/sequences/editor-demo/draft' })).statusCode).toBe(404);
    await noah({ method: 'PUT', url: '/sequences/editor-demo/draft', payload: { definition: { ...V1, name: 'Noah’s take' } } });
    expect((await mia({ method: 'GET', url: '/sequences/editor-demo/draft' })).json().definition.name).toBe('Editor demo');
    const list = await noah({ method: 'GET', url: '/sequences/drafts' });
    expect(list.json().items).toEqual([expect.objectContaining({ key: 'editor-demo', name: 'Noah’s take', baseVersion: null })]);

    // A draft cannot rename the sequence it belongs to; a bad key in the path is a 400.
    const renamed = await mia({ method: 'PUT', url: '/sequences/editor-demo/draft', payload: { definition: { ...V1, key: 'other' } } });
    expect([renamed.statusCode, renamed.json().error.message]).toEqual([
      400,
      'The draft\'s key "other" is not the sequence\'s (editor-demo)',
    ]);
    expect((await mia({ method: 'PUT', url: '/sequences/Not%20A%20Key/draft', payload: { definition: V1 } })).statusCode).toBe(400);

    expect((await noah({ method: 'DELETE', url: '/sequences/editor-demo/draft' })).statusCode).toBe(204);
    expect((await noah({ method: 'DELETE', url: '/sequences/editor-demo/draft' })).statusCode).toBe(204);
    expect((await noah({ method: 'GET', url: '/sequences/drafts' })).json().items).toEqual([]);
    expect((await mia({ method: 'GET', url: '/sequences/editor-demo/draft' })).statusCode).toBe(200);
  });

  it('previews a publish in words, counts the journeys that keep older versions, and compares any two versions', async () => {
    const mia = sessions['mia@example.com']!;
    const first = await mia({ method: 'POST', url: '/sequences/editor-demo/publish-preview', payload: { definition: V1 } });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ inForce: null, nextVersion: 1, running: [] });
    expect(first.json().changes.map((c: { text: string }) => c.text)).toContain('Step welcome added at the start: Email "welcome"');

    expect((await mia({ method: 'POST', url: '/sequences', payload: V1 })).statusCode).toBe(201);
    // One journey on version 1 (the row POST /sequences/:key/enrollments writes).
    const lead = await db.prisma.lead.create({ data: { email: 'ada@example.com', firstName: 'Ada' } });
    const sequence = await db.prisma.sequence.findUniqueOrThrow({ where: { key: 'editor-demo' }, include: { versions: true } });
    await db.prisma.enrollment.create({
      data: {
        leadId: lead.id,
        sequenceId: sequence.id,
        sequenceVersionId: sequence.versions[0]!.id,
        workflowId: `journey/editor-demo/${lead.id}`,
      },
    });

    const unchanged = await mia({ method: 'POST', url: '/sequences/editor-demo/publish-preview', payload: { definition: V1 } });
    expect(unchanged.json()).toEqual({ inForce: 1, nextVersion: null, changes: [], running: [{ version: 1, active: 1 }] });

    const v2 = {
      ...V1,
      settings: { sendWindow: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' } },
      steps: [
        V1.steps[0],
        { id: 'pause', type: 'wait', wait: { duration: '3 days' } },
        { id: 'nudge', type: 'email', email: { template: 'welcome', variants: { fi: 'welcome' } } },
        V1.steps[2],
        { id: 'call', type: 'task', task: { kind: 'call', title: 'Call them', dueIn: '1 day' } },
        V1.steps[4],
      ],
    };
    const preview = await mia({ method: 'POST', url: '/sequences/editor-demo/publish-preview', payload: { definition: v2 } });
    expect(preview.statusCode).toBe(200);
    const body = preview.json();
    expect([body.inForce, body.nextVersion, body.running]).toEqual([1, 2, [{ version: 1, active: 1 }]]);
    const texts = body.changes.map((c: { text: string }) => c.text);
    // Why: the marketer reads these sentences before publishing; each kind of change must be said plainly.
    expect(texts).toEqual(
      expect.arrayContaining([
        'Setting sendWindow.days set to ["mon","tue","wed","thu","fri"]; sendWindow.start set to "09:00"; sendWindow.end set to "17:00"',
        'Step pause changed: wait.duration "2 days" → "3 days"',
        'Step nudge moved: now after pause',
        'Step nudge changed: email.variants.fi set to "welcome"',
        'Step call added after engaged: Task (call) “Call them”, due in 1 day',
      ]),
    );
    expect(body.changes.find((c: { subject: string; kind: string }) => c.subject === 'pause' && c.kind === 'changed').fields).toEqual([
      { path: 'wait.duration', before: '"2 days"', after: '"3 days"' },
    ]);

    // An invalid candidate: 422 with the same paths as POST /sequences/validate.
    const bad = await mia({
      method: 'POST',
      url: '/sequences/editor-demo/publish-preview',
      payload: { definition: { ...V1, steps: [{ id: 'w', type: 'wait', wait: { duration: 'soon' } }] } },
    });
    expect([bad.statusCode, bad.json().error.details]).toEqual([
      422,
      [{ path: 'steps[0].wait.duration', message: 'must be a duration like "3 days", "36 hours", "90 minutes" or "2 weeks"' }],
    ]);

    expect((await mia({ method: 'POST', url: '/sequences', payload: v2 })).statusCode).toBe(201);
    const compared = await as('SALES', { method: 'GET', url: '/sequences/editor-demo/compare?from=1&to=2' });
    expect(compared.statusCode).toBe(200);
    expect(compared.json().changes).toEqual(body.changes);
    const back = await mia({ method: 'GET', url: '/sequences/editor-demo/compare?from=2&to=1' });
    expect(back.json().changes.map((c: { text: string }) => c.text)).toContain(
      'Step call removed (was: Task (call) “Call them”, due in 1 day)',
    );
    const missing = await mia({ method: 'GET', url: '/sequences/editor-demo/compare?from=1&to=9' });
    expect([missing.statusCode, missing.json().error.message]).toEqual([404, 'Sequence editor-demo has no version 9']);
  });

  it('refuses sales: no drafts, no publish preview', async () => {
    expect((await as('SALES', { method: 'GET', url: '/sequences/drafts' })).statusCode).toBe(403);
    expect((await as('SALES', { method: 'PUT', url: '/sequences/editor-demo/draft', payload: { definition: V1 } })).statusCode).toBe(403);
    expect(
      (await as('SALES', { method: 'POST', url: '/sequences/editor-demo/publish-preview', payload: { definition: V1 } })).statusCode,
    ).toBe(403);
  });
});
