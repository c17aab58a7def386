/**
 * The built-in journeys' emails (MJML). Editable like any template: publish a new version of
 * the key (POST /templates); installBuiltins never overwrites a key that exists.
 *
 * The layout lives here, the words in the message catalogues (`locales/<locale>.json`,
 * "templates.<key>.*", ICU MessageFormat): English is the template `<key>`, every other catalogue
 * that writes the template gets a variant `<key>-<locale>` (e.g. `win-back-farewell-kk`, with
 * locale and variantOf set), which the built-in sequences list as the email and greetings steps' `variants`. A catalogue added to `locales/`
 * therefore brings its own built-in emails with it.
 */
import type { TTemplateCreate } from '../templates/schemas';
import type { TTemplateVariable } from '../../lib/mail/render-template';
import { loadCatalogues } from '../../lib/i18n/load-catalogues';
import { BASE_LOCALE, createI18n, type TCatalogue } from '../../lib/i18n/translator';

const email = (key: string, name: string, subject: string, body: string, lang: string): TTemplateCreate => ({
  key,
  name,
  subject,
  mjml: `<mjml lang="${lang}">
  <mj-body background-color="#f4f4f5">
    <mj-section background-color="#ffffff" padding="24px">
      <mj-column>
${body
  .trim()
  .split('\n')
  .map((line) => `        ${line}`)
  .join('\n')}
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`,
});

/** ICU argument names in the catalogues ({firstName}) and the template variables they become. */
export const MESSAGE_ARGUMENTS = {
  firstName: 'lead.firstName',
  company: 'lead.company',
  owner: 'owner.name',
  offerName: 'offer.name',
  offerPrice: 'offer.price',
  referralUrl: 'referral.url',
  referralCode: 'referral.code',
  reward: 'reward.description',
  holiday: 'holiday.name',
  refusalUrl: 'refusal.url',
} as const satisfies Record<string, TTemplateVariable>;

const PLACEHOLDERS = Object.fromEntries(Object.entries(MESSAGE_ARGUMENTS).map(([arg, variable]) => [arg, `{{${variable}}}`]));

/** One block of an email: a catalogue message ("templates.<key>.<message>") or fixed markup. */
type TBlock = { heading: string } | { text: string } | { button: string; href: string } | { raw: string };

const heading = (message: string): TBlock => ({ heading: message });
const text = (message: string): TBlock => ({ text: message });
const button = (message: string, href: string): TBlock => ({ button: message, href });
const signature: TBlock = { raw: '<mj-text>{{owner.name}}</mj-text>' };

type TBuiltin = { key: string; name: string; blocks: TBlock[] };

const BUILTINS: TBuiltin[] = [
  // 1. Nurture: content for cold leads and MQLs.
  {
    key: 'nurture-1',
    name: 'Nurture 1: where good leads come from',
    blocks: [heading('greeting'), text('body'), button('button', 'https://example.com/guides/lead-sources')],
  },
  { key: 'nurture-2', name: 'Nurture 2: qualifying', blocks: [text('body'), button('button', 'https://example.com/guides/qualifying')] },
  { key: 'nurture-3', name: 'Nurture 3: follow-up that converts', blocks: [text('body'), button('button', 'https://example.com/demo')] },
  // 2. Deferred demand.
  {
    key: 'deferred-reminder',
    name: 'Deferred demand: staying on the horizon',
    blocks: [text('body'), button('button', 'https://example.com/offers')],
  },
  // 3. Cross-sell / up-sell.
  {
    key: 'cross-sell-offer',
    name: 'Cross-sell: goes well with your purchase',
    blocks: [text('body'), button('button', 'https://example.com/shop')],
  },
  { key: 'up-sell-offer', name: 'Up-sell: the next tier', blocks: [text('body'), button('button', 'https://example.com/upgrade')] },
  // 4. Referral.
  { key: 'referral-invite', name: 'Referral: bring a friend', blocks: [text('body')] },
  { key: 'referral-thank-you', name: 'Referral: thank you and your bonus', blocks: [text('body'), text('link')] },
  // 5. Win-back.
  {
    key: 'win-back-farewell',
    name: 'Win-back: farewell and questionnaire',
    blocks: [text('body'), button('button', '{{refusal.url}}'), text('closing')],
  },
  { key: 'holiday-greeting', name: 'Win-back: holiday greeting', blocks: [text('body')] },
  {
    key: 'win-back-offer',
    name: 'Win-back: reactivation offer',
    blocks: [text('body'), button('button', 'https://example.com/offers')],
  },
  // Sales follow-up cadence: 1:1 emails from the owning rep.
  { key: 'follow-up-1', name: 'Follow-up 1: after the first call', blocks: [text('body'), signature] },
  { key: 'follow-up-2', name: 'Follow-up 2: a useful nudge', blocks: [text('body'), signature] },
  { key: 'follow-up-3', name: 'Follow-up 3: closing the loop', blocks: [text('body'), signature] },
];

/** The template key of a built-in in a locale: `win-back-farewell` (English), `win-back-farewell-kk`. */
export const localisedTemplateKey = (key: string, locale: string) => (locale === BASE_LOCALE ? key : `${key}-${locale.toLowerCase()}`);

/** Every built-in template in every catalogue that writes it (its own subject), English first. */
export function buildBuiltinTemplates(catalogues: Record<string, TCatalogue>): TTemplateCreate[] {
  const i18n = createI18n({ catalogues });
  const out: TTemplateCreate[] = [];
  const locales = [BASE_LOCALE, ...i18n.locales.filter((l) => l !== BASE_LOCALE)];
  for (const builtin of BUILTINS) {
    for (const locale of locales) {
      if (catalogues[locale]?.[`templates.${builtin.key}.subject`] === undefined) continue;
      const { t } = i18n.translator(locale);
      const m = (message: string) => t(`templates.${builtin.key}.${message}`, PLACEHOLDERS);
      const body = builtin.blocks
        .map((b) =>
          'heading' in b
            ? `<mj-text font-size="18px" font-weight="bold">${m(b.heading)}</mj-text>`
            : 'text' in b
              ? `<mj-text>${m(b.text)}</mj-text>`
              : 'button' in b
                ? `<mj-button href="${b.href}">${m(b.button)}</mj-button>`
                : b.raw,
        )
        .join('\n');
      const languageName = catalogues[locale]?.['language.name'] ?? locale;
      const name = locale === BASE_LOCALE ? builtin.name : `${builtin.name} (${languageName})`;
      const template = email(localisedTemplateKey(builtin.key, locale), name, m('subject'), body, locale);
      // A locale variant of the English template, as the template studio keeps them (locale + variantOf).
      out.push(locale === BASE_LOCALE ? template : { ...template, locale, variantOf: builtin.key });
    }
  }
  return out;
}

/** The locales (other than English) that have a variant of a built-in template, as sequence `variants`. */
export function builtinTemplateVariants(templates: readonly TTemplateCreate[], key: string): Record<string, string> {
  return Object.fromEntries(templates.filter((t) => t.variantOf === key && t.locale).map((t) => [t.locale!, t.key]));
}

export const BUILTIN_TEMPLATES: TTemplateCreate[] = buildBuiltinTemplates(loadCatalogues());
