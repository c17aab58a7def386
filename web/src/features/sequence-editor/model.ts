/**
 * The editor's model: the definition as the person is shaping it (any state, valid or not),
 * immutable edits by path, new steps, moves, undo/redo history, validation with the journey
 * language's own zod schema (ZSequenceDefinition, the API's) and its issues by step.
 */
import { formatDefinitionIssues, ZSequenceDefinition, type TSequenceDefinition, type TStepType } from '@journey/definition';
import type { TTranslate } from '../../lib/translate';

/** A step as edited: its id, type and whatever the form has set so far. */
export type TEditStep = { id: string; type: TStepType; name?: string } & Record<string, unknown>;
export type TEditDefinition = {
  key: string;
  name: string;
  description?: string;
  settings?: Record<string, unknown>;
  steps: TEditStep[];
} & Record<string, unknown>;
export type TIssue = { path: string; message: string };

/** The step types in the order the editor offers them; their words are console.sequenceEditor.stepType.<type>.label / .hint. */
export const STEP_TYPES: readonly TStepType[] = [
  'email',
  'wait',
  'waitForEvent',
  'branch',
  'updateLead',
  'task',
  'notify',
  'enroll',
  'repeat',
  'greetings',
  'split',
  'webhook',
  'exit',
];
const isStepType = (type: string): type is TStepType => (STEP_TYPES as readonly string[]).includes(type);
export const stepTypeLabel = (t: TTranslate, type: string): string =>
  isStepType(type) ? t(`sequenceEditor.stepType.${type}.label`) : type;
export const stepTypeHint = (t: TTranslate, type: string): string => (isStepType(type) ? t(`sequenceEditor.stepType.${type}.hint`) : '');

/** A new step of a type, with the least it needs (the form shows what is still missing). */
export function newStep(type: TStepType, existingIds: readonly string[]): TEditStep {
  let n = 1;
  while (existingIds.includes(`${type.toLowerCase()}-${n}`)) n++;
  const id = `${type.toLowerCase()}-${n}`;
  switch (type) {
    case 'email':
      return { id, type, email: { template: '' } };
    case 'wait':
      return { id, type, wait: { duration: '2 days' } };
    case 'waitForEvent':
      return { id, type, waitForEvent: { on: { clicked: 'next' }, timeout: '3 days', onTimeout: 'next' } };
    case 'branch':
      return { id, type, branch: { when: { type: 'engagement', event: 'clicked' }, then: 'next', else: 'next' } };
    case 'updateLead':
      return { id, type, updateLead: { heat: 'WARM' } };
    case 'task':
      return { id, type, task: { kind: 'call', title: 'Call the lead', dueIn: '1 day' } };
    case 'notify':
      return { id, type, notify: { to: 'owner', subject: '', message: '' } };
    case 'enroll':
      return { id, type, enroll: { sequence: '' } };
    case 'repeat':
      return { id, type, repeat: { from: existingIds[0] ?? '', every: '1 week', times: 2 } };
    case 'greetings':
      return { id, type, greetings: { template: '', during: '52 weeks' } };
    case 'webhook':
      return { id, type, webhook: { url: 'https://', fields: ['email'] } };
    case 'split':
      return {
        id,
        type,
        split: {
          variants: [
            { name: 'A', weight: 1, goTo: 'next' },
            { name: 'B', weight: 1, goTo: 'next' },
          ],
        },
      };
    case 'exit':
      return { id, type, exit: { reason: 'done' } };
  }
}

export const emptyDefinition = (key: string, name: string): TEditDefinition => ({
  key,
  name,
  description: '',
  settings: { category: 'marketing', defaultTimeZone: 'UTC', goals: [] },
  steps: [{ id: 'email-1', type: 'email', email: { template: '' } }],
});

/** `a.b[2].c` or ['a','b',2,'c'] → the value there. */
export function getAt(value: unknown, path: readonly (string | number)[]): unknown {
  let v = value;
  for (const part of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[part];
  }
  return v;
}

/** A copy with the value at `path` replaced (undefined removes the key; missing objects are made). */
export function setAt<T>(value: T, path: readonly (string | number)[], next: unknown): T {
  if (!path.length) return next as T;
  const [head, ...rest] = path as [string | number, ...(string | number)[]];
  const container: Record<string | number, unknown> | unknown[] = Array.isArray(value)
    ? [...(value as unknown[])]
    : { ...((value ?? {}) as Record<string, unknown>) };
  const child = setAt((container as Record<string | number, unknown>)[head], rest, next);
  if (child === undefined && !Array.isArray(container)) delete (container as Record<string | number, unknown>)[head];
  else (container as Record<string | number, unknown>)[head] = child;
  return container as T;
}

