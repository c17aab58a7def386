/**
 * A lead's row by id on the journey's hot path (a journey's first read, every send, the lead read
 * between steps), as one raw SELECT (issue 13, ADR-054). The model API's findUnique costs the
 * process about 1.7 ms of CPU per call (Prisma's query compiler and result mapping, for 31
 * columns) against about 0.5 ms for the same row through $queryRaw, which maps the same column
 * types to the same values (test/integration/raw-hot-path-rows.test.ts holds the two equal on a lead with
 * every field set, on PGlite and PostgreSQL). Everything off the hot path keeps the model API.
 */
import type { Lead, PrismaClient } from '../../generated/prisma/client';

export async function readLead(prisma: Pick<PrismaClient, '$queryRaw'>, leadId: string): Promise<Lead | null> {
  const [lead] = await prisma.$queryRaw<Lead[]>`SELECT * FROM "Lead" WHERE "id" = ${leadId}::uuid`;
  return lead ?? null;
}

/** When the lead unsubscribed (null: subscribed), read fresh: the send's last look before SMTP. */
export async function readUnsubscribedAt(prisma: Pick<PrismaClient, '$queryRaw'>, leadId: string): Promise<Date | null> {
  const [row] = await prisma.$queryRaw<{ unsubscribedAt: Date | null }[]>`
    SELECT "unsubscribedAt" FROM "Lead" WHERE "id" = ${leadId}::uuid`;
  if (!row) throw new Error(`Lead ${leadId} does not exist`);
  return row.unsubscribedAt;
}
