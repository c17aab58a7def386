/**
 * ADR-049, the pure parts: the Russian holiday calendar behind the ru-holidays patch, the staff
 * messages (`staff.*`) in every seed language, the sender-pause alert in English exactly as
 * before and in Russian with Russian numbers, the double opt-in email in each language, and the
 * fingerprints the built-in upgrade recognises old installs by.
 */
import { holidayName, LATER_HOLIDAYS, nextHoliday } from '../../journey/holidays';
import { loadCatalogues } from '../../lib/i18n/load-catalogues';
import { staffTranslatorFor, taskKindLabel } from '../../domain/staff/staff-translator';
import { pauseAlert } from '../../domain/deliverability/sender-reputation-guard';
import { confirmationEmail } from '../../domain/leads/public-signup';
import { i18n } from '../../lib/i18n/load-catalogues';
import { BUILTIN_SEQUENCES } from '../../domain/builtins/builtin-sequences';
import { SHIPPED_SEQUENCE_FINGERPRINTS } from '../../domain/builtins/shipped-fingerprints';
import { sequenceFingerprint } from '../../domain/builtins/upgrade-builtins';
import type { TSequenceDefinitionInput } from '../../journey/definition';

const SEED = ['en', 'fi', 'hy', 'kk', 'mt', 'ro', 'ru'];
const MOSCOW = 'Europe/Moscow';

describe('the Russian holiday calendar', () => {
  it('has the seven fixed-date public holidays, each at 09:00 Moscow time, in order through the year', () => {
    const seen: { id: string; at: string; name: string }[] = [];
    for (let h = nextHoliday(Date.parse('2026-12-31T00:00:00Z'), 'ru', MOSCOW); seen.length < 8; h = nextHoliday(h.atMs, 'ru', MOSCOW)) {
      seen.push({ id: h.id, at: new Date(h.atMs).toISOString(), name: h.name });
    }
    // 09:00 in Moscow (UTC+3, no DST) is 06:00 UTC.
    expect(seen).toEqual([
      { id: 'new-year-2027', at: '2027-01-01T06:00:00.000Z', name: 'Новый год' },
      { id: 'defender-day-2027', at: '2027-02-23T06:00:00.000Z', name: 'День защитника Отечества' },
      { id: 'womens-day-2027', at: '2027-03-08T06:00:00.000Z', name: 'Международный женский день' },
      { id: 'spring-labour-day-2027', at: '2027-05-01T06:00:00.000Z', name: 'Праздник Весны и Труда' },
      { id: 'victory-day-2027', at: '2027-05-09T06:00:00.000Z', name: 'День Победы' },
      { id: 'russia-day-2027', at: '2027-06-12T06:00:00.000Z', name: 'День России' },
      { id: 'unity-day-2027', at: '2027-11-04T06:00:00.000Z', name: 'День народного единства' },
      { id: 'new-year-2028', at: '2028-01-01T06:00:00.000Z', name: 'Новый год' },
    ]);
    expect(LATER_HOLIDAYS.ru).toHaveLength(7);
  });

  it('applies to region tags too, and a lead elsewhere gets 09:00 in its own zone', () => {
    expect(nextHoliday(Date.parse('2027-05-02T00:00:00Z'), 'ru-KZ', 'Asia/Almaty')).toEqual({
      id: 'victory-day-2027',
      atMs: Date.parse('2027-05-09T04:00:00Z'),
      name: 'День Победы',
    });
  });

  it('is asked for only for a Russian lead: a journey run that says no keeps the English calendar it had', () => {
    let asked = 0;
    const before = () => {
      asked++;
      return false;
    };
    // The ru-holidays patch not taken: Christmas, as Russian leads had until 2026-12-01.
    expect(nextHoliday(Date.parse('2026-12-01T00:00:00Z'), 'ru', MOSCOW, { later: before }).id).toBe('christmas-2026');
    expect(asked).toBe(1);
    expect(nextHoliday(Date.parse('2026-12-01T00:00:00Z'), 'ru', MOSCOW, { later: () => true }).id).toBe('new-year-2027');
    // Languages with their own calendar from the start never ask (no patch marker in their histories).
    for (const locale of ['fi', 'kk-KZ', 'mt', 'hy', 'ro', 'en', 'xx']) nextHoliday(0, locale, 'UTC', { later: before });
    expect(asked).toBe(1);
  });

  it('names a holiday in Russian, and a holiday of the English calendar an older run chose in English', () => {
    expect(holidayName('victory-day-2027', 'ru')).toBe('День Победы');
    expect(holidayName('new-year-2027', 'ru-RU')).toBe('Новый год');
    expect(holidayName('christmas-2026', 'ru')).toBe('Christmas');
  });
});

