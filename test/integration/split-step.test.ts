/**
 * The A/B split step on real parts (time-skipping Temporal, real database, SMTP capture): each
 * lead's variant is fixed by weight and lead, its email follows the variant, the KPIs count per
 * variant, and the winner rule sends every later lead to the best variant once its time has come.
 */
import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { getSequenceKpis } from '../../domain/kpis/get-sequence-kpis';
import { leadSearchFields } from '../../domain/leads/search/search-text';
import { createEnrollLeads } from '../../domain/sequences/enroll-leads';
import { publishSequence } from '../../domain/sequences/publish-sequence';
import { journeyWorkflowId } from '../../contract/journeys';
import { pickSplitVariant } from '../../journey/engine';
import type { TSequenceDefinitionInput } from '../../journey/definition';
import type { TRunningWorker } from '../../worker/start-worker';
import { createTestDatabase, type TTestDatabase } from '../helpers/database';
import { createTemplates } from '../helpers/journeys';
import { createTestMail } from '../helpers/mail';
import { createTestWorker, createTimeSkippingEnv, uniqueTaskQueue } from '../helpers/temporal';

const VARIANTS = [
  { name: 'A', weight: 1, goTo: 'send-a' },
  { name: 'B', weight: 1, goTo: 'send-b' },
];
const SPLIT: TSequenceDefinitionInput = {
  key: 'split-test',
  name: 'Subject line test',
  settings: { category: 'marketing', goals: [] },
  steps: [
    { id: 'subject', type: 'split', split: { variants: VARIANTS, winner: { after: '2 days', metric: 'clicked' } } },
    { id: 'send-a', type: 'email', email: { template: 'subject-a' } },
    { id: 'end-a', type: 'exit', exit: { reason: 'variant A sent' } },
    { id: 'send-b', type: 'email', email: { template: 'subject-b' } },
  ],
};

describe('the A/B split step', () => {
  let env: TestWorkflowEnvironment;
  let db: TTestDatabase;
  let mail: Awaited<ReturnType<typeof createTestMail>>;
  let worker: TRunningWorker;
  let enroll: ReturnType<typeof createEnrollLeads>;
  let seq = 0;

  beforeAll(async () => {
    [env, db, mail] = await Promise.all([createTimeSkippingEnv(), createTestDatabase(), createTestMail()]);
    const taskQueue = uniqueTaskQueue('split');
    worker = await createTestWorker({ env, prisma: db.prisma, mailer: mail.mailer, taskQueue, temporal: env.client });
    enroll = createEnrollLeads({ prisma: db.prisma, temporal: env.client, taskQueue, searchAttributes: false });
    await createTemplates(db.prisma, ['subject-a', 'subject-b']);
    await publishSequence(db.prisma, SPLIT);
  });
  afterAll(async () => {
    await worker?.stop();
    await Promise.all([env?.teardown(), db?.cleanup(), mail?.close()]);
  });

  /** A lead id whose weighted pick is `variant` (ids are random, so eight leads all land on one variant once in 128 runs). */
  function idPicking(variant: string): string {
    for (;;) {
      const id = randomUUID();
      if (pickSplitVariant(id, 'subject', VARIANTS) === variant) return id;
    }
  }

  async function runLeads(n: number, { bothVariants = false } = {}) {
    const leads = [];
    for (let i = 0; i < n; i++) {
      const input = { email: `split-${++seq}@example.mt`, firstName: `Lead${seq}` };
      // With bothVariants, the first two leads are one of each variant; the rest are as random as any lead.
      const id = bothVariants && i < 2 ? idPicking(VARIANTS[i]!.name) : randomUUID();
      leads.push(await db.prisma.lead.create({ data: { id, ...input, ...leadSearchFields(input) } }));
    }
    await enroll({ sequenceKey: SPLIT.key, leadIds: leads.map((l) => l.id) });
    for (const lead of leads) await env.client.workflow.getHandle(journeyWorkflowId(SPLIT.key, lead.id)).result();
    return Promise.all(
      leads.map(async (lead) => {
        const split = await db.prisma.leadEvent.findFirstOrThrow({ where: { leadId: lead.id, type: 'step.split' } });
        const email = await db.prisma.emailMessage.findFirstOrThrow({ where: { leadId: lead.id }, include: { template: true } });
        return {
          lead,
          data: split.data as { stepId: string; variant: string; by: string },
          template: email.template!.key,
          messageId: email.messageId,
          enrollmentId: email.enrollmentId,
        };
      }),
    );
  }

  it('gives each lead its variant by weight, the same on every run, and sends that variant’s email', async () => {
    const first = await runLeads(8, { bothVariants: true });
    for (const { lead, data, template } of first) {
      const expected = pickSplitVariant(lead.id, 'subject', VARIANTS);
      expect({ variant: data.variant, by: data.by, template }).toEqual({
        variant: expected,
        by: 'weight',
        template: expected === 'A' ? 'subject-a' : 'subject-b',
      });
    }
    // The per-variant funnel counts them.
    const kpis = await getSequenceKpis(db.prisma, {});
    const variants = kpis.items.find((i) => i.sequenceKey === SPLIT.key)!.variants;
    expect(variants.reduce((sum, v) => sum + v.enrolled, 0)).toBe(8);

    // B's emails get the clicks (as click tracking records them); after the rule's two days, every later lead goes to B.
    for (const sent of first.filter((f) => f.data.variant === 'B')) {
      await db.prisma.leadEvent.create({
        data: {
          leadId: sent.lead.id,
          enrollmentId: sent.enrollmentId,
          type: 'engagement.clicked',
          data: { messageId: sent.messageId, url: 'https://example.mt/offer' },
        },
      });
    }
    const bShare = first.filter((f) => f.data.variant === 'B').length;
    expect(bShare).toBeGreaterThan(0);
    await env.sleep('3 days');
    const later = await runLeads(6);
    for (const { data, template } of later) {
      expect({ variant: data.variant, template }).toEqual({ variant: 'B', template: 'subject-b' });
      expect(data.by).toMatch(/^winner \(best by clicked: B \d+\/\d+, A 0\/\d+\)$/);
    }
  }, 120_000);
});
