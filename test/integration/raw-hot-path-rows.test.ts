/**
 * The journey's hot path reads and claims rows with raw statements (ADR-054: the model API cost
 * the process several times the CPU). The rows must be what the model API returns, value for
 * value and type for type (Dates, enums, arrays, JSON, nulls), on PGlite and on PostgreSQL:
 * compose, the send policy and the journey's lead snapshot read them as Prisma's `Lead` and
 * `EmailMessage`.
 */
import { claimEmail } from '../../domain/emails/email-ledger';
import { readLead, readUnsubscribedAt } from '../../domain/leads/read-lead';
import { createTestDatabase, type TTestDatabase } from '../helpers/database';

/** Every own property, with its runtime kind: a Date read as a string (or a number as a string) fails here. */
const typed = (row: object) =>
  Object.fromEntries(
    Object.entries(row).map(([k, v]) => [k, { kind: v instanceof Date ? 'date' : Array.isArray(v) ? 'array' : typeof v, v }]),
  );

describe('hot-path rows read raw equal the model API’s', () => {
  let db: TTestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db?.cleanup());

  it('reads a lead with every field set, and one with every optional field empty, as findUnique does', async () => {
    const referrer = await db.prisma.lead.create({ data: { email: 'referrer@example.kz', firstName: 'Айгүл' } });
    const customer = await db.prisma.customer.create({
      data: { leadId: referrer.id, name: 'Айгүл', email: referrer.email, referralCode: 'RAWREAD1' },
    });
    const full = await db.prisma.lead.create({
      data: {
        email: 'þóra@example.is',
        firstName: 'Þóra',
        lastName: 'Sigurðardóttir',
        company: 'Ísbúð ehf.',
        phone: '+354 555 1234',
        locale: 'is',
        timeZone: 'Atlantic/Reykjavik',
        status: 'LOST',
        heat: 'WARM',
        source: 'REFERRAL',
        score: -7,
        tags: ['vip', 'ísland', 'with space'],
        attributes: { plan: 'pro', seats: 12, nested: { ok: true, list: [1, 'two', null] }, renewal: '2027-01-31' },
        ownerName: 'Rep',
        ownerEmail: 'rep@example.is',
        unsubscribedAt: new Date('2026-11-02T10:11:12.345Z'),
        marketingPausedUntil: new Date('2026-12-24T00:00:00.000Z'),
        campaign: 'vetur-2026',
        acquisitionCostCents: 1234,
        purchaseTimeframe: 'Q1',
        lostReason: 'budget',
        deferredUntil: new Date('2027-03-01T09:00:00.000Z'),
        deferReason: 'after the fiscal year',
        assignedAt: new Date('2026-11-01T08:00:00.001Z'),
        referrerCustomerId: customer.id,
        searchText: 'þóra sigurðardóttir',
        sortName: 'sigurðardóttir þóra',
      },
    });
    for (const lead of [full, referrer]) {
      const model = await db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } });
      const raw = await readLead(db.prisma, lead.id);
      expect(typed(raw!)).toEqual(typed(model));
      expect(await readUnsubscribedAt(db.prisma, lead.id)).toEqual(model.unsubscribedAt);
    }
    expect(await readLead(db.prisma, '00000000-0000-4000-8000-000000000000')).toBeNull();
  });

  it('claims an email row as the model API would create it, and a second claim returns that row', async () => {
    const lead = await db.prisma.lead.create({ data: { email: 'claim@example.mt', firstName: 'Ġorġ' } });
    const template = await db.prisma.emailTemplate.create({
      data: { key: 'raw-claim', version: 1, name: 'Raw claim', subject: 's', mjml: '<mjml><mj-body></mj-body></mjml>' },
    });
    const claim = {
      idempotencyKey: 'raw-claim/1',
      messageId: '<raw-claim-1@example.mt>',
      leadId: lead.id,
      templateId: template.id,
      enrollmentId: null,
      stepId: 'only',
      category: 'marketing',
      fromDomain: 'example.mt',
      workflowId: 'journey/x',
      scheduledFor: new Date('2026-12-01T10:00:00.500Z'),
      toAddress: lead.email,
      subject: 'Merħba, Ġorġ',
      sendingAt: new Date('2026-12-01T10:00:01.250Z'),
    };
    const claimed = await claimEmail(db.prisma, claim);
    const model = await db.prisma.emailMessage.findUniqueOrThrow({ where: { id: claimed.id } });
    expect(typed(claimed)).toEqual(typed(model));
    expect(model).toMatchObject({ ...claim, status: 'CLAIMED', attempts: 1, sentAt: null });
    expect(await claimEmail(db.prisma, { ...claim, subject: 'another' })).toEqual(model);
  });
});