describe('staff messages', () => {
  const catalogues = loadCatalogues();

  it('every seed catalogue writes every staff.* and emails.* message (no English fallback for staff or leads)', () => {
    const keys = Object.keys(catalogues.en ?? {}).filter((k) => k.startsWith('staff.') || k.startsWith('emails.'));
    expect(keys.length).toBeGreaterThan(30);
    for (const locale of SEED) {
      const missing = keys.filter((k) => catalogues[locale]?.[k] === undefined);
      expect({ locale, missing }).toEqual({ locale, missing: [] });
    }
  });

  it('says the heat of a lead with each language’s own adjective, and a task kind in the reader’s words', () => {
    expect(staffTranslatorFor('en').t('staff.assigned.subject', { heat: 'HOT' })).toBe('New hot lead for you');
    expect(staffTranslatorFor('ru').t('staff.assigned.subject', { heat: 'WARM' })).toBe('Вам новый тёплый лид');
    expect(staffTranslatorFor('fi').t('staff.sla.reassigned', { heat: 'COLD', owner: 'x' })).toMatch(/^Kylmää liidiä/);
    expect(taskKindLabel(staffTranslatorFor('ru'), 'call')).toBe('звонок');
    expect(taskKindLabel(staffTranslatorFor('ru'), 'something-new')).toBe('something-new');
  });

  it('formats a due time for staff in UTC, in the reader’s format', () => {
    const due = new Date('2026-12-01T09:30:00Z');
    expect(staffTranslatorFor('en').formatDateTime(due)).toMatch(/Dec 1, 2026.*9:30.*UTC/);
    expect(staffTranslatorFor('ru').formatDateTime(due)).toMatch(/1 дек\. 2026 г\.*.*09:30.*UTC/);
  });

  it('writes the sender-pause alert in English as before, and in Russian with Russian numbers and units', () => {
    const pause = { domain: 'nurture.test', sent: 1234, complaintRate: 33.333, hardBounceRate: 0.5 };
    const config = { complaintRateMax: 0.3, hardBounceRateMax: 5, windowMs: 24 * 3_600_000 };
    const en = pauseAlert(staffTranslatorFor('en'), pause, config);
    expect(en.subject).toBe('Sending paused for nurture.test: complaint rate 33.33 % over 24 h');
    expect(en.text).toContain('Sent in the window: 1,234; complaint rate 33.33 %; hard-bounce rate 0.5 %.');
    expect(en.text).toContain('  POST /deliverability/sender-domains/nurture.test/resume');
    const ru = pauseAlert(staffTranslatorFor('ru'), pause, { ...config, hardBounceRateMax: 0.1, windowMs: 3 * 24 * 3_600_000 });
    expect(ru.subject).toBe('Рассылка с nurture.test приостановлена: доля жалоб 33,33 % и доля жёстких отказов 0,5 % за 3 дн.');
    expect(ru.text).toMatch(/Отправлено за период: 1\s234;/);
    expect(ru.text).not.toMatch(/complaint|paused|Journeys/);
  });
});

describe('the double opt-in email', () => {
  it('is written in the page’s language, names the 7 days in that language’s plural, and keeps the link on its own line', () => {
    const url = 'http://nurture.test/confirm/abc';
    const expected: Record<string, { subject: string; days: RegExp }> = {
      en: { subject: 'Please confirm your email address', days: /within 7 days:/ },
      fi: { subject: 'Vahvista sähköpostiosoitteesi', days: /7 päivän kuluessa:/ },
      hy: { subject: 'Հաստատեք ձեր էլ. փոստի հասցեն', days: /7 օրվա ընթացքում/ },
      kk: { subject: 'Электрондық пошта мекенжайыңызды растаңыз', days: /7 күн ішінде/ },
      mt: { subject: 'Ikkonferma l-indirizz tal-email tiegħek', days: /fi żmien 7 ijiem:/ },
      ro: { subject: 'Confirmă adresa de email', days: /în 7 zile:/ },
      ru: { subject: 'Подтвердите адрес электронной почты', days: /в течение 7 дней:/ },
    };
    for (const locale of SEED) {
      const mail = confirmationEmail(i18n().translator(locale), 'Ана', url);
      expect({ locale, subject: mail.subject, lang: mail.lang }).toEqual({ locale, subject: expected[locale]!.subject, lang: locale });
      // Inbox subject lines: short enough to be read whole on a phone.
      expect(mail.subject.length).toBeLessThanOrEqual(50);
      expect(mail.text).toMatch(expected[locale]!.days);
      expect(mail.text).toContain(`\n\n${url}\n\n`);
      expect(mail.text).toContain('Ана');
    }
    // A reader of a language we do not write (uz → ru by the default I18N_FALLBACK) gets Russian, not English.
    expect(confirmationEmail(i18n().translator('uz'), 'A', url).subject).toBe('Подтвердите адрес электронной почты');
  });
});

describe('built-in fingerprints', () => {
  // Fingerprints parse with today's ZSequenceDefinition: a schema change that alters what it
  // outputs changes every fingerprint, and the upgrade would silently stop recognising old installs.
  it('still recognise every built-in as this release ships it and as the 2026-11 releases did (without variants)', () => {
    const withoutVariants = (s: TSequenceDefinitionInput): TSequenceDefinitionInput => ({
      ...s,
      steps: s.steps.map((step) => {
        if (step.type === 'email') {
          const { variants: _v, ...email } = step.email;
          return { ...step, email };
        }
        if (step.type === 'greetings') {
          const { variants: _v, ...greetings } = step.greetings;
          return { ...step, greetings };
        }
        return step;
      }),
    });
    for (const builtin of BUILTIN_SEQUENCES) {
      const known = SHIPPED_SEQUENCE_FINGERPRINTS[builtin.key] ?? [];
      expect({ key: builtin.key, current: known.includes(sequenceFingerprint(builtin)!) }).toEqual({ key: builtin.key, current: true });
      expect({ key: builtin.key, old: known.includes(sequenceFingerprint(withoutVariants(builtin))!) }).toEqual({
        key: builtin.key,
        old: true,
      });
    }
  });
});
