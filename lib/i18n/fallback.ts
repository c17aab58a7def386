/**
 * The fallback chain: which catalogues a reader gets, most specific first. Pure and free of the
 * message library, so lib/env.ts can validate I18N_FALLBACK at boot.
 */

/** The locale every catalogue is checked against and every chain ends with. */
export const BASE_LOCALE = 'en';

/**
 * The I18N_FALLBACK setting: "kk:ru,hy:ru" says a Kazakh or Armenian reader gets Russian where
 * their own catalogue has no message, before English. Returns language → next languages.
 */
export function parseFallbackSetting(setting: string | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const pair of (setting ?? '')
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const match =
      /^([A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*)\s*:\s*([A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*(?:\s*>\s*[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*)*)$/.exec(
        pair,
      );
    if (!match) throw new Error(`I18N_FALLBACK: "${pair}" is not like "kk:ru" (language:fallback, comma-separated; "uz:ru>kk" for two)`);
    out[match[1]!.toLowerCase()] = match[2]!.split('>').map((l) => l.trim().toLowerCase());
  }
  return out;
}

/** The default I18N_FALLBACK: Russian is the common second language of the Kazakh and Armenian markets. */
export const DEFAULT_FALLBACK = 'kk:ru,hy:ru,ky:ru,uz:ru,tg:ru';

/** Candidate tags for a locale, most specific first: kk-KZ → kk-KZ, kk, ru, en (not yet filtered). */
export function fallbackChain(locale: string, fallback: Record<string, string[]>): string[] {
  const chain: string[] = [];
  const visit = (tag: string) => {
    const parts = tag.toLowerCase().split('-');
    for (let n = parts.length; n >= 1; n--) {
      const candidate = parts.slice(0, n).join('-');
      if (chain.includes(candidate)) continue;
      chain.push(candidate);
      for (const next of fallback[candidate] ?? []) visit(next);
    }
  };
  if (locale.trim()) visit(locale.trim());
  if (!chain.includes(BASE_LOCALE)) chain.push(BASE_LOCALE);
  return chain;
}
