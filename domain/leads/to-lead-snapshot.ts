import type { Lead } from '../../generated/prisma/client';
import type { TLeadSnapshot } from '../../journey/engine';

/** The lead's columns a snapshot is made of (SNAPSHOT_COLUMNS, for a query that reads only them). */
export type TSnapshotColumns = Pick<Lead, (typeof SNAPSHOT_COLUMNS)[number]>;
export const SNAPSHOT_COLUMNS = [
  'id',
  'status',
  'heat',
  'score',
  'source',
  'locale',
  'timeZone',
  'company',
  'tags',
  'attributes',
  'deferredUntil',
  'statusChangedAt',
  'unsubscribedAt',
  'ownerEmail',
] as const;

/**
 * The lead as journeys and triggers see it: no personal data beyond what conditions need. The
 * lifecycle dates join the attributes (deferredUntil, lostAt…) so waits and repeats can use them.
 */
export function toLeadSnapshot(lead: TSnapshotColumns): TLeadSnapshot {
  const lifecycle: Record<string, string> = {};
  if (lead.deferredUntil) lifecycle.deferredUntil = lead.deferredUntil.toISOString();
  if (lead.status === 'LOST') lifecycle.lostAt = lead.statusChangedAt.toISOString();
  return {
    id: lead.id,
    status: lead.status,
    heat: lead.heat,
    score: lead.score,
    source: lead.source,
    locale: lead.locale,
    timeZone: lead.timeZone,
    company: lead.company,
    tags: lead.tags,
    attributes: { ...((lead.attributes ?? {}) as Record<string, unknown>), ...lifecycle },
    unsubscribed: lead.unsubscribedAt !== null,
    ownerEmail: lead.ownerEmail,
  };
}
