/**
 * The batched capture path of CSV imports (domain/leads/capture-lead-batch.ts, ADR-041) against
 * the row-by-row one (captureLead, what POST /leads does), on two fresh databases given the same
 * reps, built-in triggers and known people: the same rows must give the same outcome per row
 * (created / merged / failed with the same message), the same cards (dedupe by email and phone,
 * also between rows of one batch; routing; scoring and MQL promotion), the same timeline and
 * status rows, the same journeys from triggers, and the same Temporal work (owner notices, SLA
 * watches). Real Temporal server (no worker: the started workflows are only looked at), real database.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createCrmDeps, crmConfigFromEnv, type TCrmDeps } from '../../domain/crm/crm-deps';
import { installBuiltins } from '../../domain/builtins/install-builtins';
import { captureLead } from '../../domain/leads/capture-lead';
import { captureLeadBatch, type TBatchOutcome } from '../../domain/leads/capture-lead-batch';
import { ZLeadCreate } from '../../domain/leads/schemas';
import { upsertRep } from '../../domain/reps/upsert-rep';
import { ZRepInput } from '../../domain/reps/schemas';
import { AppError } from '../../lib/errors';
import { createTestDatabase, type TTestDatabase } from '../helpers/database';
import { createTimeSkippingEnv, TEST_ENV, uniqueTaskQueue } from '../helpers/temporal';

const ROWS = [
  { email: 'cold.batch@example.fi', firstName: 'Cold' },
  { email: 'warm.batch@example.fi', firstName: 'Warm', phone: '+358 40 555 0101', purchaseTimeframe: 'MONTHS' },
  { email: 'hot.batch@example.fi', firstName: 'Hot', purchaseTimeframe: 'NOW' },
  { email: 'hot2.batch@example.fi', firstName: 'Hot2', purchaseTimeframe: 'NOW' },
  { email: 'known.batch@example.fi', firstName: 'Known', lastName: 'Filled', source: 'TRADE_SHOW' },
  { email: 'other.batch@example.fi', firstName: 'ByPhone', phone: '+358405550999' },
  { email: 'cold.batch@example.fi', firstName: 'Again', company: 'Acme' },
  { email: 'same.phone@example.fi', firstName: 'SamePhone', phone: '+358405550101' },
  { email: 'badphone.batch@example.fi', firstName: 'Bad', phone: '12' },
  { email: 'badref.batch@example.fi', firstName: 'Ref', referralCode: 'NOPE-1234' },
  { email: 'consent.batch@example.fi', firstName: 'Consent', consent: { purpose: 'marketing', source: 'import' } },
  {
    email: 'owned.batch@example.fi',
    firstName: 'Owned',
    ownerEmail: 'boss@nurture.test',
    // Columns most rows leave to their defaults (the batch writes cards grouped by the columns they set).
    locale: 'fi',
    timeZone: 'Europe/Helsinki',
    campaign: 'fair-2026',
    acquisitionCostCents: 1250,
    attributes: { industry: 'retail' },
  },
].map((row) => ZLeadCreate.parse(row));

type TWorld = { db: TTestDatabase; crm: TCrmDeps };

describe('batched lead capture (CSV imports) does what row-by-row capture does', () => {
  let env: TestWorkflowEnvironment;
  const worlds: TWorld[] = [];

  beforeAll(async () => {
    env = await createTimeSkippingEnv();
    for (let w = 0; w < 2; w++) {
      const db = await createTestDatabase();
      const crm = createCrmDeps({
        prisma: db.prisma,
        temporal: env.client,
        taskQueue: uniqueTaskQueue('batch'),
        config: crmConfigFromEnv(TEST_ENV),
      });
      await installBuiltins(db.prisma);
      for (const [email, tier, capacity] of [
        ['top@nurture.test', 1, 1],
        ['mid@nurture.test', 2, 5],
        ['low@nurture.test', 3, 5],
      ] as const)
        await upsertRep(db.prisma, email, ZRepInput.parse({ name: email.split('@')[0], tier, capacity }));
      // Known people: one by email (with an owner, who hears of the touch), one by phone.
      await db.prisma.lead.create({ data: { email: 'known.batch@example.fi', firstName: 'Known', ownerEmail: 'boss@nurture.test' } });
      await db.prisma.lead.create({ data: { email: 'phone.known@example.fi', firstName: 'P', phone: '+358405550999' } });
      worlds.push({ db, crm });
    }
  }, 60_000);
  afterAll(async () => {
    for (const w of worlds) await w.db.cleanup();
    await env?.teardown();
  });

  /** What a database holds about the captured people, without ids and instants. */
  async function stateOf({ db }: TWorld) {
    const leads = await db.prisma.lead.findMany({
      orderBy: { email: 'asc' },
      include: {
        events: { orderBy: [{ occurredAt: 'asc' }, { id: 'asc' }] },
        statusChanges: { orderBy: { occurredAt: 'asc' } },
        enrollments: { include: { sequence: { select: { key: true } } } },
        consents: true,
      },
    });
    return leads.map((l) => ({
      email: l.email,
      card: [l.firstName, l.lastName, l.company, l.phone, l.heat, l.status, l.score, l.ownerEmail, l.source, l.searchText, l.sortName],
      columns: [l.locale, l.timeZone, l.tags, l.attributes, l.acquisitionCostCents, l.campaign, l.purchaseTimeframe, l.ownerName],
      stamped: l.createdAt <= l.updatedAt && l.statusChangedAt >= l.createdAt,
      firstEvent: l.events[0]?.type,
      events: l.events.map((e) => e.type).sort(),
      touches: l.events.filter((e) => e.type === 'lead.touch').map((e) => e.data),
      assigned: l.events.filter((e) => e.type === 'lead.assigned').map((e) => e.data),
      statuses: l.statusChanges.map((s) => [s.from, s.to, s.by, s.reason]),
      journeys: l.enrollments.map((e) => [e.sequence.key, e.source]).sort(),
      consents: l.consents.map((c) => [c.purpose, c.action, c.source]),
    }));
  }

  /** The Temporal work each card started: its owner notices and its routing SLA watch. */
  async function temporalWorkOf({ db }: TWorld) {
    const exists = async (workflowId: string) => {
      try {
        await env.client.workflow.getHandle(workflowId).describe();
        return true;
      } catch {
        return false;
      }
    };
    const work: Record<string, string[]> = {};
    for (const lead of await db.prisma.lead.findMany({ include: { events: true }, orderBy: { email: 'asc' } })) {
      const found: string[] = [];
      if (lead.assignedAt && lead.ownerEmail !== 'boss@nurture.test') {
        if (await exists(`lead-sla/${lead.id}`)) found.push('sla');
        if (await exists(`notify/assigned/${lead.id}/${lead.assignedAt.getTime()}`)) found.push('assigned notice');
      }
      for (const touch of lead.events.filter((e) => e.type === 'lead.touch'))
        if (await exists(`notify/touch/${touch.id}`)) found.push('touch notice');
      work[lead.email] = found;
    }
    return work;
  }

  it('gives the same outcome per row, the same cards, timelines, journeys and Temporal work', async () => {
    const [rowByRow, batched] = worlds as [TWorld, TWorld];
    const keys = ROWS.map((_, i) => `import/equivalence/${i + 2}`);
    const expected: (Omit<TBatchOutcome, 'leadId' | 'error'> & { message?: string })[] = [];
    for (const [i, input] of ROWS.entries()) {
      try {
        const r = await captureLead(rowByRow.crm, input, { by: 'import:equivalence', idempotencyKey: keys[i]! });
        expected.push({ outcome: r.created ? 'created' : 'merged' });
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        expected.push({ outcome: 'failed', message: `${e.message}: ${(e.details as string[]).join('; ')}` });
      }
    }
    const outcomes = await captureLeadBatch(
      batched.crm,
      ROWS.map((input, i) => ({ input, idempotencyKey: keys[i]! })),
      { by: 'import:equivalence' },
    );
    const got = outcomes.map((o) =>
      o.outcome === 'failed'
        ? { outcome: o.outcome, message: `${o.error.message}: ${(o.error.details as string[]).join('; ')}` }
        : { outcome: o.outcome },
    );
    expect(got).toEqual(expected);
    // The rows the fixture is made of did what they are there for.
    expect(got.map((o) => o.outcome)).toEqual([
      'created',
      'created',
      'created',
      'created',
      'merged', // known by email
      'merged', // known by phone
      'merged', // an earlier row of the batch, by email
      'merged', // an earlier row of the batch, by phone
      'failed', // phone
      'failed', // referral code
      'created',
      'created',
    ]);

    const [want, have] = [await stateOf(rowByRow), await stateOf(batched)];
    expect(have).toEqual(want);
    expect(have.every((l) => l.firstEvent === 'lead.created' || l.email.includes('known'))).toBe(true);
    // Routing ran (hot to the top tier until full, then down), scoring promoted the warm and hot, triggers enrolled.
    expect(have.find((l) => l.email === 'hot2.batch@example.fi')!.card[7]).toBe('mid@nurture.test');
    expect(have.find((l) => l.email === 'warm.batch@example.fi')!.statuses).toContainEqual(['NEW', 'MQL', 'scoring', 'score 25 ≥ 25']);
    expect(have.find((l) => l.email === 'cold.batch@example.fi')!.journeys).toEqual([['nurture', 'trigger:nurture-new-cold-leads']]);
    expect(await temporalWorkOf(batched)).toEqual(await temporalWorkOf(rowByRow));

    // A retried batch does nothing twice: every row is reported as replayed.
    const again = await captureLeadBatch(
      batched.crm,
      ROWS.map((input, i) => ({ input, idempotencyKey: keys[i]! })),
      { by: 'import:equivalence' },
    );
    expect(again.filter((o) => o.outcome === 'replayed')).toHaveLength(got.filter((o) => o.outcome !== 'failed').length);
    expect(await stateOf(batched)).toEqual(want);
  }, 120_000);
});
