/**
 * The KPI endpoints against a hand-computed fixture: six leads, three customers, six orders, one
 * sequence with two email steps. Every expected figure is worked out in the comments beside it.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { buildServer, type TApp } from '../../api/server';
import { createApiKey } from '../../domain/api-keys/create-api-key';
import { publishSequence } from '../../domain/sequences/publish-sequence';
import { SPLIT_EVENT_TYPE } from '../../domain/kpis/schemas';
import { createHealthChecks } from '../../lib/boot';
import { TemplateCache } from '../../lib/mail/render-template';
import { createTestDatabase, type TTestDatabase } from '../helpers/database';
import { createTestMail } from '../helpers/mail';
import { createTemplates } from '../helpers/journeys';
import { createTimeSkippingEnv, TEST_ENV } from '../helpers/temporal';

const at = (date: string) => new Date(`${date}T12:00:00Z`);

describe('KPI endpoints', () => {
  let env: TestWorkflowEnvironment;
  let db: TTestDatabase;
  let mail: Awaited<ReturnType<typeof createTestMail>>;
  let app: TApp;
  let auth: { authorization: string };

  beforeAll(async () => {
    [env, db, mail] = await Promise.all([createTimeSkippingEnv(), createTestDatabase(), createTestMail()]);
    app = await buildServer({
      env: TEST_ENV,
      prisma: db.prisma,
      temporal: env.client,
      mailer: mail.mailer,
      templates: new TemplateCache(),
      health: createHealthChecks({ db, temporal: env.client, temporalAddress: 'test server', mailer: mail.mailer }),
    });
    auth = { authorization: `Bearer ${(await createApiKey(db.prisma, { name: 'kpis', role: 'MARKETING' })).key}` };
    await seedFixture(db);
  });
  afterAll(async () => {
    await app?.close();
    await Promise.all([env?.teardown(), db?.cleanup(), mail?.close()]);
  });

  const get = async (url: string) => {
    const res = await app.inject({ method: 'GET', url, headers: auth });
    expect(res.statusCode).toBe(200);
    return res.json();
  };

  it('per source: leads, cost per lead, conversion to customer, cost per customer', async () => {
    expect(await get('/kpis/sources')).toEqual({
      items: [
        // L4, L5: costs 0 and none; L4 converted.
        {
          source: 'REFERRAL',
          leads: 2,
          acquisitionCostCents: 0,
          costPerLeadCents: 0,
          customers: 1,
          conversionRate: 0.5,
          costPerCustomerCents: 0,
        },
        // L6: 500, not converted.
        {
          source: 'UNKNOWN',
          leads: 1,
          acquisitionCostCents: 500,
          costPerLeadCents: 500,
          customers: 0,
          conversionRate: 0,
          costPerCustomerCents: null,
        },
        // L1, L2, L3: 1000 + 1000 + 2000 = 4000; 4000 / 3 = 1333.33 → 1333; L1, L2 converted: 2/3; 4000 / 2.
        {
          source: 'WEBINAR',
          leads: 3,
          acquisitionCostCents: 4000,
          costPerLeadCents: 1333,
          customers: 2,
          conversionRate: 0.6667,
          costPerCustomerCents: 2000,
        },
      ],
    });
    // Only leads created in February: L4 and L5.
    expect((await get('/kpis/sources?from=2026-02-01&to=2026-03-01')).items).toEqual([
      {
        source: 'REFERRAL',
        leads: 2,
        acquisitionCostCents: 0,
        costPerLeadCents: 0,
        customers: 1,
        conversionRate: 0.5,
        costPerCustomerCents: 0,
      },
    ]);
  });

  it('by heat and by rep: conversion rate and days to convert', async () => {
    expect(await get('/kpis/conversion?by=heat')).toEqual({
      by: 'heat',
      items: [
        // L1 (10 days), L4 (5 days): mean and median 7.5.
        { group: 'HOT', leads: 2, customers: 2, conversionRate: 1, avgDaysToConvert: 7.5, medianDaysToConvert: 7.5 },
        // L2 (30 days); L6 lost.
        { group: 'WARM', leads: 2, customers: 1, conversionRate: 0.5, avgDaysToConvert: 30, medianDaysToConvert: 30 },
        { group: 'COLD', leads: 2, customers: 0, conversionRate: 0, avgDaysToConvert: null, medianDaysToConvert: null },
      ],
    });
    expect(await get('/kpis/conversion?by=rep')).toEqual({
      by: 'rep',
      items: [
        // r1: L1 (10), L2 (30), L6 → 2 of 3; mean and median 20.
        { group: 'r1@nurture.test', leads: 3, customers: 2, conversionRate: 0.6667, avgDaysToConvert: 20, medianDaysToConvert: 20 },
        // r2: L3, L4 (5) → 1 of 2.
        { group: 'r2@nurture.test', leads: 2, customers: 1, conversionRate: 0.5, avgDaysToConvert: 5, medianDaysToConvert: 5 },
        { group: 'unassigned', leads: 1, customers: 0, conversionRate: 0, avgDaysToConvert: null, medianDaysToConvert: null },
      ],
    });
    const bad = await app.inject({ method: 'GET', url: '/kpis/conversion?by=moon', headers: auth });
    expect([bad.statusCode, bad.json().error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  it('retention: repeat-purchase rate, revenue per customer, average ticket, sales-cycle length', async () => {
    expect(await get('/kpis/retention')).toEqual({
      customers: 3, // L1, L2, L4
      repeatCustomers: 2, // L1 (2 orders), L4 (3 orders)
      repeatPurchaseRate: 0.6667,
      orders: 6,
      revenueCents: 110_000, // 10,000 + 5,000 + 20,000 + 30,000 + 30,000 + 15,000
      revenuePerCustomerCents: 36_667, // 110,000 / 3
      averageTicketCents: 18_333, // 110,000 / 6
      avgSalesCycleDays: 15, // lead → first purchase: 10, 30, 5
    });
  });

  it('score bands against actual conversions and losses', async () => {
    expect(await get('/kpis/score-bands')).toEqual({
      thresholds: { mql: 25, sql: 60 },
      items: [
        { band: 'below MQL (< 25)', minScore: null, maxScore: 24, leads: 2, customers: 0, lost: 1, conversionRate: 0 }, // L3 (10, lost), L5 (0)
        { band: 'MQL (25–59)', minScore: 25, maxScore: 59, leads: 2, customers: 1, lost: 1, conversionRate: 0.5 }, // L2 (30), L6 (40, lost)
        { band: 'SQL (≥ 60)', minScore: 60, maxScore: null, leads: 2, customers: 2, lost: 0, conversionRate: 1 }, // L1 (70), L4 (80)
      ],
    });
  });

  it('per sequence and step: enrolled, sent, opened, clicked, replied, unsubscribed, converted', async () => {
    expect(await get('/kpis/sequences')).toEqual({
      items: [
        {
          sequenceKey: 'kpi-seq',
          name: 'KPI fixture',
          enrolled: 4, // L1, L2, L3, L5
          unsubscribed: 1, // L5
          sent: 7,
          opened: 4, // m11 (twice: one message), m21, m31, m12
          clicked: 2, // m11, m22
          replied: 1, // m21
          converted: 2, // L1, L2 became customers after enrolling
          conversionRate: 0.5, // 2 of 4 enrolled leads
          openRate: 0.5714, // 4 / 7
          clickRate: 0.2857, // 2 / 7
          replyRate: 0.1429, // 1 / 7
          steps: [
            // L5's unsubscribe is charged to e1, the last email it received (m51).
            {
              stepId: 'e1',
              sent: 4,
              opened: 3,
              clicked: 1,
              replied: 1,
              unsubscribed: 1,
              converted: 2,
              openRate: 0.75,
              clickRate: 0.25,
              replyRate: 0.25,
            },
            {
              stepId: 'e2',
              sent: 3,
              opened: 1,
              clicked: 1,
              replied: 0,
              unsubscribed: 0,
              converted: 2,
              openRate: 0.3333,
              clickRate: 0.3333,
              replyRate: 0,
            },
          ],
          variants: [
            // A: L1, L3 (assigned 01-03): m12, m31, m32 went out after; m12 and m31 opened; L1 converted on 01-11.
            {
              splitStepId: 'split',
              variant: 'A',
              enrolled: 2,
              sent: 3,
              opened: 2,
              clicked: 0,
              replied: 0,
              unsubscribed: 0,
              converted: 1,
              conversionRate: 0.5,
              openRate: 0.6667,
              clickRate: 0,
              replyRate: 0,
            },
            // B: L2 (assigned 01-03, after m21: its reply is not B's), L5 (02-10): m22 (clicked), m51; L5 unsubscribed, L2 converted.
            {
              splitStepId: 'split',
              variant: 'B',
              enrolled: 2,
              sent: 2,
              opened: 0,
              clicked: 1,
              replied: 0,
              unsubscribed: 1,
              converted: 1,
              conversionRate: 0.5,
              openRate: 0,
              clickRate: 0.5,
              replyRate: 0,
            },
          ],
        },
      ],
    });
  });

  it('per sequence in a period: only enrollments started in it, with their steps and variants', async () => {
    // From February on: L5's enrollment only (e1: m51, then the unsubscribe; variant B).
    const [item] = (await get('/kpis/sequences?from=2026-02-01T00:00:00Z')).items;
    expect(item).toMatchObject({ enrolled: 1, sent: 1, unsubscribed: 1, converted: 0 });
    expect(item.steps).toEqual([expect.objectContaining({ stepId: 'e1', sent: 1, unsubscribed: 1 })]);
    expect(item.variants).toEqual([expect.objectContaining({ variant: 'B', enrolled: 1, sent: 1, unsubscribed: 1 })]);
    // Before any enrollment: nothing to show, not an error.
    expect(await get('/kpis/sequences?to=2025-12-31')).toEqual({ items: [] });
  });

  it('refuses a period that ends before it starts, or a date that is not one, naming the parameter', async () => {
    for (const url of ['/kpis/sequences?from=2026-03-01&to=2026-02-01', '/kpis/conversion?by=rep&from=2026-03-01&to=2026-03-01']) {
      const res = await app.inject({ method: 'GET', url, headers: auth });
      expect([res.statusCode, res.json().error.code]).toEqual([400, 'VALIDATION_FAILED']);
      expect(res.json().error.message).toMatch(/to/);
    }
    const bad = await app.inject({ method: 'GET', url: '/kpis/sources?from=last-tuesday', headers: auth });
    expect([bad.statusCode, bad.json().error.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(bad.json().error.message).toMatch(/from/);
  });
});

/**
 * Leads (created; source, cost in cents, heat, owner, score, outcome):
 *   L1 01-01 WEBINAR 1000 HOT  r1 70 customer 01-11 (10 days); orders 10,000 (01-11), 5,000 (02-01)
 *   L2 01-01 WEBINAR 1000 WARM r1 30 customer 01-31 (30 days); order 20,000 (01-31)
 *   L3 01-05 WEBINAR 2000 COLD r2 10 lost
 *   L4 02-01 REFERRAL   0 HOT  r2 80 customer 02-06 (5 days);  orders 30,000 (02-06), 30,000 (03-01), 15,000 (04-01)
 *   L5 02-10 REFERRAL   — COLD —   0 open
 *   L6 03-01 —        500 WARM r1 40 lost
 * Sequence kpi-seq (e1, e2): L1, L2, L3, L5 enrolled; L5 unsubscribed.
 * Split step "split" (timeline rows step.split): L1, L3 → A and L2 → B on 01-03; L5 → B on 02-10.
 */
