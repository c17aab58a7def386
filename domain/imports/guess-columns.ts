/**
 * Suggestions for the import wizard: which lead field a CSV column holds (from its header, in
 * English and the seed languages — Finnish, Armenian, Russian, Kazakh, Maltese — plus a few
 * other common ones; then from its content) and which value a file value stands for ("6 months"
 * → MONTHS, "Messut" → TRADE_SHOW). Only suggestions: the caller's mapping overrides them.
 */
import { normalizePhone } from '../../lib/phone';
import { isLocaleTag, type FIELD_VALUES, type TImportField, type TValueMappedField } from './mapping-schemas';

/** Case, accents, spaces and punctuation ignored: "E-mail" = "email", "Sähköposti" = "sahkoposti". */
export const normKey = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '');

/** A list of names, written comma-separated to keep the tables readable. */
const w = (...lists: string[]) => lists.flatMap((l) => l.split(', '));

/** Strong names: a header that says exactly what the column is. */
const HEADER_SYNONYMS: Record<TImportField, string[]> = {
  email: w(
    'email, e-mail, e mail, mail, email address, e-mail address, emailaddress, work email, business email',
    'sähköposti, sähköpostiosoite, sposti, email-osoite, էլ. փոստ, էլփոստ, էլ-փոստ, էլեկտրոնային փոստ',
    'электронная почта, эл. почта, эл почта, е-мейл, емейл, имейл, почта, адрес электронной почты',
    'электрондық пошта, эл. пошта, пошта, indirizz elettroniku, posta elettronika, e-post, e-postadress',
    'epost, courriel, adresse e-mail, correo, correo electrónico, e-mail-adresse, mailadresse',
  ),
  firstName: w(
    'first name, firstname, first, given name, forename, christian name, etunimi, etunimet, անուն, имя',
    'аты, есімі, isem, vorname, förnamn, prénom, nombre',
  ),
  lastName: w(
    'last name, lastname, last, surname, family name, sukunimi, ազգանուն, фамилия, тегі, тегі аты, kunjom',
    'nachname, familienname, efternamn, nom de famille, apellido, apellidos',
  ),
  company: w(
    'company, company name, organisation, organization, organisation name, organization name, business',
    'employer, account, account name, firm, yritys, yhtiö, organisaatio, työnantaja, ընկերություն',
    'կազմակերպություն, компания, организация, фирма, ұйым, мекеме, kumpanija, ditta, firma, unternehmen',
    'företag, société, entreprise, empresa',
  ),
  phone: w(
    'phone, phone number, telephone, telephone number, tel, mobile, mobile phone, mobile number, cell',
    'cell phone, gsm, puhelin, puhelinnumero, matkapuhelin, puh, հեռախոս, հեռախոսահամար, телефон',
    'номер телефона, мобильный, мобильный телефон, телефон нөмірі, telefon, numru tat-telefon, mowbajl',
    'telefonnummer, handy, mobil, téléphone, teléfono, móvil',
  ),
  locale: w('locale, language, lang, preferred language, kieli, asiointikieli, լեզու, язык, тіл, lingwa, sprache', 'språk, langue, idioma'),
  timeZone: w('time zone, timezone, tz, aikavyöhyke, ժամային գոտի, часовой пояс, уақыт белдеуі, zeitzone, tidszon', 'fuseau horaire'),
  source: w(
    'source, lead source, channel, origin, lähde, liidin lähde, kanava, աղբյուր, ալիք, источник, канал',
    'көз, арна, sors, quelle, kanal, källa, origine, fuente',
  ),
  campaign: w('campaign, campaign name, kampanja, արշավ, кампания, науқан, kampanja, kampagne, kampanj, campagne', 'campaña'),
  acquisitionCost: w(
    'acquisition cost, acquisitioncost, cost, cost per lead, cpl, lead cost, hankintakustannus',
    'hankintahinta, kustannus, hinta, ձեռքբերման արժեք, արժեք, стоимость, стоимость лида, цена, құны',
    'kosten, kostnad, coût, costo',
  ),
  acquisitionCostCents: w('acquisition cost cents, acquisitioncostcents, cost cents, cost in cents'),
  purchaseTimeframe: w(
    'purchase timeframe, timeframe, time frame, buying timeframe, purchase time, when to buy',
    'purchase date, buying window, ostoaikataulu, aikataulu, ostoaikeet, գնման ժամկետ, ժամկետ',
    'сроки покупки, срок покупки, сроки, срок, сатып алу мерзімі, мерзімі, zeitrahmen, kaufzeitraum',
    'tidsram, köptidpunkt',
  ),
  heat: w(
    'heat, temperature, lead temperature, rating, lead rating, lämpö, liidin lämpö, ջերմություն',
    'температура, температура лида, температурасы',
  ),
  ownerName: w(
    'owner, owner name, lead owner, account owner, sales rep, rep, salesperson, assigned to, myyjä',
    'vastuumyyjä, vastuuhenkilö, omistaja, պատասխանատու, մենեջեր, ответственный, менеджер, владелец',
    'жауапты, verantwortlich, ansvarig, säljare',
  ),
  ownerEmail: w('owner email, owner e-mail, rep email, sales rep email, myyjän sähköposti, email менеджера', 'email ответственного'),
  referralCode: w('referral code, referral, ref code, referrer code, suosittelukoodi, ուղղորդման կոդ, реферальный код', 'промокод'),
  consentSource: w(
    'consent source, consent, opt in, opt-in, opt in source, marketing consent, suostumus',
    'markkinointilupa, համաձայնություն, согласие',
  ),
  consentTextVersion: w('consent text version, consent version, privacy version, suostumusteksti, suostumuksen versio'),
  consentAt: w('consent at, consent date, consented at, opt in date, opt-in date, suostumuspäivä, дата согласия'),
};

