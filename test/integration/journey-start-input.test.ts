/**
 * A new journey starts with what its enrolment read (ADR-055), on the dev server (real time: the
 * time-skipping server's clock runs ahead of the enrolling process's after its first skip). The
 * enrolment hands the journey the version's definition and the lead in its start input; a first
 * task within a minute of that read makes no read of its own, a later one (a backlog) reads the
 * lead again and acts on what it finds. Continue-as-new never carries the enrolment's read.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { defaultPayloadConverter } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { createEnrollLeads, type TEnrollLeads } from '../../domain/sequences/enroll-leads';
import { publishSequence } from '../../domain/sequences/publish-sequence';
import { toLeadSnapshot } from '../../domain/leads/to-lead-snapshot';
import { createPublishedVersions } from '../../domain/sequences/published-versions';
import { TemplateCache } from '../../lib/mail/render-template';
import { JOURNEY_START_FRESH_MS, JOURNEY_WORKFLOW, journeyWorkflowId, type TJourneyInput } from '../../contract/journeys';
import type { TRunningWorker } from '../../worker/start-worker';
import { createTestDatabase, type TTestDatabase } from '../helpers/database';
import { createTestMail } from '../helpers/mail';
import { createTemplates } from '../helpers/journeys';
import { createDevServerEnv, createTestWorker, uniqueTaskQueue } from '../helpers/temporal';

const SQL_GOAL = { id: 'became-sql', when: { type: 'field' as const, field: 'status', op: 'in' as const, value: ['SQL'] } };

describe('a journey starts with what its enrolment read (ADR-055)', () => {
  let env: TestWorkflowEnvironment;
  let db: TTestDatabase;
  let mail: Awaited<ReturnType<typeof createTestMail>>;
  let worker: TRunningWorker;
  let enroll: TEnrollLeads;
  let taskQueue: string;
  let seq = 0;

  beforeAll(async () => {
    [env, db, mail] = await Promise.all([createDevServerEnv(), createTestDatabase(), createTestMail()]);
    await createTemplates(db.prisma, ['hello']);
    await publishSequence(db.prisma, {
      key: 'one-email',
      name: 'One email',
      settings: { category: 'sales', defaultTimeZone: 'UTC', goals: [SQL_GOAL] },
      steps: [{ id: 'only', type: 'email', email: { template: 'hello' } }],
    });
    taskQueue = uniqueTaskQueue('start-input');
    worker = await createTestWorker({ env, prisma: db.prisma, mailer: mail.mailer, taskQueue, templates: new TemplateCache() });
    enroll = createEnrollLeads({ prisma: db.prisma, temporal: env.client, taskQueue, searchAttributes: false });
  });
  afterAll(async () => {
    await worker?.stop();
    await Promise.all([env?.teardown(), db?.cleanup(), mail?.close()]);
  });

  const newLead = (data: { attributes?: object } = {}) =>
    db.prisma.lead.create({ data: { email: `start-${++seq}@example.ee`, firstName: `Õie${seq}`, locale: 'et', ...data } });
  const emailsTo = (address: string) => db.prisma.emailMessage.findMany({ where: { toAddress: address } });
  const localActivitiesOf = (history: temporal.api.history.v1.IHistory) =>
    history.events!.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity');
  const inputOf = (history: temporal.api.history.v1.IHistory) =>
    defaultPayloadConverter.fromPayload<TJourneyInput>(history.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!);

  it('a fresh enrolment hands the journey its definition and lead: one send, no local activity, every timeline row', async () => {
    const lead = await newLead({ attributes: { fair: 'Tallinn 2026' } });
    const [result] = await enroll({ sequenceKey: 'one-email', leadIds: [lead.id] });
    expect(result).toMatchObject({ outcome: 'enrolled' });
    const handle = env.client.workflow.getHandle(result!.workflowId!);
    expect(await handle.result()).toEqual({ status: 'COMPLETED', reason: 'completed' });

    const history = await handle.fetchHistory();
    const input = inputOf(history);
    // What the enrolment read: the published version and the lead's snapshot (attributes included).
    expect(input.start).toMatchObject({
      sequenceKey: 'one-email',
      version: 1,
      definition: { key: 'one-email', steps: [{ id: 'only', type: 'email' }] },
      lead: { id: lead.id, locale: 'et', status: 'NEW', attributes: { fair: 'Tallinn 2026' } },
    });
    expect(Math.abs(Date.now() - input.start!.readAtMs)).toBeLessThan(JOURNEY_START_FRESH_MS);
    const scheduled = history.events!.flatMap((e) =>
      e.activityTaskScheduledEventAttributes ? [e.activityTaskScheduledEventAttributes] : [],
    );
    expect(scheduled.map((a) => a.activityType?.name)).toEqual(['sendLeadEmail']);
    expect(localActivitiesOf(history)).toEqual([]); // no beginJourney: the first task used the enrolment's read
    // A plain start (no `enrolled` signal event), one patch marker and its search-attribute upsert, one
    // activity, two workflow tasks: 13 events (15 with signal-with-start and the first read, 22 before ADR-054).
    expect(history.events!.map((e) => e.eventType)).toHaveLength(13);
    const types = (await db.prisma.leadEvent.findMany({ where: { leadId: lead.id } })).map((e) => e.type).sort();
    expect(types).toEqual(
      ['email.sent', 'journey.completed', 'journey.enrolled', 'journey.started', 'step.finished', 'step.started'].sort(),
    );
    expect(await emailsTo(lead.email)).toHaveLength(1);
  });

  it('a first task more than a minute after the read reads the lead again, and acts on what it finds (the goal met since)', async () => {
    const lead = await newLead();
    const version = await db.prisma.sequenceVersion.findFirstOrThrow({ where: { sequence: { key: 'one-email' } } });
    const read = await createPublishedVersions({ prisma: db.prisma })(version.id);
    if (!read.ok) throw new Error(read.message);
    const workflowId = journeyWorkflowId('one-email', lead.id);
    const enrollment = await db.prisma.enrollment.create({
      data: { leadId: lead.id, sequenceId: version.sequenceId, sequenceVersionId: version.id, workflowId, source: 'test' },
    });
    // Started as createEnrollLeads starts it, with a read two minutes old (a journey that waited in a
    // backlog); meanwhile the lead became SQL, which meets the sequence's goal.
    await db.prisma.lead.update({ where: { id: lead.id }, data: { status: 'SQL' } });
    const input: TJourneyInput = {
      version: 1,
      enrollmentId: enrollment.id,
      leadId: lead.id,
      sequenceVersionId: version.id,
      searchAttributes: false,
      start: { ...read.published, lead: toLeadSnapshot({ ...lead, status: 'NEW' }), readAtMs: Date.now() - 2 * 60_000 },
    };
    const handle = await env.client.workflow.start(JOURNEY_WORKFLOW, { taskQueue, workflowId, args: [input] });
    expect(await handle.result()).toEqual({ status: 'EXITED', reason: 'goal:became-sql' });

    const history = await handle.fetchHistory();
    const scheduled = history.events!.filter((e) => e.activityTaskScheduledEventAttributes);
    expect(scheduled).toEqual([]); // no send: the journey read the lead (SQL) before its first step
    // beginJourney, then finishEnrollment.
    expect(localActivitiesOf(history)).toHaveLength(2);
    expect(await emailsTo(lead.email)).toEqual([]);
    expect(await db.prisma.enrollment.findUniqueOrThrow({ where: { id: enrollment.id } })).toMatchObject({
      status: 'EXITED',
      exitReason: 'goal:became-sql',
    });
  });

  it('a run of the same id still closing is waited for, then the journey starts (a plain start never signals another run)', async () => {
    const lead = await newLead();
    const workflowId = journeyWorkflowId('one-email', lead.id);
    // A run of this journey id that has no enrolment row any more (on a queue nobody polls: it never ends by itself).
    const closing = await env.client.workflow.start(JOURNEY_WORKFLOW, {
      taskQueue: uniqueTaskQueue('nobody'),
      workflowId,
      args: [{ version: 1, enrollmentId: 'gone', leadId: lead.id, sequenceVersionId: 'gone', searchAttributes: false }],
    });
    const enrolling = enroll({ sequenceKey: 'one-email', leadIds: [lead.id] });
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await closing.terminate('closed');
    const [result] = await enrolling;
    expect(result).toMatchObject({ outcome: 'enrolled', workflowId });
    const handle = env.client.workflow.getHandle(workflowId);
    expect(await handle.result()).toEqual({ status: 'COMPLETED', reason: 'completed' });
    expect((await handle.describe()).runId).not.toBe(closing.firstExecutionRunId);
    expect(await emailsTo(lead.email)).toHaveLength(1);
  });

  it('a lead read as unsubscribed at enrolment is not enrolled in a marketing sequence; a lead enrolled in a chunk carries its own read', async () => {
    await publishSequence(db.prisma, {
      key: 'newsletter',
      name: 'Newsletter',
      settings: { category: 'marketing', defaultTimeZone: 'UTC', goals: [] },
      steps: [{ id: 'w', type: 'wait', wait: { duration: '30 days' } }],
    });
    const leads = await Promise.all([newLead({ attributes: { n: 1 } }), newLead({ attributes: { n: 2 } }), newLead()]);
    await db.prisma.lead.update({ where: { id: leads[2]!.id }, data: { unsubscribedAt: new Date() } });
    const results = await enroll({ sequenceKey: 'newsletter', leadIds: leads.map((l) => l.id) });
    expect(results.map((r) => r.outcome)).toEqual(['enrolled', 'enrolled', 'unsubscribed']);
    for (const [i, r] of results.slice(0, 2).entries()) {
      const handle = env.client.workflow.getHandle(r.workflowId!);
      const input = inputOf(await handle.fetchHistory());
      expect(input.start?.lead).toMatchObject({ id: leads[i]!.id, attributes: { n: i + 1 }, unsubscribed: false });
      await handle.terminate('test done');
    }
  });
});
