import type { PrismaClient } from '../../generated/prisma/client';
import { AppError } from '../../lib/errors';
import {
  compileTemplate,
  renderCompiled,
  templateContextFor,
  type TemplateCache,
  type TRenderedEmail,
} from '../../lib/mail/render-template';

export type TPreviewTemplate = {
  /** A stored template (latest version unless `version`), or a draft's subject and MJML. */
  template: { key: string; version?: number | undefined } | { subject: string; mjml: string };
  lead?:
    { firstName?: string | undefined; lastName?: string | undefined; company?: string | undefined; email?: string | undefined } | undefined;
};

const SAMPLE = { firstName: 'Արամ', lastName: 'Սարգսյան', company: 'Қазақ Сауда', email: 'aram@example.am' };

/** Renders a template for a sample lead exactly as a send would (same compiler, same escaping). */
export async function previewTemplate(
  deps: { prisma: PrismaClient; templates: TemplateCache },
  input: TPreviewTemplate,
): Promise<TRenderedEmail & { templateVersion: number | null }> {
  let compiled;
  let version: number | null = null;
  if ('key' in input.template) {
    const { key, version: wanted } = input.template;
    const row = await deps.prisma.emailTemplate.findFirst({
      where: { key, ...(wanted ? { version: wanted } : {}) },
      orderBy: { version: 'desc' },
    });
    if (!row) throw new AppError('NOT_FOUND', `Template ${key}${wanted ? ` v${wanted}` : ''} does not exist`);
    compiled = await deps.templates.get(row.id, row);
    version = row.version;
  } else {
    compiled = await compileTemplate(input.template);
  }
  const lead = { ...SAMPLE, ...input.lead };
  const rendered = renderCompiled(
    compiled,
    templateContextFor(lead, { name: 'Nurture Engine', unsubscribeUrl: 'https://example.com/u/preview' }),
  );
  return { ...rendered, templateVersion: version };
}
