/**
 * Bulk enrolment (ADR-041) on real parts: the Temporal test server running the bulk workflow and
 * the journeys, a real database. Enrolment of a list in chunks with progress, a chunk that fails
 * after its work (the worker "lost its connection") and is retried, and nobody enrolled twice:
 * leads already active and unsubscribed leads are skipped, duplicates in the list count once.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createEnrollBulkChunk } from '../../activities/sequences/bulk-enroll';
import { createEnrollLeads } from '../../domain/sequences/enroll-leads';
import { getBulkEnrollment, startBulkEnrollment } from '../../domain/sequences/bulk-enroll';
import { publishSequence } from '../../domain/sequences/publish-sequence';
import type { TRunningWorker } from '../../worker/start-worker';
import { createTestDatabase, type TTestDatabase } from '../helpers/database';
import { eventually } from '../helpers/eventually';
import { createTestMail } from '../helpers/mail';
import { createTestWorker, createTimeSkippingEnv, uniqueTaskQueue } from '../helpers/temporal';

describe('bulk enrolment', () => {
  let env: TestWorkflowEnvironment;
  let db: TTestDatabase;
  let mail: Awaited<ReturnType<typeof createTestMail>>;
  let worker: TRunningWorker;
  const taskQueue = uniqueTaskQueue('bulk-enroll');
  /** Progress seen after each chunk, and jobs whose second chunk fails once after doing its work. */
  const progress: number[] = [];
  const crashSecondChunk = new Set<string>();

  beforeAll(async () => {
    [env, db, mail] = await Promise.all([createTimeSkippingEnv(), createTestDatabase(), createTestMail()]);
    const enroll = createEnrollLeads({ prisma: db.prisma, temporal: env.client, taskQueue, searchAttributes: false });
    const chunk = createEnrollBulkChunk({ prisma: db.prisma, enroll });
    worker = await createTestWorker({
      env,
      prisma: db.prisma,
      mailer: mail.mailer,
      taskQueue,
      temporal: env.client,
      activityOverrides: {
        enrollBulkChunk: async (input) => {
          const done = await chunk(input);
          progress.push((await getBulkEnrollment(db.prisma, input.jobId))!.processed);
          if (input.from > 0 && crashSecondChunk.delete(input.jobId))
            throw new Error('the worker lost its connection after the chunk (test)');
          return done;
        },
      },
    });
    await publishSequence(db.prisma, {
      key: 'bulk-wait',
      name: 'waits a month',
      steps: [{ id: 'w', type: 'wait', wait: { duration: '30 days' } }],
    });
  }, 60_000);
  afterAll(async () => {
    await worker?.stop();
    await Promise.all([env?.teardown(), db?.cleanup(), mail?.close()]);
  });

  it('enrols a list in chunks with progress, survives a retried chunk, and enrols nobody twice', async () => {
    const n = 260;
    await db.prisma.lead.createMany({
      data: Array.from({ length: n }, (_, i) => ({
        email: `bulk-${i}@example.fi`,
        firstName: `Bulk${i}`,
        ...(i === 7 ? { unsubscribedAt: new Date() } : {}),
      })),
    });
    const ids = (await db.prisma.lead.findMany({ where: { email: { startsWith: 'bulk-' } }, orderBy: { email: 'asc' } })).map((l) => l.id);
    // Three leads are already in the journey (an earlier request): they are skipped, not enrolled again.
    const enroll = createEnrollLeads({ prisma: db.prisma, temporal: env.client, taskQueue, searchAttributes: false });
    const before = await enroll({ sequenceKey: 'bulk-wait', leadIds: ids.slice(0, 3) });
    expect(before.map((r) => r.outcome)).toEqual(['enrolled', 'enrolled', 'enrolled']);

    const job = await startBulkEnrollment(
      { prisma: db.prisma, temporal: env.client, taskQueue },
      // A duplicate in the list counts once.
      { sequenceKey: 'bulk-wait', leadIds: [...ids, ids[10]!], requestedBy: 'api:test', chunkSize: 100 },
    );
    crashSecondChunk.add(job.id);
    expect(job).toMatchObject({ status: 'RUNNING', total: n, processed: 0 });

    const done = await eventually(
      'the bulk enrolment',
      async () => {
        const j = await getBulkEnrollment(db.prisma, job.id);
        return j?.status === 'COMPLETED' && j;
      },
      60_000,
    );
    expect(crashSecondChunk.has(job.id)).toBe(false); // the second chunk did fail once, and was retried
    // Progress moved chunk by chunk (the retried chunk reports the same point twice).
    expect(progress).toEqual([100, 200, 200, 260]);
    expect(done).toMatchObject({ total: n, processed: n, enrolled: n - 4, skipped: 4, percent: 100 });
    // Exactly one active enrolment and one timeline event per lead, whatever the retries.
    const active = await db.prisma.enrollment.groupBy({ by: ['leadId'], where: { status: 'ACTIVE' }, _count: { _all: true } });
    expect(active).toHaveLength(n - 1);
    expect(active.every((a) => a._count._all === 1)).toBe(true);
    expect(await db.prisma.leadEvent.count({ where: { type: 'journey.enrolled' } })).toBe(n - 1);
    expect(await db.prisma.enrollment.count({ where: { lead: { email: 'bulk-7@example.fi' } } })).toBe(0);
    // The journeys run: each started and is waiting on its timer.
    await eventually(
      'every journey waiting',
      async () => (await db.prisma.leadEvent.count({ where: { type: 'journey.waiting' } })) >= n - 1,
      60_000,
    );

    // A second request for the same list enrols nobody.
    const again = await enroll({ sequenceKey: 'bulk-wait', leadIds: ids });
    expect(again.filter((r) => r.outcome === 'enrolled')).toHaveLength(0);
    expect(new Set(again.map((r) => r.outcome))).toEqual(new Set(['already_active', 'unsubscribed']));
  }, 120_000);

  it('enrols each lead once when two requests race for the same leads (the loser reads the winner)', async () => {
    await publishSequence(db.prisma, {
      key: 'bulk-race',
      name: 'waits a month',
      steps: [{ id: 'w', type: 'wait', wait: { duration: '30 days' } }],
    });
    await db.prisma.lead.createMany({
      data: Array.from({ length: 40 }, (_, i) => ({ email: `race-${i}@example.fi`, firstName: `Race${i}` })),
    });
    const ids = (await db.prisma.lead.findMany({ where: { email: { startsWith: 'race-' } } })).map((l) => l.id);
    const enroll = createEnrollLeads({ prisma: db.prisma, temporal: env.client, taskQueue, searchAttributes: false });
    // Both requests check before either writes: one statement wins, the other hits the unique
    // index on active enrolments and resolves its leads one by one.
    const [a, b] = await Promise.all([
      enroll({ sequenceKey: 'bulk-race', leadIds: ids }),
      enroll({ sequenceKey: 'bulk-race', leadIds: ids }),
    ]);
    for (const [i, id] of ids.entries()) {
      const outcomes = [a[i]!.outcome, b[i]!.outcome].sort();
      expect({ id, outcomes }).toEqual({ id, outcomes: ['already_active', 'enrolled'] });
      expect(a[i]!.enrollmentId).toBe(b[i]!.enrollmentId); // the loser reports the winner's enrolment
    }
    const sequence = await db.prisma.sequence.findUniqueOrThrow({ where: { key: 'bulk-race' } });
    expect(await db.prisma.enrollment.count({ where: { sequenceId: sequence.id } })).toBe(40);
    expect(await db.prisma.leadEvent.count({ where: { type: 'journey.enrolled', lead: { email: { startsWith: 'race-' } } } })).toBe(40);
  });

  it('refuses an unknown sequence and an empty list with a clear error', async () => {
    await expect(
      startBulkEnrollment(
        { prisma: db.prisma, temporal: env.client, taskQueue },
        { sequenceKey: 'nope', leadIds: ['x'], requestedBy: 't' },
      ),
    ).rejects.toThrow('Sequence nope does not exist');
    await expect(
      startBulkEnrollment(
        { prisma: db.prisma, temporal: env.client, taskQueue },
        { sequenceKey: 'bulk-wait', leadIds: [], requestedBy: 't' },
      ),
    ).rejects.toThrow('leadIds: give at least one lead');
  });
});
