import { z } from 'zod';

/** "marketing" (all marketing email) or "topic:<name>" (one sequence topic). */
export const ZConsentPurpose = z
  .string()
  .regex(/^(marketing|topic:[a-z0-9][a-z0-9-]{0,39})$/, 'must be "marketing" or "topic:<name>"')
  .default('marketing');

/** How far ahead of our clock a consent's time may be: the caller's clock may run a little fast. */
export const CONSENT_CLOCK_SKEW_MS = 5 * 60_000;

/** A consent dated after now (plus the allowed skew) is not a record of something that happened. */
export const isFutureConsentTime = (at: Date, now = Date.now()) => at.getTime() > now + CONSENT_CLOCK_SKEW_MS;

export const ZConsentInput = z.object({
  purpose: ZConsentPurpose,
  action: z.enum(['GRANTED', 'WITHDRAWN']).default('GRANTED'),
  /** Where: web-form, import, phone, trade-show… */
  source: z.string().trim().min(1).max(100),
  /** The version of the text the person agreed to, e.g. "privacy-2026-05". */
  textVersion: z.string().trim().min(1).max(100).optional(),
  /** When it was given; defaults to now. Never in the future (a few minutes of clock skew aside). */
  occurredAt: z.coerce
    .date()
    .refine((d) => !isFutureConsentTime(d), 'cannot be in the future: consent is recorded as given at or before now')
    .optional(),
});
export type TConsentInput = z.input<typeof ZConsentInput>;
export type TConsent = z.output<typeof ZConsentInput>;

export const ZConsentRecord = z.object({
  id: z.uuid(),
  purpose: z.string(),
  action: z.enum(['GRANTED', 'WITHDRAWN']),
  source: z.string(),
  textVersion: z.string().nullable(),
  occurredAt: z.date(),
  recordedAt: z.date(),
});
