/**
 * The template studio's pure rules: which variables a draft uses, which family member a person
 * writing a language receives (the journey's rule: exact tag, then language, then the base), and
 * a new variant's key. Unit-tested in test/unit/config-pages-logic.test.ts.
 */

const PLACEHOLDER = /\{\{\s*([A-Za-z_][\w.]*)\s*\}\}/g;

/** The variable names a subject and MJML use, in order of first use. */
export function usedVariables(...sources: string[]): string[] {
  const used = new Set<string>();
  for (const source of sources) for (const m of source.matchAll(PLACEHOLDER)) used.add(m[1] as string);
  return [...used];
}

export type TVariant = { locale: string; key: string };

/** The key someone writing `locale` receives from the family of `baseKey` (as journey/engine.ts pickTemplate). */
export function variantKeyFor(baseKey: string, variants: readonly TVariant[], locale: string): string {
  const byLocale = new Map(variants.map((v) => [v.locale.toLowerCase(), v.key]));
  const tag = locale.toLowerCase();
  return byLocale.get(tag) ?? byLocale.get(tag.split('-')[0] ?? '') ?? baseKey;
}

/** The key proposed for a new variant: `welcome` + `fi` → `welcome-fi` (lower-case, within the key's 63 characters). */
export const proposedVariantKey = (baseKey: string, locale: string): string =>
  `${baseKey}-${locale.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`.slice(0, 63).replace(/-+$/, '');

/** Languages offered for a sample preview: the family's, then common ones, and the one chosen (unique, in that order). */
export function sampleLocales(variants: readonly TVariant[], chosen?: string): string[] {
  return [
    ...new Set(['en', ...variants.map((v) => v.locale), 'fi', 'sv', 'de', 'hy', 'kk', 'ru', 'mt', 'ar', ...(chosen ? [chosen] : [])]),
  ];
}

/** A starting point for a new template: valid MJML using two variables. */
export const STARTER_MJML = `<mjml>
  <mj-body background-color="#f4f4f5">
    <mj-section background-color="#ffffff" padding="24px">
      <mj-column>
        <mj-text font-size="20px" font-weight="bold">Hello {{lead.firstName}},</mj-text>
        <mj-text>Write your message here.</mj-text>
        <mj-text font-size="12px" color="#71717a">{{sender.name}}</mj-text>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>
`;
