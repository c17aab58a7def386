/**
 * The pure rules behind the template studio and the condition editor (scoring rules, triggers):
 * the variables a draft uses, which language variant a person receives (the journey's own rule),
 * proposed variant keys, and conditions in words and to and from the simple form.
 */
import { pickTemplate } from '../../journey/engine';
import { ZCondition } from '../../journey/definition';
import { proposedVariantKey, sampleLocales, usedVariables, variantKeyFor } from '../../web/src/features/templates/studio-logic';
import { describeCondition, fromSimple, toSimple, type TCondition } from '../../web/src/features/scoring/condition-logic';

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
    expect(describeCondition(null)).toBe('every lead');
    expect(describeCondition({ type: 'field', field: 'heat', op: 'eq', value: 'HOT' })).toBe('heat is HOT');
    expect(describeCondition({ type: 'field', field: 'company', op: 'exists' })).toBe('company is set');
    expect(
      describeCondition({
        type: 'all',
        of: [
          { type: 'tag', has: 'vip' },
          { type: 'not', condition: { type: 'field', field: 'source', op: 'in', value: ['ADS', 'REFERRAL'] } },
        ],
      }),
    ).toBe('all of (has tag vip; not (source is one of ADS, REFERRAL))');
  });

  it('round-trips one field or one tag through the simple form, typed as the schema wants; anything else as JSON', () => {
    const cases: TCondition[] = [
      { type: 'field', field: 'score', op: 'gte', value: 40 },
      { type: 'field', field: 'source', op: 'in', value: ['WEBINAR', 'ADS'] },
      { type: 'field', field: 'company', op: 'exists' },
      { type: 'tag', has: 'vip' },
      { type: 'any', of: [{ type: 'tag', has: 'a' }] },
    ];
    for (const c of cases) {
      const back = fromSimple(toSimple(c));
      expect(back).toEqual({ condition: c });
      expect(ZCondition.safeParse((back as { condition: unknown }).condition).success).toBe(true);
    }
    expect(toSimple({ type: 'any', of: [{ type: 'tag', has: 'a' }] }).kind).toBe('json');
    expect(fromSimple({ kind: 'none' })).toEqual({ condition: null });
    expect(fromSimple({ kind: 'json', text: '{ nope' })).toEqual({ error: expect.stringMatching(/^The condition is not valid JSON: /) });
  });
});
