import { z } from 'zod';
import { normalizeEmail } from '../leads/schemas';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './passwords';
import { ZStaffLocale } from '../staff/staff-translator';

/** Roles a person can have. WEBHOOK is machine-only (API keys). */
export const USER_ROLES = ['ADMIN', 'MARKETING', 'SALES'] as const;
export const ZUserRole = z.enum(USER_ROLES, { error: 'must be admin, marketing or sales (webhook is for API keys only)' });
export type TUserRole = z.infer<typeof ZUserRole>;

export const ZUserEmail = z.string().max(254).transform(normalizeEmail).pipe(z.email());

export const ZPassword = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `must be at least ${MIN_PASSWORD_LENGTH} characters`)
  .max(MAX_PASSWORD_LENGTH, `must be at most ${MAX_PASSWORD_LENGTH} characters`);

export const ZUserCreate = z.object({
  email: ZUserEmail,
  name: z.string().trim().min(1).max(200),
  role: z.preprocess((v) => (typeof v === 'string' ? v.trim().toUpperCase() : v), ZUserRole),
  password: ZPassword,
  devSeed: z.boolean().default(false),
  /** The language of the engine's emails to this person (alerts, escalations); null or omitted: STAFF_LOCALE. */
  locale: ZStaffLocale.optional(),
});
export type TUserCreate = z.input<typeof ZUserCreate>;

/** Sign-in: any email-shaped string and any password (the policy applies when one is set, not here). */
export const ZLoginInput = z.object({
  email: z.string().min(1).max(320),
  password: z.string().min(1).max(MAX_PASSWORD_LENGTH),
});
export type TLoginInput = z.infer<typeof ZLoginInput>;

export const ZSessionUser = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: ZUserRole,
  /** The rep card with this person's email, when there is one (their leads and tasks). */
  repEmail: z.string().nullable(),
});
export type TSessionUser = z.infer<typeof ZSessionUser>;

export const ZSessionInfo = z.object({
  user: ZSessionUser,
  /** Send back as the X-CSRF-Token header on every POST, PUT, PATCH and DELETE. */
  csrfToken: z.string(),
  /** The session's absolute end; it also ends after 12 hours without a request. */
  expiresAt: z.date(),
});
export type TSessionInfo = z.infer<typeof ZSessionInfo>;
