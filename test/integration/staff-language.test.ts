/**
 * ADR-049 end to end, on real parts (time-skipping Temporal server with a real worker, a real
 * database, real SMTP capture, the HTTP API): a Russian lead in the built-in win-back journey is
 * greeted in Russian on Russian holidays; reps and users carry a language (PUT /reps/:email) and
 * the engine's emails to them (task reminder and escalation, SLA notice, new-owner notice) are in
 * it; the double opt-in email follows the referral page's language; an installed built-in still
 * as an earlier release shipped it is upgraded on start, an edited one left alone.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { buildServer, type TApp } from '../../api/server';
import { createApiKey } from '../../domain/api-keys/create-api-key';
import { installBuiltins } from '../../domain/builtins/install-builtins';
import { BUILTIN_SEQUENCES } from '../../domain/builtins/builtin-sequences';
import { BUILTIN_TEMPLATES } from '../../domain/builtins/builtin-templates';
import { SHIPPED_SEQUENCE_FINGERPRINTS } from '../../domain/builtins/shipped-fingerprints';
import { sequenceFingerprint } from '../../domain/builtins/upgrade-builtins';
import { createCrmDeps, crmConfigFromEnv } from '../../domain/crm/crm-deps';
import { assignLead } from '../../domain/reps/assign-lead';
import { publishSequence } from '../../domain/sequences/publish-sequence';
import { createEnrollLeads } from '../../domain/sequences/enroll-leads';
import { groupByStaffLocale, staffLocalesOf } from '../../domain/staff/staff-translator';
import { createTemplateVersion } from '../../domain/templates/create-template-version';
import { createUser } from '../../domain/users/create-user';
import { createRemindOverdueTask } from '../../activities/tasks/remind-overdue-task';
import { createEscalateOverdueTask } from '../../activities/tasks/escalate-overdue-task';
import { createCheckLeadSla } from '../../activities/leads/check-lead-sla';
import { activityConfigFromEnv } from '../../activities';
import { createHealthChecks } from '../../lib/boot';
import { TemplateCache } from '../../lib/mail/render-template';
import { nextHoliday } from '../../journey/holidays';
import type { TSequenceDefinitionInput } from '../../journey/definition';
import type { TRunningWorker } from '../../worker/start-worker';
import { createTestDatabase, type TTestDatabase } from '../helpers/database';
import { createTestMail } from '../helpers/mail';
import { eventually } from '../helpers/eventually';
import { createTestWorker, createTimeSkippingEnv, TEST_ENV, uniqueTaskQueue } from '../helpers/temporal';

const DAY = 86_400_000;
const WEEK = 7 * DAY;

describe('staff language, Russian holidays and built-in upgrades', () => {
  let env: TestWorkflowEnvironment;
  let db: TTestDatabase;
  let mail: Awaited<ReturnType<typeof createTestMail>>;
  let worker: TRunningWorker;
  let app: TApp;
  let admin: string;
  let crm: ReturnType<typeof createCrmDeps>;
  let seq = 0;
  const config = { ...activityConfigFromEnv(TEST_ENV), escalationEmail: undefined };

  beforeAll(async () => {
    [env, db, mail] = await Promise.all([createTimeSkippingEnv(), createTestDatabase(), createTestMail()]);
    const taskQueue = uniqueTaskQueue('staff-language');
    const testEnv = { ...TEST_ENV, TEMPORAL_TASK_QUEUE: taskQueue };
    worker = await createTestWorker({
      env,
      prisma: db.prisma,
      mailer: mail.mailer,
      taskQueue,
      temporal: env.client,
      envOverrides: testEnv,
    });
    const enroll = createEnrollLeads({ prisma: db.prisma, temporal: env.client, taskQueue, searchAttributes: false, historyLimit: 100 });
    crm = createCrmDeps({ prisma: db.prisma, temporal: env.client, taskQueue, config: crmConfigFromEnv(testEnv), enroll });
    app = await buildServer({
      env: testEnv,
      prisma: db.prisma,
      temporal: env.client,
      mailer: mail.mailer,
      templates: new TemplateCache(),
      crm,
      health: createHealthChecks({ db, temporal: env.client, temporalAddress: 'test server', mailer: mail.mailer }),
    });
    await installBuiltins(db.prisma);
    admin = (await createApiKey(db.prisma, { name: 'admin', role: 'ADMIN' })).key;
  });
  afterAll(async () => {
    await app?.close();
    await worker?.stop();
    await Promise.all([env?.teardown(), db?.cleanup(), mail?.close()]);
  });

  const call = (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
    app.inject({
      method,
      url,
      headers: { authorization: `Bearer ${admin}` },
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });
  const newLead = (data: Record<string, unknown> = {}) =>
    db.prisma.lead.create({ data: { email: `staff-lang-${++seq}@example.test`, firstName: 'Lead', timeZone: 'UTC', ...data } });

  it('greets a Russian lead in the built-in win-back journey in Russian, on the Russian holidays', async () => {
    const lead = await newLead({ firstName: 'Иван', locale: 'ru-RU', timeZone: 'Europe/Moscow', ownerEmail: 'o@nurture.test' });
    const lost = await call('POST', `/leads/${lead.id}/status`, { status: 'LOST', reason: 'price' });
    expect(lost.statusCode).toBe(200);
    const sent = () =>
      db.prisma.emailMessage.findMany({
        where: { leadId: lead.id, status: 'SENT' },
        orderBy: [{ scheduledFor: 'asc' }, { claimedAt: 'asc' }],
        include: { template: { select: { key: true } } },
      });
    const farewell = await eventually('the Russian farewell', async () =>
      (await sent()).find((e) => e.template?.key === 'win-back-farewell-ru'),
    );
    const startMs = farewell.scheduledFor!.getTime();
    await env.sleep(13 * WEEK);
    // The holidays of the Russian calendar in those 13 weeks (New Year, Defender of the Fatherland Day).
    const expected: string[] = [];
    for (
      let h = nextHoliday(startMs, 'ru-RU', 'Europe/Moscow');
      h.atMs <= startMs + 13 * WEEK - DAY;
      h = nextHoliday(h.atMs, 'ru-RU', 'Europe/Moscow')
    ) {
      expected.push(h.name);
    }
    expect(expected.length).toBeGreaterThanOrEqual(2);
    const greetings = await eventually('a greeting on each Russian holiday', async () => {
      const g = (await sent()).filter((e) => e.template?.key === 'holiday-greeting-ru');
      return g.length >= expected.length ? g : undefined;
    });
    for (const [i, name] of expected.entries()) {
      const message = await mail.capture.waitFor((m) => m.messageId === greetings[i]!.messageId);
      expect(message.subject).toBe('Иван, поздравляем с праздником!');
      // The holiday named in Russian, in the Russian template: not Christmas, which the English calendar had.
      expect(message.text.replace(/\s+/g, ' ')).toContain(`поздравляем вас: ${name}!`);
      expect(message.html).toMatch(/<html lang="ru"/);
    }
    expect(expected).toContain('Новый год');
    expect(expected).toContain('День защитника Отечества');
  });

  it('gives a rep a language through PUT /reps/:email: set, kept when omitted, cleared with null, refused when not a language', async () => {
    const put = (email: string, body: Record<string, unknown>) => call('PUT', `/reps/${email}`, { name: 'Rep', ...body });
    const created = await put('lang-rep@nurture.test', { locale: 'ru-ru', active: false });
    expect(created.statusCode).toBe(201);
    expect(created.json().locale).toBe('ru-RU');
    expect((await put('lang-rep@nurture.test', { tier: 3, active: false })).json().locale).toBe('ru-RU');
    expect((await put('lang-rep@nurture.test', { locale: null, active: false })).json().locale).toBeNull();
    const bad = await put('lang-rep@nurture.test', { locale: 'not a language', active: false });
    expect(bad.statusCode).toBe(400);
    const listed = (await call('GET', '/reps')).json().items as { email: string; locale: string | null }[];
    expect(listed.find((r) => r.email === 'lang-rep@nurture.test')).toMatchObject({ locale: null });
  });

  it('writes each staff member in their language: reminder to a Russian rep, escalation and SLA notice to a Kazakh manager, English by default', async () => {
    await db.prisma.rep.create({
      data: { email: 'ivan@nurture.test', name: 'Иван', locale: 'ru', managerEmail: 'boss@nurture.test', active: false },
    });
    await db.prisma.rep.create({ data: { email: 'plain@nurture.test', name: 'Plain', managerEmail: 'boss@nurture.test', active: false } });
    // The manager has no rep card: their console user's language counts.
    await createUser(
      { prisma: db.prisma },
      { email: 'boss@nurture.test', name: 'Boss', role: 'sales', password: 'a long enough password', locale: 'kk' },
    );
    const deps = { prisma: db.prisma, mailer: mail.mailer, config };
    const lead = await newLead({ firstName: 'Anna', lastName: 'Lind', ownerEmail: 'ivan@nurture.test' });
    const task = async (assigneeEmail: string, title: string) =>
      db.prisma.task.create({
        data: {
          idempotencyKey: `staff-lang/${title}`,
          leadId: lead.id,
          kind: 'call',
          title,
          assigneeEmail,
          dueAt: new Date('2026-12-01T09:30:00Z'),
        },
      });
    const ru = await task('ivan@nurture.test', 'Позвонить Анне');
    expect(await createRemindOverdueTask(deps)({ taskId: ru.id })).toMatchObject({ status: 'reminded' });
    const reminder = await mail.capture.waitFor((m) => m.envelopeTo.includes('ivan@nurture.test') && m.subject.includes('Позвонить Анне'));
    expect(reminder.subject).toBe('Просрочено: Позвонить Анне — Anna Lind');
    expect(reminder.text).toMatch(/^Срок задачи \(звонок\) истёк 1 дек\. 2026 г\..*09:30 UTC/);
    // The lead line under every staff email, in the reader's language too.
    expect(reminder.text).toContain('Лид: Anna Lind <');

    expect(await createEscalateOverdueTask(deps)({ taskId: ru.id })).toEqual({ status: 'escalated' });
    const escalation = await mail.capture.waitFor(
      (m) => m.envelopeTo.includes('boss@nurture.test') && m.subject.includes('Позвонить Анне'),
    );
    expect(escalation.subject).toBe('Эскалация: ivan@nurture.test «Позвонить Анне» тапсырмасын орындамады — Anna Lind');
    expect(escalation.text).toMatch(/^Тапсырманың \(қоңырау\) мерзімі/);

    // A rep with no language of their own: STAFF_LOCALE (English by default), as the engine always wrote.
    const en = await task('plain@nurture.test', 'Call Anna');
    await createRemindOverdueTask(deps)({ taskId: en.id });
    const english = await mail.capture.waitFor((m) => m.envelopeTo.includes('plain@nurture.test'));
    expect(english.subject).toBe('Overdue: Call Anna — Anna Lind');
    expect(english.text).toMatch(/^This call task was due Dec 1, 2026, 9:30\sAM UTC and is still open\./);
    expect(english.text).toContain('Lead: Anna Lind <');

    const sla = await createCheckLeadSla({ ...deps, crm })({
      leadId: lead.id,
      ownerEmail: 'ivan@nurture.test',
      assignedAtMs: Date.now() - DAY,
      mayReassign: false,
    });
    expect(sla).toEqual({ outcome: 'limit' });
    const notice = await mail.capture.waitFor((m) => m.envelopeTo.includes('boss@nurture.test') && m.subject.startsWith('SLA'));
    expect(notice.subject).toBe('SLA бұзылды: ivan@nurture.test — Anna Lind');
    expect(notice.text).toMatch(/^Суық лидті бірнеше менеджер уақытында өңдемеді; ол ivan@nurture\.test қарамағында қалады\./);
  });

  it('tells a new owner about a routed lead in the owner’s language', async () => {
    await db.prisma.rep.create({ data: { email: 'aruzhan@nurture.test', name: 'Аружан', tier: 1, locale: 'kk-KZ' } });
    try {
      const lead = await newLead({ heat: 'HOT', firstName: 'Hot' });
      const rep = await assignLead(crm, lead.id, { reason: 'routing', watchSla: false });
      expect(rep?.email).toBe('aruzhan@nurture.test');
      const notice = await mail.capture.waitFor((m) => m.envelopeTo.includes('aruzhan@nurture.test'), 30_000);
      expect(notice.subject).toBe('Сізге жаңа ыстық лид — Hot');
      expect(notice.text).toMatch(/^Бұл лид енді сіздікі \(routing\)\./);
    } finally {
      await db.prisma.rep.update({ where: { email: 'aruzhan@nurture.test' }, data: { active: false } });
    }
  });

  it('groups the admins of a paused-sender alert by language; an address nobody owns reads STAFF_LOCALE', async () => {
    await createUser(
      { prisma: db.prisma },
      { email: 'root-ru@nurture.test', name: 'Root', role: 'admin', password: 'a long enough password', locale: 'ru' },
    );
    await createUser(
      { prisma: db.prisma },
      { email: 'root-en@nurture.test', name: 'Root', role: 'admin', password: 'a long enough password' },
    );
    const emails = ['root-ru@nurture.test', 'root-en@nurture.test', 'alerts@nurture.test', 'Boss@nurture.test'];
    expect(Object.fromEntries(await groupByStaffLocale({ prisma: db.prisma }, emails))).toEqual({
      ru: ['root-ru@nurture.test'],
      en: ['root-en@nurture.test', 'alerts@nurture.test'],
      kk: ['Boss@nurture.test'],
    });
    // STAFF_LOCALE sets the language of everyone without one.
    expect((await staffLocalesOf({ prisma: db.prisma, staffLocale: 'fi' }, ['alerts@nurture.test'])).get('alerts@nurture.test')).toBe('fi');
  });

  it('sends the double opt-in email in the referral page’s language (the form carries it), and the lead keeps that language', async () => {
    const owner = await newLead({ firstName: 'Pekka' });
    const won = await call('POST', `/leads/${owner.id}/convert`);
    expect(won.statusCode).toBe(201);
    const code = won.json().referralCode as string;
    // The page shown in Russian carries its language in the form.
    const page = await app.inject({ method: 'GET', url: `/ref/${code}`, headers: { 'accept-language': 'ru-RU,en;q=0.5' } });
    expect(page.body).toContain('<input type="hidden" name="lang" value="ru-RU">');
    const friend = `friend-${++seq}@example.test`;
    // Posted from a browser whose Accept-Language now says English: the page's language wins.
    const posted = await app.inject({
      method: 'POST',
      url: `/ref/${code}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'en' },
      payload: new URLSearchParams({ firstName: 'Ольга', email: friend, consent: 'yes', lang: 'ru-RU' }).toString(),
    });
    expect(posted.statusCode).toBe(200);
    expect(posted.body).toMatch(/<html lang="ru"/);
    const confirmation = await mail.capture.waitFor((m) => m.envelopeTo.includes(friend));
    expect(confirmation.subject).toBe('Подтвердите адрес электронной почты');
    expect(confirmation.headers['content-language']).toBe('ru');
    expect(confirmation.text).toContain('Здравствуйте, Ольга!');
    expect(confirmation.text).not.toMatch(/Hello|confirm it within/);
    const confirmPath = /http:\/\/nurture\.test(\/confirm\/[\w.-]+)/.exec(confirmation.text)?.[1];
    expect((await app.inject({ method: 'POST', url: confirmPath! })).statusCode).toBe(200);
    expect((await db.prisma.lead.findUniqueOrThrow({ where: { email: friend } })).locale).toBe('ru-RU');

    // No language in the form (an old page, a script): Accept-Language, as before.
    const other = `friend-${++seq}@example.test`;
    await app.inject({
      method: 'POST',
      url: `/ref/${code}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'fi-FI' },
      payload: new URLSearchParams({ firstName: 'Aino', email: other }).toString(),
    });
    expect((await mail.capture.waitFor((m) => m.envelopeTo.includes(other))).subject).toBe('Vahvista sähköpostiosoitteesi');
  });

  it('upgrades an installed built-in still as an earlier release shipped it, and leaves an edited one alone (logged once)', async () => {
    const old = await createTestDatabase();
    try {
      for (const template of BUILTIN_TEMPLATES) await createTemplateVersion(old.prisma, template);
      // What the 2026-11 releases installed: the built-ins without locale variants.
      const withoutVariants = (s: TSequenceDefinitionInput): TSequenceDefinitionInput => ({
        ...s,
        steps: s.steps.map((step) => {
          if (step.type === 'email') {
            const { variants: _v, ...email } = step.email;
            return { ...step, email };
          }
          if (step.type === 'greetings') {
            const { variants: _v, ...greetings } = step.greetings;
            return { ...step, greetings };
          }
          return step;
        }),
      });
      const winBack = BUILTIN_SEQUENCES.find((s) => s.key === 'win-back')!;
      const nurture = BUILTIN_SEQUENCES.find((s) => s.key === 'nurture')!;
      expect(SHIPPED_SEQUENCE_FINGERPRINTS['win-back']).toContain(sequenceFingerprint(withoutVariants(winBack)));
      await publishSequence(old.prisma, withoutVariants(winBack));
      await publishSequence(old.prisma, withoutVariants(nurture));
      // A marketer's edit of nurture: a longer first wait.
      const edited = withoutVariants(nurture);
      await publishSequence(old.prisma, {
        ...edited,
        steps: edited.steps.map((s) => (s.id === 'after-sources' ? { ...s, wait: { duration: '10 days' } } : s)),
      });

      const logged: unknown[][] = [];
      const log = { info: (...args: unknown[]) => void logged.push(args) };
      const first = await installBuiltins(old.prisma, { log: log as never });
      expect(first.upgraded).toBe(1);
      const latest = async (key: string) =>
        old.prisma.sequenceVersion.findFirstOrThrow({ where: { sequence: { key } }, orderBy: { version: 'desc' } });
      const upgraded = await latest('win-back');
      expect(upgraded.version).toBe(2);
      const greetings = (upgraded.definition as { steps: { id: string; greetings?: { variants?: Record<string, string> } }[] }).steps.find(
        (s) => s.id === 'greetings',
      );
      expect(greetings?.greetings?.variants).toMatchObject({ ru: 'holiday-greeting-ru', kk: 'holiday-greeting-kk' });
      expect((await latest('nurture')).version).toBe(2);
      expect(logged).toEqual([
        // In the order of the built-ins: nurture, …, win-back.
        [{ sequence: 'nurture', version: 2 }, expect.stringContaining('edited')],
        [{ sequence: 'win-back', from: 1, to: 2 }, expect.stringContaining('upgraded')],
      ]);

      // The next start: nothing to upgrade, and the edited one is not logged again.
      const second = await installBuiltins(old.prisma, { log: log as never });
      expect(second.upgraded).toBe(0);
      expect(logged).toHaveLength(2);
      expect((await latest('win-back')).version).toBe(2);
    } finally {
      await old.cleanup();
    }
  });
});
