import { z } from 'zod';
import { ZTimeZone } from '../../journey/definition';
import { ZConsentInput } from '../consent/schemas';

export const LEAD_SOURCES = [
  'REFERRAL',
  'PURCHASED_LIST',
  'TRADE_SHOW',
  'WEBINAR',
  'INBOUND_CONTENT',
  'SOCIAL',
  'LIVE_CHAT',
  'PHONE',
  'INBOUND_EMAIL',
  'WEB_FORM',
  'THIRD_PARTY',
] as const;
export const LEAD_STATUSES = ['NEW', 'MQL', 'SQL', 'CUSTOMER', 'LOST', 'DEFERRED', 'RECYCLED'] as const;
export const LEAD_HEATS = ['COLD', 'WARM', 'HOT'] as const;
export const PURCHASE_TIMEFRAMES = ['NONE', 'MONTHS', 'NOW'] as const;
/** DOMAIN.md, "Kinds of leads": no timeframe → cold, about two months → warm, immediate → hot. */
export const HEAT_OF_TIMEFRAME = { NONE: 'COLD', MONTHS: 'WARM', NOW: 'HOT' } as const;

const isLocale = (tag: string) => {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
};

/** Trimmed, lower-cased: the form leads are deduplicated on. */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export const ZLeadCreate = z.object({
  email: z.string().transform(normalizeEmail).pipe(z.email().max(254)),
  firstName: z.string().trim().min(1).max(100),
  lastName: z.string().trim().max(100).optional(),
  company: z.string().trim().max(200).optional(),
  phone: z.string().trim().max(40).optional(),
  locale: z.string().refine(isLocale, 'must be a BCP 47 language tag like "en" or "hy-AM"').default('en'),
  timeZone: ZTimeZone.default('UTC'),
  source: z.enum(LEAD_SOURCES).optional(),
  ownerName: z.string().trim().max(200).optional(),
  ownerEmail: z.string().transform(normalizeEmail).pipe(z.email()).optional(),
  attributes: z.record(z.string().regex(/^[A-Za-z0-9_]+$/), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
  /** The consent given when the lead was captured: recorded in the consent ledger. */
  consent: ZConsentInput.omit({ action: true }).optional(),
  /** The marketing campaign, e.g. "webinar-2026-11". */
  campaign: z.string().trim().min(1).max(100).optional(),
  /** What this lead cost to acquire, in cents (for cost per lead and per customer). */
  acquisitionCostCents: z.number().int().min(0).max(100_000_000).optional(),
  /** The purchase timeframe the person stated; sets the heat: NONE → cold, MONTHS → warm, NOW → hot. */
  purchaseTimeframe: z.enum(PURCHASE_TIMEFRAMES).optional(),
  /** Sales may set the heat directly; otherwise it follows purchaseTimeframe. */
  heat: z.enum(LEAD_HEATS).optional(),
  /** A customer's referral code (from their link): the lead's source becomes REFERRAL, linked to them. */
  referralCode: z.string().trim().min(4).max(40).optional(),
});
export type TLeadCreate = z.infer<typeof ZLeadCreate>;

/** Every field optional; status, heat, score and tags are sales' and marketing's levers. */
export const ZLeadUpdate = ZLeadCreate.omit({ email: true, consent: true, referralCode: true, purchaseTimeframe: true })
  .partial()
  .extend({
    status: z.never({ error: 'change the status with POST /leads/:id/status (it keeps the lifecycle history)' }).optional(),
    heat: z.enum(LEAD_HEATS).optional(),
    score: z.number().int().min(-100000).max(100000).optional(),
    tags: z.array(z.string().trim().min(1).max(60)).max(100).optional(),
  })
  .refine((u) => Object.values(u).some((v) => v !== undefined), 'change at least one field');
export type TLeadUpdate = z.infer<typeof ZLeadUpdate>;

export const ZLead = z.object({
  id: z.uuid(),
  email: z.string(),
  firstName: z.string(),
  lastName: z.string().nullable(),
  company: z.string().nullable(),
  phone: z.string().nullable(),
  locale: z.string(),
  timeZone: z.string(),
  status: z.enum(LEAD_STATUSES),
  heat: z.enum(LEAD_HEATS),
  source: z.enum(LEAD_SOURCES).nullable(),
  score: z.number().int(),
  tags: z.array(z.string()),
  attributes: z.record(z.string(), z.unknown()),
  ownerName: z.string().nullable(),
  ownerEmail: z.string().nullable(),
  campaign: z.string().nullable(),
  acquisitionCostCents: z.number().int().nullable(),
  purchaseTimeframe: z.string().nullable(),
  lostReason: z.string().nullable(),
  deferredUntil: z.date().nullable(),
  deferReason: z.string().nullable(),
  statusChangedAt: z.date(),
  assignedAt: z.date().nullable(),
  referrerCustomerId: z.string().nullable(),
  unsubscribedAt: z.date().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
export type TLead = z.infer<typeof ZLead>;

export const ZLeadId = z.object({ id: z.uuid() });

export const ZTimelineEntry = z.object({
  id: z.uuid(),
  type: z.string(),
  occurredAt: z.date(),
  enrollmentId: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});
export type TTimelineEntry = z.infer<typeof ZTimelineEntry>;

/** A database row as the API's lead (the JSON attributes column typed). */
export const toLead = <T extends { attributes: unknown }>(row: T) => ({
  ...row,
  attributes: (row.attributes ?? {}) as Record<string, unknown>,
});
