/**
 * Timeline rows in one statement (issue 13, ADR-053): INSERT … SELECT FROM unnest(…), one array
 * parameter per column, no transaction around it. Prisma's createMany with skipDuplicates wraps
 * its INSERT in BEGIN/COMMIT (three round trips and a pooled connection held for them); this is
 * one. Used where rows are written often: a batch capture, a journey's pending rows, a send's
 * settlement, a journey's end.
 */
import { randomUUID } from 'node:crypto';
import { Prisma, type PrismaClient } from '../../generated/prisma/client';

/** A LeadEvent as written here: ids and times are made here (createMany would), recordedAt is now. */
export type TLeadEventRow = {
  id?: string;
  leadId: string;
  enrollmentId?: string | null;
  type: string;
  data?: unknown;
  occurredAt?: Date | string | null;
  idempotencyKey?: string | null;
};

/**
 * The whole INSERT as a fragment, to run alone (insertLeadEvents) or as the main statement under a
 * data-modifying CTE (a settlement, a journey's end, a send's first read). With `skipDuplicates`
 * a row whose idempotencyKey (or id) exists is skipped (a retried write lands once); without it the
 * conflict fails the statement (a unique violation: lib/db/unique-violation.ts).
 */
export function leadEventsInsert(rows: readonly TLeadEventRow[], { skipDuplicates }: { skipDuplicates: boolean }): Prisma.Sql {
  const col = <T>(f: (e: TLeadEventRow) => T) => rows.map(f);
  const now = new Date().toISOString();
  return Prisma.sql`
    INSERT INTO "LeadEvent" ("id", "leadId", "enrollmentId", "type", "idempotencyKey", "occurredAt", "recordedAt", "data")
    SELECT id, lead_id, enrollment_id, type, key, occurred_at::timestamp(3), ${now}::timestamp(3), data::jsonb
    FROM unnest(
      ${col((e) => e.id ?? randomUUID())}::uuid[],
      ${col((e) => e.leadId)}::uuid[],
      ${col((e) => e.enrollmentId ?? null)}::uuid[],
      ${col((e) => e.type)}::text[],
      ${col((e) => e.idempotencyKey ?? null)}::text[],
      ${col((e) => (e.occurredAt == null ? now : new Date(e.occurredAt).toISOString()))}::text[],
      ${col((e) => JSON.stringify(e.data ?? {}))}::text[]
    ) AS v(id, lead_id, enrollment_id, type, key, occurred_at, data)
    ${skipDuplicates ? Prisma.sql`ON CONFLICT DO NOTHING` : Prisma.empty}`;
}

/** Inserts the rows in one statement (see leadEventsInsert for `skipDuplicates`). */
export function insertLeadEvents(
  prisma: Pick<PrismaClient, '$executeRaw'>,
  rows: readonly TLeadEventRow[],
  options: { skipDuplicates: boolean },
): Prisma.PrismaPromise<number> {
  return prisma.$executeRaw(leadEventsInsert(rows, options));
}
