import type { PrismaClient } from '../../generated/prisma/client';
import { AppError } from '../../lib/errors';
import { compileTemplate } from '../../lib/mail/render-template';
import type { TTemplate, TTemplateCreate } from './schemas';

/**
 * Validates (compiles) and stores a template as a new immutable version of its key.
 * Returns the latest version unchanged when its subject, MJML, name and language are identical
 * (idempotent seed). A locale variant names its language and its base template (both or
 * neither); a new version that names neither keeps the previous version's.
 */
export async function createTemplateVersion(prisma: PrismaClient, input: TTemplateCreate): Promise<TTemplate & { created: boolean }> {
  await compileTemplate(input); // throws TEMPLATE_INVALID with every problem listed
  const latest = await prisma.emailTemplate.findFirst({ where: { key: input.key }, orderBy: { version: 'desc' } });
  const family = await variantFields(prisma, input, latest);
  if (
    latest &&
    latest.subject === input.subject &&
    latest.mjml === input.mjml &&
    latest.name === input.name &&
    latest.locale === family.locale &&
    latest.variantOf === family.variantOf
  ) {
    return { ...latest, created: false };
  }
  const created = await prisma.emailTemplate.create({
    data: {
      key: input.key,
      name: input.name,
      subject: input.subject,
      mjml: input.mjml,
      ...family,
      version: (latest?.version ?? 0) + 1,
    },
  });
  return { ...created, created: true };
}

async function variantFields(
  prisma: PrismaClient,
  input: TTemplateCreate,
  latest: { locale: string | null; variantOf: string | null } | null,
): Promise<{ locale: string | null; variantOf: string | null }> {
  if (input.locale === undefined && input.variantOf === undefined) {
    return { locale: latest?.locale ?? null, variantOf: latest?.variantOf ?? null };
  }
  if (input.locale === undefined || input.variantOf === undefined) {
    throw new AppError('VALIDATION_FAILED', 'A locale variant needs both locale (its language) and variantOf (the template it translates)');
  }
  const locale = Intl.getCanonicalLocales(input.locale)[0] ?? input.locale;
  if (input.variantOf === input.key) throw new AppError('VALIDATION_FAILED', `Template ${input.key} cannot be a variant of itself`);
  const base = await prisma.emailTemplate.findFirst({ where: { key: input.variantOf }, orderBy: { version: 'desc' } });
  if (!base) throw new AppError('VALIDATION_FAILED', `variantOf: template ${input.variantOf} does not exist`);
  if (base.variantOf) {
    throw new AppError(
      'VALIDATION_FAILED',
      `variantOf: ${input.variantOf} is itself the ${base.locale ?? ''} variant of ${base.variantOf}; name the base template`,
    );
  }
  const sameLanguage = await latestVariants(prisma, input.variantOf);
  const other = sameLanguage.find((v) => v.locale.toLowerCase() === locale.toLowerCase() && v.key !== input.key);
  if (other) {
    throw new AppError('CONFLICT', `${input.variantOf} already has a ${locale} variant: ${other.key}`);
  }
  return { locale, variantOf: input.variantOf };
}

/** The variants of a base template, by language (the latest version of each key decides). */
export async function latestVariants(prisma: PrismaClient, baseKey: string): Promise<{ locale: string; key: string }[]> {
  const rows = await prisma.emailTemplate.findMany({
    where: { variantOf: baseKey },
    select: { key: true },
    distinct: ['key'],
  });
  const out: { locale: string; key: string }[] = [];
  for (const { key } of rows) {
    const last = await prisma.emailTemplate.findFirst({
      where: { key },
      orderBy: { version: 'desc' },
      select: { locale: true, variantOf: true },
    });
    if (last?.variantOf === baseKey && last.locale) out.push({ locale: last.locale, key });
  }
  return out.sort((a, b) => a.locale.localeCompare(b.locale));
}
