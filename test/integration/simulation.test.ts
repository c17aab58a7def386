/**
 * The dry-run simulator runs the real journey workflow with read-only recording activities. This
 * suite proves it cannot drift from a real run: every built-in journey and the demo sequence run
 * twice on one time-skipping server — for real (real activities, real database, real SMTP
 * capture) and in the simulator — over identical leads, with quiet hours and the frequency cap
 * on, and the two timelines must match step for step, send for send, to the second.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { activityConfigFromEnv } from '../../activities';
import { installBuiltins } from '../../domain/builtins/install-builtins';
import { ZProductInput } from '../../domain/catalogue/schemas';
import { upsertProduct } from '../../domain/catalogue/upsert-product';
import { DEMO_SEQUENCE, DEMO_TEMPLATES } from '../../domain/demo/demo-sequence';
import { DEMO_PRODUCTS } from '../../domain/demo/seed-demo';
import { WELCOME_TEMPLATE } from '../../domain/demo/welcome-template';
import { leadSearchFields } from '../../domain/leads/search/search-text';
import { createEnrollLeads } from '../../domain/sequences/enroll-leads';
import { listSequenceVersions } from '../../domain/sequences/list-sequence-versions';
import { publishSequence } from '../../domain/sequences/publish-sequence';
import type { TSimLead } from '../../domain/simulation/plan';
import { simulateSequence } from '../../domain/simulation/simulate-sequence';
import type { TSimulatedLead, TSimulationResult } from '../../domain/simulation/schemas';
import { toLeadSnapshot } from '../../domain/leads/to-lead-snapshot';
import { createTemplateVersion } from '../../domain/templates/create-template-version';
import type { Prisma } from '../../generated/prisma/client';
import { AppError } from '../../lib/errors';
import { simulateJourneys } from '../../worker/simulation/simulate-journeys';
import { buildServer, type TApp } from '../../api/server';
import { createApiKey } from '../../domain/api-keys/create-api-key';
import { createHealthChecks } from '../../lib/boot';
import { TemplateCache } from '../../lib/mail/render-template';
import { createTestDatabase, type TTestDatabase } from '../helpers/database';
import { eventually } from '../helpers/eventually';
import { createTestMail } from '../helpers/mail';
import { createTestWorker, createTimeSkippingEnv, TEST_ENV, uniqueTaskQueue, workflowBundle } from '../helpers/temporal';

const DAY = 86_400_000;
const HORIZON_DAYS = 120;
/**
 * Both runs start together, but the simulator creates its worker before it starts its journey:
 * on a loaded machine that took 2 s (CI saw 2.02 s). A wait counts from its own start, so every
 * record drifts by that much; the journeys' own times are minutes apart at the least (windows,
 * quiet hours) and days apart mostly, so 10 s still catches any real difference.
 */
const TOLERANCE_MS = 10_000;
const ISO_INSTANT = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z/g;
/** The send policy on, so the equivalence covers quiet hours and the frequency cap too. */
const POLICY = { QUIET_HOURS: '21:00-08:00', FREQUENCY_CAP: '2/7d' } as const;

/** What both runs write to a journey's timeline, in the order written. */
const JOURNEY_EVENTS = [
  'journey.started',
  'step.started',
  'journey.waiting',
  'step.finished',
  'step.branch',
  'step.event',
  'step.skipped',
  'email.postponed',
  'email.suppressed',
  'journey.completed',
  'journey.exited',
];

type TLine = { atMs: number; what: string };

