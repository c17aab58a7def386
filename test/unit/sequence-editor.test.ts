/**
 * The sequence editor's pure parts: the step-level diff in words (matched by id, one move reported
 * for one moved step, defaults never a change), the editor model (issues located on their step
 * with the API's paths, a rename that follows every reference, undo/redo with typing merged) and
 * the flow's edges (branches, event outcomes and repeats as labelled edges).
 */
import { englishT } from '../helpers/console-t';
import { ZSequenceDefinition, type TSequenceDefinitionInput } from '../../journey/definition';
import { diffDefinitions } from '../../domain/sequences/diff-definitions';
import {
  commit,
  issueAt,
  issuesOfStep,
  redo,
  renameStep,
  setAt,
  startHistory,
  undo,
  validate,
  type TEditDefinition,
} from '../../web/src/features/sequence-editor/model';
import { flowEdgesOf } from '../../web/src/features/sequence-editor/flow-edges';

const BASE: TSequenceDefinitionInput = {
  key: 'demo',
  name: 'Demo',
  steps: [
    { id: 'a', type: 'email', email: { template: 'welcome' } },
    { id: 'b', type: 'wait', wait: { duration: '2 days' } },
    { id: 'c', type: 'email', email: { template: 'welcome' } },
    { id: 'd', type: 'email', email: { template: 'welcome' } },
    { id: 'e', type: 'exit' },
  ],
};
const parse = (d: TSequenceDefinitionInput) => ZSequenceDefinition.parse(d);

describe('diffDefinitions', () => {
  it('says nothing for the same definition written with or without its defaults', () => {
    const explicit = { ...BASE, description: '', settings: { category: 'marketing' as const, defaultTimeZone: 'UTC', goals: [] } };
    expect(diffDefinitions(parse(BASE), parse(explicit))).toEqual([]);
  });

  it('reports one move when one step moves, not every step after it', () => {
    const steps = BASE.steps;
    const moved = { ...BASE, steps: [steps[0]!, steps[3]!, steps[1]!, steps[2]!, steps[4]!] };
    expect(diffDefinitions(parse(BASE), parse(moved)).map((c) => c.text)).toEqual(['Step d moved: now after a']);
  });

  it('lists additions with their place, removals with what they were, and field changes with both values', () => {
    const next = {
      ...BASE,
      name: 'Demo 2',
      steps: [
        BASE.steps[0]!,
        { id: 'b', type: 'wait' as const, wait: { businessDays: 3 } },
        { id: 'x', type: 'task' as const, task: { kind: 'call' as const, title: 'Call', dueIn: '1 day' } },
        BASE.steps[3]!,
        BASE.steps[4]!,
      ],
      settings: { goals: [{ id: 'replied', when: { type: 'engagement' as const, event: 'replied' as const } }] },
    };
    expect(diffDefinitions(parse(BASE), parse(next)).map((c) => c.text)).toEqual([
      'Sequence name "Demo" → "Demo 2"',
      'Goal replied added: replied (any email)',
      'Step c removed (was: Email "welcome")',
      'Step b changed: wait.duration removed (was "2 days"); wait.businessDays set to 3',
      'Step x added after b: Task (call) “Call”, due in 1 day',
    ]);
  });

  it('against nothing published, every step is an addition', () => {
    expect(
      diffDefinitions(null, parse(BASE))
        .filter((c) => c.scope === 'step')
        .map((c) => c.kind),
    ).toEqual(Array(5).fill('added'));
  });
});

