/**
 * Issue 16: the message catalogues (locales/*.json) and what is built from them. The first block
 * is the CI check a new or edited catalogue must pass; the rest render every built-in template in
 * every seed language and pin the fallback chain, plural forms, prices and the compliance footer.
 */
import { loadCatalogues } from '../../lib/i18n/load-catalogues';
import { checkCatalogues, checkTemplateVariants } from '../../lib/i18n/check-catalogues';
import { createI18n, fallbackChain, messageArguments, parseFallbackSetting, type TCatalogue } from '../../lib/i18n/translator';
import { BUILTIN_TEMPLATES, MESSAGE_ARGUMENTS } from '../../domain/builtins/builtin-templates';
import { BUILTIN_SEQUENCES } from '../../domain/builtins/builtin-sequences';
import { formatPrice } from '../../domain/templates/load-template-extras';
import { holidayName, nextHoliday } from '../../journey/holidays';
import { pickTemplate } from '../../journey/engine';
import { ZSequenceDefinition } from '../../journey/definition';
import { compileTemplate, renderCompiled, templateContextFor, type TTemplateContext } from '../../lib/mail/render-template';
import { addComplianceFooter } from '../../lib/mail/add-compliance-footer';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const catalogues = loadCatalogues();
const SEED = ['en', 'fi', 'hy', 'kk', 'mt', 'ro', 'ru'];
const TRANSLATED = SEED.filter((l) => l !== 'en');
const i18n = createI18n({ catalogues, fallback: parseFallbackSetting('kk:ru,hy:ru,uz:ru') });
/** \s also matches the no-break spaces Intl puts in prices and dates. */
const squash = (s: string) => s.replace(/\s+/g, ' ');

describe('the catalogue check (CI)', () => {
  it('has the seven seed languages, and every catalogue passes: all English keys, parseable ICU, no argument English lacks', () => {
    expect(Object.keys(catalogues).sort()).toEqual(expect.arrayContaining(SEED));
    expect(checkCatalogues(catalogues)).toEqual([]);
  });

  it('every built-in template variant uses only the variables of its English template', () => {
    expect(checkTemplateVariants(BUILTIN_TEMPLATES)).toEqual([]);
  });

  it('fails a catalogue that misses an English key, has an unknown one, breaks ICU or invents an argument', () => {
    const en: TCatalogue = { 'a.title': 'Hello {name}', 'a.count': '{n, plural, one {# day} other {# days}}', 'a.plain': 'Hi' };
    const broken: TCatalogue = { 'a.title': 'Hei {nimi}', 'a.count': '{n, plural, one {# päivä}', 'a.typo': 'x' };
    expect(checkCatalogues({ en, fi: broken })).toEqual([
      'fi: missing a.plain',
      'fi: a.title uses {nimi}, which the en message does not',
      expect.stringMatching(/^fi a\.count: not ICU MessageFormat/),
      'fi: a.typo is not in en (a typo, or a key English lacks)',
    ]);
  });

  it('lets a catalogue leave the console namespace out whole (English there), but not half of it', () => {
    const en: TCatalogue = { 'pages.title': 'Hello', 'console.nav.leads': 'Leads', 'console.nav.tasks': 'Tasks' };
    expect(checkCatalogues({ en, fi: { 'pages.title': 'Hei' } })).toEqual([]);
    expect(checkCatalogues({ en, fi: { 'pages.title': 'Hei', 'console.nav.leads': 'Liidit' } })).toEqual(['fi: missing console.nav.tasks']);
    expect(checkCatalogues({ en, fi: { 'console.nav.leads': 'Liidit', 'console.nav.tasks': 'Tehtävät' } })).toEqual([
      'fi: missing pages.title',
    ]);
  });

  it('fails a template variant that uses a variable its English template does not', () => {
    const base = { key: 'hello', subject: 'Hi {{lead.firstName}}', mjml: '<mjml></mjml>' };
    const variant = { key: 'hello-fi', subject: 'Hei {{lead.firstName}}', mjml: '<mjml>{{offer.price}}</mjml>', variantOf: 'hello' };
    expect(checkTemplateVariants([base, variant])).toEqual(['hello-fi: uses {{offer.price}}, which hello does not']);
  });

  it('every argument in a template message is a known template variable', () => {
    const used = new Set(
      Object.entries(catalogues.en!)
        .filter(([key]) => key.startsWith('templates.'))
        .flatMap(([, message]) => messageArguments(message)),
    );
    expect([...used].filter((a) => !(a in MESSAGE_ARGUMENTS))).toEqual([]);
  });
});

