/**
 * Issue 16 end to end, on real parts (time-skipping Temporal server with a real worker, a real
 * database, real SMTP capture, the HTTP API): every public page in each seed language, with the
 * right `lang`, no English where a translation exists, plural forms and dates for the reader; the
 * unsubscribe page still posting one-click; and a Kazakh lead walked through the built-in
 * win-back journey receiving Kazakh mail and a Kazakh questionnaire page.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { buildServer, type TApp } from '../../api/server';
import { createApiKey } from '../../domain/api-keys/create-api-key';
import { installBuiltins } from '../../domain/builtins/install-builtins';
import { createCrmDeps, crmConfigFromEnv } from '../../domain/crm/crm-deps';
import { DEMO_PRODUCTS } from '../../domain/demo/seed-demo';
import { createEnrollLeads } from '../../domain/sequences/enroll-leads';
import { createHealthChecks } from '../../lib/boot';
import { i18n, loadCatalogues } from '../../lib/i18n/load-catalogues';
import { preferencesUrlFor, refusalUrlFor, unsubscribeUrlFor } from '../../lib/mail/public-links';
import { escapeHtml, TemplateCache } from '../../lib/mail/render-template';
import { nextHoliday } from '../../journey/holidays';
import type { TRunningWorker } from '../../worker/start-worker';
import { createTestDatabase, type TTestDatabase } from '../helpers/database';
import { createTestMail } from '../helpers/mail';
import { eventually } from '../helpers/eventually';
import { createTestWorker, createTimeSkippingEnv, TEST_ENV, uniqueTaskQueue } from '../helpers/temporal';

const DAY = 86_400_000;
const HOUR = 3_600_000;
/** The seed languages as leads carry them: region tags too, read through the fallback chain. */
const LEAD_LOCALES: [string, string][] = [
  ['en', 'en'],
  ['fi', 'fi'],
  ['hy-AM', 'hy'],
  ['kk-KZ', 'kk'],
  ['mt', 'mt'],
  ['ro', 'ro'],
  ['ru', 'ru'],
];
const links = { publicBaseUrl: TEST_ENV.PUBLIC_BASE_URL, signingSecret: TEST_ENV.SIGNING_SECRET };
const path = (url: string) => url.replace(TEST_ENV.PUBLIC_BASE_URL, '');
const form = (body: Record<string, string>) => ({
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  payload: new URLSearchParams(body).toString(),
});
const tr = (lang: string) => i18n().translator(lang);
/** The catalogue keys of the public pages and the footer. */
const PAGE_KEYS = Object.keys(loadCatalogues().en ?? {}).filter((key) => key.startsWith('pages.') || key.startsWith('footer.'));

