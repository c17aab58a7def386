/**
 * Lead search for the API and the console (GET /leads): free text over the normalised
 * Lead.searchText (trigram-indexed, so a substring LIKE is an index lookup), filters, a sort, and
 * keyset pages on (sort key, id), so a deep page costs what the first does. The page's ids and the
 * count come from one SQL builder (search/search-sql.ts); the rows themselves from Prisma, so the
 * API returns exactly what GET /leads/:id does. See docs/ARCHITECTURE.md, ADR-033.
 */
import type { PrismaClient } from '../../generated/prisma/client';
import { toLead } from './schemas';
import { encodeCursor } from './search/cursor';
import type { TLeadSearchPage, TLeadSearchQuery } from './search/schemas';
import { countSql, pageSql } from './search/search-sql';

export async function searchLeads(deps: { prisma: PrismaClient }, query: TLeadSearchQuery): Promise<TLeadSearchPage> {
  const now = new Date();
  const [page, counted] = await Promise.all([
    deps.prisma.$queryRaw<Array<{ id: string; k: string | number }>>(pageSql(query, now)),
    deps.prisma.$queryRaw<Array<{ total: number }>>(countSql(query, now)),
  ]);
  const ids = page.slice(0, query.limit).map((r) => r.id);
  const rows = ids.length
    ? await deps.prisma.lead.findMany({ where: { id: { in: ids } }, omit: { searchText: true, sortName: true } })
    : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  const last = page[query.limit - 1];
  return {
    items: ids.flatMap((id) => {
      const row = byId.get(id);
      return row ? [toLead(row)] : [];
    }),
    total: counted[0]?.total ?? 0,
    nextCursor: page.length > query.limit && last ? encodeCursor({ sort: query.sort, key: last.k, id: last.id }) : null,
  };
}
