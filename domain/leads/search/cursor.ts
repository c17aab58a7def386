/**
 * Keyset cursors for GET /leads: the sort they belong to, the last item's sort key and its id,
 * as base64url JSON. Opaque to clients; a cursor from another sort, or a damaged one, is refused.
 */
import { z } from 'zod';

export const LEAD_SORTS = ['createdAt', '-createdAt', 'score', '-score', 'updatedAt', '-updatedAt', 'name', '-name'] as const;
export type TLeadSort = (typeof LEAD_SORTS)[number];

/** Each sort: the column it orders by (then by id, in the same direction) and how its key is typed. */
export const SORT_KEYS = {
  createdAt: { field: 'createdAt', kind: 'date' },
  updatedAt: { field: 'updatedAt', kind: 'date' },
  score: { field: 'score', kind: 'number' },
  name: { field: 'sortName', kind: 'string' },
} as const;

export const sortOf = (sort: TLeadSort) => ({
  ...SORT_KEYS[sort.replace(/^-/, '') as keyof typeof SORT_KEYS],
  direction: sort.startsWith('-') ? ('desc' as const) : ('asc' as const),
});

export type TLeadCursor = { sort: TLeadSort; key: Date | number | string; id: string };

const ZCursorJson = z.object({ s: z.enum(LEAD_SORTS), k: z.union([z.string().max(1000), z.number().int()]), i: z.uuid() });

export function encodeCursor(cursor: TLeadCursor): string {
  const k = cursor.key instanceof Date ? cursor.key.toISOString() : cursor.key;
  return Buffer.from(JSON.stringify({ s: cursor.sort, k, i: cursor.id })).toString('base64url');
}

/** The cursor, or a reason it is not one. */
export function decodeCursor(text: string): TLeadCursor | { problem: string } {
  const damaged = { problem: 'is not a cursor from this API: pass nextCursor from the previous page unchanged' };
  if (!/^[A-Za-z0-9_-]+$/.test(text)) return damaged;
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return damaged;
  }
  const parsed = ZCursorJson.safeParse(json);
  if (!parsed.success) return damaged;
  const { s: sort, k, i: id } = parsed.data;
  switch (sortOf(sort).kind) {
    case 'date': {
      const key = typeof k === 'string' && z.iso.datetime().safeParse(k).success ? new Date(k) : undefined;
      return key ? { sort, key, id } : damaged;
    }
    case 'number':
      return typeof k === 'number' ? { sort, key: k, id } : damaged;
    case 'string':
      return typeof k === 'string' ? { sort, key: k, id } : damaged;
  }
}
