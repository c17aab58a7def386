/**
 * A journey's last email ends the journey (patch `journey-current-2026-12-01`, ADR-054), on real
 * parts: the send activity against a real database and SMTP capture. The statement that records
 * the email SENT also ends the enrolment COMPLETED with the step's `step.finished` row, unless the
 * lead the send read meets a goal or (marketing journeys) has unsubscribed; a retried send whose
 * email is already SENT ends the journey then, once. (The whole journey's side: journey.test.ts.)
 */
import { MockActivityEnvironment } from '@temporalio/testing';
import { activityConfigFromEnv, createActivities, type TSendLeadEmailInput, type TSendLeadEmailResult } from '../../activities';
import type { TCompletesJourney } from '../../activities/send-lead-email';
import type { TGoal } from '../../journey/definition';
import { publishSequence } from '../../domain/sequences/publish-sequence';
import { TemplateCache } from '../../lib/mail/render-template';
import { createTestDatabase, type TTestDatabase } from '../helpers/database';
import { createTemplates } from '../helpers/journeys';
import { createTestMail } from '../helpers/mail';
import { TEST_ENV } from '../helpers/temporal';

const SQL_GOAL: TGoal = { id: 'became-sql', when: { type: 'field', field: 'status', op: 'in', value: ['SQL'] } };

describe('a journey’s last email ends the journey (patch journey-current-2026-12-01)', () => {
  let db: TTestDatabase;
  let mail: Awaited<ReturnType<typeof createTestMail>>;
  let activities: ReturnType<typeof createActivities>;
  let version: { sequenceId: string; sequenceVersionId: string };
  let seq = 0;

  beforeAll(async () => {
    [db, mail] = await Promise.all([createTestDatabase(), createTestMail()]);
    await createTemplates(db.prisma, ['last-word']);
    const published = await publishSequence(db.prisma, {
      key: 'last-word',
      name: 'Last word',
      settings: { category: 'marketing', goals: [SQL_GOAL] },
      steps: [{ id: 'only', type: 'email', email: { template: 'last-word' } }],
    });
    version = { sequenceId: published.sequenceId, sequenceVersionId: published.versionId };
    activities = createActivities({
      prisma: db.prisma,
      mailer: mail.mailer,
      templates: new TemplateCache(),
      config: activityConfigFromEnv(TEST_ENV),
    });
  });
  afterAll(async () => {
    await Promise.all([db?.cleanup(), mail?.close()]);
  });

  /** A lead enrolled (ACTIVE), and the send its journey would make for its last step. */
  async function lastSend(lead: { status?: 'SQL'; unsubscribed?: boolean } = {}) {
    seq++;
    const row = await db.prisma.lead.create({
      data: {
        email: `last-${seq}@example.is`,
        firstName: `Þóra${seq}`,
        ...(lead.status ? { status: lead.status } : {}),
        ...(lead.unsubscribed ? { unsubscribedAt: new Date() } : {}),
      },
    });
    const enrollment = await db.prisma.enrollment.create({
      data: { leadId: row.id, ...version, workflowId: `journey/last-word/${row.id}` },
    });
    const completesJourney: TCompletesJourney = {
      rows: [
        {
          enrollmentId: enrollment.id,
          leadId: row.id,
          type: 'step.finished',
          data: { stepId: 'only', type: 'email', run: 1 },
          atMs: Date.now() - 30_000,
          idempotencyKey: `${enrollment.id}/e3`,
        },
      ],
      goals: [SQL_GOAL],
      events: [],
      unsubscribedEnds: true,
    };
    const input: TSendLeadEmailInput = {
      leadId: row.id,
      enrollmentId: enrollment.id,
      stepId: 'only',
      templateKey: 'last-word',
      idempotencyKey: `${enrollment.id}/only/1`,
      category: 'marketing',
    };
    return { lead: row, enrollment, input, completesJourney };
  }
  const send = (input: TSendLeadEmailInput): Promise<TSendLeadEmailResult> =>
    new MockActivityEnvironment().run(activities.sendLeadEmail, input);
  /** The lead's timeline rows' types, sorted (rows written by one statement share their times). */
  const timeline = async (leadId: string) => (await db.prisma.leadEvent.findMany({ where: { leadId } })).map((e) => e.type).sort();

  it('records the email SENT and ends the enrolment COMPLETED in the same statement, with the step’s last row', async () => {
    const { lead, enrollment, input, completesJourney } = await lastSend();
    const before = Date.now();

    const result = await send({ ...input, completesJourney });

    expect(result).toMatchObject({ status: 'sent', completed: true });
    const ended = await db.prisma.enrollment.findUniqueOrThrow({ where: { id: enrollment.id } });
    expect(ended).toMatchObject({ status: 'COMPLETED', exitReason: 'completed' });
    // The step finished when its email was recorded, not when the journey asked (its clock may lag by a minute).
    expect(ended.endedAt!.getTime()).toBeGreaterThanOrEqual(before - 5);
    expect(await timeline(lead.id)).toEqual(['email.sent', 'journey.completed', 'step.finished']);
    const finished = await db.prisma.leadEvent.findFirstOrThrow({ where: { leadId: lead.id, type: 'step.finished' } });
    expect(finished.occurredAt).toEqual(ended.endedAt);
  });

  it('leaves the journey to end itself when the lead the send read meets a goal', async () => {
    const { lead, enrollment, input, completesJourney } = await lastSend({ status: 'SQL' });

    const result = await send({ ...input, completesJourney });

    // The email still goes (the goal is the journey's to act on), but the end is the workflow's: EXITED goal:became-sql.
    expect(result.status).toBe('sent');
    expect(result.completed).toBeUndefined();
    expect(await db.prisma.enrollment.findUniqueOrThrow({ where: { id: enrollment.id } })).toMatchObject({ status: 'ACTIVE' });
    expect(await timeline(lead.id)).toEqual(['email.sent']);
  });

  it('leaves the journey to end itself when a marketing journey’s lead has unsubscribed and the email still went (a sales email)', async () => {
    const { lead, enrollment, input, completesJourney } = await lastSend({ unsubscribed: true });

    const result = await send({ ...input, category: 'sales', completesJourney });

    expect(result.status).toBe('sent');
    expect(result.completed).toBeUndefined();
    expect(await db.prisma.enrollment.findUniqueOrThrow({ where: { id: enrollment.id } })).toMatchObject({ status: 'ACTIVE' });
    expect(await timeline(lead.id)).toEqual(['email.sent']);
  });

  it('ends the journey once when a retry finds its email already SENT, and a later retry writes nothing more', async () => {
    const { lead, enrollment, input, completesJourney } = await lastSend();
    // An attempt recorded the email but not the end (as a run before the patch does).
    expect(await send(input)).toMatchObject({ status: 'sent', alreadySettled: false });
    expect(await db.prisma.enrollment.findUniqueOrThrow({ where: { id: enrollment.id } })).toMatchObject({ status: 'ACTIVE' });

    const retried = await send({ ...input, completesJourney });
    const again = await send({ ...input, completesJourney });

    expect(retried).toMatchObject({ status: 'sent', alreadySettled: true, completed: true });
    expect(again).toMatchObject({ status: 'sent', alreadySettled: true, completed: true });
    expect(mail.capture.list().filter((m) => m.envelopeTo.includes(lead.email))).toHaveLength(1);
    expect(await db.prisma.enrollment.findUniqueOrThrow({ where: { id: enrollment.id } })).toMatchObject({
      status: 'COMPLETED',
      exitReason: 'completed',
    });
    expect(await timeline(lead.id)).toEqual(['email.sent', 'journey.completed', 'step.finished']);
  });
});
