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
} as const;

export type TNavItem = { to: string; label: string; roles: readonly TRole[] };

export const NAV_ITEMS: readonly TNavItem[] = [
  { to: PATHS.tasks, label: 'My tasks', roles: ['SALES', 'ADMIN'] },
  { to: PATHS.leads, label: 'Leads', roles: ['SALES', 'MARKETING', 'ADMIN'] },
  { to: PATHS.import, label: 'Import', roles: ['SALES', 'ADMIN'] },
  { to: PATHS.sequences, label: 'Sequences', roles: ['MARKETING', 'ADMIN'] },
];

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
