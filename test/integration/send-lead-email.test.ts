/**
 * The vertical slice on real parts: the time-skipping Temporal test server, a real database
 * (PGlite or PostgreSQL), real SMTP into the capture, the real MJML template.
 */
import { MockActivityEnvironment, type TestWorkflowEnvironment } from '@temporalio/testing';
import type { PrismaClient } from '../../generated/prisma/client';
import { activityConfigFromEnv, createActivities, type TSendLeadEmailResult } from '../../activities';
import { TemplateCache } from '../../lib/mail/render-template';
import { verifyToken } from '../../lib/security/signed-token';
import { SEND_LEAD_EMAIL_WORKFLOW, sendLeadEmailWorkflowId, type TSendLeadEmailWorkflow } from '../../contract/send-lead-email';
import { createTemplateVersion } from '../../domain/templates/create-template-version';
import { WELCOME_TEMPLATE } from '../../domain/demo/welcome-template';
import { createTestDatabase, type TTestDatabase } from '../helpers/database';
import { createTestMail } from '../helpers/mail';
import { createTestWorker, createTimeSkippingEnv, TEST_ENV, uniqueTaskQueue } from '../helpers/temporal';

describe('sendLeadEmailWorkflow', () => {
  let env: TestWorkflowEnvironment;
  let db: TTestDatabase;
  let mail: Awaited<ReturnType<typeof createTestMail>>;

  beforeAll(async () => {
    [env, db, mail] = await Promise.all([createTimeSkippingEnv(), createTestDatabase(), createTestMail()]);
    await createTemplateVersion(db.prisma, WELCOME_TEMPLATE);
  });
  afterAll(async () => {
    await Promise.all([env?.teardown(), db?.cleanup(), mail?.close()]);
  });
  beforeEach(() => mail.capture.clear());

  const newLead = (email: string, firstName: string, lastName: string) =>
    db.prisma.lead.create({ data: { email, firstName, lastName, locale: 'hy', timeZone: 'Asia/Yerevan' } });

  async function runWorkflow(leadId: string, options: { prisma?: PrismaClient; requestId?: string } = {}) {
    const taskQueue = uniqueTaskQueue();
    const worker = await createTestWorker({ env, prisma: options.prisma ?? db.prisma, mailer: mail.mailer, taskQueue });
    try {
      return await env.client.workflow.execute<TSendLeadEmailWorkflow>(SEND_LEAD_EMAIL_WORKFLOW, {
        taskQueue,
        workflowId: sendLeadEmailWorkflowId(leadId, 'welcome', options.requestId ?? 'r1'),
        args: [{ version: 1, leadId, templateKey: 'welcome' }],
      });
    } finally {
      await worker.stop();
    }
  }

  it('renders, sends and records one email with Armenian and Kazakh text intact', async () => {
    const lead = await newLead('aram@example.am', 'Արամ', 'Սարգսյան');
    await db.prisma.lead.update({ where: { id: lead.id }, data: { company: 'Қазақ Сауда' } });

    const result = await runWorkflow(lead.id);

    expect(result).toMatchObject({ status: 'sent', alreadySettled: false });
    const [message, ...others] = mail.capture.list();
    expect(others).toHaveLength(0);
    expect(message).toMatchObject({
      envelopeTo: ['aram@example.am'],
      to: '"Արամ Սարգսյան" <aram@example.am>',
      subject: 'Welcome, Արամ — your guide to a faster sales cycle',
      messageId: result.messageId,
    });
    expect(message!.html).toContain('Hello Արամ,');
    expect(message!.text).toContain('Hello Արամ,');
    expect(message!.text).toContain('aram@example.am');
    // RFC 8058 one-click unsubscribe, with a signed link for this lead.
    expect(message!.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    const link = /^<http:\/\/nurture\.test\/u\/([^>]+)>, <mailto:unsubscribe@nurture\.test\?subject=unsubscribe%20\1>$/.exec(
      message!.headers['list-unsubscribe'] ?? '',
    );
    expect(verifyToken(link?.[1] ?? '', TEST_ENV.SIGNING_SECRET)).toEqual({ l: lead.id, p: 'unsub' });

    const row = await db.prisma.emailMessage.findUniqueOrThrow({ where: { id: result.emailId! } });
    expect(row).toMatchObject({
      status: 'SENT',
      leadId: lead.id,
      toAddress: 'aram@example.am',
      messageId: message!.messageId,
      attempts: 1,
    });
    expect(row.sentAt).toBeInstanceOf(Date);
    const timeline = await db.prisma.leadEvent.findMany({ where: { leadId: lead.id } });
    expect(timeline.map((e) => e.type)).toEqual(['email.sent']);
  });

  it('sends nothing to an unsubscribed lead and says why in the timeline', async () => {
    const lead = await newLead('aigul@example.kz', 'Айгүл', 'Серікқызы');
    await db.prisma.lead.update({ where: { id: lead.id }, data: { unsubscribedAt: new Date() } });
    expect(await runWorkflow(lead.id)).toMatchObject({ status: 'suppressed', reason: 'unsubscribed' });
    expect(mail.capture.list()).toHaveLength(0);
    expect((await db.prisma.leadEvent.findMany({ where: { leadId: lead.id } })).map((e) => e.type)).toEqual(['email.suppressed']);
  });

  it('retries a send whose outcome failed to record after SMTP accepted it, without a second email', async () => {
    const lead = await newLead('gorg@example.mt', 'Ġorġ', 'Borġ');
    // The database rejects the first "record SENT" statement (email-ledger markSent), after SMTP has accepted.
    let failures = 0;
    const flaky = new Proxy(db.prisma, {
      get(target, prop, receiver) {
        if (prop === '$executeRaw' && failures === 0) {
          return (strings: TemplateStringsArray, ...values: unknown[]) => {
            if (!strings.join('?').includes(`"status" = 'SENT'`)) return target.$executeRaw(strings, ...values);
            failures++;
            return Promise.reject(new Error('connection reset while recording'));
          };
        }
        return Reflect.get(target, prop, receiver) as unknown;
      },
    });

    const result = await runWorkflow(lead.id, { prisma: flaky });

    expect(failures).toBe(1);
    expect(result).toMatchObject({ status: 'sent' });
    expect(mail.capture.list().filter((m) => m.envelopeTo.includes('gorg@example.mt'))).toHaveLength(1);
    expect(await db.prisma.emailMessage.findUniqueOrThrow({ where: { id: result.emailId! } })).toMatchObject({ status: 'SENT' });
  });

  it('never sends twice for one idempotency key, whoever calls (activity replayed or run again)', async () => {
    const lead = await newLead('paivi@example.fi', 'Päivi', 'Järvinen');
    const activities = createActivities({
      prisma: db.prisma,
      mailer: mail.mailer,
      templates: new TemplateCache(),
      config: activityConfigFromEnv(TEST_ENV),
    });
    const activityEnv = new MockActivityEnvironment();
    const input = { leadId: lead.id, templateKey: 'welcome', idempotencyKey: 'lead-email/x#email' };
    const first: TSendLeadEmailResult = await activityEnv.run(activities.sendLeadEmail, input);
    const second: TSendLeadEmailResult = await activityEnv.run(activities.sendLeadEmail, input);
    expect(first).toMatchObject({ status: 'sent', alreadySettled: false });
    expect(second).toEqual({ ...first, alreadySettled: true });
    expect(mail.capture.list()).toHaveLength(1);
  });

  it('fails fast, without retrying, for a lead that does not exist', async () => {
    await expect(runWorkflow('00000000-0000-4000-8000-000000000000', { requestId: 'missing' })).rejects.toMatchObject({
      cause: { cause: { message: 'Lead 00000000-0000-4000-8000-000000000000 does not exist', type: 'NOT_FOUND' } },
    });
  });
});
