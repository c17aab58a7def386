/**
 * What an updateLead step does to the lead, as the journey sees it (its snapshot): the status,
 * heat, score and tags it sets. Pure: the simulator applies it to its leads; the activity
 * (activities/journey/update-lead-from-journey.ts) writes the same change to the database.
 */
import type { TStep } from './definition';
import type { TLeadSnapshot } from './engine';
import { parseDuration } from './time';

export type TLeadChange = Extract<TStep, { type: 'updateLead' }>['updateLead'];

/** The tags after a change: added ones appended (once), removed ones dropped. */
export function changedTags(tags: readonly string[], change: Pick<TLeadChange, 'addTags' | 'removeTags'>): string[] {
  const next = new Set(tags);
  for (const t of change.addTags ?? []) next.add(t);
  for (const t of change.removeTags ?? []) next.delete(t);
  return [...next];
}

/**
 * The snapshot after the change at journey time `atMs`, as the next loadLeadSnapshot would read
 * it: a LOST status dates `attributes.lostAt`, deferFor sets `attributes.deferredUntil`.
 */
export function applyLeadChange(lead: TLeadSnapshot, change: TLeadChange, atMs: number): TLeadSnapshot {
  const attributes = { ...lead.attributes };
  if (change.status === 'LOST') attributes['lostAt'] = new Date(atMs).toISOString();
  if (change.deferFor) attributes['deferredUntil'] = new Date(atMs + parseDuration(change.deferFor)!).toISOString();
  return {
    ...lead,
    ...(change.status ? { status: change.status } : {}),
    ...(change.heat ? { heat: change.heat } : {}),
    score: lead.score + (change.scoreDelta ?? 0),
    tags: changedTags(lead.tags, change),
    attributes,
  };
}
