import { z } from 'zod';

/** "marketing" (all marketing email) or "topic:<name>" (one sequence topic). */
export const ZConsentPurpose = z
  .string()
  .regex(/^(marketing|topic:[a-z0-9][a-z0-9-]{0,39})$/, 'must be "marketing" or "topic:<name>"')
  .default('marketing');

export const ZConsentInput = z.object({
  purpose: ZConsentPurpose,
  action: z.enum(['GRANTED', 'WITHDRAWN']).default('GRANTED'),
  /** Where: web-form, import, phone, trade-show… */
  source: z.string().trim().min(1).max(100),
  /** The version of the text the person agreed to, e.g. "privacy-2026-05". */
  textVersion: z.string().trim().min(1).max(100).optional(),
  /** When it was given; defaults to now. */
  occurredAt: z.coerce.date().optional(),
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
