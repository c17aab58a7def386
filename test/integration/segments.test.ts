/**
 * Segments (issue 12) on real parts: the Temporal test server running the bulk enrolment workflow
 * and the journeys, a real database, the HTTP API through inject. A lead-list view (GET /leads
 * filters) is previewed (count, already active, a sample) and enrolled in the background; leads
 * outside the view are untouched, leads already active are skipped, a bad filter is a 400 naming
 * the parameter, and sales may not do it.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { InjectOptions } from 'fastify';
import { buildServer, type TApp } from '../../api/server';
import { createApiKey } from '../../domain/api-keys/create-api-key';
import { createEnrollLeads } from '../../domain/sequences/enroll-leads';
import { publishSequence } from '../../domain/sequences/publish-sequence';
import { createHealthChecks } from '../../lib/boot';
import { TemplateCache } from '../../lib/mail/render-template';
import type { TRunningWorker } from '../../worker/start-worker';
import { createTestDatabase, type TTestDatabase } from '../helpers/database';
import { eventually } from '../helpers/eventually';
import { createTestMail } from '../helpers/mail';
import { createTestWorker, createTimeSkippingEnv, TEST_ENV, uniqueTaskQueue } from '../helpers/temporal';

describe('segments: enrol the leads of a view', () => {
  let env: TestWorkflowEnvironment;
  let db: TTestDatabase;
  let mail: Awaited<ReturnType<typeof createTestMail>>;
  let worker: TRunningWorker;
  let app: TApp;
  let marketing: Record<string, string>;
  let sales: Record<string, string>;
  const taskQueue = uniqueTaskQueue('segments');
  const call = (o: InjectOptions, headers = marketing) => app.inject({ ...o, headers: { ...headers, ...(o.headers ?? {}) } });
  const preview = (query: Record<string, string>, headers = marketing, key = 'seg-wait') =>
    call({ method: 'POST', url: `/sequences/${key}/enrollments/segment/preview`, payload: { query } }, headers);
  const enrol = (query: Record<string, string>, headers = marketing, key = 'seg-wait') =>
    call({ method: 'POST', url: `/sequences/${key}/enrollments/segment`, payload: { query } }, headers);

  beforeAll(async () => {
    [env, db, mail] = await Promise.all([createTimeSkippingEnv(), createTestDatabase(), createTestMail()]);
    const templates = new TemplateCache();
    worker = await createTestWorker({ env, prisma: db.prisma, mailer: mail.mailer, taskQueue, templates, temporal: env.client });
    app = await buildServer({
      env: { ...TEST_ENV, TEMPORAL_TASK_QUEUE: taskQueue },
      prisma: db.prisma,
      temporal: env.client,
      mailer: mail.mailer,
      templates,
      health: createHealthChecks({ db, temporal: env.client, temporalAddress: 'test server', mailer: mail.mailer }),
    });
    marketing = { authorization: `Bearer ${(await createApiKey(db.prisma, { name: 'marketer', role: 'MARKETING' })).key}` };
    sales = { authorization: `Bearer ${(await createApiKey(db.prisma, { name: 'rep', role: 'SALES' })).key}` };
    await publishSequence(db.prisma, {
      key: 'seg-wait',
      name: 'waits a month',
      steps: [{ id: 'w', type: 'wait', wait: { duration: '30 days' } }],
    });
    // Eight leads tagged "spring" (two of them hot), four tagged "autumn".
    await db.prisma.lead.createMany({
      data: [
        ...Array.from({ length: 8 }, (_, i) => ({
          email: `spring-${i}@example.fi`,
          firstName: `Spring${i}`,
          lastName: 'Lead',
          tags: ['spring'],
          score: 50 - i,
          ...(i < 2 ? { heat: 'HOT' as const } : {}),
        })),
        ...Array.from({ length: 4 }, (_, i) => ({ email: `autumn-${i}@example.fi`, firstName: `Autumn${i}`, tags: ['autumn'] })),
      ],
    });
  }, 60_000);
  afterAll(async () => {
    await app?.close();
    await worker?.stop();
    await Promise.all([env?.teardown(), db?.cleanup(), mail?.close()]);
  });

  it('previews the view, enrols it in the background, skips leads already active and leaves the rest alone', async () => {
    // Two spring leads are already in the journey (an earlier enrolment).
    const springIds = (await db.prisma.lead.findMany({ where: { tags: { has: 'spring' } }, orderBy: { email: 'asc' } })).map((l) => l.id);
    const direct = createEnrollLeads({ prisma: db.prisma, temporal: env.client, taskQueue, searchAttributes: false });
    expect((await direct({ sequenceKey: 'seg-wait', leadIds: springIds.slice(0, 2) })).map((r) => r.outcome)).toEqual([
      'enrolled',
      'enrolled',
    ]);

    const before = await preview({ tag: 'spring', sort: '-score', limit: '2', cursor: '' });
    expect(before.statusCode).toBe(200);
    const counted = before.json() as { total: number; alreadyActive: number; sample: Array<{ name: string; email: string }> };
    // Paging parameters do not narrow a segment: all eight match, not the page of two.
    expect(counted).toMatchObject({ total: 8, alreadyActive: 2 });
    // The sample is the view's first five, in the view's sort (highest score first).
    expect(counted.sample.map((s) => s.name)).toEqual(['Spring0 Lead', 'Spring1 Lead', 'Spring2 Lead', 'Spring3 Lead', 'Spring4 Lead']);
    // Filters combine as on the lead list.
    expect((await preview({ tag: 'spring', heat: 'hot' })).json()).toMatchObject({ total: 2, alreadyActive: 2 });

    const started = await enrol({ tag: 'spring' });
    expect(started.statusCode).toBe(202);
    const job = started.json() as { id: string; total: number; status: string; requestedBy: string };
    expect(job).toMatchObject({ total: 8, status: 'RUNNING', requestedBy: 'api:marketer' });

    const done = await eventually(
      'the segment enrolment',
      async () => {
        const res = await call({ method: 'GET', url: `/enrollments/bulk/${job.id}` });
        const j = res.json() as { status: string };
        return j.status === 'COMPLETED' && j;
      },
      60_000,
    );
    // The two already active are skipped, not enrolled twice.
    expect(done).toMatchObject({ total: 8, processed: 8, enrolled: 6, skipped: 2, percent: 100 });
    const active = await db.prisma.enrollment.findMany({ where: { status: 'ACTIVE' }, select: { lead: { select: { email: true } } } });
    expect(active.map((e) => e.lead.email).sort()).toEqual(Array.from({ length: 8 }, (_, i) => `spring-${i}@example.fi`));
    // Now the whole view is active in the sequence: a second preview says so.
    expect((await preview({ tag: 'spring' })).json()).toMatchObject({ total: 8, alreadyActive: 8 });
  }, 120_000);

  it('answers a bad filter, an empty view and an unknown sequence with a clear error', async () => {
    const bad = await preview({ scoreMin: 'lots' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('query.scoreMin');
    const badStatus = await enrol({ status: 'MAYBE' });
    expect(badStatus.statusCode).toBe(400);
    expect(badStatus.json().error.message).toContain('query.status');

    const none = await enrol({ tag: 'winter' });
    expect(none.statusCode).toBe(400);
    expect(none.json().error.message).toBe('No lead matches this view: there is nobody to enrol');

    const unknown = await preview({ tag: 'spring' }, marketing, 'no-such-sequence');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.message).toBe('Sequence no-such-sequence does not exist');
  });

  it('is for marketing: sales may neither preview nor enrol a segment', async () => {
    expect((await preview({ tag: 'autumn' }, sales)).statusCode).toBe(403);
    expect((await enrol({ tag: 'autumn' }, sales)).statusCode).toBe(403);
    expect(await db.prisma.enrollment.count({ where: { lead: { tags: { has: 'autumn' } } } })).toBe(0);
  });
});
