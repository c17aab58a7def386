/**
 * A journey's end in the database: the enrolment leaves ACTIVE (COMPLETED or EXITED, with the
 * reason) and the timeline says so once. Both as parts of a larger statement (ADR-053): the UPDATE
 * as a data-modifying CTE, the row in the statement's INSERT of timeline rows. Written by the
 * journey's finish (activities/journey/finish-enrollment.ts) or, when the journey's last step is
 * an email, by that email's settlement (patch `journey-current-2026-12-01`, ADR-054).
 */
import { Prisma, type PrismaClient } from '../../generated/prisma/client';
import { leadEventsInsert, type TLeadEventRow } from '../leads/insert-lead-events';

export type TEnrollmentEnd = {
  enrollmentId: string;
  leadId: string;
  status: 'COMPLETED' | 'EXITED';
  reason: string;
  endedAt: Date;
};

/** The UPDATE, for a `WITH … AS (…)`: an enrolment already ended (a retry, an earlier end) is left as it is. */
export const endEnrollmentUpdate = (end: TEnrollmentEnd): Prisma.Sql => Prisma.sql`
  UPDATE "Enrollment"
  SET "status" = ${end.status}::"EnrollmentStatus", "exitReason" = ${end.reason}, "endedAt" = ${end.endedAt.toISOString()}::timestamp(3)
  WHERE "id" = ${end.enrollmentId}::uuid AND "status" = 'ACTIVE'`;

/** The timeline row (`journey.completed` or `journey.exited`), keyed once per enrolment. */
export const enrollmentEndRow = (end: TEnrollmentEnd): TLeadEventRow & { idempotencyKey: string } => ({
  idempotencyKey: `${end.enrollmentId}/finished`,
  leadId: end.leadId,
  enrollmentId: end.enrollmentId,
  type: end.status === 'COMPLETED' ? 'journey.completed' : 'journey.exited',
  data: { reason: end.reason },
  occurredAt: end.endedAt,
});

/**
 * An end with the journey's last timeline rows before its own row: what endEnrollment writes, and
 * what an email that ends its journey writes with its SENT row (domain/emails/email-ledger.ts markSent).
 */
export type TJourneyEnd = { end: TEnrollmentEnd; rows: readonly TLeadEventRow[] };

/** The end's timeline rows in order: the journey's last rows, then its own. */
export const journeyEndRows = ({ end, rows }: TJourneyEnd): TLeadEventRow[] => [...rows, enrollmentEndRow(end)];

/** Ends the enrolment and writes the rows, in one statement: both land or neither; a retry lands nothing twice. */
export async function endEnrollment(prisma: Pick<PrismaClient, '$executeRaw'>, journeyEnd: TJourneyEnd): Promise<void> {
  await prisma.$executeRaw`
    WITH ended AS (${endEnrollmentUpdate(journeyEnd.end)})
    ${leadEventsInsert(journeyEndRows(journeyEnd), { skipDuplicates: true })}`;
}
