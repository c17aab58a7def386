/**
 * The pure rules behind the template studio and the condition editor (scoring rules, triggers):
 * the variables a draft uses, which language variant a person receives (the journey's own rule),
 * proposed variant keys, and conditions in words and typed from the editor's text.
 */
import { pickTemplate } from '../../journey/engine';
import { ZCondition } from '../../journey/definition';
import { proposedVariantKey, sampleLocales, usedVariables, variantKeyFor } from '../../web/src/features/templates/studio-logic';
import { conditionValue, describeCondition } from '../../web/src/features/scoring/condition-logic';
import { englishT } from '../helpers/console-t';

describe('template studio logic', () => {
  it('lists the variables a subject and MJML use, once each, in order of first use', () => {
    expect(usedVariables('Hi {{ lead.firstName }}', '<mj-text>{{lead.firstName}} at {{lead.company}} {{nope}}</mj-text>')).toEqual([
      'lead.firstName',
      'lead.company',
      'nope',
    ]);
  });

  it('picks the variant a language receives exactly as a journey does (exact tag, then language, then the base)', () => {
    const variants = [
      { locale: 'fi', key: 'welcome-fi' },
      { locale: 'pt-BR', key: 'welcome-br' },
    ];
    const journey = (locale: string) =>
      pickTemplate({ template: 'welcome', variants: { fi: 'welcome-fi', 'pt-br': 'welcome-br' }, from: 'marketing' }, locale.toLowerCase());
    for (const locale of ['fi', 'fi-FI', 'pt-BR', 'pt', 'en', 'hy-AM']) {
      // The studio's answer and the journey's agree, so the preview notice tells the truth.
      expect([locale, variantKeyFor('welcome', variants, locale)]).toEqual([locale, journey(locale)]);
    }
    expect(variantKeyFor('welcome', variants, 'FI-fi')).toBe('welcome-fi');
  });

  it('proposes a variant key within the key rules, and offers the family languages first for samples', () => {
    expect(proposedVariantKey('welcome', 'hy-AM')).toBe('welcome-hy-am');
    expect(proposedVariantKey('x'.repeat(62), 'fi')).toMatch(/^[a-z0-9][a-z0-9-]{1,62}$/);
    expect(sampleLocales([{ locale: 'hy', key: 'w-hy' }]).slice(0, 3)).toEqual(['en', 'hy', 'fi']);
  });
});

describe('conditions for people', () => {
  it('says a condition in words', () => {
    expect(describeCondition(englishT, null)).toBe('every lead');
    expect(describeCondition(englishT, { type: 'field', field: 'heat', op: 'eq', value: 'HOT' })).toBe('heat is HOT');
    expect(describeCondition(englishT, { type: 'field', field: 'company', op: 'exists' })).toBe('company is set');
    expect(
      describeCondition(englishT, {
        type: 'all',
        of: [
          { type: 'tag', has: 'vip' },
          { type: 'not', condition: { type: 'field', field: 'source', op: 'in', value: ['ADS', 'REFERRAL'] } },
        ],
      }),
    ).toBe('all of (has tag vip; not (source is one of ADS, REFERRAL))');
  });

  it('types a field condition from its text box as the schema wants: numbers, booleans, lists for "in"', () => {
    const cases: [string, string, unknown][] = [
      ['40', 'gte', 40],
      ['WEBINAR, ADS', 'in', ['WEBINAR', 'ADS']],
      ['HOT', 'eq', 'HOT'],
      ['true', 'eq', true],
    ];
    for (const [text, op, value] of cases) {
      expect([text, op, conditionValue(text, op)]).toEqual([text, op, value]);
      expect(ZCondition.safeParse({ type: 'field', field: 'source', op, value: conditionValue(text, op) }).success).toBe(true);
    }
  });

  it("the editor's JSON example is a valid condition (its ICU quoting renders the braces)", () => {
    const example = englishT('condition.jsonHint').replace(/^e\.g\. /, '');
    expect(ZCondition.safeParse(JSON.parse(example)).success).toBe(true);
  });
});