export function moveStep(def: TEditDefinition, from: number, to: number): TEditDefinition {
  if (to < 0 || to >= def.steps.length || from === to) return def;
  const steps = [...def.steps];
  const [step] = steps.splice(from, 1);
  steps.splice(to, 0, step!);
  return { ...def, steps };
}

export function insertStep(def: TEditDefinition, at: number, step: TEditStep): TEditDefinition {
  const steps = [...def.steps];
  steps.splice(at, 0, step);
  return { ...def, steps };
}

export const removeStep = (def: TEditDefinition, at: number): TEditDefinition => ({ ...def, steps: def.steps.filter((_, i) => i !== at) });

/** Renames a step and every reference to it (jumps, repeats, engagement conditions). */
export function renameStep(def: TEditDefinition, at: number, id: string): TEditDefinition {
  const old = def.steps[at]?.id;
  const swap = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(swap);
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(o)) {
        if (typeof x === 'string' && x === old && ['then', 'else', 'onTimeout', 'from', 'step', 'otherwise', 'onError'].includes(k))
          out[k] = id;
        else out[k] = swap(x);
      }
      if (o['on'] && typeof o['on'] === 'object' && !Array.isArray(o['on']))
        out['on'] = Object.fromEntries(Object.entries(o['on'] as Record<string, unknown>).map(([e, t]) => [e, t === old ? id : t]));
      return out;
    }
    return v;
  };
  const steps = def.steps.map((s, i) => (i === at ? { ...(swap(s) as TEditStep), id } : (swap(s) as TEditStep)));
  return { ...def, steps, settings: swap(def.settings) as Record<string, unknown> };
}

/** The journey language's verdict: the parsed definition, or every issue with the API's paths. */
export function validate(def: unknown): { ok: true; definition: TSequenceDefinition } | { ok: false; issues: TIssue[] } {
  const parsed = ZSequenceDefinition.safeParse(def);
  return parsed.success ? { ok: true, definition: parsed.data } : { ok: false, issues: formatDefinitionIssues(parsed.error) };
}

/** `steps[2].wait.duration` → { step: 2, field: 'wait.duration' }; others (settings, name) → step undefined. */
export function locateIssue(path: string): { step: number | undefined; field: string } {
  const m = /^steps\[(\d+)\]\.?(.*)$/.exec(path);
  return m ? { step: Number(m[1]), field: m[2] ?? '' } : { step: undefined, field: path };
}

export const issuesOfStep = (issues: readonly TIssue[], index: number): TIssue[] =>
  issues.filter((i) => locateIssue(i.path).step === index).map((i) => ({ path: locateIssue(i.path).field, message: i.message }));

/** The first issue at a field's path or inside it (`wait.duration`, or `waitForEvent.on.clicked` for `waitForEvent.on`). */
export function issueAt(issues: readonly TIssue[], field: string): string | undefined {
  return issues.find((i) => i.path === field || i.path.startsWith(`${field}.`) || i.path.startsWith(`${field}[`))?.message;
}

/** Undo/redo: past and future definitions around the present; typing into one field merges into one entry. */
export type THistory = {
  past: TEditDefinition[];
  present: TEditDefinition;
  future: TEditDefinition[];
  mergeKey: string | null;
  at: number;
};
export const startHistory = (present: TEditDefinition): THistory => ({ past: [], present, future: [], mergeKey: null, at: 0 });

const MERGE_MS = 1_000;
export function commit(h: THistory, next: TEditDefinition, mergeKey: string | null = null, now = Date.now()): THistory {
  if (next === h.present) return h;
  const merge = mergeKey !== null && mergeKey === h.mergeKey && now - h.at < MERGE_MS;
  return { past: merge ? h.past : [...h.past, h.present].slice(-200), present: next, future: [], mergeKey, at: now };
}
export const undo = (h: THistory): THistory =>
  h.past.length
    ? { past: h.past.slice(0, -1), present: h.past[h.past.length - 1]!, future: [h.present, ...h.future], mergeKey: null, at: 0 }
    : h;
export const redo = (h: THistory): THistory =>
  h.future.length ? { past: [...h.past, h.present], present: h.future[0]!, future: h.future.slice(1), mergeKey: null, at: 0 } : h;
