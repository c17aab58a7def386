/**
 * Calendar holidays for the win-back journey's greetings, per language: fixed-date public
 * holidays only (moving feasts such as Easter are left out), each with its name in the language.
 * Pure data and arithmetic: the journey workflow reads it deterministically, and the send
 * activity names the holiday in the email ({{holiday.name}}).
 *
 * A calendar added after journeys were already running (LATER_HOLIDAYS: Russian, 2026-12-01)
 * changes the timers a running journey of that language sets, so the caller decides whether it
 * applies: the journey workflow passes `later: () => patched(PATCHES.ruHolidays.id)` (asked only
 * for a lead whose language has such a calendar); everyone else gets it.
 */
import { instantOf, localParts } from './time';

type THolidayDef = { key: string; month: number; day: number; name: string };

export const HOLIDAYS: Record<string, THolidayDef[]> = {
  en: [
    { key: 'new-year', month: 1, day: 1, name: "New Year's Day" },
    { key: 'christmas', month: 12, day: 25, name: 'Christmas' },
  ],
  fi: [
    { key: 'new-year', month: 1, day: 1, name: 'uudenvuodenpäivä' },
    { key: 'vappu', month: 5, day: 1, name: 'vappu' },
    { key: 'independence-day', month: 12, day: 6, name: 'itsenäisyyspäivä' },
    { key: 'christmas', month: 12, day: 25, name: 'joulupäivä' },
  ],
  hy: [
    { key: 'new-year', month: 1, day: 1, name: 'Ամանոր' },
    { key: 'republic-day', month: 5, day: 28, name: 'Հանրապետության օր' },
    { key: 'independence-day', month: 9, day: 21, name: 'Անկախության օր' },
  ],
  kk: [
    { key: 'new-year', month: 1, day: 1, name: 'Жаңа жыл' },
    { key: 'nauryz', month: 3, day: 22, name: 'Наурыз мейрамы' },
    { key: 'republic-day', month: 10, day: 25, name: 'Республика күні' },
    { key: 'independence-day', month: 12, day: 16, name: 'Тәуелсіздік күні' },
  ],
  mt: [
    { key: 'new-year', month: 1, day: 1, name: 'Jum l-Ewwel tas-Sena' },
    { key: 'freedom-day', month: 3, day: 31, name: 'Jum il-Ħelsien' },
    { key: 'independence-day', month: 9, day: 21, name: 'Jum l-Indipendenza' },
    { key: 'republic-day', month: 12, day: 13, name: 'Jum ir-Repubblika' },
    { key: 'christmas', month: 12, day: 25, name: 'Il-Milied' },
  ],
  ro: [
    { key: 'new-year', month: 1, day: 1, name: 'Anul Nou' },
    { key: 'national-day', month: 12, day: 1, name: 'Ziua Națională a României' },
    { key: 'christmas', month: 12, day: 25, name: 'Crăciunul' },
  ],
};

/**
 * Calendars added after journeys of their language were already running (who used the English
 * one until then): included when NextHolidayOptions.later says so. Russian: the public holidays
 * of the Labour Code (art. 112), the New Year week greeted once on 1 January, and Orthodox
 * Christmas (7 January, a religious feast like the Easters left out elsewhere) not greeted.
 */
export const LATER_HOLIDAYS: Record<string, THolidayDef[]> = {
  ru: [
    { key: 'new-year', month: 1, day: 1, name: 'Новый год' },
    { key: 'defender-day', month: 2, day: 23, name: 'День защитника Отечества' },
    { key: 'womens-day', month: 3, day: 8, name: 'Международный женский день' },
    { key: 'spring-labour-day', month: 5, day: 1, name: 'Праздник Весны и Труда' },
    { key: 'victory-day', month: 5, day: 9, name: 'День Победы' },
    { key: 'russia-day', month: 6, day: 12, name: 'День России' },
    { key: 'unity-day', month: 11, day: 4, name: 'День народного единства' },
  ],
};

/** Greetings go out at this local hour on the day. */
const GREETING_HOUR = 9;

export type THoliday = { id: string; atMs: number; name: string };

export type TNextHolidayOptions = {
  /**
   * Whether a LATER_HOLIDAYS calendar applies (asked only when the lead's language has one);
   * default yes. The journey workflow answers with patched(), so runs started before keep the
   * English calendar they had.
   */
  later?: () => boolean;
};

const lookup = (calendars: Record<string, THolidayDef[]>, locale: string): THolidayDef[] | undefined =>
  calendars[locale] ?? calendars[locale.split('-')[0] ?? ''];

const holidaysFor = (locale: string, options: TNextHolidayOptions = {}): THolidayDef[] => {
  const own = lookup(HOLIDAYS, locale);
  if (own) return own;
  const later = lookup(LATER_HOLIDAYS, locale);
  if (later && (options.later?.() ?? true)) return later;
  return HOLIDAYS.en!;
};

/** The first holiday strictly after `afterMs` in the lead's language, at 09:00 in its time zone. */
export function nextHoliday(afterMs: number, locale: string, timeZone: string, options: TNextHolidayOptions = {}): THoliday {
  const defs = holidaysFor(locale, options);
  const { year } = localParts(afterMs, timeZone);
  for (const y of [year, year + 1]) {
    const candidates = defs
      .map((d) => ({ d, atMs: instantOf({ year: y, month: d.month, day: d.day, hour: GREETING_HOUR, minute: 0 }, timeZone) }))
      .filter((c) => c.atMs > afterMs)
      .sort((a, b) => a.atMs - b.atMs);
    const first = candidates[0];
    if (first) return { id: `${first.d.key}-${y}`, atMs: first.atMs, name: first.d.name };
  }
  throw new Error('unreachable: every language has a holiday each year');
}

/**
 * The holiday's name for an id from nextHoliday ("independence-day-2026"), in the lead's language;
 * a run that took the English calendar before its language had one (christmas-2026 for a Russian
 * lead) gets the English name.
 */
export function holidayName(id: string, locale: string): string | undefined {
  const key = id.replace(/-\d{4}$/, '');
  return (holidaysFor(locale).find((d) => d.key === key) ?? HOLIDAYS.en!.find((d) => d.key === key))?.name;
}