describe('the editor model', () => {
  const def = BASE as unknown as TEditDefinition;

  it('locates the schema’s issues on their step, with the API’s paths', () => {
    const broken = setAt(def, ['steps', 1, 'wait', 'duration'], '2 dayz');
    const verdict = validate(broken);
    expect(verdict.ok).toBe(false);
    const issues = verdict.ok ? [] : verdict.issues;
    expect(issues.map((i) => i.path)).toEqual(['steps[1].wait.duration']);
    expect(issueAt(issuesOfStep(issues, 1), 'wait.duration')).toMatch(/^must be a duration/);
    expect(issuesOfStep(issues, 0)).toEqual([]);
  });

  it('renames a step and every jump and condition that names it', () => {
    const withRefs = {
      ...def,
      steps: [
        ...def.steps.slice(0, 2),
        { id: 'br', type: 'branch', branch: { when: { type: 'engagement', event: 'clicked', step: 'a' }, then: 'd', else: 'next' } },
        { id: 'w', type: 'waitForEvent', waitForEvent: { on: { replied: 'd' }, timeout: '1 day', onTimeout: 'd' } },
        ...def.steps.slice(2),
      ],
    } as TEditDefinition;
    const renamed = renameStep(withRefs, 5, 'last-email');
    expect(renamed.steps[2]).toMatchObject({ branch: { then: 'last-email', when: { step: 'a' } } });
    expect(renamed.steps[3]).toMatchObject({ waitForEvent: { on: { replied: 'last-email' }, onTimeout: 'last-email' } });
    expect(validate(renamed).ok).toBe(true);
  });

  it('undoes typing into one field as one step, and redoes it', () => {
    let h = startHistory(def);
    h = commit(h, setAt(def, ['name'], 'D'), 'name', 1_000);
    h = commit(h, setAt(h.present, ['name'], 'Do'), 'name', 1_200);
    h = commit(h, setAt(h.present, ['steps', 1, 'wait', 'duration'], '3 days'), 'steps[1].wait.duration', 1_300);
    expect(h.past).toHaveLength(2);
    h = undo(h);
    expect([h.present.name, h.present.steps[1]]).toEqual(['Do', BASE.steps[1]]);
    h = undo(h);
    expect(h.present).toBe(def);
    h = redo(redo(h));
    expect(h.present.steps[1]).toEqual({ id: 'b', type: 'wait', wait: { duration: '3 days' } });
  });
});

describe('the flow’s edges', () => {
  it('draws branch ways, event outcomes with the timeout, and a repeat’s loop, and nothing out of an exit', () => {
    const steps = [
      { id: 'a', type: 'email', email: { template: 'welcome' } },
      { id: 'w', type: 'waitForEvent', waitForEvent: { on: { clicked: 'x' }, timeout: '2 days' } },
      { id: 'br', type: 'branch', branch: { when: { type: 'tag', has: 'vip' }, then: 'x' } },
      { id: 'r', type: 'repeat', repeat: { from: 'a', every: '1 week', times: 3 } },
      { id: 'x', type: 'exit' },
    ] as TEditDefinition['steps'];
    expect(flowEdgesOf(englishT, steps)).toEqual([
      { from: 'a', to: 'w', kind: 'next' },
      { from: 'w', to: 'x', kind: 'jump', label: 'clicked' },
      { from: 'w', to: 'br', kind: 'jump', label: 'no event in 2 days' },
      { from: 'br', to: 'x', kind: 'jump', label: 'then' },
      { from: 'br', to: 'r', kind: 'jump', label: 'else' },
      { from: 'r', to: 'a', kind: 'loop', label: 'again every 1 week' },
      { from: 'r', to: 'x', kind: 'next', label: 'when done' },
    ]);
  });

  it('draws a webhook that waits for its reply as one edge per answer, the rest and the failure', () => {
    const steps = [
      {
        id: 'hook',
        type: 'webhook',
        webhook: { url: 'https://crm.example/check', answer: { field: 'result', on: { customer: 'won' }, onError: 'won' } },
      },
      { id: 'nurture', type: 'email', email: { template: 'welcome' } },
      { id: 'won', type: 'exit' },
    ] as TEditDefinition['steps'];
    expect(flowEdgesOf(englishT, steps)).toEqual([
      { from: 'hook', to: 'won', kind: 'jump', label: 'answer customer' },
      { from: 'hook', to: 'nurture', kind: 'jump', label: 'other answer' },
      { from: 'hook', to: 'won', kind: 'jump', label: 'call failed' },
      { from: 'nurture', to: 'won', kind: 'next' },
    ]);
  });
});
