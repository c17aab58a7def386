/**
 * The email ledger (domain/emails/email-ledger.ts) on a real database: a key is claimed once
 * whoever asks (the second claim gets the first row, settled or not), and each settlement writes
 * its row and its timeline event together; a keyed event is written at most once.
 */
import { claimEmail, markFailed, markSent, markSuppressed, recordPostponed } from '../../domain/emails/email-ledger';
import { createTestDatabase, type TTestDatabase } from '../helpers/database';

describe('email ledger', () => {
  let db: TTestDatabase;
  let leadId: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    leadId = (await db.prisma.lead.create({ data: { email: 'ledger@example.fi', firstName: 'L' } })).id;
  });
  afterAll(() => db?.cleanup());

  const row = (key: string) => ({
    idempotencyKey: key,
    messageId: `<${key}@t>`,
    leadId,
    category: 'notification',
    toAddress: 'x@example.fi',
    subject: 's',
  });

  it('claims a key once: a second claim returns the first row, as it stands', async () => {
    const first = await claimEmail(db.prisma, row('k1'));
    expect(first).toMatchObject({ idempotencyKey: 'k1', status: 'CLAIMED' });
    await markSent(db.prisma, {
      emailId: first.id,
      response: '250 ok',
      sentAt: new Date(),
      event: { leadId, enrollmentId: null, type: 'notification.sent', data: { to: 'x' } },
    });
    const again = await claimEmail(db.prisma, { ...row('k1'), subject: 'another' });
    expect(again).toMatchObject({ id: first.id, status: 'SENT', subject: 's', smtpResponse: '250 ok' });
    expect(await db.prisma.emailMessage.count({ where: { idempotencyKey: 'k1' } })).toBe(1);
    expect(await db.prisma.leadEvent.count({ where: { leadId, type: 'notification.sent' } })).toBe(1);
  });

  it('settles failed and suppressed with the reason, and writes a keyed event once however often it is asked', async () => {
    const failed = await claimEmail(db.prisma, row('k2'));
    await markFailed(db.prisma, {
      emailId: failed.id,
      reason: '550 no such user',
      event: { idempotencyKey: 'k2#failed', leadId, enrollmentId: null, type: 'notification.failed', data: {} },
    });
    await markFailed(db.prisma, {
      emailId: failed.id,
      reason: '550 no such user',
      event: { idempotencyKey: 'k2#failed', leadId, enrollmentId: null, type: 'notification.failed', data: {} },
    });
    expect(await db.prisma.emailMessage.findUniqueOrThrow({ where: { id: failed.id } })).toMatchObject({
      status: 'FAILED',
      error: '550 no such user',
    });
    expect(await db.prisma.leadEvent.count({ where: { idempotencyKey: 'k2#failed' } })).toBe(1);

    // Suppressed before any claim: only the timeline says so; with a claim, the row fails too.
    const event = {
      idempotencyKey: 'k3#suppressed',
      leadId,
      enrollmentId: null,
      type: 'email.suppressed',
      data: { reason: 'unsubscribed' },
    };
    await markSuppressed(db.prisma, { emailId: null, reason: 'unsubscribed', event });
    const claimed = await claimEmail(db.prisma, row('k3'));
    await markSuppressed(db.prisma, { emailId: claimed.id, reason: 'unsubscribed', event });
    expect(await db.prisma.emailMessage.findUniqueOrThrow({ where: { id: claimed.id } })).toMatchObject({
      status: 'FAILED',
      error: 'unsubscribed',
    });
    expect(await db.prisma.leadEvent.count({ where: { idempotencyKey: 'k3#suppressed' } })).toBe(1);

    await recordPostponed(db.prisma, { idempotencyKey: 'k4#postponed@1', leadId, enrollmentId: null, type: 'email.postponed', data: {} });
    await recordPostponed(db.prisma, { idempotencyKey: 'k4#postponed@1', leadId, enrollmentId: null, type: 'email.postponed', data: {} });
    expect(await db.prisma.leadEvent.count({ where: { type: 'email.postponed' } })).toBe(1);
    expect(await db.prisma.emailMessage.count({ where: { idempotencyKey: 'k4' } })).toBe(0);
  });
});
