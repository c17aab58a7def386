/**
 * Send windows across daylight-saving changes, on a time-skipping server of its own (the
 * server's clock must start at the real "now": the dates below are computed from it, so the
 * test never expires).
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createEnrollLeads } from '../../domain/sequences/enroll-leads';
import { publishSequence } from '../../domain/sequences/publish-sequence';
import type { TRunningWorker } from '../../worker/start-worker';
import { createTestDatabase, type TTestDatabase } from '../helpers/database';
import { createTestMail } from '../helpers/mail';
import { createTemplates } from '../helpers/journeys';
import { createTestWorker, createTimeSkippingEnv, uniqueTaskQueue } from '../helpers/temporal';

/** The last Sunday of a month, 01:00 UTC: when the EU changes clocks. */
function euTransition(year: number, month: 3 | 10): number {
  const lastDay = new Date(Date.UTC(year, month, 0, 1));
  return lastDay.getTime() - lastDay.getUTCDay() * 86_400_000;
}
/** The next EU transition of that month after `now`. */
const nextTransition = (now: number, month: 3 | 10) => {
  const year = new Date(now).getUTCFullYear();
  return euTransition(year, month) - 3 * 86_400_000 > now ? euTransition(year, month) : euTransition(year + 1, month);
};
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', '+00:00');

describe('send window across daylight-saving changes (Europe/Helsinki, Mon–Fri 09:00–17:00)', () => {
  let env: TestWorkflowEnvironment;
  let db: TTestDatabase;
  let mail: Awaited<ReturnType<typeof createTestMail>>;
  let worker: TRunningWorker;

  beforeAll(async () => {
    [env, db, mail] = await Promise.all([createTimeSkippingEnv(), createTestDatabase(), createTestMail()]);
    await createTemplates(db.prisma, ['reminder']);
    const taskQueue = uniqueTaskQueue('dst');
    worker = await createTestWorker({ env, prisma: db.prisma, mailer: mail.mailer, taskQueue });
    const now = await env.currentTimeMs();
    const spring = nextTransition(now, 3); // EET (UTC+2) → EEST (UTC+3)
    const autumn = nextTransition(now, 10); // EEST → EET
    // Each journey waits until the Saturday before a change, then emails: the window next opens
    // on Monday at 09:00 local time, whose UTC instant differs by an hour either side of it.
    for (const [key, sunday] of [
      ['spring', spring],
      ['autumn', autumn],
    ] as const) {
      await publishSequence(db.prisma, {
        key,
        name: key,
        settings: { sendWindow: { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '09:00', end: '17:00' } },
        steps: [
          { id: 'until-saturday', type: 'wait', wait: { until: iso(sunday - 86_400_000 + 9 * 3_600_000) } },
          { id: 'monday', type: 'email', email: { template: 'reminder' } },
        ],
      });
    }
    const enroll = createEnrollLeads({ prisma: db.prisma, temporal: env.client, taskQueue, searchAttributes: false });
    for (const [key, sunday] of [
      ['spring', spring],
      ['autumn', autumn],
    ] as const) {
      const lead = await db.prisma.lead.create({ data: { email: `${key}@example.fi`, firstName: 'Päivi', timeZone: 'Europe/Helsinki' } });
      const [r] = await enroll({ sequenceKey: key, leadIds: [lead.id] });
      expectations.push({ key, address: lead.email, mondayMidnightUtc: sunday - 3_600_000 + 86_400_000, workflowId: r!.workflowId! });
    }
    for (const e of expectations) await env.client.workflow.getHandle(e.workflowId).result();
  });
  afterAll(async () => {
    await worker?.stop();
    await Promise.all([env?.teardown(), db?.cleanup(), mail?.close()]);
  });

  const expectations: { key: string; address: string; mondayMidnightUtc: number; workflowId: string }[] = [];
  const sentAt = async (address: string) =>
    (await db.prisma.emailMessage.findFirstOrThrow({ where: { toAddress: address } })).scheduledFor!.toISOString();

  it('after the spring change, sends at 09:00 EEST = 06:00 UTC', async () => {
    const e = expectations.find((x) => x.key === 'spring')!;
    expect(await sentAt(e.address)).toBe(new Date(e.mondayMidnightUtc + 6 * 3_600_000).toISOString());
  });

  it('after the autumn change, sends at 09:00 EET = 07:00 UTC', async () => {
    const e = expectations.find((x) => x.key === 'autumn')!;
    expect(await sentAt(e.address)).toBe(new Date(e.mondayMidnightUtc + 7 * 3_600_000).toISOString());
  });
});
