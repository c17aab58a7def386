/**
 * The template studio's API: the template list and detail with locale variants, the draft check
 * (every problem with its line), previews for a sample in a language or a real lead (the
 * family's variant picked as a journey would), "send me a test" to the signed-in person through
 * real SMTP capture, and the suppression search the console uses. A real database; no Temporal
 * (nothing here starts a workflow).
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
const FI_MJML = WELCOME_TEMPLATE.mjml.replace('Hello {{lead.firstName}},', 'Hei {{lead.firstName}},');

describe('template studio API', () => {
  let db: TTestDatabase;
  let mail: Awaited<ReturnType<typeof createTestMail>>;
  let app: TApp;
  let keys: Record<'MARKETING' | 'SALES', string>;
  let session: { call: (o: InjectOptions) => Promise<LightMyRequestResponse> };

  const as = (role: 'MARKETING' | 'SALES', o: InjectOptions) =>
    app.inject({ ...o, headers: { ...(o.headers ?? {}), authorization: `Bearer ${keys[role]}` } });
  const marketing = (o: InjectOptions) => as('MARKETING', o);

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
      MARKETING: (await createApiKey(db.prisma, { name: 'studio marketing', role: 'MARKETING' })).key,
      SALES: (await createApiKey(db.prisma, { name: 'studio sales', role: 'SALES' })).key,
    };
    await createUser({ prisma: db.prisma }, { email: 'mia@example.com', name: 'Mia Marketing', role: 'MARKETING', password: PASSWORD });
    const login = await app.inject({ method: 'POST', url: '/auth/login', payload: { email: 'mia@example.com', password: PASSWORD } });
    expect(login.statusCode).toBe(200);
    const cookie = login.cookies.find((c) => c.name === 'nurture_session')!.value;
    const csrf = login.json().csrfToken as string;
    session = {
      call: (o) => app.inject({ ...o, cookies: { nurture_session: cookie }, headers: { 'x-csrf-token': csrf, ...(o.headers ?? {}) } }),
    };
    expect((await marketing({ method: 'POST', url: '/templates', payload: WELCOME_TEMPLATE })).statusCode).toBe(201);
  });
  afterAll(async () => {
    await app?.close();
    await mail?.close();
    await db?.cleanup();
  });

  it('stores a locale variant of a base template, and refuses half-named, nested or duplicate variants', async () => {
    const fi = { ...WELCOME_TEMPLATE, key: 'welcome-fi', name: 'Tervetuloa', mjml: FI_MJML, locale: 'fi', variantOf: 'welcome' };
    const created = await marketing({ method: 'POST', url: '/templates', payload: fi });
    expect([created.statusCode, created.json()]).toEqual([
      201,
      expect.objectContaining({ key: 'welcome-fi', locale: 'fi', variantOf: 'welcome' }),
    ]);

    // A new version that names no family keeps the one it had (the studio need not resend it).
    const v2 = await marketing({
      method: 'POST',
      url: '/templates',
      payload: { ...WELCOME_TEMPLATE, key: 'welcome-fi', name: 'Tervetuloa', mjml: FI_MJML.replace('Hei', 'Moi') },
    });
    expect([v2.statusCode, v2.json().version, v2.json().locale, v2.json().variantOf]).toEqual([201, 2, 'fi', 'welcome']);

    const half = await marketing({
      method: 'POST',
      url: '/templates',
      payload: { ...fi, key: 'welcome-sv', locale: 'sv', variantOf: undefined },
    });
    expect([half.statusCode, half.json().error.message]).toEqual([400, expect.stringContaining('needs both locale')]);
    const nested = await marketing({ method: 'POST', url: '/templates', payload: { ...fi, key: 'welcome-fi-x', variantOf: 'welcome-fi' } });
    expect([nested.statusCode, nested.json().error.message]).toEqual([400, expect.stringContaining('is itself the fi variant of welcome')]);
    const twice = await marketing({ method: 'POST', url: '/templates', payload: { ...fi, key: 'welcome-suomi' } });
    expect([twice.statusCode, twice.json().error.message]).toEqual([409, 'welcome already has a fi variant: welcome-fi']);
    const badTag = await marketing({ method: 'POST', url: '/templates', payload: { ...fi, key: 'welcome-x', locale: 'not a tag' } });
    expect(badTag.statusCode).toBe(400);
  });

  it('lists every template with its variants and the variables, readable by any role; shows one with its versions', async () => {
    const list = await as('SALES', { method: 'GET', url: '/templates' });
    expect(list.statusCode).toBe(200);
    const welcome = list.json().items.find((t: { key: string }) => t.key === 'welcome');
    expect(welcome).toMatchObject({ version: 1, locale: null, variantOf: null, variants: [{ locale: 'fi', key: 'welcome-fi' }] });
    expect(welcome).not.toHaveProperty('mjml'); // the list stays small; the detail has the source
    expect(list.json().variables).toContainEqual({ name: 'lead.firstName', description: "The lead's first name" });

    const detail = await marketing({ method: 'GET', url: '/templates/welcome-fi' });
    expect(detail.json()).toMatchObject({
      key: 'welcome-fi',
      version: 2,
      baseKey: 'welcome',
      variants: [{ locale: 'fi', key: 'welcome-fi' }],
      versions: [{ version: 2 }, { version: 1 }],
    });
    expect(detail.json().mjml).toContain('Moi {{lead.firstName}}');
    const v1 = await marketing({ method: 'GET', url: '/templates/welcome-fi?version=1' });
    expect(v1.json().mjml).toContain('Hei {{lead.firstName}}');
    const missing = await marketing({ method: 'GET', url: '/templates/no-such-template' });
    expect([missing.statusCode, missing.json().error.message]).toEqual([404, 'Template no-such-template does not exist']);
  });

  it('checks a draft as saving would: an unknown variable with its line, an MJML error with its line, a good draft', async () => {
    const draft = { subject: 'Hi {{lead.firstName}}', mjml: WELCOME_TEMPLATE.mjml.replace('{{lead.email}}', '{{lead.nickname}}') };
    const res = await marketing({ method: 'POST', url: '/templates/check', payload: draft });
    expect(res.statusCode).toBe(200);
    const line = draft.mjml.split('\n').findIndex((l) => l.includes('{{lead.nickname}}')) + 1;
    expect(res.json()).toEqual({
      valid: false,
      used: expect.arrayContaining(['lead.firstName', 'lead.nickname']),
      problems: [
        {
          message: expect.stringMatching(/^unknown variable \{\{lead\.nickname\}\} \(known: lead\.firstName, /),
          line,
          variable: 'lead.nickname',
        },
      ],
    });
    // The same message a save answers with.
    const save = await marketing({ method: 'POST', url: '/templates', payload: { key: 'check-me', name: 'x', ...draft } });
    expect([save.statusCode, save.json().error.details]).toEqual([422, [res.json().problems[0].message]]);

    const mjml = await marketing({
      method: 'POST',
      url: '/templates/check',
      payload: { subject: 'Hi', mjml: '<mjml><mj-body>\n<mj-section><mj-column>\n<mj-bogus /></mj-column></mj-section></mj-body></mjml>' },
    });
    expect(mjml.json().problems).toEqual([{ message: expect.stringMatching(/^mjml: <mj-bogus> /), line: 3, variable: null }]);
    expect(mjml.json().problems[0].message).not.toContain(process.cwd()); // no server paths in messages

    const good = await marketing({ method: 'POST', url: '/templates/check', payload: { subject: 'Hi', mjml: WELCOME_TEMPLATE.mjml } });
    expect(good.json()).toMatchObject({ valid: true, problems: [] });
    expect((await as('SALES', { method: 'POST', url: '/templates/check', payload: { subject: 'a', mjml: 'b' } })).statusCode).toBe(403);
  });

  it("previews a sample in a language (the family's variant for it) and a real lead in theirs", async () => {
    const fiSample = await marketing({
      method: 'POST',
      url: '/templates/preview',
      payload: { template: { key: 'welcome' }, locale: 'fi-FI' },
    });
    expect(fiSample.json()).toMatchObject({ templateKey: 'welcome-fi', locale: 'fi-FI', recipient: { name: 'Aino Mäkelä', leadId: null } });
    expect(fiSample.json().html).toContain('Moi Aino,');
    const en = await marketing({ method: 'POST', url: '/templates/preview', payload: { template: { key: 'welcome' }, locale: 'en' } });
    expect([en.json().templateKey, en.json().subject]).toEqual(['welcome', 'Welcome, Alex — your guide to a faster sales cycle']);
    expect(en.json().text).toContain('Hello Alex,');

    const lead = await marketing({
      method: 'POST',
      url: '/leads',
      payload: { email: 'sanna@example.fi', firstName: 'Sanna', lastName: 'Koivu', locale: 'fi', source: 'WEBINAR' },
    });
    expect(lead.statusCode).toBe(201);
    const asLead = await marketing({
      method: 'POST',
      url: '/templates/preview',
      payload: { template: { subject: 'Hei {{lead.fullName}}', mjml: FI_MJML }, leadId: lead.json().id },
    });
    expect(asLead.json()).toMatchObject({
      subject: 'Hei Sanna Koivu',
      templateKey: null,
      locale: 'fi',
      recipient: { email: 'sanna@example.fi' },
    });
    const noLead = await marketing({
      method: 'POST',
      url: '/templates/preview',
      payload: { template: { key: 'welcome' }, leadId: '00000000-0000-4000-8000-000000000000' },
    });
    expect([noLead.statusCode, noLead.json().error.message]).toEqual([404, 'Lead 00000000-0000-4000-8000-000000000000 does not exist']);
  });

  it('sends a test of a draft to the signed-in person, marked [Test]; an API key has no address', async () => {
    const draft = { subject: 'Studio {{lead.firstName}}', mjml: WELCOME_TEMPLATE.mjml };
    const sent = await session.call({ method: 'POST', url: '/templates/test', payload: { template: draft, locale: 'fi' } });
    expect([sent.statusCode, sent.json()]).toEqual([
      200,
      expect.objectContaining({ to: 'mia@example.com', subject: '[Test] Studio Aino' }),
    ]);
    const message = await mail.capture.waitFor((m) => m.subject === '[Test] Studio Aino');
    expect(message.envelopeTo).toEqual(['mia@example.com']);
    expect(message.html).toContain('Hello Aino,');
    expect(message.text).toContain('Hello Aino,');
    expect(message.headers['x-nurture-category']).toBe('test');

    const byKey = await marketing({ method: 'POST', url: '/templates/test', payload: { template: draft } });
    expect([byKey.statusCode, byKey.json().error.message]).toEqual([400, expect.stringContaining('an API key has no address')]);
    const invalid = await session.call({
      method: 'POST',
      url: '/templates/test',
      payload: { template: { subject: 'x', mjml: '{{nope}}' } },
    });
    expect(invalid.statusCode).toBe(422);
  });

  it('searches the suppression list by part of an address and says which entries only an admin may remove', async () => {
    const imported = await marketing({
      method: 'POST',
      url: '/suppressions',
      payload: {
        entries: [
          { email: 'Bounce.Me@Example.org', scope: 'all', reason: 'hard-bounce' },
          { email: 'angry@example.org', reason: 'complaint' },
          { email: 'other@elsewhere.net' },
        ],
      },
    });
    expect(imported.json()).toMatchObject({ imported: 3, errors: [] });
    const found = await marketing({ method: 'GET', url: '/suppressions?q=EXAMPLE.ORG' });
    expect(found.json().total).toBe(2);
    expect(
      found
        .json()
        .items.map((s: { email: string; adminOnly: boolean }) => [s.email, s.adminOnly])
        .sort(),
    ).toEqual([
      ['angry@example.org', true],
      ['bounce.me@example.org', false],
    ]);
  });
});
