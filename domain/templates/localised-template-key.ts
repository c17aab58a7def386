/**
 * The locale variant of a template for a lead's language (the variants the template studio and
 * the built-ins record: locale + variantOf), for the emails the engine sends outside a sequence
 * (a sequence's steps list their variants). Follows the I18N_FALLBACK chain (kk-KZ → kk → ru) and
 * ends with the base template (English).
 */
import type { PrismaClient } from '../../generated/prisma/client';
import { i18n } from '../../lib/i18n/load-catalogues';
import { latestVariants } from './create-template-version';

export async function localisedTemplateKeyFor(deps: { prisma: PrismaClient }, key: string, locale: string): Promise<string> {
  const variants = await latestVariants(deps.prisma, key);
  if (!variants.length) return key;
  const byLocale = new Map(variants.map((v) => [v.locale.toLowerCase(), v.key]));
  for (const tag of i18n().tags(locale)) {
    const hit = byLocale.get(tag);
    if (hit) return hit;
  }
  return key;
}
