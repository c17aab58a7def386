/**
 * Pure time helpers for journeys: durations, business days and send windows in a lead's time
 * zone, correct across daylight-saving changes. No I/O, no clock: callers pass `now`, so the
 * same code runs in the workflow sandbox, the API (validation) and unit tests.
 */

const UNIT_MS: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };
const UNIT_ALIASES: Record<string, string> = {
  m: 'm',
  min: 'm',
  mins: 'm',
  minute: 'm',
  minutes: 'm',
  h: 'h',
  hour: 'h',
  hours: 'h',
  d: 'd',
  day: 'd',
  days: 'd',
  w: 'w',
  week: 'w',
  weeks: 'w',
};

/** "3 days", "36h", "90 minutes", "2 weeks" → milliseconds; undefined when malformed. */
export function parseDuration(text: string): number | undefined {
  const match = /^\s*(\d{1,6})\s*([a-z]+)\s*$/i.exec(text);
  if (!match) return undefined;
  const unit = UNIT_ALIASES[(match[2] ?? '').toLowerCase()];
  return unit ? Number(match[1]) * (UNIT_MS[unit] ?? 0) : undefined;
}

const knownTimeZones = new Map<string, boolean>();

/**
 * True for an IANA time zone name the runtime knows ("Europe/Helsinki"). Remembered per name:
 * every definition parse asks it, and building an Intl.DateTimeFormat is costly (bench profile).
 */
export function isTimeZone(tz: string): boolean {
  let known = knownTimeZones.get(tz);
  if (known === undefined) {
    try {
      new Intl.DateTimeFormat('en', { timeZone: tz });
      known = true;
    } catch {
      known = false;
    }
    if (knownTimeZones.size < 1_000) knownTimeZones.set(tz, known);
  }
  return known;
}

export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type TWeekday = (typeof WEEKDAYS)[number];

type TLocalParts = { year: number; month: number; day: number; hour: number; minute: number; second: number; weekday: number };

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Wall-clock fields of an instant in a time zone. */
export function localParts(instantMs: number, timeZone: string): TLocalParts {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(instantMs))) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS.indexOf((parts.weekday ?? '').toLowerCase().slice(0, 3) as TWeekday),
  };
}

/** The UTC offset (ms) of a time zone at an instant. */
function offsetAt(instantMs: number, timeZone: string): number {
  const p = localParts(instantMs, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - Math.floor(instantMs / 1000) * 1000;
}

/**
 * The instant at which the wall clock in `timeZone` reads the given local time. A time that does
 * not exist (skipped by a DST jump) moves forward by the gap; a time that exists twice (DST
 * fall-back) takes the first.
 */
export function instantOf(local: { year: number; month: number; day: number; hour: number; minute: number }, timeZone: string): number {
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  // The zone's offsets a day either side bracket any transition on this day.
  const before = asUtc - offsetAt(asUtc - 86_400_000, timeZone);
  const after = asUtc - offsetAt(asUtc + 86_400_000, timeZone);
  const matches = [before, after].filter((t) => {
    const p = localParts(t, timeZone);
    return p.day === local.day && p.hour === local.hour && p.minute === local.minute;
  });
  // Repeated (fall back): the earlier. Skipped (spring forward): forward by the gap.
  return matches.length ? Math.min(...matches) : before;
}

export type TSendWindow = { days: readonly TWeekday[]; start: string; end: string };

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/**
 * The earliest instant at or after `nowMs` that falls inside the window in the lead's zone
 * (start inclusive, end exclusive). `now` itself when already inside.
 */
export function nextSendTime(nowMs: number, window: TSendWindow, timeZone: string): number {
  const start = minutesOf(window.start);
  const end = minutesOf(window.end);
  const allowed = new Set(window.days.map((d) => WEEKDAYS.indexOf(d)));
  const now = localParts(nowMs, timeZone);
  const nowMinutes = now.hour * 60 + now.minute;
  if (allowed.has(now.weekday) && nowMinutes >= start && nowMinutes < end) return nowMs;
  for (let offset = 0; offset <= 7; offset++) {
    // Walk calendar days in the lead's zone (noon avoids DST edges when stepping).
    const probe = localParts(
      instantOf({ year: now.year, month: now.month, day: now.day, hour: 12, minute: 0 }, timeZone) + offset * 86_400_000,
      timeZone,
    );
    if (!allowed.has(probe.weekday)) continue;
    if (offset === 0 && nowMinutes >= start) continue; // today's window has passed (or we are after its start but outside)
    const candidate = instantOf(
      { year: probe.year, month: probe.month, day: probe.day, hour: Math.floor(start / 60), minute: start % 60 },
      timeZone,
    );
    if (candidate >= nowMs) return candidate;
  }
  return nowMs; // no allowed day at all (validation prevents this)
}

/** `n` business days (Mon–Fri) after `nowMs`, same local time of day, in the lead's zone. */
export function addBusinessDays(nowMs: number, n: number, timeZone: string): number {
  const now = localParts(nowMs, timeZone);
  let cursor = { year: now.year, month: now.month, day: now.day };
  let left = n;
  while (left > 0) {
    const next = localParts(instantOf({ ...cursor, hour: 12, minute: 0 }, timeZone) + 86_400_000, timeZone);
    cursor = { year: next.year, month: next.month, day: next.day };
    if (next.weekday !== 0 && next.weekday !== 6) left--;
  }
  return instantOf({ ...cursor, hour: now.hour, minute: now.minute }, timeZone);
}
