/**
 * The console's strings, from the same ICU catalogues as the lead-facing text: the `console.*`
 * namespace of `locales/<locale>.json` (lib/i18n/translator.ts formats them). English is bundled
 * and complete; another catalogue that starts a `console` namespace is found by the glob below,
 * loaded on demand (its own chunk) when the browser prefers its language, and read with English
 * for any key it lacks. `useT()` gives `t('nav.leads')`; `<T k="nav.leads" />` renders one.
 */
import { createContext, useContext, useEffect, useMemo, useState, type ReactElement, type ReactNode } from 'react';
import { createI18n, flattenCatalogue, type TMessageValues, type TTranslator } from '../../../lib/i18n/translator';

const NAMESPACE = 'console';
const fileLocale = (file: string) => /([^/]+)\.json$/.exec(file)?.[1]?.toLowerCase() ?? 'en';

const english = Object.values(import.meta.glob('../../../locales/en.json', { eager: true, import: 'console' }))[0];
const loaders = Object.fromEntries(
  Object.entries(import.meta.glob(['../../../locales/*.json', '!../../../locales/en.json'], { import: 'console' })).map(([file, load]) => [
    fileLocale(file),
    load,
  ]),
);

const catalogueOf = (tree: unknown) => (tree ? flattenCatalogue(tree, NAMESPACE) : {});
const translatorFor = (locale: string, own: unknown): TTranslator =>
  createI18n({ catalogues: { en: catalogueOf(english), ...(own && locale !== 'en' ? { [locale]: catalogueOf(own) } : {}) } }).translator(
    locale,
  );

/** The console's `t` as pure code takes it (journey-state.ts, kpi-tables.ts…): tests pass English. */
import type { TTranslate } from './translate';
export type { TTranslate };
export type TT = TTranslate & { translator: TTranslator };

const bind = (translator: TTranslator): TT =>
  Object.assign((key: string, values?: TMessageValues) => translator.t(`${NAMESPACE}.${key}`, values), { translator });

const ENGLISH = bind(translatorFor('en', undefined));
const I18nContext = createContext<TT>(ENGLISH);

/** The browser's first language that has a catalogue, e.g. "kk" for ["kk-KZ", "ru"]; English otherwise. */
export function preferredConsoleLocale(languages: readonly string[]): string {
  for (const tag of languages) {
    const lower = tag.toLowerCase();
    for (const candidate of [lower, lower.split('-')[0] ?? lower]) if (candidate === 'en' || loaders[candidate]) return candidate;
  }
  return 'en';
}

/** Wraps the console: English at once, the browser's language once its catalogue chunk arrives. */
export function I18nProvider(props: { children: ReactNode; locale?: string }): ReactElement {
  const locale = props.locale ?? preferredConsoleLocale(typeof navigator === 'undefined' ? [] : navigator.languages);
  const [own, setOwn] = useState<{ locale: string; tree: unknown } | undefined>(undefined);
  useEffect(() => {
    const load = loaders[locale];
    if (!load) return;
    let live = true;
    void load().then((tree) => live && setOwn({ locale, tree }));
    return () => {
      live = false;
    };
  }, [locale]);
  const t = useMemo(() => (own?.tree && own.locale === locale ? bind(translatorFor(locale, own.tree)) : ENGLISH), [own, locale]);
  useEffect(() => {
    document.documentElement.lang = t.translator.lang;
  }, [t]);
  return <I18nContext.Provider value={t}>{props.children}</I18nContext.Provider>;
}

/** The console's `t`: `t('nav.leads')`, `t('leads.showing', { shown, total })`. */
export const useT = (): TT => useContext(I18nContext);

/** One console string as an element: `<T k="auth.signIn" />`. */
export function T(props: { k: string; values?: TMessageValues }): ReactElement {
  return <>{useT()(props.k, props.values)}</>;
}
