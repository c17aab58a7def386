/**
 * Journeys on the time-skipping test server with a real database and real SMTP: weeks of a
 * sequence run in seconds, and every email, its order and its send time are checked.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createEnrollLeads, type TEnrollLeads } from '../../domain/sequences/enroll-leads';
import { publishSequence } from '../../domain/sequences/publish-sequence';
import { TemplateCache } from '../../lib/mail/render-template';
import {
  engagementSignal,
  exitSignal,
  journeyStateQuery,
  pauseSignal,
  resumeSignal,
  unsubscribeSignal,
  type TJourneyResult,
} from '../../contract/journeys';
import { localParts, nextSendTime } from '../../journey/time';
import type { TRunningWorker } from '../../worker/start-worker';
import { createTestDatabase, type TTestDatabase } from '../helpers/database';
import { createTestMail } from '../helpers/mail';
import { eventually } from '../helpers/eventually';
import { createTemplates, NURTURE, WEEKDAYS_9_TO_5 } from '../helpers/journeys';
import { createTestWorker, createTimeSkippingEnv, uniqueTaskQueue } from '../helpers/temporal';

const DAY = 86_400_000;

describe('journeyWorkflow', () => {
  let env: TestWorkflowEnvironment;
  let db: TTestDatabase;
  let mail: Awaited<ReturnType<typeof createTestMail>>;
  let worker: TRunningWorker;
  let enroll: TEnrollLeads;
  let leadSeq = 0;

  beforeAll(async () => {
    [env, db, mail] = await Promise.all([createTimeSkippingEnv(), createTestDatabase(), createTestMail()]);
    await createTemplates(db.prisma, ['welcome-n', 'tips', 'nudge', 'offer', 'reminder', 'follow-up']);
    const taskQueue = uniqueTaskQueue('journey');
    worker = await createTestWorker({
      env,
      prisma: db.prisma,
      mailer: mail.mailer,
      taskQueue,
      templates: new TemplateCache(),
      temporal: env.client,
    });
    enroll = createEnrollLeads({ prisma: db.prisma, temporal: env.client, taskQueue, searchAttributes: false });
  });
  afterAll(async () => {
    await worker?.stop();
    await Promise.all([env?.teardown(), db?.cleanup(), mail?.close()]);
  });

  async function newLead(overrides: Record<string, unknown> = {}) {
    leadSeq++;
    return db.prisma.lead.create({
      data: {
        email: `lead${leadSeq}@example.fi`,
        firstName: `Päivi${leadSeq}`,
        timeZone: 'Europe/Helsinki',
        locale: 'fi',
        ownerEmail: 'rep@nurture.test',
        ownerName: 'Rep',
        ...overrides,
      },
    });
  }
  async function start(sequenceKey: string, leadId: string) {
    const [result] = await enroll({ sequenceKey, leadIds: [leadId] });
    expect(result).toMatchObject({ outcome: 'enrolled' });
    return env.client.workflow.getHandle(result!.workflowId!);
  }
  /** Lets server time pass in 6-hour steps until the lead has received `n` emails. */
  const untilEmails = async (address: string, n: number) => {
    for (let i = 0; i < 40 && (await emailsTo(address)).length < n; i++) await env.sleep('6 hours');
  };
  const emailsTo = (address: string) =>
    db.prisma.emailMessage.findMany({ where: { toAddress: address }, orderBy: { scheduledFor: 'asc' } });

  it('runs a multi-week nurture in seconds: the right emails, in order, inside the send window, spaced by the waits', async () => {
    await publishSequence(db.prisma, NURTURE);
    const lead = await newLead();
    const handle = await start('nurture', lead.id);

    const result: TJourneyResult = await handle.result();

    expect(result).toEqual({ status: 'COMPLETED', reason: 'completed' });
    const emails = await emailsTo(lead.email);
    expect(emails.map((e) => e.stepId)).toEqual(['welcome', 'tips', 'nudge', 'offer']); // not clicked → nudge, then offer
    expect(emails.every((e) => e.status === 'SENT')).toBe(true);
    const times = emails.map((e) => e.scheduledFor!.getTime());
    // The first send is the first moment the window allows after the journey started (its own clock,
    // stamped on journey.started: reading the server's time before enrolling is off by the start-up
    // milliseconds whenever the test runs inside the window)…
    const started = await db.prisma.leadEvent.findFirstOrThrow({ where: { leadId: lead.id, type: 'journey.started' } });
    expect(times[0]).toBe(nextSendTime(started.occurredAt.getTime(), WEEKDAYS_9_TO_5, 'Europe/Helsinki'));
    // …every send is inside Mon–Fri 09:00–17:00 Helsinki time…
    for (const t of times) {
      const local = localParts(t, 'Europe/Helsinki');
      expect({ weekday: local.weekday >= 1 && local.weekday <= 5, hour: local.hour >= 9 && local.hour < 17 }).toEqual({
        weekday: true,
        hour: true,
      });
    }
    // …and the waits between them hold: 3 days, 1 week, 2 weeks (plus any window delay).
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(3 * DAY);
    expect(times[2]! - times[1]!).toBeGreaterThanOrEqual(7 * DAY);
    expect(times[3]! - times[2]!).toBeGreaterThanOrEqual(14 * DAY);
    expect(times[3]! - times[0]!).toBeLessThan(30 * DAY);
    // The captured mail matches the records.
    const captured = mail.capture
      .list()
      .filter((m) => m.envelopeTo.includes(lead.email))
      .map((m) => m.subject)
      .reverse();
    expect(captured).toEqual([
      `welcome-n for ${lead.firstName}`,
      `tips for ${lead.firstName}`,
      `nudge for ${lead.firstName}`,
      `offer for ${lead.firstName}`,
    ]);

    // Every outcome is in the database: lead updated, task created, enrollment completed, timeline.
    expect(await db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } })).toMatchObject({
      heat: 'WARM',
      score: 10,
      tags: ['offer-sent'],
    });
    const [task] = await db.prisma.task.findMany({ where: { leadId: lead.id } });
    expect(task).toMatchObject({ kind: 'call', title: 'Call about the offer', assigneeEmail: 'rep@nurture.test', status: 'OPEN' });
    expect(task!.dueAt.getTime() - times[3]!).toBe(2 * DAY);
    expect(await db.prisma.enrollment.findFirstOrThrow({ where: { leadId: lead.id } })).toMatchObject({
      status: 'COMPLETED',
      exitReason: 'completed',
    });
    const events = await db.prisma.leadEvent.findMany({ where: { leadId: lead.id }, orderBy: { occurredAt: 'asc' } });
    const types = events.map((e) => e.type);
    expect(types[0]).toBe('journey.enrolled');
    expect(types).toEqual(
      expect.arrayContaining([
        'journey.started',
        'step.started',
        'step.finished',
        'journey.waiting',
        'email.sent',
        'lead.updated',
        'task.created',
        'journey.completed',
      ]),
    );
    expect(types.filter((t) => t === 'email.sent')).toHaveLength(4);
    // Nothing happens after the journey completed. (Rows written at the same workflow instant, such
    // as the last step's and the completion, tie on occurredAt; their order among ties is the database's.)
    const completedAt = events.find((e) => e.type === 'journey.completed')!.occurredAt.getTime();
    expect(events.filter((e) => e.occurredAt.getTime() > completedAt).map((e) => e.type)).toEqual([]);
  });

  it('takes the branch when the lead clicked the tips email, skipping the nudge', async () => {
    const lead = await newLead();
    const handle = await start('nurture', lead.id);
    // Let the tips email go out (welcome + 3 days + window), then click it.
    for (let i = 0; i < 40 && (await emailsTo(lead.email)).length < 2; i++) await env.sleep('12 hours');
    await handle.signal(engagementSignal, { type: 'clicked', stepId: 'tips' });
    await handle.result();
    expect((await emailsTo(lead.email)).map((e) => e.stepId)).toEqual(['welcome', 'tips', 'offer']);
  });

  it('exits on reply during a wait (a goal), and sends nothing more', async () => {
    const lead = await newLead();
    const handle = await start('nurture', lead.id);
    await untilEmails(lead.email, 1);
    // The row exists from the claim on; the journey reaches its wait once the send is recorded.
    const waiting = await eventually('the wait after the welcome', async () => {
      const state = await handle.query(journeyStateQuery);
      return state.stepId === 'wait-1' && state;
    });
    expect(waiting).toMatchObject({ status: 'waiting', stepId: 'wait-1', waitingFor: 'wait 3 days' });

    await handle.signal(engagementSignal, { type: 'replied' });
    expect(await handle.result()).toEqual({ status: 'EXITED', reason: 'goal:replied' });
    await env.sleep('30 days');
    expect((await emailsTo(lead.email)).map((e) => e.stepId)).toEqual(['welcome']);
    expect(await db.prisma.enrollment.findFirstOrThrow({ where: { leadId: lead.id } })).toMatchObject({
      status: 'EXITED',
      exitReason: 'goal:replied',
    });
  });

  it('exits when sales marks the lead SQL (a field goal, re-checked on the leadChanged signal)', async () => {
    const lead = await newLead();
    const handle = await start('nurture', lead.id);
    await untilEmails(lead.email, 1);
    await db.prisma.lead.update({ where: { id: lead.id }, data: { status: 'SQL' } });
    await handle.signal('leadChanged');
    expect(await handle.result()).toEqual({ status: 'EXITED', reason: 'goal:became-sql' });
    expect(await emailsTo(lead.email)).toHaveLength(1);
  });

  it('sends nothing more after an unsubscribe during a wait', async () => {
    const lead = await newLead();
    const handle = await start('nurture', lead.id);
    await untilEmails(lead.email, 1);
    await db.prisma.lead.update({ where: { id: lead.id }, data: { unsubscribedAt: new Date() } });
    await handle.signal(unsubscribeSignal);
    expect(await handle.result()).toEqual({ status: 'EXITED', reason: 'unsubscribed' });
    await env.sleep('30 days');
    expect(await emailsTo(lead.email)).toHaveLength(1);
  });

  it('pauses and resumes: nothing is sent while paused, and the journey carries on after', async () => {
    const lead = await newLead();
    const handle = await start('nurture', lead.id);
    await untilEmails(lead.email, 1);
    await handle.signal(pauseSignal, {});
    await env.sleep('30 days'); // far past every wait
    expect(await handle.query(journeyStateQuery)).toMatchObject({ status: 'paused', waitingFor: 'paused' });
    expect(await emailsTo(lead.email)).toHaveLength(1);
    await handle.signal(resumeSignal);
    expect(await handle.result()).toEqual({ status: 'COMPLETED', reason: 'completed' });
    expect((await emailsTo(lead.email)).map((e) => e.stepId)).toEqual(['welcome', 'tips', 'nudge', 'offer']);
    const types = (await db.prisma.leadEvent.findMany({ where: { leadId: lead.id } })).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(['journey.paused', 'journey.resumed']));
  });

  it('exits on request with the reason recorded', async () => {
    const lead = await newLead();
    const handle = await start('nurture', lead.id);
    await handle.signal(exitSignal, { reason: 'asked by sales' });
    expect(await handle.result()).toEqual({ status: 'EXITED', reason: 'asked by sales' });
    expect(await db.prisma.enrollment.findFirstOrThrow({ where: { leadId: lead.id } })).toMatchObject({
      status: 'EXITED',
      exitReason: 'asked by sales',
    });
  });

  it('reports a duplicate enrollment instead of starting a second journey', async () => {
    const lead = await newLead();
    const first = await start('nurture', lead.id);
    const [again] = await enroll({ sequenceKey: 'nurture', leadIds: [lead.id] });
    expect(again).toMatchObject({ outcome: 'already_active', workflowId: first.workflowId });
    expect(await db.prisma.enrollment.count({ where: { leadId: lead.id } })).toBe(1);
    await first.signal(exitSignal, { reason: 'test done' });
    await first.result();
  });

  it('keeps running journeys on the version they started with; new enrollments take the latest', async () => {
    await publishSequence(db.prisma, {
      key: 'versioned',
      name: 'v',
      steps: [
        { id: 'a', type: 'email', email: { template: 'reminder' } },
        { id: 'w', type: 'wait', wait: { duration: '5 days' } },
        { id: 'b', type: 'email', email: { template: 'reminder' } },
      ],
    });
    const early = await newLead();
    const earlyHandle = await start('versioned', early.id);
    for (let i = 0; i < 10 && (await emailsTo(early.email)).length < 1; i++) await env.sleep('1 hour');
    const v2 = await publishSequence(db.prisma, {
      key: 'versioned',
      name: 'v',
      steps: [
        { id: 'a', type: 'email', email: { template: 'follow-up' } },
        { id: 'w', type: 'wait', wait: { duration: '5 days' } },
        { id: 'b', type: 'email', email: { template: 'follow-up' } },
      ],
    });
    expect(v2.version).toBe(2);
    const late = await newLead();
    await (await start('versioned', late.id)).result();
    await earlyHandle.result();
    const subjects = async (address: string) => (await emailsTo(address)).map((e) => e.subject.split(' ')[0]);
    expect(await subjects(early.email)).toEqual(['reminder', 'reminder']);
    expect(await subjects(late.email)).toEqual(['follow-up', 'follow-up']);
  });

  it('costs one send and at most one local activity for a one-email journey, and still writes every timeline row (patches journey-step-fold, journey-current-2026-12-01)', async () => {
    await publishSequence(db.prisma, {
      key: 'one-email',
      name: 'One email',
      settings: { category: 'sales', defaultTimeZone: 'UTC', goals: [] },
      steps: [{ id: 'only', type: 'email', email: { template: 'reminder' } }],
    });
    const lead = await newLead();
    const handle = await start('one-email', lead.id);
    expect(await handle.result()).toMatchObject({ status: 'COMPLETED' });

    const history = await handle.fetchHistory();
    const scheduled = history.events!.flatMap((e) =>
      e.activityTaskScheduledEventAttributes ? [e.activityTaskScheduledEventAttributes] : [],
    );
    const markers = history.events!.filter((e) => e.markerRecordedEventAttributes);
    const localActivities = markers.filter((e) => e.markerRecordedEventAttributes!.markerName === 'core_local_activity');
    expect(scheduled.map((a) => a.activityType?.name)).toEqual(['sendLeadEmail']);
    // At most beginJourney (definition and lead in one read): none when the first task ran within a
    // minute of the enrolment's read, by the server's clock, which this suite has moved days ahead
    // (journey-start-input.test.ts counts both cases on real time, ADR-055). The send writes the
    // rows before it and, as the last step, the journey's end (ADR-054): no finishEnrollment, nothing per row.
    expect(localActivities.length).toBeLessThanOrEqual(1);
    const enrollment = await db.prisma.enrollment.findFirstOrThrow({ where: { leadId: lead.id } });
    expect(enrollment).toMatchObject({ status: 'COMPLETED', exitReason: 'completed' });

    const timeline = await db.prisma.leadEvent.findMany({ where: { leadId: lead.id }, orderBy: { occurredAt: 'asc' } });
    const types = timeline.map((e) => e.type).sort();
    expect(types).toEqual(
      ['email.sent', 'journey.completed', 'journey.enrolled', 'journey.started', 'step.finished', 'step.started'].sort(),
    );
    expect(await emailsTo(lead.email)).toHaveLength(1);
  });
});
