import { z } from 'zod';

export const ZTemplateKey = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'must be 2–63 lower-case letters, digits or dashes');

const isLocaleTag = (tag: string) => {
  try {
    return Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    return false;
  }
};
/** A BCP 47 language tag ("fi", "hy-AM"), as a template variant's language. */
export const ZTemplateLocale = z.string().trim().min(2).max(35).refine(isLocaleTag, 'must be a BCP 47 language tag like "fi" or "hy-AM"');

export const ZTemplateCreate = z.object({
  key: ZTemplateKey,
  name: z.string().trim().min(1).max(200),
  subject: z.string().trim().min(1).max(300),
  mjml: z.string().min(1).max(500_000),
  /**
   * A locale variant: the language it is written in and the template it translates (both or
   * neither). Omitted on a new version of an existing key: the previous version's are kept.
   */
  locale: ZTemplateLocale.optional(),
  variantOf: ZTemplateKey.optional(),
});
export type TTemplateCreate = z.infer<typeof ZTemplateCreate>;

export const ZTemplate = z.object({
  id: z.uuid(),
  key: z.string(),
  version: z.number().int(),
  name: z.string(),
  subject: z.string(),
  mjml: z.string(),
  locale: z.string().nullable(),
  variantOf: z.string().nullable(),
  createdAt: z.date(),
});
export type TTemplate = z.infer<typeof ZTemplate>;

/** GET /templates: the latest version of each template, its locale variants beside it. */
export const ZTemplateSummary = z.object({
  key: z.string(),
  name: z.string(),
  subject: z.string(),
  version: z.number().int(),
  locale: z.string().nullable(),
  variantOf: z.string().nullable(),
  updatedAt: z.date(),
  /** For a base template: its variants, by language. */
  variants: z.array(z.object({ locale: z.string(), key: z.string() })),
});
export type TTemplateSummary = z.infer<typeof ZTemplateSummary>;

/** GET /templates/:key: a version (the latest by default), every version's number and date, the family. */
export const ZTemplateDetail = ZTemplate.extend({
  versions: z.array(z.object({ version: z.number().int(), createdAt: z.date() })),
  /** The base template of the family (this key, unless this is a variant). */
  baseKey: z.string(),
  /** Every variant of the family's base, by language. */
  variants: z.array(z.object({ locale: z.string(), key: z.string() })),
});
export type TTemplateDetail = z.infer<typeof ZTemplateDetail>;

/** A draft (subject and MJML as typed) or a stored template: what preview, check and test send render. */
export const ZTemplateSource = z.union([
  z.object({ key: ZTemplateKey, version: z.number().int().min(1).optional() }),
  z.object({ subject: z.string().min(1).max(300), mjml: z.string().min(1).max(500_000) }),
]);

/** Who the preview is for: a real lead (by id), or a sample person in a language. */
export const ZPreviewAs = z.object({
  /** Render for this lead: their fields, their language's variant, their offer and owner. */
  leadId: z.uuid().optional(),
  /** A sample lead writing this language (ignored with leadId); picks the family's variant for a stored template. */
  locale: ZTemplateLocale.optional(),
});

/** POST /templates/check: whether a draft compiles, and every problem (with its line when known). */
export const ZTemplateCheck = z.object({
  valid: z.boolean(),
  problems: z.array(z.object({ message: z.string(), line: z.number().int().nullable(), variable: z.string().nullable() })),
  /** The variables the draft uses (known or not). */
  used: z.array(z.string()),
});
export type TTemplateCheck = z.infer<typeof ZTemplateCheck>;
