/**
 * The text lead search matches (Lead.searchText) and the name it sorts by (Lead.sortName), and the
 * same folding applied to what a user types, so that both sides meet in one form:
 *
 * - lower-cased by JavaScript's Unicode rules (`toLocaleLowerCase('und')`), not by PostgreSQL's
 *   lower(), which follows the database's LC_CTYPE and folds only ASCII under "C";
 * - NFKD, then nonspacing marks removed (Ġużeppi → guzeppi, Hélène → helene, Hebrew points and
 *   Arabic harakat, أ → ا), then NFC again (Hangul recomposes);
 * - letters whose "accent" is not a combining mark folded by hand: ħ → h (Maltese), ł, ø, đ, ß →
 *   ss, æ → ae, and Kazakh Cyrillic's letters with descenders or bars to the Russian ones
 *   (Қанат → канат), since names are often typed on a Russian layout;
 * - format characters (bidi marks, zero-width joiners, tatweel) removed, whitespace collapsed;
 * - phones as digits only: the E.164 digits and the national form's (358401234567, 0401234567).
 *
 * Pure and deterministic: every lead writer stores leadSearchFields(lead), and the migration that
 * added the columns back-filled them with SQL approximating this (see its comments).
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';

const FOLDS: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  þ: 'th',
  ð: 'd',
  đ: 'd',
  ħ: 'h',
  ı: 'i',
  ł: 'l',
  ø: 'o',
  ŧ: 't',
  ς: 'σ',
  // Kazakh Cyrillic → the Russian letters they are typed as.
  қ: 'к',
  ғ: 'г',
  ң: 'н',
  ү: 'у',
  ұ: 'у',
  һ: 'х',
  ә: 'а',
  ө: 'о',
};
const FOLDABLE = new RegExp(`[${Object.keys(FOLDS).join('')}]`, 'gu');

/** Lower-cased, without diacritics, without format characters, single-spaced. */
export function foldForSearch(text: string): string {
  return text
    .toLocaleLowerCase('und')
    .normalize('NFKD')
    .replace(/[\p{Mn}\p{Cf}\u0640]/gu, '')
    .replace(FOLDABLE, (c) => FOLDS[c] ?? c)
    .replace(/\s+/gu, ' ')
    .trim()
    .normalize('NFC');
}

/** The digits a phone can be typed as: international (without +) and national (with the trunk prefix). */
export function phoneDigits(phone: string): string[] {
  const digits = phone.replace(/\D/g, '');
  if (!digits) return [];
  const parsed = phone.trim().startsWith('+') ? parsePhoneNumberFromString(phone) : undefined;
  const national = parsed?.formatNational().replace(/\D/g, '');
  return national && !digits.includes(national) ? [digits, national] : [digits];
}

export type TSearchableLead = {
  email: string;
  firstName: string;
  lastName?: string | null | undefined;
  company?: string | null | undefined;
  phone?: string | null | undefined;
};

/** The lead fields search reads: a write of any of them must store leadSearchFields again. */
export const SEARCHED_FIELDS = ['email', 'firstName', 'lastName', 'company', 'phone'] as const;

/** Sort keys stay short enough for a btree entry whatever the script. */
const SORT_NAME_MAX = 200;

export function leadSearchFields(lead: TSearchableLead): { searchText: string; sortName: string } {
  const name = foldForSearch([lead.firstName, lead.lastName].filter(Boolean).join(' '));
  const rest = foldForSearch([lead.email, lead.company].filter(Boolean).join(' '));
  return {
    searchText: [name, rest, ...(lead.phone ? phoneDigits(lead.phone) : [])].filter(Boolean).join(' '),
    sortName: [...name].slice(0, SORT_NAME_MAX).join(''),
  };
}

/**
 * The search fields to store with a change, when the change touches a searched field (else
 * nothing): computed from the row as it will be after the change.
 */
export function searchFieldsAfter(
  before: TSearchableLead,
  change: Partial<Record<(typeof SEARCHED_FIELDS)[number], string | null | undefined>>,
): { searchText: string; sortName: string } | Record<string, never> {
  if (!SEARCHED_FIELDS.some((f) => change[f] !== undefined)) return {};
  const merged = { ...before };
  for (const f of SEARCHED_FIELDS) {
    const value = change[f];
    if (value !== undefined) (merged as Record<string, unknown>)[f] = value;
  }
  return leadSearchFields(merged);
}

/** At most this many words of q are matched (each must occur). */
export const MAX_SEARCH_TERMS = 8;

/**
 * What q must match, as substrings of searchText (all of them): a phone-like q (digits, spaces,
 * +, dashes, dots, brackets) is one term of its digits; any other q is its folded words.
 */
export function searchTerms(q: string): string[] {
  const text = q.trim();
  const digits = text.replace(/\D/g, '');
  if (digits && /^[+\d\s().\-/]+$/.test(text)) return [digits];
  return [...new Set(foldForSearch(text).split(' ').filter(Boolean))].slice(0, MAX_SEARCH_TERMS);
}
