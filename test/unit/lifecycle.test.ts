import { normalizePhone } from '../../lib/phone';
import { holidayName, nextHoliday } from '../../journey/holidays';
import { tierOrder } from '../../domain/reps/assign-lead';
import { computeScore } from '../../domain/scoring/score-lead';
import { DEFAULT_SCORING_MODEL } from '../../domain/scoring/schemas';
import { parseLeadCsv, rowToLeadInput } from '../../domain/imports/parse-lead-csv';
import { parseEnv } from '../../lib/env';
import { EMPTY_LEAD_SNAPSHOT, type TLeadSnapshot } from '../../journey/engine';

const DAY = 86_400_000;
const lead = (over: Partial<TLeadSnapshot> = {}): TLeadSnapshot => ({
  ...EMPTY_LEAD_SNAPSHOT,
  id: 'l',
  status: 'NEW',
  heat: 'COLD',
  locale: 'en',
  ...over,
});

describe('phone numbers', () => {
  it('stores every way of writing one number as the same E.164, so dedupe can match on it', () => {
    for (const raw of ['+358 40 123 4567', '+358 (40) 123-4567', '00358401234567'])
      expect(normalizePhone(raw)).toEqual({ ok: true, e164: '+358401234567' });
    expect(normalizePhone('040 123 4567', 'FI')).toEqual({ ok: true, e164: '+358401234567' });
  });
  it('refuses a number without a country and no default region, and an impossible one, saying why', () => {
    expect(normalizePhone('040 123 4567')).toEqual({
      ok: false,
      message: 'must be an international number starting with + (e.g. +358 40 123 4567)',
    });
    expect(normalizePhone('+358 1')).toEqual({ ok: false, message: '"+358 1" is not a valid phone number' });
  });
});

describe('holidays', () => {
  it('finds the next holiday of the language at 09:00 in the lead’s zone, across the year end', () => {
    const h = nextHoliday(Date.parse('2026-12-06T08:00:00Z'), 'fi', 'Europe/Helsinki');
    expect(h).toEqual({ id: 'christmas-2026', atMs: Date.parse('2026-12-25T07:00:00Z'), name: 'joulupäivä' });
    expect(nextHoliday(h.atMs, 'fi', 'Europe/Helsinki')).toMatchObject({ id: 'new-year-2027', name: 'uudenvuodenpäivä' });
    expect(nextHoliday(Date.parse('2026-03-01T00:00:00Z'), 'kk-KZ', 'Asia/Almaty')).toMatchObject({
      id: 'nauryz-2026',
      name: 'Наурыз мейрамы',
    });
    expect(nextHoliday(Date.parse('2026-03-01T00:00:00Z'), 'xx', 'UTC').id).toBe('christmas-2026'); // unknown language: English calendar
    expect(holidayName('independence-day-2027', 'hy')).toBe('Անկախության օր');
  });
});

describe('routing tiers', () => {
  it('tries the top tier first for hot leads, the lowest for cold, the middle for warm', () => {
    expect(tierOrder([2, 1, 3, 1], 'HOT')).toEqual([1, 2, 3]);
    expect(tierOrder([2, 1, 3], 'COLD')).toEqual([3, 2, 1]);
    expect(tierOrder([2, 1, 3], 'WARM')).toEqual([2, 1, 3]);
    expect(tierOrder([1], 'WARM')).toEqual([1]);
    expect(tierOrder([], 'HOT')).toEqual([]);
  });
});

describe('scoring', () => {
  it('adds fit points and engagement points that halve every half-life', () => {
    const now = Date.parse('2026-06-01T00:00:00Z');
    // Warm (25) + company (5); a reply today (15), a click 30 days ago (5 → 2.5), an open 60 days ago (2 → 0.5).
    const score = computeScore(
      DEFAULT_SCORING_MODEL,
      lead({ heat: 'WARM', company: 'Oy' }),
      [
        { type: 'replied', atMs: now },
        { type: 'clicked', atMs: now - 30 * DAY },
        { type: 'opened', atMs: now - 60 * DAY },
        { type: 'unknown', atMs: now },
        { type: 'clicked', atMs: now + DAY }, // not yet happened: ignored
      ],
      now,
    );
    expect(score).toBe(Math.round(25 + 5 + 15 + 2.5 + 0.5));
  });
});

describe('CSV import rows', () => {
  it('maps headers loosely, converts money to cents and enums to their form, and keeps other columns as attributes', () => {
    const { headers, rows } = parseLeadCsv(
      '\uFEFFFirst Name,E-mail,Acquisition cost,Source,Time frame,Consent source,Favourite colour\nAino,a@x.fi,12.5,trade show,months,web-form,green\n',
    );
    expect(headers[1]).toBe('E-mail');
    expect(rowToLeadInput(headers, rows[0]!)).toEqual({
      firstName: 'Aino',
      email: 'a@x.fi',
      acquisitionCostCents: 1250,
      source: 'TRADE_SHOW',
      purchaseTimeframe: 'MONTHS',
      consent: { purpose: 'marketing', source: 'web-form' },
      attributes: { Favourite_colour: 'green' },
    });
  });
  it('says which required columns are missing, and when the file cannot be read', () => {
    expect(() => parseLeadCsv('name\nA')).toThrow('The CSV header is missing required columns');
    expect(() => parseLeadCsv('email,firstName\n"unterminated')).toThrow(/The CSV cannot be read/);
  });
});

describe('lifecycle settings', () => {
  it('parses the routing SLA per heat and names a bad value', () => {
    expect(parseEnv({ ROUTING_SLA: 'HOT=30m,WARM=2d,COLD=1w' }).ROUTING_SLA).toEqual({ HOT: 1_800_000, WARM: 2 * DAY, COLD: 7 * DAY });
    const details = (source: Record<string, string>) => {
      try {
        parseEnv(source);
      } catch (e) {
        return (e as { details: string[] }).details;
      }
      return [];
    };
    expect(details({ ROUTING_SLA: 'HOT=soon,WARM=1d,COLD=3d' })).toEqual([
      expect.stringMatching(/^ROUTING_SLA: .*HOT: "soon" is not a duration/),
    ]);
    expect(details({ CURRENCY: 'euro' })).toEqual([expect.stringMatching(/^CURRENCY: must be an ISO 4217 code/)]);
  });
});
