/**
 * The rate-limited send queue (ADR-041) on the dev server (real time: the task-queue rate limit is
 * the server's matching service at work): journeys schedule their emails on `<queue>-send`, whose
 * worker sets SEND_RATE_PER_SECOND; a burst above the ceiling queues instead of failing, the
 * journey state says it waits for send capacity, and every email goes out exactly once. How close
 * the achieved rate comes to the ceiling is measured in bench/ (`npm run bench -- sendrate`), not here.
 */
import { QueryNotRegisteredError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { journeyStateQuery } from '../../contract/journeys';
import { sendTaskQueueOf } from '../../contract/send-queue';
import { createEnrollLeads } from '../../domain/sequences/enroll-leads';
import { publishSequence } from '../../domain/sequences/publish-sequence';
import type { TRunningWorker } from '../../worker/start-worker';
import { createTestDatabase, type TTestDatabase } from '../helpers/database';
import { eventually } from '../helpers/eventually';
import { createTemplates } from '../helpers/journeys';
import { createTestMail } from '../helpers/mail';
import { createDevServerEnv, createTestWorker, uniqueTaskQueue } from '../helpers/temporal';

describe('the rate-limited send queue', () => {
  let env: TestWorkflowEnvironment;
  let db: TTestDatabase;
  let mail: Awaited<ReturnType<typeof createTestMail>>;
  let worker: TRunningWorker;
  const taskQueue = uniqueTaskQueue('send-queue');

  beforeAll(async () => {
    [env, db, mail] = await Promise.all([createDevServerEnv(), createTestDatabase(), createTestMail()]);
    // A low ceiling, so a burst of a dozen must queue.
    worker = await createTestWorker({ env, prisma: db.prisma, mailer: mail.mailer, taskQueue, envOverrides: { SEND_RATE_PER_SECOND: 2 } });
    await createTemplates(db.prisma, ['burst']);
    await publishSequence(db.prisma, {
      key: 'burst',
      name: 'one email',
      settings: { category: 'sales' },
      steps: [{ id: 'e', type: 'email', email: { template: 'burst' } }],
    });
  }, 60_000);
  afterAll(async () => {
    await worker?.stop();
    await Promise.all([env?.teardown(), db?.cleanup(), mail?.close()]);
  });

  it('queues a burst above the ceiling on the send queue, shows the wait in the journey state, and drops nothing', async () => {
    const n = 12;
    await db.prisma.lead.createMany({
      data: Array.from({ length: n }, (_, i) => ({ email: `burst-${i}@example.fi`, firstName: `B${i}` })),
    });
    const ids = (await db.prisma.lead.findMany({ where: { email: { startsWith: 'burst-' } } })).map((l) => l.id);
    const enroll = createEnrollLeads({ prisma: db.prisma, temporal: env.client, taskQueue, searchAttributes: false });
    const results = await enroll({ sequenceKey: 'burst', leadIds: ids });
    expect(results.every((r) => r.outcome === 'enrolled')).toBe(true);

    // While the queue drains at 2/s, a journey whose email has not gone yet says what it waits for.
    const waiting = await eventually(
      'a journey waiting for send capacity',
      async () => {
        for (const r of results) {
          // A journey still loading its definition has no state query yet: ask again.
          const live = await env.client.workflow
            .getHandle(r.workflowId!)
            .query(journeyStateQuery)
            .catch((e: unknown) => {
              if (e instanceof QueryNotRegisteredError) return undefined;
              throw e;
            });
          if (live?.waitingKind === 'sendCapacity') return live;
        }
        return false;
      },
      20_000,
    );
    expect(waiting).toMatchObject({ status: 'running', stepId: 'e', nextActionAt: null });
    expect(waiting.waitingFor).toMatch(/^send capacity: queued since .* on the rate-limited send queue$/);

    // Nothing dropped: every email sent once, every journey completed.
    await eventually('every email sent', async () => (await db.prisma.emailMessage.count({ where: { status: 'SENT' } })) === n, 60_000);
    await eventually(
      'every journey completed',
      async () => (await db.prisma.enrollment.count({ where: { status: 'COMPLETED' } })) === n,
      30_000,
    );
    const delivered = mail.capture.list().filter((m) => m.subject.startsWith('burst for'));
    expect(delivered).toHaveLength(n);
    expect(new Set(delivered.map((m) => m.to)).size).toBe(n);
    expect(await db.prisma.emailMessage.count({ where: { status: { not: 'SENT' } } })).toBe(0);

    // The send was scheduled on the send queue, not the journey's own.
    const history = await env.client.workflow.getHandle(results[0]!.workflowId!).fetchHistory();
    const scheduled = history.events!.flatMap((e) =>
      e.activityTaskScheduledEventAttributes ? [e.activityTaskScheduledEventAttributes] : [],
    );
    const send = scheduled.find((a) => a.activityType?.name === 'sendLeadEmail');
    expect(send?.taskQueue?.name).toBe(sendTaskQueueOf(taskQueue));
  }, 120_000);
});
