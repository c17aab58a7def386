import type { PrismaClient } from '../../generated/prisma/client';
import { AppError } from '../../lib/errors';
import { latestVariants } from './create-template-version';
import type { TTemplateDetail } from './schemas';

/** One version of a template (the latest unless `version`), the list of its versions, and its family's variants. */
export async function getTemplate(deps: { prisma: PrismaClient }, key: string, version?: number): Promise<TTemplateDetail> {
  const versions = await deps.prisma.emailTemplate.findMany({
    where: { key },
    orderBy: { version: 'desc' },
    select: { version: true, createdAt: true },
  });
  if (!versions.length) throw new AppError('NOT_FOUND', `Template ${key} does not exist`);
  const row = await deps.prisma.emailTemplate.findFirst({ where: { key, ...(version ? { version } : {}) }, orderBy: { version: 'desc' } });
  if (!row) throw new AppError('NOT_FOUND', `Template ${key} has no version ${version ?? ''}`.trim());
  const latest = await deps.prisma.emailTemplate.findFirst({ where: { key }, orderBy: { version: 'desc' }, select: { variantOf: true } });
  const baseKey = latest?.variantOf ?? key;
  return { ...row, versions, baseKey, variants: await latestVariants(deps.prisma, baseKey) };
}
