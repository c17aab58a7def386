/**
 * The lead list's state lives in the URL (shareable, back-button friendly, and what a saved view
 * stores): parse it, write it back, and turn it into GET /leads's query.
 */
import { LEAD_HEATS, LEAD_SOURCES, LEAD_STATUSES } from '@domain/leads/schemas';
import type { paths } from '../../api/schema';

export type TLeadQuery = NonNullable<paths['/leads']['get']['parameters']['query']>;
export type TSort = NonNullable<TLeadQuery['sort']>;
export type TStatus = (typeof LEAD_STATUSES)[number];
export type THeat = (typeof LEAD_HEATS)[number];
export type TSource = (typeof LEAD_SOURCES)[number];

/** The list's orders; their words are console.filters.sort.<value>. */
export const SORTS: readonly TSort[] = ['-createdAt', 'createdAt', '-score', 'score', '-updatedAt', 'updatedAt', 'name', '-name'];
export const DEFAULT_SORT: TSort = '-createdAt';

/** "me" stands for the signed-in person's rep email, so a saved view works for whoever opens it. */
export const OWNER_ME = 'me';
export const OWNER_NONE = 'none';

export type TLeadFilters = {
  q: string;
  status: TStatus[];
  heat: THeat[];
  source: TSource[];
  /** '' (anyone), 'me', 'none' or an email. */
  owner: string;
  tag: string;
  scoreMin: string;
  scoreMax: string;
  createdFrom: string;
  createdTo: string;
  hasOpenTasks: '' | 'true' | 'false';
  /** An open task past its due date. */
  hasOverdueTasks: '' | 'true' | 'false';
  sort: TSort;
};

export const EMPTY_FILTERS: TLeadFilters = {
  q: '',
  status: [],
  heat: [],
  source: [],
  owner: '',
  tag: '',
  scoreMin: '',
  scoreMax: '',
  createdFrom: '',
  createdTo: '',
  hasOpenTasks: '',
  hasOverdueTasks: '',
  sort: DEFAULT_SORT,
};

const listOf = <T extends string>(raw: string | null, allowed: readonly T[]): T[] =>
  (raw ?? '')
    .split(',')
    .map((s) => s.trim().toUpperCase())
    .filter((s): s is T => (allowed as readonly string[]).includes(s));

const INTEGER = /^-?\d+$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function parseFilters(params: URLSearchParams): TLeadFilters {
  const sort = params.get('sort');
  const bool = (name: string): '' | 'true' | 'false' => {
    const v = params.get(name);
    return v === 'true' || v === 'false' ? v : '';
  };
  const pick = (name: string, pattern: RegExp) => {
    const v = params.get(name)?.trim() ?? '';
    return pattern.test(v) ? v : '';
  };
  return {
    q: params.get('q') ?? '',
    status: listOf(params.get('status'), LEAD_STATUSES),
    heat: listOf(params.get('heat'), LEAD_HEATS),
    source: listOf(params.get('source'), LEAD_SOURCES),
    owner: params.get('owner')?.trim().toLowerCase() ?? '',
    tag: params.get('tag')?.trim() ?? '',
    scoreMin: pick('scoreMin', INTEGER),
    scoreMax: pick('scoreMax', INTEGER),
    createdFrom: pick('createdFrom', DAY),
    createdTo: pick('createdTo', DAY),
    hasOpenTasks: bool('hasOpenTasks'),
    hasOverdueTasks: bool('hasOverdueTasks'),
    sort: (SORTS as readonly string[]).includes(sort ?? '') ? (sort as TSort) : DEFAULT_SORT,
  };
}

/** The URL form: only what differs from the defaults, in a fixed order (so equal views compare equal). */
export function filtersToParams(filters: TLeadFilters): URLSearchParams {
  const params = new URLSearchParams();
  const put = (name: string, value: string) => {
    if (value) params.set(name, value);
  };
  put('q', filters.q.trim());
  put('status', filters.status.join(','));
  put('heat', filters.heat.join(','));
  put('source', filters.source.join(','));
  put('owner', filters.owner);
  put('tag', filters.tag);
  put('scoreMin', filters.scoreMin);
  put('scoreMax', filters.scoreMax);
  put('createdFrom', filters.createdFrom);
  put('createdTo', filters.createdTo);
  put('hasOpenTasks', filters.hasOpenTasks);
  put('hasOverdueTasks', filters.hasOverdueTasks);
  if (filters.sort !== DEFAULT_SORT) params.set('sort', filters.sort);
  return params;
}

/** A view's canonical query string (for "is this view the current one?"). */
export const canonicalQuery = (query: string): string => filtersToParams(parseFilters(new URLSearchParams(query))).toString();

const dayParts = (day: string): [number, number, number] => {
  const [y = 0, m = 1, d = 1] = day.split('-').map(Number);
  return [y, m - 1, d];
};
/** The first millisecond of a YYYY-MM-DD day in this browser's time zone, as an ISO instant. */
export const localDayStart = (day: string): string => new Date(...dayParts(day)).toISOString();
/** The last millisecond of that day (the API's createdTo is inclusive), as an ISO instant. */
export function localDayEnd(day: string): string {
  const [y, m, d] = dayParts(day);
  return new Date(new Date(y, m, d + 1).getTime() - 1).toISOString();
}

/** GET /leads's query for these filters, for the person `me` (their rep email). */
export function toApiQuery(filters: TLeadFilters, me: string, pageSize = 25): TLeadQuery {
  const query: TLeadQuery = { sort: filters.sort, limit: pageSize };
  const q = filters.q.trim();
  if (q) query.q = q;
  if (filters.status.length) query.status = filters.status.join(',');
  if (filters.heat.length) query.heat = filters.heat.join(',');
  if (filters.source.length) query.source = filters.source.join(',');
  if (filters.owner) query.owner = filters.owner === OWNER_ME ? me : filters.owner;
  if (filters.tag) query.tag = filters.tag;
  if (filters.scoreMin) query.scoreMin = Number(filters.scoreMin);
  if (filters.scoreMax) query.scoreMax = Number(filters.scoreMax);
  // Days are the person's own calendar days (as the list shows dates), sent as instants.
  if (filters.createdFrom) query.createdFrom = localDayStart(filters.createdFrom);
  if (filters.createdTo) query.createdTo = localDayEnd(filters.createdTo);
  if (filters.hasOpenTasks) query.hasOpenTasks = filters.hasOpenTasks;
  if (filters.hasOverdueTasks) query.hasOverdueTasks = filters.hasOverdueTasks;
  return query;
}

/** How many filters (besides the search text and sort) are set, for the filter panel's summary. */
export function activeFilterCount(filters: TLeadFilters): number {
  const { q: _q, sort: _sort, ...rest } = filters;
  return Object.values(rest).filter((v) => (Array.isArray(v) ? v.length > 0 : v !== '')).length;
}
