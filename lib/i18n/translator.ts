/**
 * Messages in ICU MessageFormat (intl-messageformat), one catalogue per locale, looked up along a
 * fallback chain (kk-KZ → kk → ru → en). Pure: no file or environment access, so the console
 * (web/) uses this same module with catalogues it bundles; load-catalogues.ts reads `locales/`.
 */
import { IntlMessageFormat } from 'intl-messageformat';
import { BASE_LOCALE, DEFAULT_FALLBACK, fallbackChain, parseFallbackSetting } from './fallback';

export { BASE_LOCALE, DEFAULT_FALLBACK, fallbackChain, parseFallbackSetting };

/** A catalogue flattened to dotted keys: { "pages.unsubscribe.title": "Unsubscribe" }. */
export type TCatalogue = Readonly<Record<string, string>>;
export type TMessageValues = Record<string, string | number | Date>;

/** Nested JSON ({ "pages": { "title": "…" } }) to dotted keys; non-string leaves are errors. */
export function flattenCatalogue(tree: unknown, prefix = ''): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof tree !== 'object' || tree === null || Array.isArray(tree))
    throw new Error(`catalogue ${prefix || 'root'}: expected an object`);
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out[path] = value;
    else Object.assign(out, flattenCatalogue(value, path));
  }
  return out;
}

export type TTranslator = {
  /** The catalogue the reader gets first (e.g. "kk" for kk-KZ): the page's `lang`. */
  readonly lang: string;
  /** The reader's own tag (kk-KZ), for Intl date, number and price formats. */
  readonly locale: string;
  /** The message for a key down the chain; throws for a key no catalogue has (a programming error). */
  t(key: string, values?: TMessageValues): string;
  /** Whether a catalogue on the chain (English included) has the key. */
  has(key: string): boolean;
  /** Whether a catalogue on the chain other than English has the key: no English fallback for it. */
  hasOwn(key: string): boolean;
  formatDate(date: Date, style?: 'long' | 'medium' | 'short'): string;
  formatNumber(value: number): string;
  /** Minor units (cents) to a price in the reader's format: 1 234,50 € in fi, €1,234.50 in en. */
  formatPrice(cents: number, currency: string): string;
};

export type TI18n = {
  readonly locales: readonly string[];
  translator(locale: string | null | undefined): TTranslator;
  /** The catalogues a reader of `locale` gets, in order: kk-KZ → kk, ru, en. */
  chain(locale: string): string[];
  /** The configured chain before it meets the catalogues (kk-KZ → kk-kz, kk, ru, en), e.g. to pick template variants. */
  tags(locale: string): string[];
  /** The best catalogue for an Accept-Language header; the base locale when none matches. */
  negotiate(acceptLanguage: string | undefined): string;
};

const canonical = (tag: string) => {
  try {
    return Intl.getCanonicalLocales(tag)[0] ?? BASE_LOCALE;
  } catch {
    return BASE_LOCALE;
  }
};

export function createI18n(options: { catalogues: Record<string, TCatalogue>; fallback?: Record<string, string[]> }): TI18n {
  const catalogues = new Map(Object.entries(options.catalogues).map(([l, c]) => [l.toLowerCase(), c]));
  if (!catalogues.has(BASE_LOCALE)) throw new Error(`i18n: the ${BASE_LOCALE} catalogue is required (every chain ends with it)`);
  const fallback = options.fallback ?? parseFallbackSetting(DEFAULT_FALLBACK);
  const formats = new Map<string, IntlMessageFormat>();
  const cache = new Map<string, TTranslator>();
  const chainOf = (locale: string) => fallbackChain(locale, fallback).filter((l) => catalogues.has(l));

  const translator = (requested: string | null | undefined): TTranslator => {
    const locale = canonical(requested || BASE_LOCALE);
    const hit = cache.get(locale);
    if (hit) return hit;
    const chain = chainOf(locale);
    const lang = chain[0] ?? BASE_LOCALE;
    const find = (key: string): [string, string] | undefined => {
      for (const l of chain) {
        const message = catalogues.get(l)?.[key];
        if (message !== undefined) return [l, message];
      }
      return undefined;
    };
    const made: TTranslator = {
      lang,
      locale,
      t(key, values) {
        const found = find(key);
        if (!found) throw new Error(`i18n: no message "${key}" in ${chain.join(', ')}`);
        const [l, message] = found;
        const id = `${l}\u0000${key}`;
        let format = formats.get(id);
        if (!format) {
          // Markup (<b>, MJML) in messages is text to ICU, not rich-text tags.
          format = new IntlMessageFormat(message, l, undefined, { ignoreTag: true });
          formats.set(id, format);
        }
        return String(format.format(values));
      },
      has(key) {
        return find(key) !== undefined;
      },
      hasOwn(key) {
        return chain.some((l) => l !== BASE_LOCALE && catalogues.get(l)?.[key] !== undefined);
      },
      formatDate(date, style = 'long') {
        return new Intl.DateTimeFormat([locale, lang], { dateStyle: style }).format(date);
      },
      formatNumber(value) {
        return new Intl.NumberFormat([locale, lang]).format(value);
      },
      formatPrice(cents, currency) {
        try {
          return new Intl.NumberFormat([locale, lang], { style: 'currency', currency }).format(cents / 100);
        } catch {
          return `${(cents / 100).toFixed(2)} ${currency}`;
        }
      },
    };
    cache.set(locale, made);
    return made;
  };

  const negotiate = (acceptLanguage: string | undefined): string => {
    const ranked = (acceptLanguage ?? '')
      .split(',')
      .map((part, index) => {
        const [tag = '', ...params] = part.trim().split(';');
        const q = Number(
          params
            .find((p) => p.trim().startsWith('q='))
            ?.trim()
            .slice(2) ?? '1',
        );
        return { tag: tag.trim(), q: Number.isFinite(q) ? q : 0, index };
      })
      .filter((r) => r.tag && r.tag !== '*' && r.q > 0)
      .sort((a, b) => b.q - a.q || a.index - b.index);
    for (const { tag } of ranked) {
      const base = tag.toLowerCase().split('-')[0] ?? '';
      // The reader's language or one it falls back to by configuration (uz → ru), never silently English.
      const first = chainOf(tag).find((l) => l !== BASE_LOCALE || base === BASE_LOCALE);
      if (first) return canonical(tag);
    }
    return BASE_LOCALE;
  };

  return {
    locales: [...catalogues.keys()].sort(),
    translator,
    negotiate,
    chain: chainOf,
    tags: (locale: string) => fallbackChain(locale, fallback),
  };
}

/** The argument names a message uses ({lead.firstName}, plural and select arguments too). */
export function messageArguments(message: string, locale = BASE_LOCALE): string[] {
  const names = new Set<string>();
  const walk = (elements: readonly unknown[]) => {
    for (const element of elements as {
      type: number;
      value?: unknown;
      options?: Record<string, { value: unknown[] }>;
      children?: unknown[];
    }[]) {
      // Types 1–6 carry an argument (argument, number, date, time, select, plural); 7 is "#".
      if (element.type >= 1 && element.type <= 6 && typeof element.value === 'string') names.add(element.value);
      for (const option of Object.values(element.options ?? {})) walk(option.value);
      if (element.children) walk(element.children);
    }
  };
  walk(new IntlMessageFormat(message, locale, undefined, { ignoreTag: true }).getAst());
  return [...names].sort();
}
