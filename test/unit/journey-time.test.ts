import { addBusinessDays, instantOf, nextSendTime, parseDuration } from '../../journey/time';

const window = { days: ['mon', 'tue', 'wed', 'thu', 'fri'] as const, start: '09:00', end: '17:00' };
const at = (iso: string) => Date.parse(iso);
const isoOf = (ms: number) => new Date(ms).toISOString();

describe('journey time', () => {
  it('parses durations people write', () => {
    expect(parseDuration('3 days')).toBe(3 * 86_400_000);
    expect(parseDuration('36h')).toBe(36 * 3_600_000);
    expect(parseDuration('90 minutes')).toBe(90 * 60_000);
    expect(parseDuration('2 weeks')).toBe(14 * 86_400_000);
    for (const bad of ['', 'soon', '3 fortnights', '-1 day', '1.5 days']) expect(parseDuration(bad)).toBeUndefined();
  });

  it('sends at once inside the window, else at the next opening', () => {
    expect(isoOf(nextSendTime(at('2026-11-24T10:00:00Z'), window, 'Europe/Helsinki'))).toBe('2026-11-24T10:00:00.000Z'); // Tue 12:00 local
    expect(isoOf(nextSendTime(at('2026-11-24T16:00:00Z'), window, 'Europe/Helsinki'))).toBe('2026-11-25T07:00:00.000Z'); // Tue 18:00 → Wed 09:00
    expect(isoOf(nextSendTime(at('2026-11-27T16:00:00Z'), window, 'Europe/Helsinki'))).toBe('2026-11-30T07:00:00.000Z'); // Fri 18:00 → Mon 09:00
    expect(isoOf(nextSendTime(at('2026-11-24T05:00:00Z'), window, 'Asia/Almaty'))).toBe('2026-11-24T05:00:00.000Z'); // 10:00 Almaty (UTC+5)
  });

  it('opens the window at 09:00 local time on both sides of a DST change', () => {
    // Helsinki: EET → EEST on Sunday 2027-03-28; EEST → EET on Sunday 2027-10-31.
    expect(isoOf(nextSendTime(at('2027-03-27T12:00:00Z'), window, 'Europe/Helsinki'))).toBe('2027-03-29T06:00:00.000Z');
    expect(isoOf(nextSendTime(at('2027-03-26T16:00:00Z'), window, 'Europe/Helsinki'))).toBe('2027-03-29T06:00:00.000Z');
    expect(isoOf(nextSendTime(at('2027-10-30T12:00:00Z'), window, 'Europe/Helsinki'))).toBe('2027-11-01T07:00:00.000Z');
    // New York: EST → EDT on 2027-03-14.
    expect(isoOf(nextSendTime(at('2027-03-13T18:00:00Z'), window, 'America/New_York'))).toBe('2027-03-15T13:00:00.000Z');
  });

  it('handles local times skipped or repeated by DST', () => {
    // 03:30 does not exist in Helsinki on 2027-03-28 (03:00 → 04:00): moves to 04:30 EEST.
    expect(isoOf(instantOf({ year: 2027, month: 3, day: 28, hour: 3, minute: 30 }, 'Europe/Helsinki'))).toBe('2027-03-28T01:30:00.000Z');
    // 03:30 exists twice on 2027-10-31: the first (EEST) is taken.
    expect(isoOf(instantOf({ year: 2027, month: 10, day: 31, hour: 3, minute: 30 }, 'Europe/Helsinki'))).toBe('2027-10-31T00:30:00.000Z');
  });

  it('counts business days in the lead’s zone, keeping the local time across DST', () => {
    // Thu 2027-03-25 10:00 EET + 2 business days = Mon 2027-03-29 10:00 EEST.
    expect(isoOf(addBusinessDays(at('2027-03-25T08:00:00Z'), 2, 'Europe/Helsinki'))).toBe('2027-03-29T07:00:00.000Z');
  });
});
