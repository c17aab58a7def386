import type { PrismaClient } from '../../generated/prisma/client';
import type { TTemplateSummary } from './schemas';

/** The latest version of every template (no MJML), by key; each base template lists its locale variants. */
export async function listTemplates(deps: { prisma: PrismaClient }): Promise<TTemplateSummary[]> {
  const latest = await deps.prisma.emailTemplate.findMany({
    distinct: ['key'],
    orderBy: [{ key: 'asc' }, { version: 'desc' }],
    select: { key: true, name: true, subject: true, version: true, locale: true, variantOf: true, createdAt: true },
  });
  const variants = new Map<string, { locale: string; key: string }[]>();
  for (const t of latest) {
    if (!t.variantOf || !t.locale) continue;
    variants.set(t.variantOf, [...(variants.get(t.variantOf) ?? []), { locale: t.locale, key: t.key }]);
  }
  return latest.map(({ createdAt, ...t }) => ({
    ...t,
    updatedAt: createdAt,
    variants: (variants.get(t.key) ?? []).sort((a, b) => a.locale.localeCompare(b.locale)),
  }));
}
