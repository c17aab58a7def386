/**
 * What changed between two versions of a sequence, step by step and in words: steps added,
 * removed, moved or changed (each changed field with its value before and after), and changes
 * to the name, description, settings and goals. Steps are matched by id (ids are what journeys
 * and engagement conditions refer to). Pure: the API's publish preview and version comparison.
 */
import type { TSequenceDefinition } from '../../journey/definition';
import { describeCondition, describeStep } from './describe-step';

export type TFieldChange = { path: string; before: string | null; after: string | null };
export type TDefinitionChange = {
  /** What the change is about: the sequence itself, its settings, a goal or a step. */
  scope: 'sequence' | 'settings' | 'goal' | 'step';
  kind: 'added' | 'removed' | 'changed' | 'moved';
  /** The step or goal id, or the setting's name. */
  subject: string;
  /** One sentence, e.g. `Step email-3 added after wait-2: Email "offer"`. */
  text: string;
  fields: TFieldChange[];
};

const show = (v: unknown): string | null => (v === undefined ? null : typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v));

/** Leaf values by dotted path (`email.variants.fi`); arrays are one value (their order matters as a whole). */
function flatten(value: unknown, prefix: string, out: Map<string, unknown>): Map<string, unknown> {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined);
    for (const [k, v] of entries) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (value !== undefined) out.set(prefix, value);
  return out;
}

export function fieldChanges(before: unknown, after: unknown): TFieldChange[] {
  const a = flatten(before, '', new Map());
  const b = flatten(after, '', new Map());
  const paths = [...new Set([...a.keys(), ...b.keys()])];
  return paths
    .filter((p) => JSON.stringify(a.get(p)) !== JSON.stringify(b.get(p)))
    .map((p) => ({ path: p, before: show(a.get(p)), after: show(b.get(p)) }));
}

const inWords = (f: TFieldChange) =>
  f.before === null
    ? `${f.path} set to ${f.after}`
    : f.after === null
      ? `${f.path} removed (was ${f.before})`
      : `${f.path} ${f.before} → ${f.after}`;

/** The changes from `before` (null: nothing published yet) to `after`. */
export function diffDefinitions(before: TSequenceDefinition | null, after: TSequenceDefinition): TDefinitionChange[] {
  const changes: TDefinitionChange[] = [];
  const old = before ?? {
    key: after.key,
    name: '',
    description: '',
    settings: { category: 'marketing', defaultTimeZone: 'UTC', goals: [] },
    steps: [],
  };

  for (const field of ['name', 'description'] as const) {
    if (old[field] !== after[field]) {
      const f = { path: field, before: before ? show(old[field]) : null, after: show(after[field]) };
      changes.push({ scope: 'sequence', kind: 'changed', subject: field, text: `Sequence ${inWords(f)}`, fields: [f] });
    }
  }

  const { goals: oldGoals, ...oldSettings } = old.settings;
  const { goals: newGoals, ...newSettings } = after.settings;
  const settingFields = fieldChanges(oldSettings, newSettings);
  const bySetting = new Map<string, TFieldChange[]>();
  for (const f of settingFields) {
    const name = f.path.split('.')[0] ?? f.path;
    bySetting.set(name, [...(bySetting.get(name) ?? []), f]);
  }
  for (const [name, fields] of bySetting)
    changes.push({ scope: 'settings', kind: 'changed', subject: name, text: `Setting ${fields.map(inWords).join('; ')}`, fields });

  const oldGoalById = new Map(oldGoals.map((g) => [g.id, g]));
  const newGoalById = new Map(newGoals.map((g) => [g.id, g]));
  for (const g of oldGoals)
    if (!newGoalById.has(g.id))
      changes.push({
        scope: 'goal',
        kind: 'removed',
        subject: g.id,
        text: `Goal ${g.id} removed (was: ${describeCondition(g.when)})`,
        fields: [],
      });
  for (const g of newGoals) {
    const was = oldGoalById.get(g.id);
    if (!was)
      changes.push({ scope: 'goal', kind: 'added', subject: g.id, text: `Goal ${g.id} added: ${describeCondition(g.when)}`, fields: [] });
    else {
      const fields = fieldChanges(was.when, g.when).map((f) => ({ ...f, path: `when${f.path ? `.${f.path}` : ''}` }));
      if (fields.length)
        changes.push({
          scope: 'goal',
          kind: 'changed',
          subject: g.id,
          text: `Goal ${g.id} changed: ${describeCondition(was.when)} → ${describeCondition(g.when)}`,
          fields,
        });
    }
  }

  const oldById = new Map(old.steps.map((s) => [s.id, s]));
  const newById = new Map(after.steps.map((s) => [s.id, s]));
  for (const s of old.steps)
    if (!newById.has(s.id))
      changes.push({ scope: 'step', kind: 'removed', subject: s.id, text: `Step ${s.id} removed (was: ${describeStep(s)})`, fields: [] });

  // The steps both versions have keep their order but for the fewest moves: those outside the
  // longest run that is in the old order in the new one too have moved.
  const oldIndex = new Map(old.steps.map((s, i) => [s.id, i]));
  const moved = movedSteps(after.steps.filter((s) => oldById.has(s.id)).map((s) => ({ id: s.id, at: oldIndex.get(s.id)! })));

  after.steps.forEach((s, i) => {
    const where = i === 0 ? 'at the start' : `after ${after.steps[i - 1]!.id}`;
    const was = oldById.get(s.id);
    if (!was) {
      changes.push({ scope: 'step', kind: 'added', subject: s.id, text: `Step ${s.id} added ${where}: ${describeStep(s)}`, fields: [] });
      return;
    }
    if (moved.has(s.id))
      changes.push({ scope: 'step', kind: 'moved', subject: s.id, text: `Step ${s.id} moved: now ${where}`, fields: [] });
    const fields = fieldChanges(was, s);
    if (fields.length) {
      const typeChanged = was.type !== s.type;
      changes.push({
        scope: 'step',
        kind: 'changed',
        subject: s.id,
        text: typeChanged
          ? `Step ${s.id} changed from ${was.type} to ${s.type}: ${describeStep(s)}`
          : `Step ${s.id} changed: ${fields.map(inWords).join('; ')}`,
        fields,
      });
    }
  });
  return changes;
}

/** Ids not in the longest increasing run of old positions (patience sorting), i.e. the fewest steps that moved. */
function movedSteps(common: { id: string; at: number }[]): Set<string> {
  const tails: number[] = [];
  const before: number[] = [];
  common.forEach((c, i) => {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (common[tails[mid]!]!.at < c.at) lo = mid + 1;
      else hi = mid;
    }
    before[i] = lo > 0 ? tails[lo - 1]! : -1;
    tails[lo] = i;
  });
  const kept = new Set<string>();
  for (let i = tails.length ? tails[tails.length - 1]! : -1; i >= 0; i = before[i]!) kept.add(common[i]!.id);
  return new Set(common.filter((c) => !kept.has(c.id)).map((c) => c.id));
}
