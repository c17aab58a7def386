import { z } from 'zod';
import { normalizeEmail } from '../leads/schemas';
import { ZStaffLocale } from '../staff/staff-translator';

export const ZRepEmail = z.object({ email: z.string().transform(normalizeEmail).pipe(z.email()) });

export const ZRepInput = z.object({
  name: z.string().trim().min(1).max(200),
  /** 1 is the top tier: hot leads go there first. */
  tier: z.number().int().min(1).max(10).default(2),
  /** Open leads (NEW, MQL, SQL, RECYCLED) the rep can hold at once. */
  capacity: z.number().int().min(0).max(100_000).default(50),
  managerEmail: z.string().transform(normalizeEmail).pipe(z.email()).optional(),
  active: z.boolean().default(true),
  /** The language of the engine's emails to this rep (reminders, escalations, new leads); null: STAFF_LOCALE. Omitted: unchanged. */
  locale: ZStaffLocale.optional(),
});
export type TRepInput = z.infer<typeof ZRepInput>;

export const ZRep = ZRepInput.extend({
  email: z.string(),
  managerEmail: z.string().nullable(),
  locale: z.string().nullable(),
  openLeads: z.number().int(),
  lastAssignedAt: z.date().nullable(),
});
