/**
 * The SQL of a lead search, in one place for the page and its count. Raw SQL (through Prisma's
 * tagged templates: every value a parameter) because two things it needs have no Prisma form:
 *
 * - a row comparison for the keyset, `(key, id) < ($k, $id)`, which the (key, id) btree answers
 *   as a range, so a deep page costs what the first does;
 * - an optimisation fence (`OFFSET 0`) for free text: with `ORDER BY key LIMIT n`, PostgreSQL
 *   otherwise walks the sort index and filters, expecting matches spread evenly; but the leads a
 *   name matches are bunched in name order (all the Arabic names sort last), and that walk read
 *   94,000 rows for 51 (67 ms at 100,000 leads). Fenced, the trigram index finds the matches and
 *   only they are sorted. Terms under three characters have no trigrams and stay unfenced: the
 *   index walk is then the better plan, as such terms match densely.
 */
import { Prisma } from '../../../generated/prisma/client';
import { sortOf, type TLeadCursor } from './cursor';
import type { TLeadSearchQuery } from './schemas';
import { searchTerms } from './search-text';

/** LIKE's wildcards and escape character, taken literally. */
const escapeLike = (term: string) => term.replace(/[\\%_]/g, '\\$&');

/** Dates as the UTC wall time Prisma stores in `timestamp(3)` columns (a cast to timestamp drops the Z). */
const timestamp = (d: Date) => Prisma.sql`${d.toISOString()}::timestamp`;

const COLUMNS = { createdAt: '"createdAt"', updatedAt: '"updatedAt"', score: '"score"', sortName: '"sortName"' } as const;

/**
 * Every condition of the query but the cursor: what `total` counts. `now` decides what is overdue
 * (one instant for a page and its count).
 */
export function searchConditions(query: TLeadSearchQuery, now: Date = new Date()): Prisma.Sql[] {
  const and: Prisma.Sql[] = searchTerms(query.q ?? '').map((t) => Prisma.sql`"searchText" LIKE ${`%${escapeLike(t)}%`}`);
  if (query.status) and.push(Prisma.sql`"status" = ANY(CAST(${query.status}::text[] AS "LeadStatus"[]))`);
  if (query.heat) and.push(Prisma.sql`"heat" = ANY(CAST(${query.heat}::text[] AS "LeadHeat"[]))`);
  if (query.source) and.push(Prisma.sql`"source" = ANY(CAST(${query.source}::text[] AS "LeadSource"[]))`);
  if (query.owner === null) and.push(Prisma.sql`"ownerEmail" IS NULL`);
  else if (query.owner !== undefined) and.push(Prisma.sql`"ownerEmail" = ${query.owner}`);
  if (query.tag) and.push(Prisma.sql`"tags" && ${query.tag}::text[]`);
  if (query.scoreMin !== undefined) and.push(Prisma.sql`"score" >= ${query.scoreMin}`);
  if (query.scoreMax !== undefined) and.push(Prisma.sql`"score" <= ${query.scoreMax}`);
  if (query.createdFrom) and.push(Prisma.sql`"createdAt" >= ${timestamp(query.createdFrom)}`);
  if (query.createdTo) and.push(Prisma.sql`"createdAt" < ${timestamp(query.createdTo)}`);
  if (query.hasOpenTasks !== undefined) {
    const open = Prisma.sql`EXISTS (SELECT 1 FROM "Task" t WHERE t."leadId" = "Lead"."id" AND t."status" = 'OPEN')`;
    and.push(query.hasOpenTasks ? open : Prisma.sql`NOT ${open}`);
  }
  if (query.hasOverdueTasks !== undefined) {
    const overdue = Prisma.sql`EXISTS (SELECT 1 FROM "Task" t WHERE t."leadId" = "Lead"."id" AND t."status" = 'OPEN' AND t."dueAt" < ${timestamp(now)})`;
    and.push(query.hasOverdueTasks ? overdue : Prisma.sql`NOT ${overdue}`);
  }
  return and;
}

const where = (and: Prisma.Sql[]) => (and.length ? Prisma.sql`WHERE ${Prisma.join(and, ' AND ')}` : Prisma.empty);

export const countSql = (query: TLeadSearchQuery, now: Date = new Date()) =>
  Prisma.sql`SELECT count(*)::int AS "total" FROM "Lead" ${where(searchConditions(query, now))}`;

/** One page of ids in order, with each row's sort key (the next cursor's), one row past the page to know whether more follow. */
export function pageSql(query: TLeadSearchQuery, now: Date = new Date()): Prisma.Sql {
  const { field, kind, direction } = sortOf(query.sort);
  const column = Prisma.raw(COLUMNS[field]);
  const and = searchConditions(query, now);
  if (query.cursor)
    and.push(
      Prisma.sql`(${column}, "id") ${Prisma.raw(direction === 'desc' ? '<' : '>')} (${cursorKey(query.cursor, kind)}, ${query.cursor.id}::uuid)`,
    );
  const dir = Prisma.raw(direction === 'desc' ? 'DESC' : 'ASC');
  // Dates leave as text: the cursor must carry the stored value exactly, whatever the driver makes of timestamps.
  const key = kind === 'date' ? Prisma.sql`to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')` : column;
  const fence = searchTerms(query.q ?? '').some((t) => [...t].length >= 3);
  return fence
    ? Prisma.sql`SELECT "id", "k" FROM (SELECT "id", ${column} AS "s", ${key} AS "k" FROM "Lead" ${where(and)} OFFSET 0) AS m
        ORDER BY "s" ${dir}, "id" ${dir} LIMIT ${query.limit + 1}`
    : Prisma.sql`SELECT "id", ${key} AS "k" FROM "Lead" ${where(and)} ORDER BY ${column} ${dir}, "id" ${dir} LIMIT ${query.limit + 1}`;
}

function cursorKey(cursor: TLeadCursor, kind: 'date' | 'number' | 'string'): Prisma.Sql {
  switch (kind) {
    case 'date':
      return timestamp(cursor.key instanceof Date ? cursor.key : new Date(cursor.key));
    case 'number':
      return Prisma.sql`${Number(cursor.key)}::int`;
    case 'string':
      return Prisma.sql`${String(cursor.key)}::text`;
  }
}
