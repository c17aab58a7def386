import type { PrismaClient } from '../../generated/prisma/client';
import { compileTemplate } from '../../lib/mail/render-template';
import type { TTemplate, TTemplateCreate } from './schemas';

/**
 * Validates (compiles) and stores a template as a new immutable version of its key.
 * Returns the latest version unchanged when its subject and MJML are identical (idempotent seed).
 */
export async function createTemplateVersion(prisma: PrismaClient, input: TTemplateCreate): Promise<TTemplate & { created: boolean }> {
  await compileTemplate(input); // throws TEMPLATE_INVALID with every problem listed
  const latest = await prisma.emailTemplate.findFirst({ where: { key: input.key }, orderBy: { version: 'desc' } });
  if (latest && latest.subject === input.subject && latest.mjml === input.mjml && latest.name === input.name) {
    return { ...latest, created: false };
  }
  const created = await prisma.emailTemplate.create({ data: { ...input, version: (latest?.version ?? 0) + 1 } });
  return { ...created, created: true };
}
