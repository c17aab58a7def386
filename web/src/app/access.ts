/**
 * What each role sees in the console. The API refuses anything a role may not do regardless;
 * this only keeps people from meeting buttons and pages that would answer 403.
 */
import type { TRole, TUser } from '../api/types';

export const PATHS = {
  signIn: '/app/sign-in',
  tasks: '/app/tasks',
  leads: '/app/leads',
  lead: (id: string) => `/app/leads/${encodeURIComponent(id)}`,
  import: '/app/import',
  sequences: '/app/sequences',
  sequenceNew: '/app/sequences/new',
  sequenceEdit: (key: string) => `/app/sequences/${encodeURIComponent(key)}/edit`,
  sequenceSimulate: (key: string, draft = false) => `/app/sequences/${encodeURIComponent(key)}/simulate${draft ? '?draft=1' : ''}`,
  templates: '/app/templates',
  template: (key: string) => `/app/templates/${encodeURIComponent(key)}`,
  scoring: '/app/scoring',
  catalogue: '/app/products',
  suppressions: '/app/suppressions',
  triggers: '/app/triggers',
  dashboards: '/app/dashboards',
  webhooks: '/app/webhooks',
  webhook: (id: string) => `/app/webhooks/${encodeURIComponent(id)}`,
} as const;

export type TNavItem = { to: string; label: string; roles: readonly TRole[] };

export const NAV_ITEMS: readonly TNavItem[] = [
  { to: PATHS.tasks, label: 'My tasks', roles: ['SALES', 'ADMIN'] },
  { to: PATHS.leads, label: 'Leads', roles: ['SALES', 'MARKETING', 'ADMIN'] },
  { to: PATHS.import, label: 'Import', roles: ['SALES', 'ADMIN'] },
  { to: PATHS.sequences, label: 'Sequences', roles: ['MARKETING', 'ADMIN'] },
  { to: PATHS.templates, label: 'Templates', roles: ['MARKETING', 'ADMIN'] },
  { to: PATHS.triggers, label: 'Triggers', roles: ['MARKETING', 'ADMIN'] },
  { to: PATHS.scoring, label: 'Scoring', roles: ['SALES', 'MARKETING', 'ADMIN'] },
  { to: PATHS.catalogue, label: 'Products', roles: ['SALES', 'MARKETING', 'ADMIN'] },
  { to: PATHS.suppressions, label: 'Suppressions', roles: ['MARKETING', 'ADMIN'] },
  { to: PATHS.dashboards, label: 'Dashboards', roles: ['SALES', 'MARKETING', 'ADMIN'] },
  { to: PATHS.webhooks, label: 'Webhooks', roles: ['ADMIN'] },
];

/** Marketing's configuration (templates, scoring, catalogue, suppressions, triggers): the API lets marketing and admin change it. */
export const canConfigure = (user: Pick<TUser, 'role'>): boolean => user.role === 'MARKETING' || user.role === 'ADMIN';

export const navFor = (role: TRole): TNavItem[] => NAV_ITEMS.filter((item) => item.roles.includes(role));

/** Where a role lands after signing in. */
export const homeFor = (role: TRole): string => (role === 'MARKETING' ? PATHS.leads : PATHS.tasks);

/** Actions the API allows only sales (and admin): follow-ups, conversion, completing tasks. */
export const canSell = (user: Pick<TUser, 'role'>): boolean => user.role === 'SALES' || user.role === 'ADMIN';

/** The address tasks and leads are assigned to for this person: their rep card's, else their own. */
export const repEmailOf = (user: Pick<TUser, 'email' | 'repEmail'>): string => user.repEmail ?? user.email;

/** A same-site path to return to after signing in, or undefined for anything else (no open redirect). */
export function safeNext(next: string | null): string | undefined {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return undefined;
  if (next.startsWith(PATHS.signIn)) return undefined;
  return next;
}
