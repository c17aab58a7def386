/**
 * Conditions (the sequence language's ZCondition) for people: a sentence for any condition, and
 * the simple form's parts (one field compared to a value, or one tag) to and from the schema's
 * shape. Anything richer (all / any / not / engagement) is edited as JSON. Unit-tested in
 * test/unit/console-logic.test.ts.
 */
import type { TScoringModel } from '@domain/scoring/schemas';

export type TCondition = TScoringModel['fit'][number]['when'];

export const CONDITION_FIELDS = ['status', 'heat', 'score', 'source', 'locale', 'timeZone', 'company'] as const;
export const CONDITION_OPS = ['eq', 'neq', 'in', 'gt', 'gte', 'lt', 'lte', 'exists'] as const;
export type TConditionOp = (typeof CONDITION_OPS)[number];

export const OP_WORDS: Record<TConditionOp, string> = {
  eq: 'is',
  neq: 'is not',
  in: 'is one of',
  gt: 'is above',
  gte: 'is at least',
  lt: 'is below',
  lte: 'is at most',
  exists: 'is set',
};

const show = (v: unknown): string => (Array.isArray(v) ? v.map(show).join(', ') : typeof v === 'string' ? v : JSON.stringify(v));

/** "heat is HOT", "has tag vip", "all of (…; …)". */
export function describeCondition(c: TCondition | null | undefined): string {
  if (!c) return 'every lead';
  switch (c.type) {
    case 'field':
      return c.op === 'exists' ? `${c.field} is set` : `${c.field} ${OP_WORDS[c.op]} ${show(c.value)}`;
    case 'tag':
      return `has tag ${c.has}`;
    case 'engagement':
      return `${c.event}${c.step ? ` (step ${c.step})` : ''} happened`;
    case 'all':
      return `all of (${c.of.map(describeCondition).join('; ')})`;
    case 'any':
      return `any of (${c.of.map(describeCondition).join('; ')})`;
    case 'not':
      return `not (${describeCondition(c.condition)})`;
  }
}

/** The simple form's state. */
export type TSimpleCondition =
  | { kind: 'none' }
  | { kind: 'field'; field: string; op: TConditionOp; value: string }
  | { kind: 'tag'; has: string }
  | { kind: 'json'; text: string };

/** The form for a condition: simple when it is one field or one tag, JSON otherwise. */
export function toSimple(c: TCondition | null | undefined): TSimpleCondition {
  if (!c) return { kind: 'none' };
  if (c.type === 'tag') return { kind: 'tag', has: c.has };
  if (c.type === 'field' && (c.value === undefined || !Array.isArray(c.value) || c.op === 'in')) {
    return { kind: 'field', field: c.field, op: c.op, value: c.value === undefined ? '' : show(c.value) };
  }
  return { kind: 'json', text: JSON.stringify(c, null, 2) };
}

/** A typed value: numbers for score and comparisons, true/false as booleans, text otherwise. */
const scalar = (text: string, numeric: boolean): string | number | boolean => {
  const t = text.trim();
  if (numeric && t !== '' && Number.isFinite(Number(t))) return Number(t);
  if (t === 'true' || t === 'false') return t === 'true';
  return t;
};

/**
 * The condition the form describes, or `{ error }` for JSON that does not parse. The result is
 * checked by the page's zod schema (the API's own), which reports anything else.
 */
export function fromSimple(s: TSimpleCondition): { condition: unknown } | { error: string } {
  switch (s.kind) {
    case 'none':
      return { condition: null };
    case 'tag':
      return { condition: { type: 'tag', has: s.has.trim() } };
    case 'field': {
      const numeric = s.field === 'score' || ['gt', 'gte', 'lt', 'lte'].includes(s.op);
      if (s.op === 'exists') return { condition: { type: 'field', field: s.field, op: s.op } };
      const value =
        s.op === 'in'
          ? s.value
              .split(',')
              .map((v) => v.trim())
              .filter(Boolean)
              .map((v) => scalar(v, numeric))
          : scalar(s.value, numeric);
      return { condition: { type: 'field', field: s.field.trim(), op: s.op, value } };
    }
    case 'json':
      try {
        return { condition: JSON.parse(s.text) as unknown };
      } catch (e) {
        return { error: `The condition is not valid JSON: ${(e as Error).message}` };
      }
  }
}
