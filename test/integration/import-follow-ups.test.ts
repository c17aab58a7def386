/**
 * An import's follow-ups after its rows (ADR-051, patch import-follow-ups-after-capture), on real
 * parts: the time-skipping Temporal server running the import workflow, a real database, SMTP
 * capture. A 1,200-row import routed to two reps sends each rep exactly one digest (in the rep's
 * language, counting their leads, naming the known lead the file touched again) instead of a
 * notice per lead; every lead gets its routing-SLA watch and every trigger journey starts — with
 * a batch, a follow-up call and a digest call each "crashing" once after doing their work. A
 * single capture (POST /leads) still notifies its new owner at once.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createImportLeadBatch } from '../../activities/imports/import-lead-batch';
import { createRunImportFollowUps, createSendImportDigests } from '../../activities/imports/run-import-follow-ups';
import { activityConfigFromEnv } from '../../activities';
import { createCrmDeps, crmConfigFromEnv, type TCrmDeps } from '../../domain/crm/crm-deps';
import { startLeadImport } from '../../domain/imports/start-lead-import';
import { captureLead } from '../../domain/leads/capture-lead';
import { runCaptureFollowUps } from '../../domain/leads/capture-lead-batch';
import { ZLeadCreate } from '../../domain/leads/schemas';
import { publishSequence } from '../../domain/sequences/publish-sequence';
import type { TCaptureFollowUps } from '../../contract/capture-follow-up';
import { mapLimited } from '../../lib/each-limited';
import type { TRunningWorker } from '../../worker/start-worker';
import { createTestDatabase, type TTestDatabase } from '../helpers/database';
import { eventually } from '../helpers/eventually';
import { createTestMail } from '../helpers/mail';
import { createTestWorker, createTimeSkippingEnv, TEST_ENV, uniqueTaskQueue } from '../helpers/temporal';

const ROWS = 1_200;
const REP_EN = 'anna.rep@nurture.test';
const REP_FI = 'ville.rep@nurture.test';

describe('import follow-ups after the rows are captured', () => {
  let env: TestWorkflowEnvironment;
  let db: TTestDatabase;
  let mail: Awaited<ReturnType<typeof createTestMail>>;
  let worker: TRunningWorker;
  let crm: TCrmDeps;
  let taskQueue: string;
  const crashes = { batch: 1, followUps: 1, digests: 1 };

  beforeAll(async () => {
    [env, db, mail] = await Promise.all([createTimeSkippingEnv(), createTestDatabase(), createTestMail()]);
    taskQueue = uniqueTaskQueue('import-follow-ups');
    const testEnv = { ...TEST_ENV, TEMPORAL_TASK_QUEUE: taskQueue };
    crm = createCrmDeps({ prisma: db.prisma, temporal: env.client, taskQueue, config: crmConfigFromEnv(testEnv) });
    const importLeadBatch = createImportLeadBatch({ prisma: db.prisma, crm });
    const runImportFollowUps = createRunImportFollowUps({ prisma: db.prisma, crm });
    const sendImportDigests = createSendImportDigests({ prisma: db.prisma, mailer: mail.mailer, config: activityConfigFromEnv(testEnv) });
    worker = await createTestWorker({
      env,
      prisma: db.prisma,
      mailer: mail.mailer,
      taskQueue,
      temporal: env.client,
      envOverrides: testEnv,
      activityOverrides: {
        // The second batch's rows (and its follow-ups, in the same transaction) are written, then the worker "dies".
        importLeadBatch: async (input) => {
          const done = await importLeadBatch(input);
          if (input.from > 0 && crashes.batch-- > 0) throw new Error('the worker lost its connection after the batch (test)');
          return done;
        },
        // The first batch's watches and journeys start, then the worker "dies" before marking it done.
        runImportFollowUps: async (input) => {
          if (crashes.followUps-- > 0) {
            const first = await db.prisma.leadImportFollowUp.findFirstOrThrow({
              where: { importId: input.importId },
              orderBy: { batchFrom: 'asc' },
            });
            await runCaptureFollowUps(crm, first.work as TCaptureFollowUps);
            throw new Error('the worker lost its connection mid follow-ups (test)');
          }
          return runImportFollowUps(input);
        },
        // Every digest goes out, then the worker "dies" before reporting it: the retry must not send again.
        sendImportDigests: async (input) => {
          const sent = await sendImportDigests(input);
          if (crashes.digests-- > 0) throw new Error('the worker lost its connection after the digests (test)');
          return sent;
        },
      },
    });
    // Two reps of one tier (round-robin halves the file), the second reading Finnish.
    await db.prisma.rep.createMany({
      data: [
        { email: REP_EN, name: 'Anna', tier: 1, capacity: 10_000 },
        { email: REP_FI, name: 'Ville', tier: 1, capacity: 10_000, locale: 'fi' },
      ],
    });
    // Every new lead starts a journey that waits (so nothing else emails the reps during the test).
    await publishSequence(db.prisma, {
      key: 'import-settle',
      name: 'Let imported leads settle',
      settings: { category: 'sales' },
      steps: [
        { id: 'settle', type: 'wait', wait: { duration: '30 days' } },
        { id: 'done', type: 'exit', exit: { reason: 'settled' } },
      ],
    });
    await db.prisma.journeyTrigger.create({
      data: { key: 'import-settle-on-created', event: 'lead.created', sequenceKey: 'import-settle' },
    });
    // A person Anna already owns, in the file again: her digest says so.
    await db.prisma.lead.create({ data: { email: 'known.import@example.fi', firstName: 'Known', ownerEmail: REP_EN } });
  }, 120_000);
  afterAll(async () => {
    await worker?.stop();
    await Promise.all([env?.teardown(), db?.cleanup(), mail?.close()]);
  });

  const toReps = () => mail.capture.list().filter((m) => m.to.includes(REP_EN) || m.to.includes(REP_FI));

  it('sends one digest per rep, starts every SLA watch and trigger journey, and completes before them', async () => {
    const lines = ['email,firstName,lastName', 'known.import@example.fi,Known,Again'];
    for (let i = 1; i < ROWS; i++) lines.push(`imported-${i}@example.fi,Lead${i},Import`);
    const job = await startLeadImport(
      { prisma: db.prisma, temporal: env.client, taskQueue },
      { csv: lines.join('\n'), fileName: 'fair.csv' },
    );

    const done = await eventually(
      'the import to complete',
      async () => {
        const j = await db.prisma.leadImport.findUniqueOrThrow({ where: { id: job.id } });
        return j.status === 'COMPLETED' && j;
      },
      300_000,
    );
    expect({ created: done.created, merged: done.merged, failed: done.failed }).toEqual({ created: ROWS - 1, merged: 1, failed: 0 });
    // One follow-up row per batch of 500, written with the rows: the retried batch did not add a second.
    expect(await db.prisma.leadImportFollowUp.count({ where: { importId: job.id } })).toBe(3);

    const imported = await db.prisma.lead.findMany({
      where: { email: { startsWith: 'imported-' } },
      select: { id: true, ownerEmail: true, assignedAt: true },
    });
    expect(imported).toHaveLength(ROWS - 1);
    const owned = (rep: string) => imported.filter((l) => l.ownerEmail === rep).length;
    expect(owned(REP_EN) + owned(REP_FI)).toBe(ROWS - 1);
    expect(Math.abs(owned(REP_EN) - owned(REP_FI))).toBeLessThanOrEqual(1);

    // Every trigger journey starts (the batch's enrolments were recorded with its rows).
    await eventually(
      'every imported lead to be enrolled by the trigger',
      async () => (await db.prisma.enrollment.count({ where: { sequence: { key: 'import-settle' } } })) === ROWS - 1,
      300_000,
    );
    const enrolments = await db.prisma.enrollment.groupBy({ by: ['leadId'], _count: true, where: { sequence: { key: 'import-settle' } } });
    expect(enrolments.filter((e) => e._count !== 1)).toEqual([]);
    await eventually(
      'every follow-up batch to be marked done',
      async () => (await db.prisma.leadImportFollowUp.count({ where: { importId: job.id, doneAt: null } })) === 0,
      120_000,
    );

    // Every assigned lead has its routing-SLA watch.
    const missing = (
      await mapLimited(imported, 16, async (l) => {
        try {
          await env.client.workflow.getHandle(`lead-sla/${l.id}`).describe();
          return undefined;
        } catch {
          return l.id;
        }
      })
    ).filter(Boolean);
    expect(missing).toEqual([]);

    // Exactly one email per rep: the digest, not 600 notices (nor a second copy after the crash).
    const digests = await eventually('both digests', async () => toReps().length >= 2 && toReps(), 60_000);
    await new Promise((r) => setTimeout(r, 1_000)); // nothing else arrives
    expect(
      toReps()
        .map((m) => m.to.match(/[\w.]+@nurture\.test/)?.[0])
        .sort(),
    ).toEqual([REP_EN, REP_FI].sort());
    const anna = digests.find((m) => m.to.includes(REP_EN))!;
    const ville = digests.find((m) => m.to.includes(REP_FI))!;
    expect(anna.subject).toBe(`${owned(REP_EN)} new leads for you from fair.csv`);
    expect(anna.text).toContain(`${owned(REP_EN)} new leads were assigned to you from the import fair.csv`);
    expect(anna.text).toMatch(/1 lead you already own was in fair\.csv again[^\n]*\n- Known/);
    expect(anna.text).toMatch(/… and \d+ more in the console\./);
    expect(anna.text).toContain('http://nurture.test/app/leads/');
    // Ville reads Finnish (his rep card's language).
    expect(ville.subject).toBe(`${owned(REP_FI)} uutta liidiä sinulle tiedostosta fair.csv`);
    expect(ville.text).toContain('Hei Ville,');
    // No per-lead notice workflow was started for an imported lead.
    const sample = imported.find((l) => l.assignedAt)!;
    await expect(
      env.client.workflow.getHandle(`notify/assigned/${sample.id}/${sample.assignedAt!.getTime()}`).describe(),
    ).rejects.toThrow();
  }, 600_000);

  it('still tells the new owner of a single capture at once', async () => {
    const before = toReps().length;
    const { lead } = await captureLead(crm, ZLeadCreate.parse({ email: 'single.capture@example.fi', firstName: 'Single' }));
    expect(lead.ownerEmail).toMatch(/@nurture\.test$/);
    const notice = await eventually(
      'the new-owner notice',
      async () => toReps().find((m) => m.to.includes(lead.ownerEmail!) && m.text.includes('single.capture@example.fi')),
      60_000,
    );
    expect(notice.text).toContain(lead.id);
    expect(toReps().length).toBe(before + 1);
  }, 120_000);
});