describe("the console's strings", () => {
  /** Every .ts/.tsx file under web/src. */
  const sources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? sources(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : [],
    );
  const used = sources(join(__dirname, '../../web/src')).flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/\bt\(\s*(['`])([\w.-]+)(\$\{)?/g)].map((m) => ({ file, key: m[2]!, prefix: Boolean(m[3]) })),
  );

  it('every key the console asks for is in the English catalogue (console.*)', () => {
    const keys = Object.keys(catalogues.en!).filter((k) => k.startsWith('console.'));
    expect(used.length).toBeGreaterThan(100);
    const missing = used.filter(({ key, prefix }) =>
      prefix ? !keys.some((k) => k.startsWith(`console.${key}`)) : !keys.includes(`console.${key}`),
    );
    expect(missing).toEqual([]);
  });
});

describe('the built-in templates in every seed language', () => {
  const keys = BUILTIN_TEMPLATES.filter((t) => !t.variantOf).map((t) => t.key);
  const variantOf = (key: string, locale: string) =>
    locale === 'en'
      ? BUILTIN_TEMPLATES.find((t) => t.key === key)!
      : BUILTIN_TEMPLATES.find((t) => t.variantOf === key && t.locale === locale)!;
  const contextFor = (locale: string): TTemplateContext => ({
    ...templateContextFor(
      { firstName: 'Alexandra', lastName: 'Sarg', company: 'Järvinen Oy', email: 'a@example.kz' },
      { name: 'Acme', unsubscribeUrl: 'https://n.example/u/t' },
    ),
    'owner.name': 'Aino Rep',
    'offer.name': 'Nurture Pro',
    'offer.price': formatPrice(123450, locale, 'EUR'),
    'offer.url': 'https://example.com/o',
    'referral.code': 'ABCD2345',
    'referral.url': 'https://n.example/ref/ABCD2345',
    'reward.description': 'REWARD',
    'holiday.name': holidayName(nextHoliday(Date.UTC(2026, 0, 2), locale, 'UTC').id, locale) ?? 'HOLIDAY',
    'refusal.url': 'https://n.example/q/t',
  });
  const render = async (key: string, locale: string) => renderCompiled(await compileTemplate(variantOf(key, locale)), contextFor(locale));

  it('has all fourteen built-ins in all seven languages', () => {
    expect(keys).toHaveLength(14);
    for (const key of keys) for (const locale of SEED) expect([key, locale, Boolean(variantOf(key, locale))]).toEqual([key, locale, true]);
  });

  it.each(TRANSLATED)('%s: every template compiles, declares its language and carries none of the English sentences', async (locale) => {
    for (const key of keys) {
      const [en, own] = await Promise.all([render(key, 'en'), render(key, locale)]);
      expect([key, /<html lang="([^"]+)"/.exec(own.html)?.[1]]).toEqual([key, locale]);
      // Every English sentence fragment of four words or more (between variables) is absent from the translation.
      const englishFragments = squash(`${en.subject}\n${en.text}`)
        .split(/Alexandra|Järvinen Oy|Aino Rep|Nurture Pro|ABCD2345|https?:\/\/\S+|REWARD|\[|\]/)
        .map((f) => f.trim())
        .filter((f) => f.split(' ').length >= 4);
      const text = squash(`${own.subject}\n${own.text}`);
      expect([key, englishFragments.filter((f) => text.includes(f))]).toEqual([key, []]);
    }
  });

  it.each(SEED)('%s: subjects stay within inbox length (60 characters with a nine-letter name)', async (locale) => {
    for (const key of keys) {
      const { subject } = await render(key, locale);
      expect([key, subject.length <= 60 ? 'fits' : subject]).toEqual([key, 'fits']);
    }
  });

  it.each([
    ['en', '€1,234.50'],
    ['fi', '1 234,50 €'],
    ['hy', '1234,50 €'],
    ['kk', '1 234,50 €'],
    ['mt', '€1,234.50'],
    ['ro', '1.234,50 EUR'],
    ['ru', '1 234,50 €'],
  ])('%s: offer prices are in the locale format (%s)', async (locale, price) => {
    for (const key of ['deferred-reminder', 'cross-sell-offer', 'up-sell-offer', 'win-back-offer']) {
      expect([key, squash((await render(key, locale)).text).includes(price)]).toEqual([key, true]);
    }
  });

  it('the holiday greeting names the holiday in the lead language: a Kazakh lead gets a Kazakh greeting', async () => {
    const name = holidayName(nextHoliday(Date.UTC(2026, 0, 2), 'kk', 'UTC').id, 'kk');
    expect((await render('holiday-greeting', 'kk')).subject).toBe(`${name} құтты болсын, Alexandra!`);
  });

  it('the built-in sequences list every variant on their email and greetings steps, and a kk-KZ lead picks the Kazakh one', () => {
    const winBack = ZSequenceDefinition.parse(BUILTIN_SEQUENCES.find((s) => s.key === 'win-back'));
    for (const step of winBack.steps) {
      if (step.type === 'email') expect(Object.keys(step.email.variants).sort()).toEqual(TRANSLATED);
      if (step.type === 'greetings') expect(Object.keys(step.greetings.variants).sort()).toEqual(TRANSLATED);
    }
    const farewell = winBack.steps.find((s) => s.id === 'farewell');
    const greetings = winBack.steps.find((s) => s.type === 'greetings');
    if (farewell?.type !== 'email' || greetings?.type !== 'greetings') throw new Error('win-back changed shape');
    expect(pickTemplate(farewell.email, 'kk-KZ')).toBe('win-back-farewell-kk');
    expect(pickTemplate(greetings.greetings, 'kk-KZ')).toBe('holiday-greeting-kk');
    // A language without a catalogue keeps the English template, as before.
    expect(pickTemplate(farewell.email, 'de')).toBe('win-back-farewell');
  });
});

describe('the fallback chain, plurals, dates and the footer', () => {
  it('walks kk-KZ → kk → ru → en and hy → ru → en, as I18N_FALLBACK says', () => {
    const fallback = parseFallbackSetting('kk:ru, hy:ru');
    expect(fallbackChain('kk-KZ', fallback)).toEqual(['kk-kz', 'kk', 'ru', 'en']);
    expect(fallbackChain('hy', fallback)).toEqual(['hy', 'ru', 'en']);
    expect(fallbackChain('fi', fallback)).toEqual(['fi', 'en']);
    expect(parseFallbackSetting('uz:ru>kk')).toEqual({ uz: ['ru', 'kk'] });
    expect(() => parseFallbackSetting('kk')).toThrow(/not like "kk:ru"/);
  });

  it('a message missing in Kazakh comes in Russian, not English; a language without a catalogue reads its fallback', () => {
    const small = createI18n({
      catalogues: { en: { hi: 'Hello', bye: 'Bye' }, ru: { hi: 'Привет', bye: 'Пока' }, kk: { hi: 'Сәлем' } },
      fallback: parseFallbackSetting('kk:ru,uz:ru'),
    });
    expect([small.translator('kk-KZ').t('hi'), small.translator('kk-KZ').t('bye')]).toEqual(['Сәлем', 'Пока']);
    expect([small.translator('kk-KZ').lang, small.translator('uz').lang, small.translator('de').lang]).toEqual(['kk', 'ru', 'en']);
    expect(small.translator('kk').hasOwn('bye')).toBe(true); // Russian counts as a translation
    expect(small.translator('de').hasOwn('bye')).toBe(false);
  });

  it('negotiates Accept-Language: the first language we (or its fallback) can speak, else English', () => {
    expect(i18n.negotiate('de-DE,de;q=0.9,kk;q=0.8,en;q=0.5')).toBe('kk');
    expect(i18n.negotiate('uz-UZ')).toBe('uz-UZ'); // read in Russian (uz:ru)
    expect(i18n.translator(i18n.negotiate('uz-UZ')).lang).toBe('ru');
    expect(i18n.negotiate('de, fr;q=0.4')).toBe('en');
    expect(i18n.negotiate(undefined)).toBe('en');
    expect(i18n.negotiate('ro;q=0.2, mt;q=0.9')).toBe('mt');
  });

  it.each([
    ['en', [1, 2, 12], ['1 week', '2 weeks', '12 weeks']],
    ['fi', [1, 2, 12], ['1 viikko', '2 viikkoa', '12 viikkoa']],
    ['ru', [1, 2, 5, 21], ['1 неделя', '2 недели', '5 недель', '21 неделя']],
    ['mt', [1, 2, 4, 12, 20], ['ġimgħa', 'ġimagħtejn', '4 ġimgħat', '12-il ġimgħa', '20 ġimgħa']],
    ['ro', [1, 2, 12, 20], ['1 săptămână', '2 săptămâni', '12 săptămâni', '20 de săptămâni']],
    ['kk', [1, 8], ['1 апта', '8 апта']],
    ['hy', [1, 8], ['1 շաբաթ', '8 շաբաթ']],
  ])('%s plural forms follow the language rules', (locale, counts, expected) => {
    const { t } = i18n.translator(locale);
    expect(counts.map((weeks) => t('pages.preferences.pauseWeeks', { weeks }))).toEqual(expected);
  });

  it('formats dates and numbers for the reader', () => {
    const day = new Date(Date.UTC(2026, 11, 16, 12));
    expect(squash(i18n.translator('kk-KZ').formatDate(day))).toBe('2026 ж. 16 желтоқсан');
    expect(i18n.translator('fi').formatDate(day)).toBe('16. joulukuuta 2026');
    expect(squash(i18n.translator('ru').formatNumber(1234567.5))).toBe('1 234 567,5');
    expect(squash(i18n.translator('ro').formatPrice(4200, 'RON'))).toBe('42,00 RON');
  });

  it('the compliance footer speaks the lead language (kk-KZ → Kazakh) in both parts, marked with its lang', () => {
    const out = addComplianceFooter(
      { subject: 's', html: '<html><body><p>Сәлем</p></body></html>', text: 'Сәлем\n' },
      { preferencesUrl: 'https://n.example/p/t', unsubscribeUrl: 'https://n.example/u/t', postalAddress: 'Acme, Almaty', locale: 'kk-KZ' },
    );
    const kk = i18n.translator('kk');
    expect(out.html).toContain(`<div lang="kk"`);
    expect(out.html).toContain(`>${kk.t('footer.unsubscribe')}</a>`);
    expect(out.text).toBe(
      `Сәлем\n\n--\n${kk.t('footer.why')}\n${kk.t('footer.preferences')}: https://n.example/p/t\n${kk.t('footer.unsubscribe')}: https://n.example/u/t\nAcme, Almaty\n`,
    );
    expect(out.text).not.toMatch(/Unsubscribe|Manage preferences|You receive/);
  });
});
