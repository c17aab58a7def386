/**
 * The email ledger (ADR-021, ADR-041): one EmailMessage row per idempotency key, claimed before
 * SMTP and settled once — sent, failed, or (lead emails) suppressed — each settlement written with
 * its timeline event in one transaction. Lead emails (activities/send-lead-email.ts) and
 * notifications (activities/journey/send-notification.ts) both keep their books here.
 */
import { randomUUID } from 'node:crypto';
import { Prisma, type EmailMessage, type PrismaClient } from '../../generated/prisma/client';
import { insertLeadEvents, leadEventsInsert } from '../leads/insert-lead-events';
import { endEnrollmentUpdate, journeyEndRows, type TJourneyEnd } from '../journeys/end-enrollment';

/** A timeline row written with a settlement; with an idempotencyKey it is written at most once. */
export type TLedgerEvent = {
  leadId: string;
  enrollmentId: string | null;
  type: string;
  data: Prisma.InputJsonValue;
  occurredAt?: Date;
  idempotencyKey?: string;
};

const writeEvent = (prisma: PrismaClient, event: TLedgerEvent) =>
  insertLeadEvents(prisma, [event], { skipDuplicates: Boolean(event.idempotencyKey) });

/** A claim's row: what the sender knows before SMTP (the rest takes the table's defaults: CLAIMED, 1 attempt, claimed now). */
export type TEmailClaim = {
  idempotencyKey: string;
  messageId: string;
  leadId: string;
  toAddress: string;
  subject: string;
  category: string;
  templateId?: string | null;
  enrollmentId?: string | null;
  stepId?: string | null;
  fromDomain?: string | null;
  workflowId?: string | null;
  scheduledFor?: Date | null;
  sendingAt?: Date | null;
};

/**
 * Claims the key: the new row from one INSERT … ON CONFLICT DO NOTHING RETURNING, or, when the key
 * is taken (an earlier attempt or another caller claimed it), that row, settled or not: the caller
 * decides. Raw (ADR-054): the model API's create cost 1.6 ms of CPU per claim, several times a raw statement;
 * createManyAndReturn with skipDuplicates would wrap the INSERT in a transaction (ADR-053).
 */
export async function claimEmail(prisma: PrismaClient, row: TEmailClaim): Promise<EmailMessage> {
  const at = (d: Date | null | undefined) => (d ? d.toISOString() : null);
  const [claimed] = await prisma.$queryRaw<EmailMessage[]>`
    INSERT INTO "EmailMessage" ("id", "idempotencyKey", "messageId", "leadId", "toAddress", "subject", "category",
      "templateId", "enrollmentId", "stepId", "fromDomain", "workflowId", "scheduledFor", "sendingAt")
    VALUES (${randomUUID()}::uuid, ${row.idempotencyKey}, ${row.messageId}, ${row.leadId}::uuid, ${row.toAddress}, ${row.subject},
      ${row.category}, ${row.templateId ?? null}::uuid, ${row.enrollmentId ?? null}::uuid, ${row.stepId ?? null}, ${row.fromDomain ?? null},
      ${row.workflowId ?? null}, ${at(row.scheduledFor)}::timestamp(3), ${at(row.sendingAt)}::timestamp(3))
    ON CONFLICT DO NOTHING
    RETURNING *`;
  return claimed ?? prisma.emailMessage.findUniqueOrThrow({ where: { idempotencyKey: row.idempotencyKey } });
}

/** Another attempt at SMTP: counted, and marked as sending before the lead's unsubscribe is read again. */
export const markRetrying = (prisma: PrismaClient, emailId: string) =>
  prisma.emailMessage.update({ where: { id: emailId }, data: { attempts: { increment: 1 }, sendingAt: new Date() } });

export async function markSent(
  prisma: PrismaClient,
  {
    emailId,
    response,
    sentAt,
    event,
    completion,
  }: { emailId: string; response: string; sentAt: Date; event: TLedgerEvent; completion?: TJourneyEnd | undefined },
): Promise<void> {
  // One statement (ADR-053): the row's UPDATE (and the enrolment's end) as data-modifying CTEs of the events' INSERT.
  const rows = completion ? [event, ...journeyEndRows(completion)] : [event];
  await prisma.$executeRaw`
    WITH sent AS (
      UPDATE "EmailMessage"
      SET "status" = 'SENT', "smtpResponse" = ${response}, "sentAt" = ${sentAt.toISOString()}::timestamp(3)
      WHERE "id" = ${emailId}::uuid
    )${completion ? Prisma.sql`, ended AS (${endEnrollmentUpdate(completion.end)})` : Prisma.empty}
    ${leadEventsInsert(rows, { skipDuplicates: rows.some((r) => r.idempotencyKey) })}`;
}

/** Refused for good: the row is FAILED with the reason. */
export async function markFailed(
  prisma: PrismaClient,
  { emailId, reason, event }: { emailId: string; reason: string; event: TLedgerEvent },
): Promise<void> {
  await prisma.$transaction([
    prisma.emailMessage.update({ where: { id: emailId }, data: { status: 'FAILED', error: reason } }),
    writeEvent(prisma, event),
  ]);
}

/** Not sent by policy (suppression, unsubscribe): the claim, if any, fails with the reason; the event is written once. */
export async function markSuppressed(
  prisma: PrismaClient,
  { emailId, reason, event }: { emailId: string | null; reason: string; event: TLedgerEvent & { idempotencyKey: string } },
): Promise<void> {
  await prisma.$transaction([
    ...(emailId ? [prisma.emailMessage.update({ where: { id: emailId }, data: { status: 'FAILED', error: reason } })] : []),
    writeEvent(prisma, event),
  ]);
}

/** Postponed by policy: nothing is claimed; the timeline says so once per deadline. */
export async function recordPostponed(prisma: PrismaClient, event: TLedgerEvent & { idempotencyKey: string }): Promise<void> {
  await writeEvent(prisma, event);
}

/** A transient failure: the row is no longer sending; `error` says whether the message may have gone out. */
export const markTransientFailure = (prisma: PrismaClient, emailId: string, error: string) =>
  prisma.emailMessage.update({ where: { id: emailId }, data: { sendingAt: null, error } });
