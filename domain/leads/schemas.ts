import { z } from 'zod';

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

const isTimeZone = (tz: string) => {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
};
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
  timeZone: z.string().refine(isTimeZone, 'must be an IANA time zone like "Europe/Helsinki"').default('UTC'),
  source: z.enum(LEAD_SOURCES).optional(),
});
export type TLeadCreate = z.infer<typeof ZLeadCreate>;

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