describe('the engine speaks the lead language', () => {
  let env: TestWorkflowEnvironment;
  let db: TTestDatabase;
  let mail: Awaited<ReturnType<typeof createTestMail>>;
  let worker: TRunningWorker;
  let app: TApp;
  let admin: string;
  let seq = 0;
  const englishSentences: string[] = [];

  beforeAll(async () => {
    [env, db, mail] = await Promise.all([createTimeSkippingEnv(), createTestDatabase(), createTestMail()]);
    const taskQueue = uniqueTaskQueue('languages');
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
    app = await buildServer({
      env: testEnv,
      prisma: db.prisma,
      temporal: env.client,
      mailer: mail.mailer,
      templates: new TemplateCache(),
      crm: createCrmDeps({ prisma: db.prisma, temporal: env.client, taskQueue, config: crmConfigFromEnv(testEnv), enroll }),
      health: createHealthChecks({ db, temporal: env.client, temporalAddress: 'test server', mailer: mail.mailer }),
    });
    await installBuiltins(db.prisma);
    admin = (await createApiKey(db.prisma, { name: 'admin', role: 'ADMIN' })).key;
    for (const { sku, ...product } of DEMO_PRODUCTS) {
      expect((await call('PUT', `/products/${sku}`, product)).statusCode).toBe(201);
    }
    // The English page sentences (two words or more, no argument): none may show on a translated page.
    const en = i18n().translator('en');
    for (const key of PAGE_KEYS) {
      const message = en.t(key, { email: 'x', date: 'x', weeks: 2, count: 2, topic: 'x', language: 'x' });
      if (message.split(' ').length >= 2 && !/\bx\b/.test(message)) englishSentences.push(message);
    }
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
  const newLead = (locale: string, firstName = 'Lead') =>
    db.prisma.lead.create({ data: { email: `lang-${++seq}@example.test`, firstName, locale, timeZone: 'UTC' } });
  /** The page is in `lang`: its lang attribute, and (when not English) none of the English sentences. */
  const expectIn = (lang: string, body: string) => {
    expect(/<html lang="([^"]+)"/.exec(body)?.[1]).toBe(lang);
    if (lang !== 'en') expect(englishSentences.filter((s) => body.includes(escapeHtml(s)))).toEqual([]);
  };
  const has = (body: string, lang: string, key: string, values?: Record<string, string | number>) =>
    expect(body).toContain(escapeHtml(tr(lang).t(key, values)));

  describe.each(LEAD_LOCALES)('a lead writing %s', (locale, lang) => {
    it('gets the unsubscribe page in its language, and the page still posts one-click', async () => {
      const lead = await newLead(locale);
      const url = path(unsubscribeUrlFor(lead.id, links));
      const page = await app.inject({ method: 'GET', url });
      expect(page.statusCode).toBe(200);
      expectIn(lang, page.body);
      has(page.body, lang, 'pages.unsubscribe.heading');
      // The same form as before: a POST to the page's own URL (RFC 8058 one-click goes to it too).
      expect(page.body).toContain(
        `<form method="post"><button type="submit">${escapeHtml(tr(lang).t('pages.unsubscribe.button'))}</button></form>`,
      );
      const oneClick = await app.inject({ method: 'POST', url, ...form({ 'List-Unsubscribe': 'One-Click' }) });
      expect(oneClick.statusCode).toBe(200);
      expectIn(lang, oneClick.body);
      has(oneClick.body, lang, 'pages.unsubscribe.doneHeading');
      expect((await db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } })).unsubscribedAt).not.toBeNull();
      // A broken link: the visitor's Accept-Language, since no lead is known.
      const broken = await app.inject({ method: 'GET', url: `${url}x`, headers: { 'accept-language': `${locale},en;q=0.5` } });
      expect(broken.statusCode).toBe(400);
      expectIn(lang, broken.body);
      has(broken.body, lang, 'pages.unsubscribe.invalid');
    });

    it('gets the preference centre in its language: topics, language names, plural pauses, the paused-until date', async () => {
      const lead = await newLead(locale);
      const url = path(preferencesUrlFor(lead.id, links));
      const page = await app.inject({ method: 'GET', url });
      expect(page.statusCode).toBe(200);
      expectIn(lang, page.body);
      for (const weeks of [2, 4, 8, 12]) has(page.body, lang, 'pages.preferences.pauseWeeks', { weeks });
      has(page.body, lang, 'pages.preferences.topic.nurture');
      // Every seed language is offered by its own name (the built-ins write all of them).
      for (const [, other] of LEAD_LOCALES) expect(page.body).toContain(`>${escapeHtml(tr(other).t('language.name'))}`);
      // A choice the centre refuses (a language we do not write) is answered in the lead's language too.
      const refused = await app.inject({ method: 'POST', url, ...form({ topic: 'nurture', locale: 'zz' }) });
      expect(refused.statusCode).toBe(400);
      expectIn(lang, refused.body);
      has(refused.body, lang, 'pages.preferences.notSavedBody');
      const saved = await app.inject({ method: 'POST', url, ...form({ topic: 'nurture', locale, pause: '2' }) });
      expect(saved.statusCode).toBe(200);
      expectIn(lang, saved.body);
      const until = (await db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } })).marketingPausedUntil!;
      has(saved.body, lang, 'pages.preferences.pausedUntil', { date: tr(locale).formatDate(until) });
      // What changed, said in the lead's language: topics by their names, the pause with its date.
      has(saved.body, lang, 'pages.preferences.change.optedOut', { topic: tr(lang).t('pages.preferences.topic.offers') });
      has(saved.body, lang, 'pages.preferences.change.paused', { date: tr(locale).formatDate(until) });
      expect(saved.body).toMatch(new RegExp(escapeHtml(tr(lang).t('pages.preferences.saved')).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    });

    it('gets the refusal questionnaire in its language, its error and its thank-you too', async () => {
      const lead = await newLead(locale);
      const url = path(refusalUrlFor(lead.id, links));
      const page = await app.inject({ method: 'GET', url });
      expect(page.statusCode).toBe(200);
      expectIn(lang, page.body);
      has(page.body, lang, 'pages.refusal.reason.competitor');
      const noReason = await app.inject({ method: 'POST', url, ...form({ comment: 'x' }) });
      expect(noReason.statusCode).toBe(400);
      expectIn(lang, noReason.body);
      has(noReason.body, lang, 'pages.refusal.chooseReason');
      const answered = await app.inject({ method: 'POST', url, ...form({ reason: 'price' }) });
      expect(answered.statusCode).toBe(200);
      expectIn(lang, answered.body);
      has(answered.body, lang, 'pages.refusal.thanksBody');
    });
  });

  it('the referral landing page and the double opt-in confirmation follow the visitor Accept-Language', async () => {
    const owner = await newLead('fi', 'Pekka');
    const won = await call('POST', `/leads/${owner.id}/convert`);
    expect(won.statusCode).toBe(201);
    const code = won.json().referralCode as string;
    for (const [locale, lang] of LEAD_LOCALES) {
      const page = await app.inject({ method: 'GET', url: `/ref/${code}`, headers: { 'accept-language': `${locale};q=0.9, de;q=0.1` } });
      expect(page.statusCode).toBe(200);
      expectIn(lang, page.body);
      has(page.body, lang, 'pages.referral.consent');
    }
    // Unknown languages get English; a wrong form is answered in the visitor's language.
    expectIn('en', (await app.inject({ method: 'GET', url: `/ref/${code}`, headers: { 'accept-language': 'de-DE' } })).body);
    const bad = await app.inject({
      method: 'POST',
      url: `/ref/${code}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'ro-RO' },
      payload: 'firstName=&email=nope',
    });
    expect(bad.statusCode).toBe(400);
    expectIn('ro', bad.body);
    has(bad.body, 'ro', 'pages.referral.invalidInput');

    const friend = `friend-${++seq}@example.test`;
    const sent = await app.inject({
      method: 'POST',
      url: `/ref/${code}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'accept-language': 'kk-KZ,ru;q=0.8' },
      payload: new URLSearchParams({ firstName: 'Айгерім', email: friend, consent: 'yes' }).toString(),
    });
    expect(sent.statusCode).toBe(200);
    expectIn('kk', sent.body);
    has(sent.body, 'kk', 'pages.referral.checkBody');
    const confirmation = await mail.capture.waitFor((m) => m.envelopeTo.includes(friend));
    const confirmPath = /http:\/\/nurture\.test(\/confirm\/[\w.-]+)/.exec(confirmation.text)?.[1];
    const confirmPage = await app.inject({ method: 'GET', url: confirmPath!, headers: { 'accept-language': 'kk' } });
    expectIn('kk', confirmPage.body);
    has(confirmPage.body, 'kk', 'pages.confirm.button');
    const confirmed = await app.inject({ method: 'POST', url: confirmPath!, headers: { 'accept-language': 'kk' } });
    expect(confirmed.statusCode).toBe(200);
    expectIn('kk', confirmed.body);
    has(confirmed.body, 'kk', 'pages.confirm.doneHeading');
    const invalid = await app.inject({ method: 'GET', url: '/confirm/nonsense', headers: { 'accept-language': 'hy-AM' } });
    expect(invalid.statusCode).toBe(400);
    expectIn('hy', invalid.body);
  });

  it('a Kazakh lead walked through win-back gets Kazakh mail, a Kazakh questionnaire, Kazakh holiday greetings and a Kazakh offer', async () => {
    const created = await call('POST', '/leads', {
      email: `qanat-${++seq}@example.kz`,
      firstName: 'Қанат',
      lastName: 'Әбілов',
      locale: 'kk-KZ',
      timeZone: 'Asia/Almaty',
      ownerEmail: 'o@nurture.test',
    });
    expect([200, 201]).toContain(created.statusCode);
    const leadId = created.json().id as string;
    const lost = await app.inject({
      method: 'POST',
      url: `/leads/${leadId}/status`,
      headers: { authorization: `Bearer ${admin}` },
      payload: { status: 'LOST', reason: 'chose a competitor' },
    });
    expect(lost.statusCode).toBe(200);
    const sent = () =>
      db.prisma.emailMessage.findMany({
        where: { leadId, status: 'SENT' },
        orderBy: [{ scheduledFor: 'asc' }, { claimedAt: 'asc' }],
        include: { template: { select: { key: true } } },
      });
    const farewell = await eventually('the Kazakh farewell', async () =>
      (await sent()).find((e) => e.template?.key === 'win-back-farewell-kk'),
    );
    const kk = tr('kk');
    const farewellMail = await mail.capture.waitFor((m) => m.messageId === farewell.messageId);
    expect(farewellMail.subject).toBe('Қанат, бұл жолы көмектесе алмағанымызға өкінеміз');
    expect(farewellMail.html).toMatch(/<html lang="kk"/);
    const text = farewellMail.text.replace(/\s+/g, ' ');
    for (const key of ['templates.win-back-farewell.closing', 'footer.why', 'footer.unsubscribe']) expect(text).toContain(kk.t(key));
    expect(text).not.toMatch(/Unsubscribe|Manage preferences|Tell us why|You receive this email/);
    expect(farewellMail.headers['list-unsubscribe']).toContain('http://nurture.test/u/');

    // The questionnaire from the farewell: Kazakh, and the answer becomes the lost reason.
    const formUrl = /http:\/\/nurture\.test\/q\/[\w.-]+/.exec(farewellMail.text)?.[0];
    const page = await app.inject({ method: 'GET', url: path(formUrl!) });
    expect(page.statusCode).toBe(200);
    expectIn('kk', page.body);
    expect(page.body).toContain('<title>Неге ойдағыдай болмады?</title>');
    const answered = await app.inject({ method: 'POST', url: path(formUrl!), ...form({ reason: 'price', comment: 'Қымбат' }) });
    expectIn('kk', answered.body);
    has(answered.body, 'kk', 'pages.refusal.thanksBody');
    expect((await db.prisma.lead.findUniqueOrThrow({ where: { id: leadId } })).lostReason).toBe(
      'chose a competitor; questionnaire: price (Қымбат)',
    );

    // 26 weeks of Kazakh holidays, then the reactivation offer in Kazakh with a Kazakh price.
    const startMs = farewell.scheduledFor!.getTime();
    await env.sleep(26 * 7 * DAY + HOUR);
    const offer = await eventually('the Kazakh offer', async () => (await sent()).find((e) => e.template?.key === 'win-back-offer-kk'));
    const expected: string[] = [];
    for (
      let h = nextHoliday(startMs, 'kk-KZ', 'Asia/Almaty');
      h.atMs <= startMs + 26 * 7 * DAY;
      h = nextHoliday(h.atMs, 'kk-KZ', 'Asia/Almaty')
    ) {
      expected.push(`${h.name} құтты болсын, Қанат!`);
    }
    expect(expected.length).toBeGreaterThanOrEqual(1);
    const greetings = (await sent()).filter((e) => e.template?.key === 'holiday-greeting-kk');
    expect(greetings.map((g) => g.subject)).toEqual(expected);
    const offerMail = await mail.capture.waitFor((m) => m.messageId === offer.messageId);
    expect(offerMail.subject).toBe('Қанат, жаңадан бастаймыз ба?');
    // Kazakh number format: a space groups thousands, a comma before the cents (e.g. "79,00 €").
    expect(offerMail.text.replace(/\s+/g, ' ')).toMatch(/\d+,\d{2} € бағасымен қолжетімді/);
  });
});
