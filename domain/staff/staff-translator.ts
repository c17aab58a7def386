/**
 * The language of the people who run the engine (reps, managers, admins), for the emails it
 * writes them: task reminders and escalations, routing SLA notices, new-owner notices, the
 * paused-sender and paused-webhook alerts. Messages are the `staff.*` keys of locales/*.json.
 *
 * A staff address reads: its rep card's `locale`, else its console user's `locale`, else
 * STAFF_LOCALE (default "en"); then down the I18N_FALLBACK chain to English like every reader.
 * An address that is neither a rep nor a user (ESCALATION_EMAIL, SENDER_REPUTATION_ALERT_EMAIL)
 * reads STAFF_LOCALE.
 */
import { z } from 'zod';
import type { PrismaClient } from '../../generated/prisma/client';
import { i18n } from '../../lib/i18n/load-catalogues';
import type { TTranslator } from '../../lib/i18n/translator';

/** The STAFF_LOCALE default. */
export const DEFAULT_STAFF_LOCALE = 'en';

const isLocale = (tag: string) => {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
};

/** A rep's or user's language (PUT /reps/:email, users:create): a BCP 47 tag, or null for STAFF_LOCALE. */
export const ZStaffLocale = z
  .string()
  .trim()
  .max(35)
  .refine(isLocale, 'must be a BCP 47 language tag like "en" or "ru-RU"')
  .transform((tag) => Intl.getCanonicalLocales(tag)[0]!)
  .nullable();

export type TStaffDeps = {
  prisma: Pick<PrismaClient, 'rep' | 'user'>;
  /** STAFF_LOCALE; unset: process.env.STAFF_LOCALE (validated at boot by lib/env.ts), else "en". */
  staffLocale?: string | undefined;
};

export type TStaffTranslator = TTranslator & {
  /** A moment for staff, who may sit anywhere: date and time in UTC, in the reader's format ("1 Dec 2026, 09:00 UTC"). */
  formatDateTime(date: Date): string;
};

export const defaultStaffLocale = (deps: Pick<TStaffDeps, 'staffLocale'>): string =>
  deps.staffLocale?.trim() || process.env.STAFF_LOCALE?.trim() || DEFAULT_STAFF_LOCALE;

const normalize = (email: string) => email.trim().toLowerCase();

/** The languages of staff addresses (rep card first, then user, then STAFF_LOCALE), by lower-cased address. */
export async function staffLocalesOf(deps: TStaffDeps, emails: readonly string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(emails.map(normalize))];
  const out = new Map<string, string>();
  if (!wanted.length) return out;
  const [reps, users] = await Promise.all([
    deps.prisma.rep.findMany({ where: { email: { in: wanted }, locale: { not: null } }, select: { email: true, locale: true } }),
    deps.prisma.user.findMany({ where: { email: { in: wanted }, locale: { not: null } }, select: { email: true, locale: true } }),
  ]);
  const fallback = defaultStaffLocale(deps);
  const byRep = new Map(reps.map((r) => [normalize(r.email), r.locale]));
  const byUser = new Map(users.map((u) => [normalize(u.email), u.locale]));
  for (const email of wanted) out.set(email, byRep.get(email) ?? byUser.get(email) ?? fallback);
  return out;
}

/** One staff address's language (rep card, user, STAFF_LOCALE). */
export async function staffLocaleOf(deps: TStaffDeps, email: string | null | undefined): Promise<string> {
  if (!email) return defaultStaffLocale(deps);
  return (await staffLocalesOf(deps, [email])).get(normalize(email)) ?? defaultStaffLocale(deps);
}

/** A translator for a locale, with the staff date-time format. */
export function staffTranslatorFor(locale: string): TStaffTranslator {
  const tr = i18n().translator(locale);
  return {
    ...tr,
    t: tr.t.bind(tr),
    formatDateTime(date: Date) {
      return `${new Intl.DateTimeFormat([tr.locale, tr.lang], { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(date)} UTC`;
    },
  };
}

/**
 * The translator for one staff recipient: `(await staffTranslator(deps, rep.email)).t('staff.…')`.
 * For an email to several people, group them with staffLocalesOf and send one per language.
 */
export async function staffTranslator(deps: TStaffDeps, recipientEmail: string | null | undefined): Promise<TStaffTranslator> {
  return staffTranslatorFor(await staffLocaleOf(deps, recipientEmail));
}

/** Recipients grouped by language, so a message to several people goes once per language. */
export async function groupByStaffLocale(deps: TStaffDeps, emails: readonly string[]): Promise<Map<string, string[]>> {
  const locales = await staffLocalesOf(deps, emails);
  const groups = new Map<string, string[]>();
  for (const email of emails) {
    const locale = locales.get(normalize(email)) ?? defaultStaffLocale(deps);
    groups.set(locale, [...(groups.get(locale) ?? []), email]);
  }
  return groups;
}

/** A percentage in the reader's number format, as the guard writes it in English ("33.33 %", "33,33 %"). */
export const formatStaffRate = (tr: TTranslator, percent: number) => `${tr.formatNumber(Number(percent.toFixed(2)))} %`;

/** A task kind (call, send_offer, …) in the reader's words; an unknown kind as it is. */
export const taskKindLabel = (tr: TTranslator, kind: string) =>
  tr.has(`staff.task.kind.${kind}`) ? tr.t(`staff.task.kind.${kind}`) : kind;
