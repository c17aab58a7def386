/**
 * Issue 4 end to end, through the HTTP API on real parts: the time-skipping Temporal server, a
 * real database, real SMTP (the capture). Lead capture and dedupe, routing with its SLA, the
 * lifecycle history, the sales follow-up cadence with reminders and escalation, and the five
 * built-in journeys walked over realistic timelines (weeks to a year).
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { buildServer, type TApp } from '../../api/server';
import { createApiKey } from '../../domain/api-keys/create-api-key';
import { installBuiltins } from '../../domain/builtins/install-builtins';
import { createCrmDeps, crmConfigFromEnv } from '../../domain/crm/crm-deps';
import { DEMO_PRODUCTS } from '../../domain/demo/seed-demo';
import { createEnrollLeads } from '../../domain/sequences/enroll-leads';
import { createHealthChecks } from '../../lib/boot';
import { TemplateCache } from '../../lib/mail/render-template';
import { nextHoliday } from '../../journey/holidays';
import { addBusinessDays } from '../../journey/time';
import { listTasks } from '../../domain/tasks/list-tasks';
import { DEFAULT_SCORING_MODEL } from '../../domain/scoring/schemas';
import { journeyWorkflowId, type TJourneyResult } from '../../contract/journeys';
import type { TRunningWorker } from '../../worker/start-worker';
import { createTestDatabase, type TTestDatabase } from '../helpers/database';
import { createTestMail } from '../helpers/mail';
import { eventually } from '../helpers/eventually';
import { createTestWorker, createTimeSkippingEnv, TEST_ENV, uniqueTaskQueue } from '../helpers/temporal';

const DAY = 86_400_000;
const HOUR = 3_600_000;

describe('lead lifecycle, sales follow-ups and the built-in journeys', () => {
  let env: TestWorkflowEnvironment;
  let db: TTestDatabase;
  let mail: Awaited<ReturnType<typeof createTestMail>>;
  let worker: TRunningWorker;
  let app: TApp;
  let keys: { admin: string; sales: string; marketing: string };
  let seq = 0;

  beforeAll(async () => {
    [env, db, mail] = await Promise.all([createTimeSkippingEnv(), createTestDatabase(), createTestMail()]);
    const taskQueue = uniqueTaskQueue('lifecycle');
    const testEnv = { ...TEST_ENV, TEMPORAL_TASK_QUEUE: taskQueue, ESCALATION_EMAIL: 'head-of-sales@nurture.test' };
    worker = await createTestWorker({
      env,
      prisma: db.prisma,
      mailer: mail.mailer,
      taskQueue,
      temporal: env.client,
      envOverrides: testEnv,
    });
    // Journeys enrolled through the API continue-as-new every 100 history events, so the year-long ones do it often.
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
    keys = {
      admin: (await createApiKey(db.prisma, { name: 'admin', role: 'ADMIN' })).key,
      sales: (await createApiKey(db.prisma, { name: 'sales', role: 'SALES' })).key,
      marketing: (await createApiKey(db.prisma, { name: 'marketing', role: 'MARKETING' })).key,
    };
    for (const { sku, ...product } of DEMO_PRODUCTS) {
      expect((await call({ method: 'PUT', url: `/products/${sku}`, payload: product }, 'marketing')).statusCode).toBe(201);
    }
  });
  afterAll(async () => {
    await app?.close();
    await worker?.stop();
    await Promise.all([env?.teardown(), db?.cleanup(), mail?.close()]);
  });

  type TCall = { method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'; url: string; payload?: unknown; headers?: Record<string, string> };
  async function call(req: TCall | string, as: keyof typeof keys = 'admin') {
    const r = typeof req === 'string' ? { url: req } : req;
    return app.inject({
      method: r.method ?? 'GET',
      url: r.url,
      headers: { authorization: `Bearer ${keys[as]}`, ...r.headers },
      ...(r.payload !== undefined ? { payload: r.payload as object } : {}),
    });
  }
  const uniqueEmail = (name: string) => `${name}-${++seq}@example.fi`;
  const capture = async (body: Record<string, unknown>) => {
    const res = await call({ method: 'POST', url: '/leads', payload: body });
    expect([200, 201]).toContain(res.statusCode);
    return res.json() as { id: string; deduplicated: boolean; ownerEmail: string | null; status: string; heat: string };
  };
  const timeline = (leadId: string, type?: string) =>
    db.prisma.leadEvent.findMany({ where: { leadId, ...(type ? { type } : {}) }, orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }] });
  const sentTo = (leadId: string) =>
    db.prisma.emailMessage.findMany({
      where: { leadId, status: 'SENT', category: { in: ['marketing', 'sales'] } },
      orderBy: [{ scheduledFor: 'asc' }, { claimedAt: 'asc' }],
      include: { template: { select: { key: true } } },
    });
  const enrollment = (leadId: string, sequenceKey: string) =>
    db.prisma.enrollment.findFirst({ where: { leadId, sequence: { key: sequenceKey } }, orderBy: { startedAt: 'desc' } });
  const journeyResult = (sequenceKey: string, leadId: string) =>
    env.client.workflow.getHandle(journeyWorkflowId(sequenceKey, leadId)).result() as Promise<TJourneyResult>;
  const status = (leadId: string, body: Record<string, unknown>, as: keyof typeof keys = 'sales') =>
    call({ method: 'POST', url: `/leads/${leadId}/status`, payload: body }, as);

  describe('capture and dedupe', () => {
    it('creates a card for an unknown person and attaches a known one (same email or phone) as a touch, telling the owner', async () => {
      const email = uniqueEmail('paivi');
      const first = await call({
        method: 'POST',
        url: '/leads',
        payload: {
          email,
          firstName: 'Päivi',
          phone: '+358 40 123 4567',
          source: 'WEBINAR',
          campaign: 'webinar-2026-11',
          acquisitionCostCents: 1250,
          purchaseTimeframe: 'MONTHS',
          ownerEmail: 'owner-a@nurture.test',
          ownerName: 'Olli Owner',
        },
      });
      expect([first.statusCode, first.json().error]).toEqual([201, undefined]);
      // About two months → warm, which the default scoring model makes marketing-qualified; the phone
      // is stored in E.164, the form dedupe works on.
      expect(first.json()).toMatchObject({
        deduplicated: false,
        heat: 'WARM',
        score: 25,
        phone: '+358401234567',
        status: 'MQL',
        campaign: 'webinar-2026-11',
      });
      const id = first.json().id as string;

      // Same person, other address, phone written differently: attached, not a second card.
      const byPhone = await call({
        method: 'POST',
        url: '/leads',
        payload: {
          email: uniqueEmail('paivi-work'),
          firstName: 'Päivi',
          lastName: 'Järvinen',
          phone: '+358 (40) 123-4567',
          source: 'TRADE_SHOW',
        },
      });
      expect([byPhone.statusCode, byPhone.json().id, byPhone.json().deduplicated]).toEqual([200, id, true]);
      expect(byPhone.json().lastName).toBe('Järvinen'); // the card gains what it lacked
      const byEmail = await call({
        method: 'POST',
        url: '/leads',
        payload: { email: email.toUpperCase(), firstName: 'P', source: 'LIVE_CHAT' },
      });
      expect([byEmail.statusCode, byEmail.json().id]).toEqual([200, id]);
      expect(await db.prisma.lead.count({ where: { id } })).toBe(1);

      const touches = await timeline(id, 'lead.touch');
      expect(touches.map((t) => (t.data as { matchedOn: string; source: string }).matchedOn)).toEqual(['phone', 'email']);
      // The owner hears of each new touch (a notification email).
      const notices = await eventually('two owner notifications', async () => {
        const rows = await db.prisma.emailMessage.findMany({ where: { leadId: id, category: 'notification', status: 'SENT' } });
        return rows.length === 2 && rows;
      });
      expect(notices.map((n) => n.toAddress)).toEqual(['owner-a@nurture.test', 'owner-a@nurture.test']);
      expect(await mail.capture.waitFor((m) => m.envelopeTo.includes('owner-a@nurture.test'))).toMatchObject({
        subject: 'A lead of yours got in touch again — Päivi Järvinen',
      });

      // The lifecycle history: NEW, then MQL by scoring.
      expect((await call(`/leads/${id}/history`)).json().items).toMatchObject([
        { from: null, to: 'NEW', by: 'api' },
        { from: 'NEW', to: 'MQL', by: 'scoring', reason: 'score 25 ≥ 25' },
      ]);
    });

    it('refuses a phone number it cannot read, and a referral code no customer has, saying which field', async () => {
      const bad = await call({ method: 'POST', url: '/leads', payload: { email: uniqueEmail('x'), firstName: 'X', phone: '040 123' } });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().error.details).toEqual(['phone: must be an international number starting with + (e.g. +358 40 123 4567)']);
      const code = await call({
        method: 'POST',
        url: '/leads',
        payload: { email: uniqueEmail('x'), firstName: 'X', referralCode: 'NOPE1234' },
      });
      expect([code.statusCode, code.json().error.details]).toEqual([400, ['referralCode: no customer has this code']]);
      const patch = await call({
        method: 'PATCH',
        url: `/leads/${(await capture({ email: uniqueEmail('p'), firstName: 'P', ownerEmail: 'o@nurture.test' })).id}`,
        payload: { status: 'SQL' },
      });
      expect(patch.statusCode).toBe(400);
      expect(patch.json().error.message).toContain('change the status with POST /leads/:id/status');
    });
  });

  describe('sales follow-up cadence', () => {
    it('gives the rep tasks and sends 1:1 emails as the rep; overdue tasks remind, then escalate; a booked meeting stops it', async () => {
      // A rep with a manager, who takes no routed leads (capacity 0): only this explicit owner.
      await call({
        method: 'PUT',
        url: '/reps/closer@nurture.test',
        payload: { name: 'Carla Closer', tier: 1, capacity: 0, managerEmail: 'manager@nurture.test' },
      });
      const lead = await capture({
        email: uniqueEmail('aino'),
        firstName: 'Aino',
        company: 'Järvinen Oy',
        purchaseTimeframe: 'NOW',
        ownerEmail: 'closer@nurture.test',
        ownerName: 'Carla Closer',
      });
      expect(lead.heat).toBe('HOT');
      const startedMs = await env.currentTimeMs();
      const started = await call({ method: 'POST', url: `/leads/${lead.id}/follow-ups` }, 'sales');
      expect([started.statusCode, started.json()]).toEqual([
        202,
        expect.objectContaining({
          outcome: 'enrolled',
          ownerEmail: 'closer@nurture.test',
          workflowId: journeyWorkflowId('sales-follow-up', lead.id),
        }),
      ]);
      const again = await call({ method: 'POST', url: `/leads/${lead.id}/follow-ups` }, 'sales');
      expect(again.json().outcome).toBe('already_active'); // idempotent: one cadence per lead
      expect((await call({ method: 'POST', url: `/leads/${lead.id}/follow-ups` }, 'marketing')).statusCode).toBe(403);

      // At once: the first-call task for the rep and the first 1:1 email, from the rep, not bulk mail.
      const firstCall = await eventually('the first-call task', () =>
        db.prisma.task.findFirst({ where: { leadId: lead.id, title: { startsWith: 'First call' } } }),
      );
      expect(firstCall).toMatchObject({ assigneeEmail: 'closer@nurture.test', status: 'OPEN', kind: 'call' });
      expect(firstCall.dueAt.getTime() - startedMs).toBeGreaterThanOrEqual(DAY - 5_000);
      const email1 = await mail.capture.waitFor(
        (m) => m.envelopeTo.includes(lead.id ? (m.envelopeTo[0] ?? '') : '') && m.subject === 'Following up, Aino',
      );
      expect(email1.from).toBe('"Carla Closer" <closer@nurture.test>');
      expect(email1.headers['x-nurture-category']).toBe('transactional');
      expect(email1.headers['list-unsubscribe']).toBeUndefined();
      expect(email1.text).toContain('Järvinen Oy');
      const mine = (await call('/tasks?assignee=closer@nurture.test', 'sales')).json().items;
      expect(mine).toEqual([expect.objectContaining({ id: firstCall.id, overdue: false, remindedAt: null })]);

      // A day later the task is overdue: the rep is reminded; a day after that, the manager gets it.
      await env.sleep(DAY + HOUR);
      const reminded = await eventually(
        'the reminder',
        async () => (await db.prisma.task.findUniqueOrThrow({ where: { id: firstCall.id } })).remindedAt && true,
      );
      expect(reminded).toBe(true);
      expect((await mail.capture.waitFor((m) => m.subject.startsWith('Overdue: First call'))).envelopeTo).toEqual(['closer@nurture.test']);
      await env.sleep(DAY);
      const escalated = await eventually('the escalation', async () => {
        const t = await db.prisma.task.findUniqueOrThrow({ where: { id: firstCall.id } });
        return t.escalatedAt && t;
      });
      expect(escalated.escalatedTo).toBe('manager@nurture.test');
      expect((await mail.capture.waitFor((m) => m.subject.startsWith('Escalated: closer@nurture.test'))).envelopeTo).toEqual([
        'manager@nurture.test',
      ]);
      // Overdue as of the (skipped-ahead) workflow clock; the API asks with the wall clock, the same thing in production.
      const overdue = await listTasks(db.prisma, { assignee: 'closer@nurture.test', overdue: true, limit: 10 }, await env.currentTimeMs());
      expect(overdue).toEqual([expect.objectContaining({ id: firstCall.id, overdue: true, escalatedTo: 'manager@nurture.test' })]);

      // The rep finally calls: a result is required, and a task is completed once.
      const noResult = await call({ method: 'POST', url: `/tasks/${firstCall.id}/complete`, payload: { result: '' } }, 'sales');
      expect([noResult.statusCode, noResult.json().error.code]).toEqual([400, 'VALIDATION_FAILED']);
      const done = await call(
        {
          method: 'POST',
          url: `/tasks/${firstCall.id}/complete`,
          payload: { result: 'No answer; left a voicemail', outcome: 'no_answer' },
        },
        'sales',
      );
      expect(done.json()).toMatchObject({ status: 'DONE', result: 'No answer; left a voicemail' });
      expect(
        (await call({ method: 'POST', url: `/tasks/${firstCall.id}/complete`, payload: { result: 'again' } }, 'sales')).statusCode,
      ).toBe(409);

      // Three business days after the first email: the second call and the second email.
      const email1Row = (await sentTo(lead.id))[0]!;
      const secondStepAt = addBusinessDays(email1Row.scheduledFor!.getTime(), 3, 'UTC');
      await env.sleep(secondStepAt - (await env.currentTimeMs()) + 60_000);
      const secondCall = await eventually('the second-call task', () =>
        db.prisma.task.findFirst({ where: { leadId: lead.id, title: 'Second call' } }),
      );
      expect(secondCall.createdAt).toBeDefined();
      await mail.capture.waitFor((m) => m.subject === 'A quick idea for Järvinen Oy');
      // The rep books a meeting on that call, on time: the cadence stops there (the breakup email never goes)
      // and the task's watcher stops without reminding anyone.
      await call(
        { method: 'POST', url: `/tasks/${secondCall.id}/complete`, payload: { result: 'Demo on Thursday', outcome: 'meeting_booked' } },
        'sales',
      );
      expect(await journeyResult('sales-follow-up', lead.id)).toEqual({ status: 'EXITED', reason: 'goal:meeting-booked' });
      expect(await env.client.workflow.getHandle(`task-watch/${secondCall.id}`).result()).toBe('completed');
      expect(await db.prisma.task.findUniqueOrThrow({ where: { id: secondCall.id } })).toMatchObject({
        remindedAt: null,
        escalatedAt: null,
      });
      expect((await sentTo(lead.id)).map((e) => e.template?.key)).toEqual(['follow-up-1', 'follow-up-2']);
      const types = (await timeline(lead.id)).map((e) => e.type);
      expect(types).toEqual(
        expect.arrayContaining(['task.created', 'task.overdue', 'task.escalated', 'task.completed', 'engagement.meeting_booked']),
      );
    });

    it('refuses a cadence for a lead that is already won or lost, and a marketing sequence as a cadence', async () => {
      const lead = await capture({ email: uniqueEmail('lost'), firstName: 'L', ownerEmail: 'closer@nurture.test' });
      const wrong = await call({ method: 'POST', url: `/leads/${lead.id}/follow-ups`, payload: { sequenceKey: 'nurture' } }, 'sales');
      expect([wrong.statusCode, wrong.json().error.message]).toEqual([
        400,
        'Sequence nurture is a marketing sequence; a follow-up needs a sales cadence',
      ]);
      expect((await status(lead.id, { status: 'LOST', reason: 'no budget' })).statusCode).toBe(200);
      const closed = await call({ method: 'POST', url: `/leads/${lead.id}/follow-ups` }, 'sales');
      expect([closed.statusCode, closed.json().error.code]).toEqual([409, 'CONFLICT']);
    });
  });

  describe('the lifecycle', () => {
    it('keeps every status change with its reason, and says what is not allowed', async () => {
      const lead = await capture({ email: uniqueEmail('cycle'), firstName: 'C', ownerEmail: 'o@nurture.test', purchaseTimeframe: 'NONE' });
      expect((await status(lead.id, { status: 'MQL' })).json().status).toBe('MQL');
      expect((await status(lead.id, { status: 'SQL', reason: 'budget confirmed' })).json().status).toBe('SQL');
      const past = await status(lead.id, { status: 'DEFERRED', until: '2020-01-01', reason: 'later' });
      expect([past.statusCode, past.json().error.details]).toEqual([400, ['until: must be in the future']]);
      const noReason = await status(lead.id, { status: 'LOST' });
      expect(noReason.statusCode).toBe(400);
      const customer = await status(lead.id, { status: 'CUSTOMER' });
      expect(customer.statusCode).toBe(400); // only POST /leads/:id/convert makes a customer
      const won = await call({ method: 'POST', url: `/leads/${lead.id}/convert`, payload: { taxId: 'FI12345678' } }, 'sales');
      expect([won.statusCode, won.json().leadId, won.json().taxId]).toEqual([201, lead.id, 'FI12345678']);
      expect((await call({ method: 'POST', url: `/leads/${lead.id}/convert` }, 'sales')).statusCode).toBe(409);
      expect((await status(lead.id, { status: 'LOST', reason: 'x' })).statusCode).toBe(409);
      const history = (await call(`/leads/${lead.id}/history`)).json().items;
      expect(history.map((h: { from: string | null; to: string; reason: string | null }) => [h.from, h.to, h.reason])).toEqual([
        [null, 'NEW', null],
        ['NEW', 'MQL', null],
        ['MQL', 'SQL', 'budget confirmed'],
        ['SQL', 'CUSTOMER', 'converted'],
      ]);
      // Separate, linked cards: the customer card has its own history and the conversion moment.
      const card = (await call(`/leads/${lead.id}/customer`)).json();
      expect(card).toMatchObject({
        id: won.json().id,
        ownerEmail: 'o@nurture.test',
        history: [expect.objectContaining({ type: 'customer.created' })],
      });
    });
  });

  describe('the built-in journeys', () => {
    it('1. nurture: a new cold lead gets the content cadence on schedule until sales qualifies it', async () => {
      const lead = await capture({
        email: uniqueEmail('cold'),
        firstName: 'Kalle',
        ownerEmail: 'o@nurture.test',
        source: 'INBOUND_CONTENT',
      });
      expect(lead.heat).toBe('COLD');
      const enrolled = await eventually('the nurture enrollment', () => enrollment(lead.id, 'nurture'));
      expect(enrolled.source).toBe('trigger:nurture-new-cold-leads');
      await eventually('the first nurture email', async () => (await sentTo(lead.id)).length === 1);
      await env.sleep(21 * DAY + HOUR);
      const sent = await eventually('three nurture emails', async () => {
        const rows = await sentTo(lead.id);
        return rows.length === 3 && rows;
      });
      expect(sent.map((e) => e.template?.key)).toEqual(['nurture-1', 'nurture-2', 'nurture-3']);
      const at = sent.map((e) => e.scheduledFor!.getTime());
      expect([at[1]! - at[0]!, at[2]! - at[1]!]).toEqual([7 * DAY, 14 * DAY]);
      expect((await status(lead.id, { status: 'SQL', reason: 'asked for a quote' })).statusCode).toBe(200);
      expect(await journeyResult('nurture', lead.id)).toEqual({ status: 'EXITED', reason: 'goal:left-nurture' });
    });

    it('2. deferred demand: monthly reminders with the current offer for a year, then a re-qualification task on the date; history stays short', async () => {
      const lead = await capture({
        email: uniqueEmail('later'),
        firstName: 'Liisa',
        ownerEmail: 'o@nurture.test',
        purchaseTimeframe: 'MONTHS',
      });
      const until = new Date((await env.currentTimeMs()) + 365 * DAY);
      const deferred = await status(lead.id, { status: 'DEFERRED', until: until.toISOString(), reason: 'budget opens next year' });
      expect(deferred.json()).toMatchObject({ status: 'DEFERRED', deferReason: 'budget opens next year' });
      await eventually('the deferred-demand enrollment', () => enrollment(lead.id, 'deferred-demand'));
      await env.sleep(366 * DAY);
      expect(await journeyResult('deferred-demand', lead.id)).toEqual({ status: 'COMPLETED', reason: 'completed' });
      // The capture itself starts nurture, which may greet the lead before the deferral a moment
      // later ends it (the journey reads the lead once as it starts): at most that one welcome.
      const all = await sentTo(lead.id);
      const reminders = all.filter((e) => e.template?.key !== 'nurture-1');
      expect(all.length - reminders.length).toBeLessThanOrEqual(1);
      expect(reminders.map((e) => e.template?.key)).toEqual(Array(13).fill('deferred-reminder'));
      const gaps = reminders.slice(1).map((e, i) => e.scheduledFor!.getTime() - reminders[i]!.scheduledFor!.getTime());
      expect(gaps).toEqual(Array(12).fill(30 * DAY));
      const task = await db.prisma.task.findFirstOrThrow({ where: { leadId: lead.id, kind: 'call' } });
      expect(task).toMatchObject({ title: 'Re-qualify: the lead asked to be contacted again now', assigneeEmail: 'o@nurture.test' });
      expect(task.dueAt.getTime()).toBe(until.getTime() + 2 * DAY);
      const offer = await mail.capture.waitFor((m) => m.messageId === reminders[0]!.messageId);
      expect(offer.text.replace(/\s+/g, ' ')).toMatch(/this month's offer: \S.* at €\d/);
      // A year of monthly steps, yet the run's history stayed below the limit: it continued as new.
      const described = await env.client.workflow.getHandle(journeyWorkflowId('deferred-demand', lead.id)).describe();
      expect(described.runId).not.toBe(described.raw.workflowExecutionInfo?.firstRunId);
    });

    /** A lead won with a first purchase: its customer card. */
    async function customerWith(name: string, skus: string[]) {
      const lead = await capture({
        email: uniqueEmail(name),
        firstName: name,
        ownerEmail: 'o@nurture.test',
        locale: 'fi',
        timeZone: 'Europe/Helsinki',
      });
      const [first, ...rest] = skus;
      const product = (sku: string) => DEMO_PRODUCTS.find((p) => p.sku === sku)!;
      const won = await call(
        {
          method: 'POST',
          url: `/leads/${lead.id}/convert`,
          payload: { purchase: { sku: first, amountCents: product(first!).priceCents, orderId: `o-${name}-1` } },
        },
        'sales',
      );
      expect(won.statusCode).toBe(201);
      for (const [i, sku] of rest.entries()) {
        const bought = await call({
          method: 'POST',
          url: `/customers/${won.json().id}/purchases`,
          payload: { sku, amountCents: product(sku).priceCents, orderId: `o-${name}-${i + 2}` },
        });
        expect(bought.statusCode).toBe(201);
      }
      return { leadId: lead.id, customerId: won.json().id as string, referralCode: won.json().referralCode as string };
    }

    it('3. cross-sell and up-sell: related product after 14 days, next tier after 30 more; never what was bought; stops on purchase', async () => {
      const a = await customerWith('Anna', ['CRM-START']);
      const b = await customerWith('Bert', ['CRM-START']);
      // Cecilia buys three things: each purchase ends the running cross-sell and starts one for it.
      const c = await customerWith('Cecilia', ['CRM-ENT', 'ONBOARD', 'SMS-PACK']);
      const cRuns = await db.prisma.enrollment.findMany({
        where: { leadId: c.leadId, sequence: { key: 'cross-sell' } },
        orderBy: { startedAt: 'asc' },
      });
      expect(cRuns.map((r) => [r.status, r.exitReason])).toEqual([
        ['EXITED', 'goal:purchased'],
        ['EXITED', 'goal:purchased'],
        ['ACTIVE', null],
      ]);
      expect((await enrollment(a.leadId, 'cross-sell'))?.source).toBe('trigger:cross-sell-after-purchase');
      // Re-sending an order records nothing new.
      const dup = await call({
        method: 'POST',
        url: `/customers/${a.customerId}/purchases`,
        payload: { sku: 'CRM-START', amountCents: 2900, orderId: 'o-Anna-1' },
      });
      expect([dup.statusCode, dup.json().duplicate]).toEqual([200, true]);

      await env.sleep(14 * DAY + HOUR);
      // Finnish customers get the built-ins' Finnish variants.
      const cross = await eventually("Anna's cross-sell email", async () =>
        (await sentTo(a.leadId)).find((e) => e.template?.key === 'cross-sell-offer-fi'),
      );
      // Related to CRM-START and not bought: the SMS pack (cheapest related), at its catalogue price.
      const crossMail = await mail.capture.waitFor((m) => m.messageId === cross.messageId);
      expect(crossMail.text.replace(/\s+/g, ' ')).toContain('valitsevat usein lisäksi SMS pack (1,000 messages) (15,00 €)');
      // Bert buys it: his journey stops on the purchase; no up-sell follows.
      await eventually("Bert's cross-sell email", async () =>
        (await sentTo(b.leadId)).some((e) => e.template?.key === 'cross-sell-offer-fi'),
      );
      await call({ method: 'POST', url: `/customers/${b.customerId}/purchases`, payload: { sku: 'SMS-PACK', amountCents: 1500 } });
      const bRuns = await db.prisma.enrollment.findMany({
        where: { leadId: b.leadId, sequence: { key: 'cross-sell' } },
        orderBy: { startedAt: 'asc' },
      });
      expect(bRuns.map((r) => r.exitReason)).toEqual(['goal:purchased', null]); // the first stopped; a fresh one started
      await env.sleep(30 * DAY);
      expect(await journeyResult('cross-sell', a.leadId)).toEqual({ status: 'COMPLETED', reason: 'completed' });
      const up = (await sentTo(a.leadId)).find((e) => e.template?.key === 'up-sell-offer-fi')!;
      expect(up.scheduledFor!.getTime() - cross.scheduledFor!.getTime()).toBe(30 * DAY);
      expect((await mail.capture.waitFor((m) => m.messageId === up.messageId)).text.replace(/\s+/g, ' ')).toContain(
        'Nurture Pro (79,00 €) on luonteva seuraava askel',
      );
      // Bert's fresh journey offers what goes with his purchases and he does not have yet: onboarding, not the pack again.
      const bOffers = (await sentTo(b.leadId)).filter((e) => e.template?.key === 'cross-sell-offer-fi');
      expect(bOffers).toHaveLength(2);
      expect((await mail.capture.waitFor((m) => m.messageId === bOffers[1]!.messageId)).text.replace(/\s+/g, ' ')).toContain(
        'valitsevat usein lisäksi Guided onboarding',
      );
      // Cecilia owns everything related and the top tier: both offers are skipped, nothing is sent.
      expect(await journeyResult('cross-sell', c.leadId)).toEqual({ status: 'COMPLETED', reason: 'completed' });
      expect((await sentTo(c.leadId)).filter((e) => e.template?.key?.includes('-sell-offer'))).toEqual([]);
      expect((await timeline(c.leadId, 'step.skipped')).map((e) => (e.data as { reason: string }).reason)).toEqual(
        expect.arrayContaining(['no cross offer left for this lead', 'no up offer left for this lead']),
      );
    });

    it('4. referral: a promoter gets a personal link at once; the friend it brings converts; the referrer gets the reward and a thank-you', async () => {
      const promoter = await customerWith('Pekka', ['CRM-PRO']);
      const detractor = await customerWith('Dora', ['CRM-PRO']);
      const quiet = await customerWith('Quentin', ['CRM-PRO']);
      expect((await call({ method: 'POST', url: `/customers/${promoter.customerId}/nps`, payload: { score: 10 } })).json()).toEqual({
        category: 'promoter',
      });
      expect(
        (
          await call({ method: 'POST', url: `/customers/${detractor.customerId}/nps`, payload: { score: 3, comment: 'slow support' } })
        ).json(),
      ).toEqual({
        category: 'detractor',
      });
      const invite = await eventually('the promoter invite', async () =>
        (await sentTo(promoter.leadId)).find((e) => e.template?.key === 'referral-invite-fi'),
      );
      const inviteMail = await mail.capture.waitFor((m) => m.messageId === invite.messageId);
      expect(inviteMail.text).toContain(`http://nurture.test/ref/${promoter.referralCode}`);

      // The friend follows the link and leaves contact data on the public page.
      const page = await app.inject({ method: 'GET', url: `/ref/${promoter.referralCode}` });
      expect([page.statusCode, page.body.includes('A customer recommended us to you')]).toEqual([200, true]);
      expect((await app.inject({ method: 'GET', url: '/ref/NOSUCHCODE' })).statusCode).toBe(404);
      const friendEmail = uniqueEmail('friend');
      const form = await app.inject({
        method: 'POST',
        url: `/ref/${promoter.referralCode}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ firstName: 'Frida', email: friendEmail, consent: 'yes' }).toString(),
      });
      expect([form.statusCode, form.body.includes('Check your inbox')]).toEqual([200, true]);
      // Double opt-in: nothing exists in the friend's name until the emailed link is confirmed.
      expect(await db.prisma.lead.findUnique({ where: { email: friendEmail } })).toBeNull();
      const confirmation = await mail.capture.waitFor((m) => m.envelopeTo.includes(friendEmail));
      const confirmPath = /http:\/\/nurture\.test(\/confirm\/[\w.-]+)/.exec(confirmation.text)?.[1];
      expect(confirmPath).toBeDefined();
      expect((await app.inject({ method: 'POST', url: confirmPath! })).statusCode).toBe(200);
      const friend = await db.prisma.lead.findUniqueOrThrow({ where: { email: friendEmail } });
      expect(friend).toMatchObject({ source: 'REFERRAL', referrerCustomerId: promoter.customerId });
      await db.prisma.lead.update({ where: { id: friend.id }, data: { ownerEmail: 'o@nurture.test' } });

      // The friend becomes a customer: the referrer's reward is recorded and announced by email.
      expect((await call({ method: 'POST', url: `/leads/${friend.id}/convert` }, 'sales')).statusCode).toBe(201);
      const reward = await db.prisma.referralReward.findUniqueOrThrow({ where: { referredLeadId: friend.id } });
      expect(reward).toMatchObject({ referrerCustomerId: promoter.customerId, description: '20% off your next order' });
      // In Pekka's language (fi): the thank-you is the built-in's Finnish variant.
      const thanks = await mail.capture.waitFor((m) => m.subject === 'Kiitos, Pekka! Suosittelemastasi tuli asiakas');
      expect(thanks.text.replace(/\s+/g, ' ')).toContain('tässä palkkiosi: 20% off your next order');
      const card = (await call(`/customers/${promoter.customerId}`)).json();
      expect(card.referredLeadIds).toEqual([friend.id]);
      expect(card.rewards).toEqual([expect.objectContaining({ referredLeadId: friend.id })]);
      expect(card.history.map((h: { type: string }) => h.type)).toEqual(
        expect.arrayContaining(['referral.arrived', 'referral.rewarded', 'survey.nps']),
      );

      // Thirty days after the purchase: the quiet customer is asked; the unhappy one is not.
      await env.sleep(30 * DAY + HOUR);
      expect(await journeyResult('referral', quiet.leadId)).toEqual({ status: 'COMPLETED', reason: 'completed' });
      expect((await sentTo(quiet.leadId)).map((e) => e.template?.key)).toContain('referral-invite-fi');
      expect(await journeyResult('referral', detractor.leadId)).toEqual({ status: 'EXITED', reason: 'not satisfied: no referral ask' });
      expect((await sentTo(detractor.leadId)).map((e) => e.template?.key?.replace(/-fi$/, ''))).not.toContain('referral-invite');
    });

    it('5. win-back: farewell with a refusal form, greetings on Maltese holidays for 26 weeks, a reactivation offer; a click returns the lead to nurture, a reply to its owner', async () => {
      // Maltese: no gap between its holidays is longer than 26 weeks, so the period always holds one.
      const lead = await capture({
        email: uniqueEmail('lost'),
        firstName: 'Ġorġ',
        ownerEmail: 'o@nurture.test',
        locale: 'mt',
        timeZone: 'Europe/Malta',
      });
      // A second lost lead, who will answer the offer by email.
      const replier = await capture({
        email: uniqueEmail('lost'),
        firstName: 'Marija',
        ownerEmail: 'o@nurture.test',
        locale: 'mt',
        timeZone: 'Europe/Malta',
      });
      expect((await status(replier.id, { status: 'LOST', reason: 'no budget' })).statusCode).toBe(200);
      expect((await status(lead.id, { status: 'LOST', reason: 'chose a competitor' })).json()).toMatchObject({
        status: 'LOST',
        lostReason: 'chose a competitor',
      });
      // The Maltese lead gets the built-ins' Maltese variants.
      const farewell = await eventually('the farewell', async () =>
        (await sentTo(lead.id)).find((e) => e.template?.key === 'win-back-farewell-mt'),
      );
      const farewellMail = await mail.capture.waitFor((m) => m.messageId === farewell.messageId);
      const formUrl = /http:\/\/nurture\.test\/q\/[\w.-]+/.exec(farewellMail.text)?.[0];
      expect(formUrl).toBeDefined();
      // The questionnaire: a public form; a tampered link is refused; the answer becomes the lost reason.
      const path = formUrl!.replace('http://nurture.test', '');
      expect((await app.inject({ method: 'GET', url: path })).statusCode).toBe(200);
      expect((await app.inject({ method: 'GET', url: `${path}x` })).statusCode).toBe(400);
      const answered = await app.inject({
        method: 'POST',
        url: path,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: 'reason=price&comment=Too+expensive+for+us',
      });
      expect(answered.statusCode).toBe(200);
      const lost = await db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } });
      expect(lost.lostReason).toBe('chose a competitor; questionnaire: price (Too expensive for us)');
      const startMs = farewell.scheduledFor!.getTime();
      await eventually('the deferral', async () => (await db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } })).deferredUntil);
      expect((await db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } })).deferredUntil!.getTime()).toBe(startMs + 26 * 7 * DAY);

      await env.sleep(26 * 7 * DAY + HOUR);
      // Every Maltese holiday in the 26 weeks, at 09:00 Malta time, named in Maltese.
      const expected: { id: string; atMs: number; name: string }[] = [];
      for (
        let h = nextHoliday(startMs, 'mt', 'Europe/Malta');
        h.atMs <= startMs + 26 * 7 * DAY;
        h = nextHoliday(h.atMs, 'mt', 'Europe/Malta')
      )
        expected.push(h);
      expect(expected.length).toBeGreaterThanOrEqual(1);
      const offer = await eventually('the reactivation offer', async () =>
        (await sentTo(lead.id)).find((e) => e.template?.key === 'win-back-offer-mt'),
      );
      const greetings = (await sentTo(lead.id)).filter((e) => e.template?.key === 'holiday-greeting-mt');
      expect(greetings.map((g) => g.scheduledFor!.getTime())).toEqual(expected.map((h) => h.atMs));
      expect(greetings.map((g) => g.subject)).toEqual(expected.map((h) => `${h.name}: l-aqwa xewqat, Ġorġ`));
      expect(offer.scheduledFor!.getTime()).toBe(startMs + 26 * 7 * DAY);

      // A click on the offer brings the lead back: recycled, and the nurture trigger takes it.
      const click = await call({
        method: 'POST',
        url: '/events',
        payload: { leadId: lead.id, type: 'clicked', messageId: offer.messageId },
      });
      expect(click.statusCode).toBe(202);
      expect(await journeyResult('win-back', lead.id)).toEqual({ status: 'EXITED', reason: 'reactivated: back to nurture' });
      const back = await eventually('the nurture enrollment', () => enrollment(lead.id, 'nurture'));
      expect(back.source).toBe('trigger:nurture-recycled');
      const history = (await call(`/leads/${lead.id}/history`)).json().items.map((h: { to: string }) => h.to);
      expect(history).toEqual(['NEW', 'LOST', 'RECYCLED']);

      // A reply to the offer hands the lead back to its owner: a call task, and sales-qualified.
      const replierOffer = await eventually("the replier's offer", async () =>
        (await sentTo(replier.id)).find((e) => e.template?.key === 'win-back-offer-mt'),
      );
      await call({ method: 'POST', url: '/events', payload: { leadId: replier.id, type: 'replied', messageId: replierOffer.messageId } });
      expect(await journeyResult('win-back', replier.id)).toEqual({ status: 'EXITED', reason: 'goal:back-with-sales' });
      expect(await db.prisma.task.findFirstOrThrow({ where: { leadId: replier.id } })).toMatchObject({
        title: 'A lost lead answered the win-back offer: call back',
        assigneeEmail: 'o@nurture.test',
      });
      expect((await db.prisma.lead.findUniqueOrThrow({ where: { id: replier.id } })).status).toBe('SQL');
    });
  });

  describe('scoring', () => {
    it('scores engagement by the published model and moves the lead to MQL, then SQL, with the reason in the history', async () => {
      const model = {
        fit: [],
        engagement: [
          { event: 'clicked', points: 6, halfLifeDays: 30 },
          { event: 'replied', points: 15, halfLifeDays: 60 },
        ],
        thresholds: { mql: 10, sql: 20 },
      };
      const published = await call({ method: 'PUT', url: '/scoring', payload: model }, 'marketing');
      expect(published.statusCode).toBe(201);
      const same = await call({ method: 'PUT', url: '/scoring', payload: model }, 'marketing');
      expect([same.statusCode, same.json().version]).toEqual([200, published.json().version]);
      const invalid = await call({ method: 'PUT', url: '/scoring', payload: { ...model, thresholds: { mql: 30, sql: 20 } } }, 'marketing');
      expect([invalid.statusCode, invalid.json().error.issues[0].path]).toEqual([400, 'body.thresholds.sql']);
      try {
        const lead = await capture({
          email: uniqueEmail('scored'),
          firstName: 'S',
          ownerEmail: 'o@nurture.test',
          purchaseTimeframe: 'NONE',
        });
        expect(lead.status).toBe('NEW');
        const event = (type: string) => call({ method: 'POST', url: '/events', payload: { leadId: lead.id, type } });
        await event('clicked');
        await event('clicked');
        expect((await call(`/leads/${lead.id}`)).json()).toMatchObject({ score: 12, status: 'MQL' });
        await event('replied');
        expect((await call(`/leads/${lead.id}`)).json()).toMatchObject({ score: 27, status: 'SQL' });
        const history = (await call(`/leads/${lead.id}/history`)).json().items;
        expect(history.map((h: { to: string; by: string; reason: string | null }) => [h.to, h.by, h.reason])).toEqual([
          ['NEW', 'api', null],
          ['MQL', 'scoring', 'score 12 ≥ 10'],
          ['SQL', 'scoring', 'score 27 ≥ 20'],
        ]);
      } finally {
        await call({ method: 'PUT', url: '/scoring', payload: DEFAULT_SCORING_MODEL }, 'marketing');
      }
    });

    it('re-scores a lead when sales sets its heat: warm is marketing-qualified under the default model', async () => {
      const lead = await capture({ email: uniqueEmail('heat'), firstName: 'H', ownerEmail: 'o@nurture.test' });
      expect([lead.heat, lead.status]).toEqual(['COLD', 'NEW']);
      const warmed = await call({ method: 'PATCH', url: `/leads/${lead.id}`, payload: { heat: 'WARM' } }, 'sales');
      expect(warmed.json()).toMatchObject({ heat: 'WARM', score: 25, status: 'MQL' });
    });
  });

  describe('CSV import', () => {
    it('imports in the background with progress, dedupes known people and reports each bad row by its line', async () => {
      const known = await capture({ email: uniqueEmail('known'), firstName: 'Known', ownerEmail: 'o@nurture.test' });
      const knownEmail = (await db.prisma.lead.findUniqueOrThrow({ where: { id: known.id } })).email;
      const csv = [
        'First name,Email,Phone,Source,Campaign,Acquisition cost,Timeframe,Owner email,Industry',
        'Aino,aino.csv@example.fi,+358401112223,trade show,fair-2026,12.50,none,o@nurture.test,retail',
        'Mari,mari.csv@example.mt,,web form,,3,months,o@nurture.test,',
        `Again,${knownEmail},,phone,,,,,`,
        'Bad,not-an-email,,,,,,,',
        '"Արամ, Jr.",aram.csv@example.am,,webinar,,0,now,o@nurture.test,software',
      ].join('\n');
      const started = await call({
        method: 'POST',
        url: '/leads/imports?fileName=fair.csv',
        payload: csv,
        headers: { 'content-type': 'text/csv' },
      });
      expect([started.statusCode, started.json().total, started.json().fileName]).toEqual([202, 5, 'fair.csv']);
      const done = await eventually('the import', async () => {
        const job = (await call(`/leads/imports/${started.json().id}`)).json();
        return job.status === 'COMPLETED' && job;
      });
      expect(done).toMatchObject({ total: 5, processed: 5, created: 3, merged: 1, failed: 1, percent: 100 });
      expect(done.errors).toEqual([{ row: 5, email: 'not-an-email', message: 'email: Invalid email address' }]);
      const aino = await db.prisma.lead.findUniqueOrThrow({ where: { email: 'aino.csv@example.fi' } });
      expect(aino).toMatchObject({
        source: 'TRADE_SHOW',
        campaign: 'fair-2026',
        acquisitionCostCents: 1250,
        purchaseTimeframe: 'NONE',
        heat: 'COLD',
        phone: '+358401112223',
      });
      expect(aino.attributes).toEqual({ Industry: 'retail' });
      expect(await db.prisma.lead.findUniqueOrThrow({ where: { email: 'aram.csv@example.am' } })).toMatchObject({
        firstName: 'Արամ, Jr.',
        heat: 'HOT',
      });
      expect((await timeline(known.id, 'lead.touch')).map((t) => (t.data as { by: string }).by)).toEqual([`import:${done.id}`]);
      // Imported cold leads are nurtured like any other.
      expect((await eventually('nurture for the imported cold lead', () => enrollment(aino.id, 'nurture'))).source).toBe(
        'trigger:nurture-new-cold-leads',
      );

      const noEmail = await call({
        method: 'POST',
        url: '/leads/imports',
        payload: 'Name,Phone\nA,+358401112224',
        headers: { 'content-type': 'text/csv' },
      });
      expect([noEmail.statusCode, noEmail.json().error.details]).toEqual([
        400,
        ['email: add a "email" column (found: Name, Phone)', 'firstName: add a "firstName" column (found: Name, Phone)'],
      ]);
      const empty = await call({
        method: 'POST',
        url: '/leads/imports',
        payload: 'email,firstName\n',
        headers: { 'content-type': 'text/csv' },
      });
      expect([empty.statusCode, empty.json().error.message]).toEqual([400, 'The CSV has a header but no leads']);
    });
  });

  describe('routing', () => {
    it('sends hot leads to the top tier round-robin within capacity, cold ones to the lowest tier, and reassigns when the SLA is missed', async () => {
      const reps = [
        { email: 'top1@nurture.test', name: 'Top One', tier: 1, capacity: 2, managerEmail: 'boss@nurture.test' },
        { email: 'top2@nurture.test', name: 'Top Two', tier: 1, capacity: 5, managerEmail: 'boss@nurture.test' },
        { email: 'mid@nurture.test', name: 'Mid', tier: 2, capacity: 5 },
        { email: 'junior@nurture.test', name: 'Junior', tier: 3, capacity: 5 },
      ];
      for (const { email, ...rep } of reps)
        expect((await call({ method: 'PUT', url: `/reps/${email}`, payload: rep })).statusCode).toBe(201);
      expect((await call({ method: 'PUT', url: '/reps/x@nurture.test', payload: { name: 'X' } }, 'sales')).statusCode).toBe(403);

      const owners: string[] = [];
      const hot: string[] = [];
      for (let i = 0; i < 5; i++) {
        const lead = await capture({ email: uniqueEmail('hot'), firstName: `Hot${i}`, purchaseTimeframe: 'NOW' });
        hot.push(lead.id);
        owners.push(lead.ownerEmail!);
      }
      // Round-robin in tier 1; top1 is full after two, so the fifth goes to top2 (closer has capacity 0).
      expect(owners).toEqual(['top1@nurture.test', 'top2@nurture.test', 'top1@nurture.test', 'top2@nurture.test', 'top2@nurture.test']);
      expect((await capture({ email: uniqueEmail('cold'), firstName: 'Cold' })).ownerEmail).toBe('junior@nurture.test');
      expect((await capture({ email: uniqueEmail('warm'), firstName: 'Warm', purchaseTimeframe: 'MONTHS' })).ownerEmail).toBe(
        'mid@nurture.test',
      );
      const load = (await call('/reps')).json().items.find((r: { email: string }) => r.email === 'top1@nurture.test');
      expect(load).toMatchObject({ openLeads: 2, capacity: 2 });
      await mail.capture.waitFor((m) => m.envelopeTo.includes('top1@nurture.test') && m.subject.startsWith('New hot lead for you'));

      // top2 acts on its second lead at once (defers it); top1 does nothing with its first.
      expect(
        (await status(hot[1]!, { status: 'DEFERRED', until: new Date(Date.now() + 90 * DAY).toISOString(), reason: 'after budget' }))
          .statusCode,
      ).toBe(200);
      await env.sleep(HOUR + 60_000);
      const moved = await eventually('the reassignment', async () => {
        const lead = await db.prisma.lead.findUniqueOrThrow({ where: { id: hot[0]! } });
        return lead.ownerEmail !== 'top1@nurture.test' && lead;
      });
      expect(moved.ownerEmail).toBe('top2@nurture.test');
      expect((await timeline(hot[0]!, 'lead.sla_missed')).map((e) => (e.data as { owner: string }).owner)).toEqual(['top1@nurture.test']);
      expect(await mail.capture.waitFor((m) => m.subject.startsWith('SLA missed by top1@nurture.test'))).toMatchObject({
        envelopeTo: ['boss@nurture.test'],
      });
      expect((await db.prisma.lead.findUniqueOrThrow({ where: { id: hot[1]! } })).ownerEmail).toBe('top2@nurture.test'); // acted: kept
    });
  });
});
