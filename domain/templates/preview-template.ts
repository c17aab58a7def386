import type { PrismaClient } from '../../generated/prisma/client';
import { AppError } from '../../lib/errors';
import {
  compileTemplate,
  renderCompiled,
  templateContextFor,
  type TCompiledTemplate,
  type TemplateCache,
  type TRenderedEmail,
  type TTemplateContext,
} from '../../lib/mail/render-template';
import { pickTemplate } from '../../journey/engine';
import { latestVariants } from './create-template-version';
import { loadTemplateExtras, type TExtrasConfig } from './load-template-extras';

export type TPreviewTemplate = {
  /** A stored template (latest version unless `version`), or a draft's subject and MJML. */
  template: { key: string; version?: number | undefined } | { subject: string; mjml: string };
  /** Field values over the sample lead's (ignored with leadId). */
  lead?:
    { firstName?: string | undefined; lastName?: string | undefined; company?: string | undefined; email?: string | undefined } | undefined;
  /** Render for this lead: their fields, their language's variant of a stored template, their owner and offer. */
  leadId?: string | undefined;
  /** A sample lead writing this language (ignored with leadId); for a stored template, the family's variant for it. */
  locale?: string | undefined;
};

export type TPreviewDeps = { prisma: PrismaClient; templates: TemplateCache; extras?: TExtrasConfig | undefined };

export type TPreview = TRenderedEmail & {
  templateVersion: number | null;
  /** The template rendered (a variant of the one asked for, for a lead or locale with one), null for a draft. */
  templateKey: string | null;
  /** The language previewed: the lead's, the one asked for, or null (the default sample). */
  locale: string | null;
  /** Whom the preview shows: the lead's name and address, or the sample's. */
  recipient: { name: string; email: string; leadId: string | null };
};

/** The default sample (no locale): Armenian and Kazakh text, to show every script survives. */
const SAMPLE = { firstName: 'Արամ', lastName: 'Սարգսյան', company: 'Қазақ Сауда', email: 'aram@example.am' };

/** A sample person per language, so a preview in "fi" reads like a Finnish lead's email. */
const SAMPLES: Record<string, { firstName: string; lastName: string; company: string; email: string }> = {
  en: { firstName: 'Alex', lastName: 'Morgan', company: 'Harbour Ltd', email: 'alex.morgan@example.com' },
  fi: { firstName: 'Aino', lastName: 'Mäkelä', company: 'Järvi Oy', email: 'aino.makela@example.fi' },
  sv: { firstName: 'Astrid', lastName: 'Lindqvist', company: 'Fjäll AB', email: 'astrid@example.se' },
  de: { firstName: 'Jürgen', lastName: 'Weiß', company: 'Straße GmbH', email: 'juergen@example.de' },
  hy: SAMPLE,
  kk: { firstName: 'Айгүл', lastName: 'Нұрланқызы', company: 'Қазақ Сауда', email: 'aigul@example.kz' },
  ru: { firstName: 'Ольга', lastName: 'Иванова', company: 'Север ООО', email: 'olga@example.ru' },
  mt: { firstName: 'Ġorġ', lastName: 'Żammit', company: 'Ħal Qormi Ltd', email: 'gorg@example.mt' },
  ar: { firstName: 'ليلى', lastName: 'حداد', company: 'شركة النخيل', email: 'layla@example.ae' },
};

export const sampleLeadFor = (locale: string | undefined) =>
  locale ? (SAMPLES[locale.toLowerCase()] ?? SAMPLES[locale.split('-')[0]?.toLowerCase() ?? ''] ?? SAMPLES.en!) : SAMPLE;

const PREVIEW_LINKS = { name: 'Nurture Engine', unsubscribeUrl: 'https://example.com/u/preview' };

/**
 * Renders a template exactly as a send would (same compiler, same escaping) for a sample lead,
 * a sample in a language, or a real lead. For a stored template and a language (the lead's or
 * the one asked for) the family's variant is chosen by the journey's own rule (exact tag, then
 * language, then the base).
 */
export async function previewTemplate(deps: TPreviewDeps, input: TPreviewTemplate): Promise<TPreview> {
  const lead = input.leadId ? await deps.prisma.lead.findUnique({ where: { id: input.leadId } }) : null;
  if (input.leadId && !lead) throw new AppError('NOT_FOUND', `Lead ${input.leadId} does not exist`);
  const locale = lead?.locale ?? input.locale ?? null;

  let compiled: TCompiledTemplate;
  let version: number | null = null;
  let templateKey: string | null = null;
  if ('key' in input.template) {
    const { key, version: wanted } = input.template;
    // A language picks the variant only when no exact version was asked for.
    const chosen = locale && !wanted ? await variantFor(deps.prisma, key, locale) : key;
    const row = await deps.prisma.emailTemplate.findFirst({
      where: { key: chosen, ...(wanted ? { version: wanted } : {}) },
      orderBy: { version: 'desc' },
    });
    if (!row) throw new AppError('NOT_FOUND', `Template ${key}${wanted ? ` v${wanted}` : ''} does not exist`);
    compiled = await deps.templates.get(row.id, row);
    version = row.version;
    templateKey = row.key;
  } else {
    compiled = await compileTemplate(input.template);
  }

  let context: TTemplateContext;
  let recipient: TPreview['recipient'];
  if (lead) {
    context = {
      ...templateContextFor(lead, PREVIEW_LINKS),
      ...(deps.extras ? await loadTemplateExtras(deps.prisma, compiled.variables, lead, {}, deps.extras) : {}),
    };
    recipient = { name: context['lead.fullName'], email: lead.email, leadId: lead.id };
  } else {
    const person = { ...sampleLeadFor(input.locale), ...input.lead };
    context = templateContextFor(person, PREVIEW_LINKS);
    recipient = { name: context['lead.fullName'], email: person.email, leadId: null };
  }
  return { ...renderCompiled(compiled, context), templateVersion: version, templateKey, locale, recipient };
}

/** The key a lead writing `locale` gets for the template `key`: its family's variant for that language, else the base. */
async function variantFor(prisma: PrismaClient, key: string, locale: string): Promise<string> {
  const latest = await prisma.emailTemplate.findFirst({ where: { key }, orderBy: { version: 'desc' }, select: { variantOf: true } });
  const base = latest?.variantOf ?? key;
  const variants = Object.fromEntries((await latestVariants(prisma, base)).map((v) => [v.locale.toLowerCase(), v.key]));
  return pickTemplate({ template: base, variants, from: 'marketing' }, locale.toLowerCase());
}
