/**
 * The remaining step types on the time-skipping server: notify, repeat (with continue-as-new
 * forced by a low history limit), enroll into another sequence, and waitForEvent both ways.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createEnrollLeads, type TEnrollLeads } from '../../domain/sequences/enroll-leads';
import { publishSequence } from '../../domain/sequences/publish-sequence';
import { engagementSignal } from '../../contract/journeys';
import type { TRunningWorker } from '../../worker/start-worker';
import { createTestDatabase, type TTestDatabase } from '../helpers/database';
import { createTestMail } from '../helpers/mail';
import { createTemplates } from '../helpers/journeys';
import { createTestWorker, createTimeSkippingEnv, uniqueTaskQueue } from '../helpers/temporal';

describe('journey steps: notify, repeat, continue-as-new, enroll, waitForEvent', () => {
  let env: TestWorkflowEnvironment;
  let db: TTestDatabase;
  let mail: Awaited<ReturnType<typeof createTestMail>>;
  let worker: TRunningWorker;
  let enroll: TEnrollLeads;

  beforeAll(async () => {
    [env, db, mail] = await Promise.all([createTimeSkippingEnv(), createTestDatabase(), createTestMail()]);
    await createTemplates(db.prisma, ['reminder', 'thanks', 'after']);
    const taskQueue = uniqueTaskQueue('steps');
    worker = await createTestWorker({ env, prisma: db.prisma, mailer: mail.mailer, taskQueue, temporal: env.client });
    enroll = createEnrollLeads({ prisma: db.prisma, temporal: env.client, taskQueue, searchAttributes: false, historyLimit: 60 });
    await publishSequence(db.prisma, {
      key: 'after-care',
      name: 'After care',
      steps: [{ id: 'after', type: 'email', email: { template: 'after' } }],
    });
    await publishSequence(db.prisma, {
      key: 'deferred',
      name: 'Deferred demand reminders',
      settings: { goals: [] },
      steps: [
        { id: 'tell-owner', type: 'notify', notify: { to: 'owner', subject: 'Lead deferred', message: 'Reminders start now.' } },
        { id: 'remind', type: 'email', email: { template: 'reminder' } },
        { id: 'again', type: 'repeat', repeat: { from: 'remind', every: '1 week', times: 12 } },
        { id: 'hand-over', type: 'enroll', enroll: { sequence: 'after-care' } },
        { id: 'ask', type: 'waitForEvent', waitForEvent: { on: { replied: 'thanks' }, timeout: '3 days', onTimeout: 'next' } },
        { id: 'no-reply', type: 'exit', exit: { reason: 'no reply' } },
        { id: 'thanks', type: 'email', email: { template: 'thanks' } },
      ],
    });
  });
  afterAll(async () => {
    await worker?.stop();
    await Promise.all([env?.teardown(), db?.cleanup(), mail?.close()]);
  });

  let n = 0;
  const newLead = () =>
    db.prisma.lead.create({
      data: { email: `steps${++n}@example.mt`, firstName: 'Ġorġ', ownerEmail: 'owner@nurture.test', ownerName: 'Owner' },
    });
  // In journey time, then in the order claimed: a reply within a minute of the last reminder is sent at the same journey time.
  const emails = (address: string) =>
    db.prisma.emailMessage.findMany({ where: { toAddress: address }, orderBy: [{ scheduledFor: 'asc' }, { claimedAt: 'asc' }] });

  it('repeats a reminder weekly 12 times across continue-as-new, sending each exactly once, then hands over and times out', async () => {
    const lead = await newLead();
    const [r] = await enroll({ sequenceKey: 'deferred', leadIds: [lead.id] });
    const handle = env.client.workflow.getHandle(r!.workflowId!);
    expect(await handle.result()).toEqual({ status: 'EXITED', reason: 'no reply' });

    const reminders = (await emails(lead.email)).filter((e) => e.stepId === 'remind');
    expect(reminders).toHaveLength(12);
    expect(new Set(reminders.map((e) => e.idempotencyKey)).size).toBe(12);
    const gaps = reminders.slice(1).map((e, i) => e.scheduledFor!.getTime() - reminders[i]!.scheduledFor!.getTime());
    expect(new Set(gaps)).toEqual(new Set([7 * 86_400_000])); // exactly weekly: no drift over 11 weeks
    expect(mail.capture.list().filter((m) => m.envelopeTo.includes(lead.email) && m.subject.startsWith('reminder'))).toHaveLength(12);

    // History stayed small: the journey continued as new several times.
    const description = await handle.describe();
    expect(description.runId).not.toBe(r!.workflowId);
    const firstRun = env.client.workflow.getHandle(r!.workflowId!, (await handle.describe()).runId);
    expect((await firstRun.fetchHistory()).events!.length).toBeLessThan(200);

    // The owner was told, once, by a transactional email.
    expect(
      mail.capture.list().filter((m) => m.envelopeTo.includes('owner@nurture.test') && m.subject.startsWith('Lead deferred')),
    ).toHaveLength(1);
    // The lead was enrolled in after-care, which sent its email.
    expect(await db.prisma.enrollment.findFirst({ where: { leadId: lead.id, sequence: { key: 'after-care' } } })).toMatchObject({
      source: 'sequence:deferred',
    });
    const after = await env.client.workflow.getHandle(`journey/after-care/${lead.id}`).result();
    expect(after).toEqual({ status: 'COMPLETED', reason: 'completed' });
    expect((await emails(lead.email)).some((e) => e.stepId === 'after')).toBe(true);
  });

  it('takes the event branch of waitForEvent when the lead replies in time', async () => {
    const lead = await newLead();
    const [r] = await enroll({ sequenceKey: 'deferred', leadIds: [lead.id] });
    const handle = env.client.workflow.getHandle(r!.workflowId!);
    for (
      let i = 0;
      i < 200 &&
      !(await db.prisma.leadEvent.findFirst({
        where: { leadId: lead.id, type: 'journey.waiting', data: { path: ['stepId'], equals: 'ask' } },
      }));
      i++
    )
      await env.sleep('1 day');
    await handle.signal(engagementSignal, { type: 'replied' });
    expect(await handle.result()).toEqual({ status: 'COMPLETED', reason: 'completed' });
    const deferredSteps = (await emails(lead.email)).filter((e) => e.workflowId === r!.workflowId).map((e) => e.stepId);
    expect(deferredSteps.at(-1)).toBe('thanks');
  });
});
