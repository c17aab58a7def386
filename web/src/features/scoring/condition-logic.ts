/**
 * Conditions (the sequence language's ZCondition) for people: a sentence for any condition (the
 * words are console.condition.*), and the lists the one condition editor
 * (components/ConditionEditor.tsx) offers. Unit-tested in test/unit/config-pages-logic.test.ts.
 */
import type { TScoringModel } from '@domain/scoring/schemas';
import type { TTranslate } from '../../lib/translate';

export { ENGAGEMENT_EVENTS } from '@journey/definition';

export type TCondition = TScoringModel['fit'][number]['when'];

export const CONDITION_FIELDS = ['status', 'heat', 'score', 'source', 'locale', 'timeZone', 'company'] as const;
export const CONDITION_OPS = ['eq', 'neq', 'in', 'gt', 'gte', 'lt', 'lte', 'exists'] as const;
export type TConditionOp = (typeof CONDITION_OPS)[number];

/** A typed value: numbers and true/false as such, text otherwise. */
function scalar(text: string): string | number | boolean {
  const v = text.trim();
  if (v === 'true' || v === 'false') return v === 'true';
  if (v !== '' && !Number.isNaN(Number(v))) return Number(v);
  return v;
}

/** The value a field condition gets from its text box: a list for `in` ("ADS, WEBINAR"), one typed value otherwise. */
export function conditionValue(text: string, op: string): unknown {
  return op === 'in'
    ? text
        .split(',')
        .map(scalar)
        .filter((v) => v !== '')
    : scalar(text);
}

const show = (v: unknown): string => (Array.isArray(v) ? v.map(show).join(', ') : typeof v === 'string' ? v : JSON.stringify(v));

/** "heat is HOT", "has tag vip", "all of (…; …)". */
export function describeCondition(t: TTranslate, c: TCondition | null | undefined): string {
  if (!c) return t('condition.describe.none');
  const list = (of: readonly TCondition[]) => of.map((x) => describeCondition(t, x)).join(t('condition.describe.separator'));
  switch (c.type) {
    case 'field':
      return c.op === 'exists'
        ? t('condition.describe.exists', { field: c.field })
        : t('condition.describe.field', { field: c.field, op: t(`condition.op.${c.op}`), value: show(c.value) });
    case 'tag':
      return t('condition.describe.tag', { tag: c.has });
    case 'engagement':
      return c.step
        ? t('condition.describe.engagementStep', { event: c.event, step: c.step })
        : t('condition.describe.engagement', { event: c.event });
    case 'all':
      return t('condition.describe.all', { list: list(c.of) });
    case 'any':
      return t('condition.describe.any', { list: list(c.of) });
    case 'not':
      return t('condition.describe.not', { condition: describeCondition(t, c.condition) });
  }
}
