/**
 * Reads the message catalogues: one JSON file per locale in the top-level `locales/` folder
 * (`locales/fi.json`, `locales/pt-BR.json`), so a company adds a language by adding one file.
 * The process-wide instance follows I18N_FALLBACK (see translator.ts), read once.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createI18n, DEFAULT_FALLBACK, flattenCatalogue, parseFallbackSetting, type TCatalogue, type TI18n } from './translator';

export const LOCALES_DIR = join(__dirname, '..', '..', 'locales');

const LOCALE_FILE = /^([a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)\.json$/;

/** Every `<locale>.json` in the folder, flattened; a file that is not a catalogue is an error, named. */
export function loadCatalogues(dir = LOCALES_DIR): Record<string, TCatalogue> {
  const out: Record<string, TCatalogue> = {};
  for (const file of readdirSync(dir).sort()) {
    const match = LOCALE_FILE.exec(file);
    if (!match) continue;
    try {
      out[match[1]!.toLowerCase()] = flattenCatalogue(JSON.parse(readFileSync(join(dir, file), 'utf8')));
    } catch (cause) {
      throw new Error(`locales/${file}: ${(cause as Error).message}`, { cause });
    }
  }
  return out;
}

let shared: TI18n | undefined;

/** The catalogues in `locales/` with the I18N_FALLBACK chain (validated at boot by lib/env.ts). */
export function i18n(): TI18n {
  shared ??= createI18n({ catalogues: loadCatalogues(), fallback: parseFallbackSetting(process.env.I18N_FALLBACK ?? DEFAULT_FALLBACK) });
  return shared;
}
