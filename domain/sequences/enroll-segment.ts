/**
 * Segments (issue 12): enrol "all leads matching this view" — the GET /leads filters of the
 * console's lead list — in a sequence. A preview counts the matches (and those already active in
 * the sequence, which the job will skip) before anyone confirms; the enrolment itself is a bulk
 * job (bulk-enroll.ts, ADR-041) over every matching lead id, read with one SQL query built from
 * the same conditions as the search (search/search-sql.ts), so the segment is exactly the view.
 */
import type { Client } from '@temporalio/client';
import { Prisma, type PrismaClient } from '../../generated/prisma/client';
import { AppError } from '../../lib/errors';
import { ZLeadSearchQuery, type TLeadSearchQuery } from '../leads/search/schemas';
import { countSql, pageSql, searchConditions } from '../leads/search/search-sql';
import { MAX_BULK_ENROLL_LEADS, startBulkEnrollment, type TBulkEnrollment } from './bulk-enroll';

/** The GET /leads query string as a record; paging parameters (cursor, limit) do not narrow a segment. */
export type TSegmentQuery = Record<string, string | string[]>;

export type TSegmentPreview = {
  total: number;
  alreadyActive: number;
  sample: { id: string; name: string; email: string }[];
};

const SAMPLE_SIZE = 5;

/** The view's filters, parsed as GET /leads parses them; a bad one is a 400 naming the parameter. */
export function parseSegmentQuery(query: TSegmentQuery): TLeadSearchQuery {
  const { cursor: _cursor, limit: _limit, ...filters } = query;
  const parsed = ZLeadSearchQuery.safeParse(filters);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `query.${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new AppError('VALIDATION_FAILED', `Invalid lead filter: ${issues.join('; ')}`, { details: issues });
  }
  return parsed.data;
}

async function sequenceIdOf(prisma: PrismaClient, sequenceKey: string): Promise<string> {
  const sequence = await prisma.sequence.findUnique({ where: { key: sequenceKey }, select: { id: true } });
  if (!sequence) throw new AppError('NOT_FOUND', `Sequence ${sequenceKey} does not exist`);
  return sequence.id;
}

const where = (and: Prisma.Sql[]) => (and.length ? Prisma.sql`WHERE ${Prisma.join(and, ' AND ')}` : Prisma.empty);

export async function previewSegment(
  deps: { prisma: PrismaClient },
  input: { sequenceKey: string; query: TSegmentQuery },
): Promise<TSegmentPreview> {
  const query = parseSegmentQuery(input.query);
  const sequenceId = await sequenceIdOf(deps.prisma, input.sequenceKey);
  const now = new Date();
  const active = Prisma.sql`EXISTS (SELECT 1 FROM "Enrollment" e WHERE e."leadId" = "Lead"."id" AND e."sequenceId" = ${sequenceId}::uuid AND e."status" = 'ACTIVE')`;
  const [counted, activeCounted, page] = await Promise.all([
    deps.prisma.$queryRaw<Array<{ total: number }>>(countSql(query, now)),
    deps.prisma.$queryRaw<Array<{ total: number }>>(
      Prisma.sql`SELECT count(*)::int AS "total" FROM "Lead" ${where([...searchConditions(query, now), active])}`,
    ),
    deps.prisma.$queryRaw<Array<{ id: string }>>(pageSql({ ...query, limit: SAMPLE_SIZE }, now)),
  ]);
  const ids = page.slice(0, SAMPLE_SIZE).map((r) => r.id);
  const rows = ids.length
    ? await deps.prisma.lead.findMany({ where: { id: { in: ids } }, select: { id: true, firstName: true, lastName: true, email: true } })
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return {
    total: counted[0]?.total ?? 0,
    alreadyActive: activeCounted[0]?.total ?? 0,
    sample: ids.flatMap((id) => {
      const r = byId.get(id);
      return r ? [{ id: r.id, name: [r.firstName, r.lastName].filter(Boolean).join(' '), email: r.email }] : [];
    }),
  };
}

/** Every matching lead id in the view's order, one query, at most MAX_BULK_ENROLL_LEADS + 1 (to know there are more). */
function segmentIdsSql(query: TLeadSearchQuery, now: Date): Prisma.Sql {
  const page = pageSql({ ...query, limit: MAX_BULK_ENROLL_LEADS }, now);
  return Prisma.sql`SELECT "id" FROM (${page}) AS segment`;
}

export async function enrollSegment(
  deps: { prisma: PrismaClient; temporal: Client; taskQueue: string },
  input: { sequenceKey: string; query: TSegmentQuery; requestedBy: string },
): Promise<TBulkEnrollment> {
  const query = parseSegmentQuery(input.query);
  await sequenceIdOf(deps.prisma, input.sequenceKey);
  const now = new Date();
  const rows = await deps.prisma.$queryRaw<Array<{ id: string }>>(segmentIdsSql(query, now));
  if (rows.length > MAX_BULK_ENROLL_LEADS) {
    const counted = await deps.prisma.$queryRaw<Array<{ total: number }>>(countSql(query, now));
    const total = counted[0]?.total ?? rows.length;
    throw new AppError(
      'VALIDATION_FAILED',
      `${total.toLocaleString('en')} leads match this view; at most ${MAX_BULK_ENROLL_LEADS.toLocaleString('en')} can be enrolled at once: narrow the filters`,
    );
  }
  if (!rows.length) throw new AppError('VALIDATION_FAILED', 'No lead matches this view: there is nobody to enrol');
  return startBulkEnrollment(deps, { sequenceKey: input.sequenceKey, leadIds: rows.map((r) => r.id), requestedBy: input.requestedBy });
}
