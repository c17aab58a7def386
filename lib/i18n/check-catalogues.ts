/**
 * The catalogue check CI runs (test/unit/i18n.test.ts): English is the reference. A catalogue
 * must have every key English has (see OPTIONAL_NAMESPACES) (and no key English lacks: a typo would never be shown), each
 * message must parse as ICU MessageFormat and use only the arguments of its English message; a
 * template's locale variant may use only the variables its English template uses.
 */
import { findVariables } from '../mail/render-template';
import { BASE_LOCALE, messageArguments, type TCatalogue } from './translator';

/**
 * Namespaces a catalogue may leave out whole (its readers get English there): the console's
 * strings (`console.*`), which are English-complete and ready for more. Everything a lead reads
 * (footer, pages, templates) is required.
 */
export const OPTIONAL_NAMESPACES = ['console'];
const namespaceOf = (key: string) => key.split('.')[0] ?? key;

export function checkCatalogues(catalogues: Record<string, TCatalogue>): string[] {
  const problems: string[] = [];
  const base = catalogues[BASE_LOCALE];
  if (!base) return [`locales/${BASE_LOCALE}.json is missing: it is the reference catalogue`];
  const argsOf = (message: string, locale: string, where: string): string[] | undefined => {
    try {
      return messageArguments(message, locale);
    } catch (e) {
      problems.push(`${where}: not ICU MessageFormat (${(e as Error).message})`);
      return undefined;
    }
  };
  const baseArgs = new Map(Object.entries(base).map(([key, message]) => [key, argsOf(message, BASE_LOCALE, `${BASE_LOCALE} ${key}`)]));
  for (const [locale, catalogue] of Object.entries(catalogues)) {
    if (locale === BASE_LOCALE) continue;
    const started = new Set(Object.keys(catalogue).map(namespaceOf));
    for (const key of Object.keys(base)) {
      // An optional namespace (the console) a catalogue has not started is read in English; once started, complete it.
      if (OPTIONAL_NAMESPACES.includes(namespaceOf(key)) && !started.has(namespaceOf(key))) continue;
      if (catalogue[key] === undefined) problems.push(`${locale}: missing ${key}`);
    }
    for (const [key, message] of Object.entries(catalogue)) {
      if (base[key] === undefined) {
        problems.push(`${locale}: ${key} is not in ${BASE_LOCALE} (a typo, or a key English lacks)`);
        continue;
      }
      const allowed = baseArgs.get(key) ?? [];
      for (const arg of argsOf(message, locale, `${locale} ${key}`) ?? []) {
        if (!allowed.includes(arg)) problems.push(`${locale}: ${key} uses {${arg}}, which the ${BASE_LOCALE} message does not`);
      }
    }
  }
  return problems;
}

type TTemplateLike = { key: string; subject: string; mjml: string; variantOf?: string | undefined };

/** A locale variant may use only the variables ({{lead.firstName}}) of the template it translates. */
export function checkTemplateVariants(templates: readonly TTemplateLike[]): string[] {
  const problems: string[] = [];
  const byKey = new Map(templates.map((t) => [t.key, t]));
  for (const variant of templates) {
    if (!variant.variantOf) continue;
    const base = byKey.get(variant.variantOf);
    if (!base) {
      problems.push(`${variant.key}: a variant of ${variant.variantOf}, which does not exist`);
      continue;
    }
    const allowed = new Set(findVariables(base.subject, base.mjml).used);
    for (const name of findVariables(variant.subject, variant.mjml).used) {
      if (!allowed.has(name)) problems.push(`${variant.key}: uses {{${name}}}, which ${base.key} does not`);
    }
  }
  return problems;
}
