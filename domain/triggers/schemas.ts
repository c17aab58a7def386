import { z } from 'zod';
import { ZCondition, ZSequenceKey } from '../../journey/definition';

/** What can enroll a lead automatically. Status events fire on every change into that status. */
export const TRIGGER_EVENTS = [
  'lead.created',
  'lead.mql',
  'lead.sql',
  'lead.deferred',
  'lead.lost',
  'lead.recycled',
  'customer.created',
  'purchase.recorded',
  'customer.promoter',
] as const;
export const ZTriggerEvent = z.enum(TRIGGER_EVENTS);
export type TTriggerEvent = z.infer<typeof ZTriggerEvent>;

export const ZTriggerKey = z.object({
  key: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be a trigger key like "nurture-cold-leads"'),
});

export const ZTriggerInput = z.object({
  event: ZTriggerEvent,
  sequenceKey: ZSequenceKey,
  /** Only leads matching this (same conditions as sequence branches); omit for every lead. */
  condition: ZCondition.nullable().default(null),
  active: z.boolean().default(true),
});
export type TTriggerInput = z.input<typeof ZTriggerInput>;

export const ZTrigger = z.object({
  key: z.string(),
  event: ZTriggerEvent,
  sequenceKey: z.string(),
  condition: ZCondition.nullable(),
  active: z.boolean(),
});
export type TTrigger = z.infer<typeof ZTrigger>;

/** A database row as the API's trigger (its JSON condition parsed). */
export const toTrigger = (row: { key: string; event: string; sequenceKey: string; condition: unknown; active: boolean }): TTrigger =>
  ZTrigger.parse({ ...row, condition: row.condition ?? null });
