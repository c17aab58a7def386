/**
 * The journey's step logic as pure functions: conditions, goals, jumps, template variants and
 * wait targets. No Temporal, no I/O, no clock — the workflow passes everything in — so every
 * rule is unit-tested without a server (test/unit/journey-engine.test.ts).
 */
import type { TCondition, TGoal, TStep } from './definition';
import { addBusinessDays, instantOf, parseDuration } from './time';

/** What a journey needs to know about its lead; loaded by an activity before each step. */
export type TLeadSnapshot = {
  id: string;
  status: string;
  heat: string;
  score: number;
  source: string | null;
  locale: string;
  timeZone: string;
  company: string | null;
  tags: string[];
  attributes: Record<string, unknown>;
  unsubscribed: boolean;
  ownerEmail: string | null;
};

/** A lead with nothing known about it: the base for probes and tests. */
export const EMPTY_LEAD_SNAPSHOT: TLeadSnapshot = {
  id: '',
  status: '',
  heat: '',
  score: 0,
  source: null,
  locale: '',
  timeZone: 'UTC',
  company: null,
  tags: [],
  attributes: {},
  unsubscribed: false,
  ownerEmail: null,
};

/** An engagement event the journey has received (from tracking, replies, purchases, the API). */
export type TEngagementEvent = { type: string; stepId?: string | undefined; atMs: number };

function fieldValue(lead: TLeadSnapshot, field: string): unknown {
  if (field.startsWith('attributes.')) return lead.attributes[field.slice('attributes.'.length)];
  return (lead as unknown as Record<string, unknown>)[field];
}

function compare(actual: unknown, op: Exclude<Extract<TCondition, { type: 'field' }>['op'], 'exists' | 'in'>, expected: unknown): boolean {
  switch (op) {
    case 'eq':
      return actual === expected;
    case 'neq':
      return actual !== expected;
    case 'gt':
    case 'gte':
    case 'lt':
    case 'lte': {
      if (typeof actual !== typeof expected || (typeof actual !== 'number' && typeof actual !== 'string')) return false;
      const a = actual as number | string;
      const e = expected as number | string;
      return op === 'gt' ? a > e : op === 'gte' ? a >= e : op === 'lt' ? a < e : a <= e;
    }
  }
}

export function evaluateCondition(condition: TCondition, lead: TLeadSnapshot, events: readonly TEngagementEvent[]): boolean {
  switch (condition.type) {
    case 'field': {
      const actual = fieldValue(lead, condition.field);
      if (condition.op === 'exists') return actual !== undefined && actual !== null && actual !== '';
      if (condition.op === 'in') return Array.isArray(condition.value) && condition.value.includes(actual as never);
      return compare(actual, condition.op, condition.value);
    }
    case 'tag':
      return lead.tags.includes(condition.has);
    case 'engagement':
      return events.some((e) => e.type === condition.event && (condition.step === undefined || e.stepId === condition.step));
    case 'all':
      return condition.of.every((c) => evaluateCondition(c, lead, events));
    case 'any':
      return condition.of.some((c) => evaluateCondition(c, lead, events));
    case 'not':
      return !evaluateCondition(condition.condition, lead, events);
    default: {
      const unreachable: never = condition;
      throw new Error(`unknown condition ${JSON.stringify(unreachable)}`);
    }
  }
}

/** The first goal the lead has reached, if any. */
export const metGoal = (goals: readonly TGoal[], lead: TLeadSnapshot, events: readonly TEngagementEvent[]): TGoal | undefined =>
  goals.find((g) => evaluateCondition(g.when, lead, events));

/**
 * Goals that can be decided from events alone (no lead fields), so an incoming signal can end
 * a wait at once; field conditions are checked before the next step with a fresh snapshot.
 */
export function metGoalByEvents(goals: readonly TGoal[], events: readonly TEngagementEvent[]): TGoal | undefined {
  const eventsOnly = (c: TCondition): boolean =>
    c.type === 'engagement' ||
    ((c.type === 'all' || c.type === 'any') && c.of.every(eventsOnly)) ||
    (c.type === 'not' && eventsOnly(c.condition));
  return goals.find((g) => eventsOnly(g.when) && evaluateCondition(g.when, EMPTY_LEAD_SNAPSHOT, events));
}

/** Index of a jump target: "next" is the following step. */
export function resolveTarget(steps: readonly TStep[], current: number, target: string): number {
  if (target === 'next') return current + 1;
  const index = steps.findIndex((s) => s.id === target);
  if (index < 0) throw new Error(`no step with id "${target}"`); // prevented by validation
  return index;
}

/** The template for the lead's locale (email and greetings steps): exact tag, then its language, then the default. */
export function pickTemplate<T extends { template: string; variants?: Record<string, string> | undefined }>(
  email: T,
  locale: string,
): string {
  const variants = email.variants ?? {};
  return variants[locale] ?? variants[locale.split('-')[0] ?? ''] ?? email.template;
}

export type TWaitTarget = { untilMs: number; why: string };

/** When a wait step ends, or undefined when the lead lacks the attribute it waits for. */
export function waitTarget(
  wait: Extract<TStep, { type: 'wait' }>['wait'],
  nowMs: number,
  lead: TLeadSnapshot,
  timeZone: string,
): TWaitTarget | undefined {
  if (wait.duration) return { untilMs: nowMs + parseDuration(wait.duration)!, why: `wait ${wait.duration}` };
  if (wait.until) return { untilMs: Date.parse(wait.until), why: `wait until ${wait.until}` };
  if (wait.businessDays)
    return { untilMs: addBusinessDays(nowMs, wait.businessDays, timeZone), why: `wait ${wait.businessDays} business day(s)` };
  if (wait.untilAttribute) {
    const at = attributeInstant(lead, wait.untilAttribute, timeZone);
    if (at === undefined) return undefined;
    const offset = wait.offset ? (wait.offset.startsWith('-') ? -1 : 1) * parseDuration(wait.offset.slice(1))! : 0;
    return { untilMs: at + offset, why: `wait until attributes.${wait.untilAttribute}${wait.offset ? ` ${wait.offset}` : ''}` };
  }
  return undefined;
}

/** A date in the lead's attributes (YYYY-MM-DD: 09:00 in its zone; or an ISO date-time) as an instant. */
export function attributeInstant(lead: TLeadSnapshot, name: string, timeZone: string): number | undefined {
  const raw = lead.attributes[name];
  if (typeof raw !== 'string') return undefined;
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  const at = dateOnly
    ? instantOf({ year: Number(dateOnly[1]), month: Number(dateOnly[2]), day: Number(dateOnly[3]), hour: 9, minute: 0 }, timeZone)
    : Date.parse(raw);
  return Number.isNaN(at) ? undefined : at;
}

/** 32-bit FNV-1a: a small stable hash (no crypto: this runs in the workflow sandbox and the browser). */
function fnv1a(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/**
 * The lead's variant of a split, by weight: the same lead and step always give the same variant
 * (a replay, a retry, a simulation and the real run agree), and over many leads the shares follow
 * the weights.
 */
export function pickSplitVariant(leadId: string, stepId: string, variants: readonly { name: string; weight: number }[]): string {
  const total = variants.reduce((sum, v) => sum + v.weight, 0);
  let point = fnv1a(`${stepId}:${leadId}`) % total;
  for (const v of variants) {
    if (point < v.weight) return v.name;
    point -= v.weight;
  }
  return variants[variants.length - 1]!.name;
}
