import { formatDefinitionIssues, ZSequenceDefinition } from '../../journey/definition';
import { pickSplitVariant } from '../../journey/engine';

const variants = [
  { name: 'A', weight: 1, goTo: 'a' },
  { name: 'B', weight: 3, goTo: 'b' },
];

describe('split steps', () => {
  it('gives a lead the same variant every time, and shares leads by weight', () => {
    expect(pickSplitVariant('lead-1', 'subject', variants)).toBe(pickSplitVariant('lead-1', 'subject', variants));
    const counts = { A: 0, B: 0 };
    for (let i = 0; i < 20_000; i++)
      counts[pickSplitVariant(`00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, 'subject', variants) as 'A' | 'B']++;
    // 1 : 3 within a percentage point over 20,000 leads.
    expect(Math.abs(counts.A / 20_000 - 0.25)).toBeLessThan(0.01);
    // Another split step shuffles leads independently of this one.
    const same = Array.from(
      { length: 1000 },
      (_, i) => pickSplitVariant(`l${i}`, 'one', variants) === pickSplitVariant(`l${i}`, 'two', variants),
    );
    expect(same.filter(Boolean).length).toBeLessThan(800);
  });

  it('is validated like every step: two or more uniquely named variants, each going to a step that exists', () => {
    const definition = (split: unknown) => ({
      key: 'ab',
      name: 'ab',
      steps: [
        { id: 'split', type: 'split', split },
        { id: 'a', type: 'exit' },
      ],
    });
    const issues = (split: unknown) => {
      const parsed = ZSequenceDefinition.safeParse(definition(split));
      return parsed.success ? [] : formatDefinitionIssues(parsed.error).map((i) => `${i.path}: ${i.message}`);
    };
    expect(
      issues({
        variants: [
          { name: 'A', goTo: 'a' },
          { name: 'B', goTo: 'next' },
        ],
      }),
    ).toEqual([]);
    expect(issues({ variants: [{ name: 'A', goTo: 'a' }] })).toEqual(['steps[0].split.variants: a split needs at least two variants']);
    expect(
      issues({
        variants: [
          { name: 'A', goTo: 'a' },
          { name: 'A', goTo: 'a' },
        ],
      }),
    ).toEqual(['steps[0].split.variants: variant names must be unique']);
    expect(
      issues({
        variants: [
          { name: 'A', goTo: 'a' },
          { name: 'B', goTo: 'nowhere' },
        ],
      }),
    ).toEqual(['steps[0].split.variants[1].goTo: no step with id "nowhere"']);
    expect(
      issues({
        variants: [
          { name: 'A', goTo: 'a' },
          { name: 'B', goTo: 'a' },
        ],
        winner: { after: 'soon', metric: 'clicked' },
      })[0],
    ).toMatch(/^steps\[0\]\.split\.winner\.after: /);
  });
});
