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

/** The INSERT's source: `SELECT … FROM unnest(…)`, to embed in a larger statement (a CTE). */
export function leadEventValues(rows: readonly TLeadEventRow[]): Prisma.Sql {
  const col = <T>(f: (e: TLeadEventRow) => T) => rows.map(f);
  const now = new Date().toISOString();
  return Prisma.sql`
    SELECT id, lead_id, enrollment_id, type, key, occurred_at::timestamp(3), ${now}::timestamp(3), data::jsonb
    FROM unnest(
      ${col((e) => e.id ?? randomUUID())}::uuid[],
      ${col((e) => e.leadId)}::uuid[],
      ${col((e) => e.enrollmentId ?? null)}::uuid[],
      ${col((e) => e.type)}::text[],
      ${col((e) => e.idempotencyKey ?? null)}::text[],
      ${col((e) => (e.occurredAt == null ? now : new Date(e.occurredAt).toISOString()))}::text[],
      ${col((e) => JSON.stringify(e.data ?? {}))}::text[]
    ) AS v(id, lead_id, enrollment_id, type, key, occurred_at, data)`;
}

/** The column list matching leadEventValues. */
export const LEAD_EVENT_COLUMNS = Prisma.sql`("id", "leadId", "enrollmentId", "type", "idempotencyKey", "occurredAt", "recordedAt", "data")`;

/**
 * Inserts the rows; with `skipDuplicates` a row whose idempotencyKey (or id) exists is skipped
 * (a retried write lands once), without it the conflict fails the statement (P2002).
 */
export function insertLeadEvents(
  prisma: Pick<PrismaClient, '$executeRaw'>,
  rows: readonly TLeadEventRow[],
  { skipDuplicates }: { skipDuplicates: boolean },
): Prisma.PrismaPromise<number> {
  return prisma.$executeRaw`
    INSERT INTO "LeadEvent" ${LEAD_EVENT_COLUMNS}
    ${leadEventValues(rows)}
    ${skipDuplicates ? Prisma.sql`ON CONFLICT DO NOTHING` : Prisma.empty}`;
}