async function seedFixture(db: TTestDatabase): Promise<void> {
  const { prisma } = db;
  type TLeadRow = {
    key: string;
    created: string;
    source: 'WEBINAR' | 'REFERRAL' | null;
    cost: number | null;
    heat: 'HOT' | 'WARM' | 'COLD';
    owner: string | null;
    score: number;
    status: 'CUSTOMER' | 'LOST' | 'NEW';
    converted?: string;
    orders?: [number, string][];
  };
  const rows: TLeadRow[] = [
    {
      key: 'L1',
      created: '2026-01-01',
      source: 'WEBINAR',
      cost: 1000,
      heat: 'HOT',
      owner: 'r1',
      score: 70,
      status: 'CUSTOMER',
      converted: '2026-01-11',
      orders: [
        [10_000, '2026-01-11'],
        [5_000, '2026-02-01'],
      ],
    },
    {
      key: 'L2',
      created: '2026-01-01',
      source: 'WEBINAR',
      cost: 1000,
      heat: 'WARM',
      owner: 'r1',
      score: 30,
      status: 'CUSTOMER',
      converted: '2026-01-31',
      orders: [[20_000, '2026-01-31']],
    },
    { key: 'L3', created: '2026-01-05', source: 'WEBINAR', cost: 2000, heat: 'COLD', owner: 'r2', score: 10, status: 'LOST' },
    {
      key: 'L4',
      created: '2026-02-01',
      source: 'REFERRAL',
      cost: 0,
      heat: 'HOT',
      owner: 'r2',
      score: 80,
      status: 'CUSTOMER',
      converted: '2026-02-06',
      orders: [
        [30_000, '2026-02-06'],
        [30_000, '2026-03-01'],
        [15_000, '2026-04-01'],
      ],
    },
    { key: 'L5', created: '2026-02-10', source: 'REFERRAL', cost: null, heat: 'COLD', owner: null, score: 0, status: 'NEW' },
    { key: 'L6', created: '2026-03-01', source: null, cost: 500, heat: 'WARM', owner: 'r1', score: 40, status: 'LOST' },
  ];
  const ids: Record<string, string> = {};
  for (const r of rows) {
    const lead = await prisma.lead.create({
      data: {
        email: `${r.key.toLowerCase()}@kpi.test`,
        firstName: r.key,
        source: r.source,
        acquisitionCostCents: r.cost,
        heat: r.heat,
        ownerEmail: r.owner ? `${r.owner}@nurture.test` : null,
        score: r.score,
        status: r.status,
        createdAt: at(r.created),
      },
    });
    ids[r.key] = lead.id;
    if (r.converted) {
      const customer = await prisma.customer.create({
        data: { leadId: lead.id, name: r.key, email: lead.email, referralCode: `CODE${r.key}`, convertedAt: at(r.converted) },
      });
      for (const [amountCents, date] of r.orders ?? []) {
        await prisma.purchase.create({ data: { customerId: customer.id, productSku: 'X', amountCents, purchasedAt: at(date) } });
      }
    }
  }

  await createTemplates(prisma, ['kpi-1', 'kpi-2']);
  const published = await publishSequence(prisma, {
    key: 'kpi-seq',
    name: 'KPI fixture',
    steps: [
      { id: 'e1', type: 'email', email: { template: 'kpi-1' } },
      { id: 'w', type: 'wait', wait: { duration: '7 days' } },
      { id: 'e2', type: 'email', email: { template: 'kpi-2' } },
    ],
  });
  const enrollments: Record<string, string> = {};
  for (const [key, started, exitReason] of [
    ['L1', '2026-01-01', 'completed'],
    ['L2', '2026-01-01', 'completed'],
    ['L3', '2026-01-05', 'completed'],
    ['L5', '2026-02-10', 'unsubscribed'],
  ] as const) {
    const e = await prisma.enrollment.create({
      data: {
        leadId: ids[key]!,
        sequenceId: published.sequenceId,
        sequenceVersionId: published.versionId,
        workflowId: `journey/kpi-seq/${ids[key]}`,
        status: exitReason === 'completed' ? 'COMPLETED' : 'EXITED',
        exitReason,
        startedAt: at(started),
      },
    });
    enrollments[key] = e.id;
  }
  const template = await prisma.emailTemplate.findFirstOrThrow({ where: { key: 'kpi-1' } });
  const emails: [string, string, 'e1' | 'e2', string][] = [
    ['m11', 'L1', 'e1', '2026-01-02'],
    ['m21', 'L2', 'e1', '2026-01-02'],
    ['m31', 'L3', 'e1', '2026-01-06'],
    ['m51', 'L5', 'e1', '2026-02-11'],
    ['m12', 'L1', 'e2', '2026-01-09'],
    ['m22', 'L2', 'e2', '2026-01-09'],
    ['m32', 'L3', 'e2', '2026-01-13'],
  ];
  for (const [messageId, key, stepId, date] of emails) {
    await prisma.emailMessage.create({
      data: {
        idempotencyKey: messageId,
        messageId,
        leadId: ids[key]!,
        templateId: template.id,
        enrollmentId: enrollments[key]!,
        stepId,
        toAddress: `${key.toLowerCase()}@kpi.test`,
        subject: 's',
        status: 'SENT',
        sentAt: at(date),
      },
    });
  }
  const engagement: [string, string, string][] = [
    ['opened', 'm11', 'L1'],
    ['opened', 'm11', 'L1'],
    ['opened', 'm21', 'L2'],
    ['opened', 'm31', 'L3'],
    ['opened', 'm12', 'L1'],
    ['clicked', 'm11', 'L1'],
    ['clicked', 'm22', 'L2'],
    ['replied', 'm21', 'L2'],
  ];
  for (const [type, messageId, key] of engagement) {
    await prisma.leadEvent.create({
      data: { leadId: ids[key]!, enrollmentId: enrollments[key]!, type: `engagement.${type}`, data: { messageId } },
    });
  }
  for (const [key, variant, date] of [
    ['L1', 'A', '2026-01-03'],
    ['L3', 'A', '2026-01-03'],
    ['L2', 'B', '2026-01-03'],
    ['L5', 'B', '2026-02-10'],
  ] as const) {
    await prisma.leadEvent.create({
      data: {
        leadId: ids[key]!,
        enrollmentId: enrollments[key]!,
        type: SPLIT_EVENT_TYPE,
        data: { stepId: 'split', variant },
        occurredAt: at(date),
      },
    });
  }
}
