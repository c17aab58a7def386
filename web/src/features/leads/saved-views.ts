/**
 * Saved views of the lead list: query strings. Three are built in; the ones people save are
 * kept in this browser's localStorage (per browser, not per account: a later version can move
 * them to the server).
 */
import type { TTranslate } from '../../lib/translate';
import { canonicalQuery } from './search-params';

export type TSavedView = { name: string; query: string; description?: string };

/** The built-in views, named in the reader's language (console.views.builtIn.<id>.name / .description). */
const BUILT_IN_QUERIES = {
  hot: 'heat=HOT&owner=me&sort=-score',
  unassigned: 'owner=none',
  overdue: 'hasOverdueTasks=true&sort=updatedAt',
} as const;

export const builtInViews = (t: TTranslate): TSavedView[] =>
  Object.entries(BUILT_IN_QUERIES).map(([id, query]) => ({
    name: t(`views.builtIn.${id}.name`),
    query,
    description: t(`views.builtIn.${id}.description`),
  }));

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