/** Weak names: taken only when no column has a strong name for the field ("Name" is often a full name). */
const WEAK_HEADER_SYNONYMS: Partial<Record<TImportField, string[]>> = {
  firstName: w('name, full name, contact, contact name, person, nimi, koko nimi, yhteyshenkilö, ф.и.о., фио', 'անուն ազգանուն, isem sħiħ'),
  phone: w('number, numero, номер'),
  company: w('organisation, yrityksen nimi, название компании'),
};

const index = (table: Partial<Record<TImportField, string[]>>) => {
  const out = new Map<string, TImportField>();
  for (const [field, names] of Object.entries(table) as [TImportField, string[]][])
    for (const name of [field, ...names]) if (!out.has(normKey(name))) out.set(normKey(name), field);
  return out;
};
const STRONG = index(HEADER_SYNONYMS);
const WEAK = index(WEAK_HEADER_SYNONYMS);

/** The field a header names, if any, and how sure that is. */
export function fieldOfHeader(header: string): { field: TImportField; strong: boolean } | undefined {
  const key = normKey(header);
  const strong = STRONG.get(key);
  if (strong) return { field: strong, strong: true };
  const weak = WEAK.get(key);
  return weak ? { field: weak, strong: false } : undefined;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PHONE_LIKE = /^\+?[\d\s().-]{6,}$/;

/** Values worth looking at in a column: non-empty, from the first 500 rows. */
const sampleOf = (rows: string[][], i: number) =>
  rows
    .slice(0, 500)
    .map((r) => r[i]?.trim() ?? '')
    .filter((v) => v !== '');

const share = (values: string[], test: (v: string) => boolean) => (values.length ? values.filter(test).length / values.length : 0);

/**
 * A lead field per column (or null), each field at most once: strong header names first, then
 * weak ones, then content (mostly email addresses → email or, after it, ownerEmail; mostly phone
 * numbers → phone; mostly known values of source, timeframe or heat → that field). A header that
 * names the owner over a column of addresses is ownerEmail.
 */
export function suggestColumnFields(headers: string[], rows: string[][], options: { defaultPhoneRegion?: string | undefined } = {}) {
  const out: (TImportField | null)[] = headers.map(() => null);
  const taken = new Set<TImportField>();
  const samples = headers.map((_, i) => sampleOf(rows, i));
  const claim = (i: number, field: TImportField) => {
    if (out[i] !== null || taken.has(field)) return false;
    out[i] = field;
    taken.add(field);
    return true;
  };
  const named = headers.map((h) => fieldOfHeader(h));
  const refine = (i: number, field: TImportField): TImportField =>
    field === 'ownerName' && share(samples[i]!, (v) => EMAIL.test(v)) >= 0.8 ? 'ownerEmail' : field;
  for (const strong of [true, false])
    named.forEach((n, i) => {
      if (n && n.strong === strong) claim(i, refine(i, n.field));
    });
  headers.forEach((_, i) => {
    const values = samples[i]!;
    if (out[i] !== null || named[i] || values.length === 0) return;
    if (share(values, (v) => EMAIL.test(v)) >= 0.8) {
      if (!claim(i, 'email')) claim(i, 'ownerEmail');
      return;
    }
    if (share(values, (v) => PHONE_LIKE.test(v) && (v.match(/\d/g)?.length ?? 0) >= 6) >= 0.8) {
      const valid = share(values, (v) => normalizePhone(v, options.defaultPhoneRegion).ok);
      if (valid >= 0.5) claim(i, 'phone');
      return;
    }
    for (const field of ['purchaseTimeframe', 'heat', 'source'] as const)
      if (share(values, (v) => suggestFieldValue(field, v) !== null) >= 0.8 && claim(i, field)) return;
  });
  return out;
}

const SOURCE_WORDS: Record<(typeof FIELD_VALUES.source)[number], string[]> = {
  REFERRAL: w(
    'referral, referred, recommendation, word of mouth, suosittelu, suositus, ուղղորդում, рекомендация',
    'сарафан, empfehlung, rekommendation, parrainage',
  ),
  PURCHASED_LIST: w(
    'purchased list, bought list, list purchase, purchased, list, database, ostettu lista, ostolista',
    'купленная база, база, gekaufte liste, köpt lista',
  ),
  TRADE_SHOW: w(
    'trade show, tradeshow, trade fair, fair, expo, exhibition, event, conference, messut, messu, messe',
    'tapahtuma, ցուցահանդես, выставка, ярмарка, конференция, көрме, wirja, mässa, salon, feria',
  ),
  WEBINAR: w('webinar, webinaari, վեբինար, вебинар, online seminar, webinaire, webinario'),
  INBOUND_CONTENT: w(
    'inbound content, content, inbound, blog, ebook, e-book, whitepaper, white paper, download, seo',
    'organic, sisältö, opas, контент, блог',
  ),
  SOCIAL: w(
    'social, social media, linkedin, facebook, instagram, twitter, x, tiktok, youtube, some',
    'sosiaalinen media, սոցցանցեր, соцсети, социальные сети, әлеуметтік желі, soziale medien',
    'sociala medier, réseaux sociaux, redes sociales',
  ),
  LIVE_CHAT: w('live chat, chat, livechat, chat widget, chatti, чат, онлайн чат, չաթ'),
  PHONE: w('phone, call, cold call, telephone, inbound call, puhelu, puhelin, հեռախոս, звонок, телефон, қоңырау', 'anruf, telefon, samtal'),
  INBOUND_EMAIL: w('inbound email, email, e-mail, mail, sähköposti, էլ. փոստ, письмо, электронная почта, e-post'),
  WEB_FORM: w(
    'web form, webform, website, web, form, contact form, landing page, site, lomake, verkkolomake',
    'verkkosivut, kotisivut, կայք, сайт, форма, веб-форма, webseite, formular, webbplats, formulaire',
    'formulario',
  ),
  THIRD_PARTY: w(
    'third party, 3rd party, partner, reseller, affiliate, distributor, kumppani, jälleenmyyjä, գործընկեր',
    'партнер, партнёр, серіктес',
  ),
};
const TIMEFRAME_WORDS: Record<(typeof FIELD_VALUES.purchaseTimeframe)[number], string[]> = {
  NOW: w(
    'now, immediate, immediately, asap, urgent, right away, this month, this week, today, heti, nyt',
    'kiireellinen, välittömästi, tässä kuussa, հիմա, անմիջապես, сейчас, срочно, немедленно, сразу, қазір',
    'issa, sofort, jetzt, nu, genast, maintenant, ahora',
  ),
  MONTHS: w(
    'months, month, within months, few months, this quarter, next quarter, this year, later this year',
    'soon, kuukausia, kuukauden sisällä, muutama kuukausi, pian, ամիսներ, месяцы, несколько месяцев',
    'скоро, айлар, xhur, monate, in monaten, månader, mois, meses',
  ),
  NONE: w(
    'none, no, no timeframe, no plans, not now, never, not interested, just looking, browsing, unknown',
    'undecided, later, someday, next year, ei, ei aikataulua, ei tiedossa, myöhemmin, ոչ, չկա, нет',
    'не знаю, позже, жоқ, le, keine, kein, ingen, aucun, ninguno',
  ),
};
const HEAT_WORDS: Record<(typeof FIELD_VALUES.heat)[number], string[]> = {
  HOT: w('hot, very hot, kuuma, թեժ, տաք, горячий, горячая, ыстық, sħun, heiß, heiss, het, chaud, caliente'),
  WARM: w('warm, lämmin, գոլ, теплый, тёплый, теплая, жылы, fietel, varm, tiède, tibio'),
  COLD: w('cold, kylmä, սառը, холодный, холодная, суық, kiesaħ, kalt, kall, froid, frío'),
};
const LOCALE_WORDS: Record<string, string[]> = {
  en: w('english, englanti, անգլերեն, английский, ағылшын, ingliż, englisch, engelska, anglais, inglés'),
  fi: w('finnish, suomi, ֆիններեն, финский, фин, finlandiż, finnisch, finska, finnois, finés'),
  sv: w('swedish, ruotsi, svenska, շվեդերեն, шведский, schwedisch, suédois, sueco'),
  hy: w('armenian, armenia, հայերեն, армянский, армян, armenjan, armenisch, armeniska, arménien, armenio'),
  ru: w('russian, venäjä, ռուսերեն, русский, орыс, russu, russisch, ryska, russe, ruso'),
  kk: w('kazakh, kazakhstan, kazakki, ղազախերեն, казахский, қазақ, қазақша, każak, kasachisch, kazakiska', 'kazakh'),
  mt: w('maltese, malta, malta kieli, maltan kieli, մալթերեն, мальтийский, malti, maltesisch, maltesiska', 'maltais, maltés'),
  de: w('german, saksa, deutsch, գերմաներեն, немецкий, tysk, tyska, allemand, alemán'),
  fr: w('french, ranska, français, francais, ֆրանսերեն, французский, franska, französisch, francés'),
  es: w('spanish, espanja, español, espanol, իսպաներեն, испанский, spanska, spanisch, espagnol'),
  et: w('estonian, viro, eesti, эстонский, estnisch, estniska, estonien'),
};

const valueIndex = <T extends string>(table: Record<T, string[]>) => {
  const out = new Map<string, T>();
  for (const [value, words] of Object.entries(table) as [T, string[]][])
    for (const w of [value, ...words]) if (!out.has(normKey(w))) out.set(normKey(w), value);
  return out;
};
const VALUES = {
  source: valueIndex(SOURCE_WORDS),
  purchaseTimeframe: valueIndex(TIMEFRAME_WORDS),
  heat: valueIndex(HEAT_WORDS),
  locale: valueIndex(LOCALE_WORDS),
};

/** "6 months", "3-6 kk", "2 weeks", "1 year", "12+ мес": a number of a time unit → the timeframe it means. */
function timeframeOfDuration(value: string): 'NOW' | 'MONTHS' | 'NONE' | null {
  const m = /^(?:within\s+|in\s+|<\s*)?(\d+)(?:\s*[-–]\s*(\d+))?\s*\+?\s*(\p{L}+)/u.exec(value.trim().toLowerCase());
  if (!m) return null;
  const n = Number(m[2] ?? m[1]);
  const unit = m[3]!;
  if (
    /^(d|days?|weeks?|wk|w|päivä\p{L}*|viik\p{L}*|дн\p{L}*|день|недел\p{L}*|օր\p{L}*|շաբաթ\p{L}*|tage?n?|wochen?|dagar|veckor)$/u.test(unit)
  )
    return 'NOW';
  if (
    /^(m|mo|mos|mths?|months?|kk|kuukau\p{L}*|kuuk\p{L}*|мес\p{L}*|ամիս\p{L}*|ай|xhur|xhar|monate?n?|månad\p{L}*|mois|mes\p{L}*)$/u.test(
      unit,
    )
  )
    return n <= 0 ? 'NOW' : n <= 12 ? 'MONTHS' : 'NONE';
  if (/^(y|yrs?|years?|v|vuo\p{L}*|год\p{L}*|лет|տարի\p{L}*|жыл|sena|snin|jahre?n?|år|ans?|años?)$/u.test(unit)) return 'NONE';
  return null;
}

/**
 * The value a file value stands for, in one value-mapped field, or null when there is no good
 * guess: the field's own values in any case and spacing ("trade show" → TRADE_SHOW), common words
 * for them in the seed languages, durations for the timeframe, language names and tags for locale.
 */
export function suggestFieldValue(field: TValueMappedField, value: string): string | null {
  const key = normKey(value);
  if (!key) return null;
  const known = VALUES[field].get(key);
  if (known) return known;
  if (field === 'purchaseTimeframe') return timeframeOfDuration(value);
  if (field === 'locale') {
    const tag = value.trim().replace(/_/g, '-');
    if (/^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i.test(tag) && isLocaleTag(tag)) return Intl.getCanonicalLocales(tag)[0]!;
  }
  return null;
}
