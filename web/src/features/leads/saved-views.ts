/**
 * Saved views of the lead list: query strings. Three are built in; the ones people save are
 * kept in this browser's localStorage (per browser, not per account: a later version can move
 * them to the server).
 */
import { canonicalQuery } from './search-params';

export type TSavedView = { name: string; query: string; description?: string };

export const BUILT_IN_VIEWS: readonly TSavedView[] = [
  { name: 'My hot leads', query: 'heat=HOT&owner=me&sort=-score', description: 'Hot leads you own, highest score first' },
  { name: 'Unassigned', query: 'owner=none', description: 'Leads without an owner, newest first' },
  {
    name: 'Overdue follow-ups',
    query: 'hasOverdueTasks=true&sort=updatedAt',
    description: 'Leads with a task past its due date, least recently touched first',
  },
];

const STORAGE_KEY = 'nurture.console.leadViews.v1';

function isView(v: unknown): v is TSavedView {
  return typeof v === 'object' && v !== null && typeof (v as TSavedView).name === 'string' && typeof (v as TSavedView).query === 'string';
}

/** localStorage, or anything with its two methods (tests). */
type TStore = { getItem(key: string): string | null; setItem(key: string, value: string): void };

export function loadUserViews(storage: Pick<TStore, 'getItem'>): TSavedView[] {
  try {
    const parsed: unknown = JSON.parse(storage.getItem(STORAGE_KEY) ?? '[]');
    return Array.isArray(parsed) ? parsed.filter(isView) : [];
  } catch {
    return [];
  }
}

export function storeUserViews(views: readonly TSavedView[], storage: Pick<TStore, 'setItem'>): void {
  storage.setItem(STORAGE_KEY, JSON.stringify(views));
}

/** Adds (or replaces, by name) a view; returns the new list. */
export function withView(views: readonly TSavedView[], view: TSavedView): TSavedView[] {
  const name = view.name.trim();
  return [...views.filter((v) => v.name.toLowerCase() !== name.toLowerCase()), { name, query: canonicalQuery(view.query) }];
}

export const withoutView = (views: readonly TSavedView[], name: string): TSavedView[] => views.filter((v) => v.name !== name);

export const isCurrentView = (view: TSavedView, currentQuery: string): boolean =>
  canonicalQuery(view.query) === canonicalQuery(currentQuery);
