/**
 * The console's English `t` for unit tests of its pure logic: the same `console.*` messages of
 * locales/en.json that web/src/lib/i18n.tsx bundles (which Jest cannot load: import.meta.glob).
 */
import { loadCatalogues } from '../../lib/i18n/load-catalogues';
import { createI18n, type TMessageValues } from '../../lib/i18n/translator';

const translator = createI18n({ catalogues: { en: loadCatalogues().en! } }).translator('en');

/** Same shape as the console's TTranslate (web/src/lib/i18n.tsx). */
export const englishT = (key: string, values?: TMessageValues): string => translator.t(`console.${key}`, values);