describe('dry-run simulation', () => {
  let env: TestWorkflowEnvironment;
  let db: TTestDatabase;
  let mail: Awaited<ReturnType<typeof createTestMail>>;
  let app: TApp;
  let keys: { marketing: string; sales: string };
  let seq = 0;
  const config = activityConfigFromEnv({ ...TEST_ENV, ...POLICY });

  beforeAll(async () => {
    [env, db, mail] = await Promise.all([createTimeSkippingEnv(), createTestDatabase(), createTestMail()]);
    // The API as deployed: its own simulator (a private time-skipping server per run, the bundle built on first use).
    app = await buildServer({
      env: { ...TEST_ENV, ...POLICY },
      prisma: db.prisma,
      temporal: env.client,
      mailer: mail.mailer,
      templates: new TemplateCache(),
      health: createHealthChecks({ db, temporal: env.client, temporalAddress: 'test server', mailer: mail.mailer }),
    });
    keys = {
      marketing: (await createApiKey(db.prisma, { name: 'marketing', role: 'MARKETING' })).key,
      sales: (await createApiKey(db.prisma, { name: 'sales', role: 'SALES' })).key,
    };
    await installBuiltins(db.prisma);
    for (const template of [WELCOME_TEMPLATE, ...DEMO_TEMPLATES]) await createTemplateVersion(db.prisma, template);
    for (const { sku, ...product } of DEMO_PRODUCTS) await upsertProduct(db.prisma, sku, ZProductInput.parse(product));
    await publishSequence(db.prisma, DEMO_SEQUENCE);
  });
  afterAll(async () => {
    await app?.close();
    await Promise.all([env?.teardown(), db?.cleanup(), mail?.close()]);
  });

  /** A lead, and for customers their card and purchases; `twin` makes the identical copy the simulator gets. */
  async function createLead(data: Partial<Prisma.LeadCreateInput>, customer?: { purchases: string[] }) {
    const n = ++seq;
    const input = { email: `sim-${n}@example.fi`, firstName: `Aino${n}`, lastName: 'Virtanen', company: 'Oy Esimerkki', ...data };
    const lead = await db.prisma.lead.create({ data: { ...input, ...leadSearchFields(input) } });
    if (customer) {
      const card = await db.prisma.customer.create({
        data: { leadId: lead.id, name: input.firstName, email: input.email, referralCode: `REF${n}X${Date.now()}` },
      });
      for (const sku of customer.purchases)
        await db.prisma.purchase.create({ data: { customerId: card.id, productSku: sku, amountCents: 2900 } });
    }
    return lead;
  }

  /**
   * A journey's timeline in three parts, each in a stable order: its own records (in the order the
   * workflow wrote them: their keys count), the send policy's answers, and the sends.
   */
  type TTimeline = { records: TLine[]; policy: TLine[]; sends: TLine[] };
  const byTime = (lines: TLine[]) => lines.sort((a, b) => a.atMs - b.atMs || a.what.localeCompare(b.what));
  const POLICY_EVENTS = ['email.postponed', 'email.suppressed'];

  /** The real journey's: its timeline rows, and its sends as the email ledger has them. */
  async function realTimeline(leadId: string, sequenceKey: string): Promise<TTimeline> {
    const enrollment = await db.prisma.enrollment.findFirstOrThrow({ where: { leadId, sequence: { key: sequenceKey } } });
    const [events, emails] = await Promise.all([
      db.prisma.leadEvent.findMany({ where: { enrollmentId: enrollment.id, type: { in: JOURNEY_EVENTS } } }),
      db.prisma.emailMessage.findMany({
        // The journey's own sends (task reminders to the rep carry the enrollment, not a step).
        where: { enrollmentId: enrollment.id, status: 'SENT', stepId: { not: null } },
        include: { template: { select: { key: true } } },
      }),
    ]);
    const counter = (key: string | null) => Number(/\/e(\d+)$/.exec(key ?? '')?.[1] ?? Number.MAX_SAFE_INTEGER);
    const line = (e: (typeof events)[number]) => ({
      atMs: e.occurredAt.getTime(),
      what: describe(e.type, e.data as Record<string, unknown>),
    });
    return {
      records: events
        .filter((e) => !POLICY_EVENTS.includes(e.type))
        .sort((a, b) => counter(a.idempotencyKey) - counter(b.idempotencyKey))
        .map(line),
      policy: byTime(events.filter((e) => POLICY_EVENTS.includes(e.type)).map(line)),
      sends: byTime(emails.map((e) => ({ atMs: e.scheduledFor!.getTime(), what: `email.sent ${e.stepId} ${e.template?.key}` }))),
    };
  }

  function simulatedTimeline(lead: TSimulatedLead): TTimeline {
    const line = (e: TSimulatedLead['entries'][number]) => ({
      atMs: Date.parse(e.at),
      what: describe(e.type, { stepId: e.stepId, ...e.data }),
    });
    return {
      records: lead.entries.filter((e) => JOURNEY_EVENTS.includes(e.type) && !POLICY_EVENTS.includes(e.type)).map(line),
      policy: byTime(lead.entries.filter((e) => POLICY_EVENTS.includes(e.type)).map(line)),
      sends: byTime(
        lead.entries
          .filter((e) => e.type === 'email.sent')
          .map((e) => ({ atMs: Date.parse(e.at), what: `email.sent ${e.stepId} ${String(e.data['templateKey'])}` })),
      ),
    };
  }

  /** The facts of a record both runs must agree on (not ids, not wall-clock times). */
  function describe(type: string, data: Record<string, unknown>): string {
    const pick = (...keys: string[]) =>
      keys.map((k) => `${k}=${typeof data[k] === 'string' ? data[k] : JSON.stringify(data[k])}`).join(' ');
    switch (type) {
      case 'journey.waiting':
        return `${type} ${pick('stepId', 'why')}`;
      case 'email.postponed':
        return `${type} ${pick('stepId', 'templateKey', 'reason')}`;
      case 'email.suppressed':
        return `${type} ${pick('stepId', 'reason')}`;
      case 'journey.completed':
      case 'journey.exited':
        return `${type} ${pick('reason')}`;
      case 'journey.started':
        return `${type} ${pick('version')}`;
      default:
        return `${type} ${pick('stepId', 'taken', 'event', 'reason')}`;
    }
  }

  const cases: Array<{ name: string; sequenceKey: string; lead: Partial<Prisma.LeadCreateInput>; customer?: { purchases: string[] } }> = [
    { name: 'the demo sequence', sequenceKey: 'demo-nurture', lead: { timeZone: 'Europe/Helsinki', locale: 'fi' } },
    { name: 'nurture', sequenceKey: 'nurture', lead: { timeZone: 'Asia/Almaty', locale: 'kk' } },
    {
      name: 'deferred demand',
      sequenceKey: 'deferred-demand',
      lead: { status: 'DEFERRED', deferredUntil: new Date(Date.now() + 75 * DAY), timeZone: 'America/New_York' },
    },
    {
      name: 'cross-sell and up-sell',
      sequenceKey: 'cross-sell',
      lead: { status: 'CUSTOMER', timeZone: 'Europe/Malta' },
      customer: { purchases: ['CRM-START'] },
    },
    {
      name: 'referral',
      sequenceKey: 'referral',
      lead: { status: 'CUSTOMER', timeZone: 'Asia/Yerevan', locale: 'hy' },
      customer: { purchases: ['CRM-PRO'] },
    },
    {
      name: 'win-back',
      sequenceKey: 'win-back',
      lead: { status: 'LOST', timeZone: 'Europe/Malta', locale: 'mt', ownerEmail: 'rep@nurture.test' },
    },
    {
      name: 'the sales follow-up cadence',
      sequenceKey: 'sales-follow-up',
      lead: { status: 'MQL', timeZone: 'Europe/Bucharest', locale: 'ro', ownerEmail: 'rep@nurture.test', ownerName: 'Ioana Rep' },
    },
  ];

  it.each(cases)(
    'gives the same timeline as the real workflow: $name',
    async (c) => {
      // A server of its own per journey: time skipping is server-wide, and another case's journeys would move its clock.
      const own = await createTimeSkippingEnv();
      const taskQueue = uniqueTaskQueue('simulation-real');
      const realWorker = await createTestWorker({
        env: own,
        prisma: db.prisma,
        mailer: mail.mailer,
        taskQueue,
        temporal: own.client,
        envOverrides: POLICY,
      });
      try {
        const enrollOwn = createEnrollLeads({ prisma: db.prisma, temporal: own.client, taskQueue, searchAttributes: false });
        const real = await createLead(c.lead, c.customer);
        const twin = await createLead(c.lead, c.customer);
        const version = (await listSequenceVersions({ prisma: db.prisma }, c.sequenceKey)).at(-1)!;
        const simLead: TSimLead = {
          leadId: twin.id,
          real: true,
          label: twin.email,
          email: twin.email,
          unsubscribedAt: null,
          marketingPausedUntil: null,
          ownerEmail: twin.ownerEmail,
          snapshot: toLeadSnapshot(twin),
        };
        // Both start together; the simulator's wait for its journey lets the server skip time for both.
        const [enrolled, run] = await Promise.all([
          enrollOwn({ sequenceKey: c.sequenceKey, leadIds: [real.id] }),
          simulateJourneys(
            own,
            { prisma: db.prisma, config, workflowBundle: workflowBundle()! },
            {
              journey: { definition: version.definition, sequenceKey: c.sequenceKey, version: version.version },
              leads: [simLead],
              assumptions: [],
              horizonDays: HORIZON_DAYS,
            },
          ),
        ]);
        expect(enrolled[0]?.outcome).toBe('enrolled');
        const horizonEndMs = run.startedAtMs + HORIZON_DAYS * DAY;
        const expected = simulatedTimeline(run.leads[0]!);
        expect(expected.sends.length).toBeGreaterThan(0);
        const within = (lines: TLine[]) => lines.filter((l) => l.atMs <= horizonEndMs);
        // The real journey has reached the simulation's last record once it wrote as many (it ran in step with it).
        const actual = await eventually(`the real ${c.name} journey to reach the horizon`, async () => {
          const t = await realTimeline(real.id, c.sequenceKey);
          const cut = { records: t.records.slice(0, expected.records.length), policy: within(t.policy), sends: within(t.sends) };
          return cut.records.length >= expected.records.length && cut.sends.length >= expected.sends.length ? cut : undefined;
        });
        for (const part of ['records', 'policy', 'sends'] as const) {
          // An instant inside a record's text (a greetings period's end) counts from the step's own
          // start, so it drifts like the record's time: compared apart, within the same tolerance.
          const text = (l: TLine) => l.what.replace(ISO_INSTANT, '<instant>');
          expect({ part, lines: actual[part].map(text) }).toEqual({ part, lines: expected[part].map(text) });
          actual[part].forEach((line, i) => {
            const twin = expected[part][i]!;
            const instants = (l: TLine) => (l.what.match(ISO_INSTANT) ?? []).map((t) => Date.parse(t));
            const drifts = [
              Math.abs(line.atMs - twin.atMs),
              ...instants(line).map((t, k) => Math.abs(t - (instants(twin)[k] ?? Number.NaN))),
            ];
            if (drifts.some((d) => !(d <= TOLERANCE_MS)))
              throw new Error(
                `${c.name}: "${line.what}" at ${new Date(line.atMs).toISOString()} for real, "${twin.what}" at ${new Date(twin.atMs).toISOString()} simulated`,
              );
          });
        }
      } finally {
        await realWorker.stop();
        await own.teardown();
      }
    },
    120_000,
  );

  it('answers for a draft over sample leads in three time zones, with each send in the lead zone send window, and refuses unknown steps', async () => {
    const runSimulation = (plan: Parameters<typeof simulateJourneys>[2]) =>
      simulateJourneys(env, { prisma: db.prisma, config, workflowBundle: workflowBundle()! }, plan);
    const draft = {
      ...DEMO_SEQUENCE,
      key: 'demo-draft',
      settings: { ...DEMO_SEQUENCE.settings, sendWindow: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '10:00', end: '12:00' } },
    };
    const result = await simulateSequence(
      { prisma: db.prisma, runSimulation },
      {
        sequence: { definition: draft },
        leads: {
          kind: 'samples',
          timeZones: ['Asia/Almaty', 'Europe/Helsinki', 'America/New_York'],
          perZone: 1,
          locale: 'en',
          status: 'NEW',
          heat: 'COLD',
          attributes: {},
        },
        assumptions: [{ step: 'tips', event: 'clicked', after: '3 hours' }],
        horizonDays: 60,
      },
    );
    expect(result.version).toBeNull();
    expect(result.leads.map((l) => l.timeZone)).toEqual(['Asia/Almaty', 'Europe/Helsinki', 'America/New_York']);
    for (const lead of result.leads) {
      const sends = lead.entries.filter((e) => e.type === 'email.sent');
      expect(sends.length).toBeGreaterThan(0);
      for (const send of sends) {
        const local = new Intl.DateTimeFormat('en-GB', {
          timeZone: lead.timeZone,
          weekday: 'short',
          hour: '2-digit',
          minute: '2-digit',
          hourCycle: 'h23',
        }).format(new Date(send.at));
        // Inside Mon–Fri 10:00–12:00 in the lead's own zone.
        expect({ lead: lead.label, local }).toEqual({
          lead: lead.label,
          local: expect.stringMatching(/^(Mon|Tue|Wed|Thu|Fri) 1[01]:\d\d$/),
        });
      }
      // The assumed click on "tips", three hours after it went, ends the wait for it: the offer goes.
      const tips = sends.find((e) => e.stepId === 'tips')!;
      const click = lead.entries.find((e) => e.type === 'step.event' && e.data['event'] === 'clicked');
      expect(Math.abs(Date.parse(click!.at) - Date.parse(tips.at) - 3 * 3_600_000)).toBeLessThan(1_000);
      expect(sends.map((e) => e.stepId)).toEqual(['welcome', 'tips', 'offer']);
    }
    // Nothing was written for the samples.
    expect(await db.prisma.emailMessage.count({ where: { toAddress: { endsWith: '@simulation.invalid' } } })).toBe(0);

    await expect(
      simulateSequence(
        { prisma: db.prisma, runSimulation },
        {
          sequence: { key: 'demo-nurture' },
          leads: { kind: 'samples', timeZones: ['UTC'], perZone: 1, locale: 'en', status: 'NEW', heat: 'COLD', attributes: {} },
          assumptions: [{ step: 'nope', event: 'clicked', after: '1 hour' }],
          horizonDays: 30,
        },
      ),
    ).rejects.toThrow(AppError);
  });

  it('POST /sequences/simulate answers a marketer in words and figures, refuses sales, and names what is wrong', async () => {
    const simulate = (payload: unknown, as: keyof typeof keys = 'marketing') =>
      app.inject({
        method: 'POST',
        url: '/sequences/simulate',
        headers: { authorization: `Bearer ${keys[as]}` },
        payload: payload as object,
      });
    const request = {
      sequence: { key: 'demo-nurture' },
      leads: { kind: 'samples', timeZones: ['Asia/Yerevan', 'Europe/Bucharest'], perZone: 2 },
      assumptions: [{ step: 'tips', event: 'clicked' }],
      horizonDays: 30,
    };
    const res = await simulate(request);
    expect(res.statusCode).toBe(200);
    const body = res.json() as TSimulationResult;
    expect(body).toMatchObject({ sequenceKey: 'demo-nurture', version: 1, horizonDays: 30 });
    expect(body.leads).toHaveLength(4);
    expect(body.notes.join(' ')).toContain('clicked 1 hour after tips');
    for (const lead of body.leads) {
      expect(lead.outcome.status).toBe('completed');
      expect(lead.entries.filter((e) => e.type === 'email.sent').map((e) => e.stepId)).toEqual(['welcome', 'tips', 'offer']);
    }

    expect((await simulate(request, 'sales')).statusCode).toBe(403);
    const badZone = await simulate({ ...request, leads: { kind: 'samples', timeZones: ['Mars/Olympus'] } });
    expect(badZone.statusCode).toBe(400);
    expect(badZone.body).toContain('IANA time zone');
    const unknown = await simulate({ ...request, sequence: { key: 'no-such-sequence' } });
    expect(unknown.statusCode).toBe(404);
    const draft = await simulate({
      ...request,
      sequence: { definition: { key: 'x', name: 'x', steps: [{ id: 'a', type: 'email', email: { template: 'missing' } }] } },
    });
    expect(draft.statusCode).toBe(422);
    expect(draft.body).toContain('steps[0].email.template');
  }, 120_000);
});
