import { formatDefinitionIssues, ZSequenceDefinition } from '../../journey/definition';
import { NURTURE } from '../helpers/journeys';

const issuesOf = (raw: unknown) => {
  const parsed = ZSequenceDefinition.safeParse(raw);
  if (parsed.success) throw new Error('expected the definition to be rejected');
  return formatDefinitionIssues(parsed.error);
};

describe('sequence definition language', () => {
  it('accepts a realistic multi-step sequence and fills defaults', () => {
    const parsed = ZSequenceDefinition.parse(NURTURE);
    expect(parsed.settings.category).toBe('marketing');
    expect(parsed.settings.defaultTimeZone).toBe('UTC');
    expect(parsed.steps.map((s) => s.type)).toEqual([
      'email',
      'wait',
      'email',
      'wait',
      'branch',
      'email',
      'wait',
      'email',
      'updateLead',
      'task',
    ]);
  });

  it('names the exact path of every problem, like steps[3].wait.until', () => {
    const issues = issuesOf({
      key: 'Bad Key',
      name: 'x',
      steps: [
        { id: 'a', type: 'email', email: { template: 'welcome' } },
        { id: 'b', type: 'wait', wait: { duration: '3 fortnights' } },
        { id: 'c', type: 'teleport' },
        { id: 'd', type: 'wait', wait: { until: 'next tuesday' } },
      ],
    });
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: 'key', message: expect.stringContaining('lower-case') },
        { path: 'steps[1].wait.duration', message: expect.stringContaining('must be a duration like "3 days"') },
        { path: 'steps[2].type', message: expect.any(String) },
        { path: 'steps[3].wait.until', message: expect.stringContaining('ISO date-time') },
      ]),
    );
  });

  it('checks that jumps, repeats and engagement conditions point at real steps', () => {
    const issues = issuesOf({
      key: 'jumps',
      name: 'x',
      steps: [
        { id: 'a', type: 'email', email: { template: 'welcome' } },
        { id: 'b', type: 'branch', branch: { when: { type: 'engagement', event: 'clicked', step: 'nope' }, then: 'zzz' } },
        { id: 'c', type: 'waitForEvent', waitForEvent: { on: { replied: 'missing' }, timeout: '2 days' } },
        { id: 'a', type: 'repeat', repeat: { from: 'c', every: '1 day', times: 3 } },
        { id: 'e', type: 'repeat', repeat: { from: 'e', every: '1 day' } },
      ],
    });
    expect(issues).toEqual(
      expect.arrayContaining([
        { path: 'steps[1].branch.when.step', message: 'no step with id "nope"' },
        { path: 'steps[1].branch.then', message: 'no step with id "zzz"' },
        { path: 'steps[2].waitForEvent.on.replied', message: 'no step with id "missing"' },
        { path: 'steps[3].id', message: 'duplicate step id "a"' },
        { path: 'steps[4].repeat', message: 'set at least one of times, until, while, untilAttribute (a repeat must end)' },
      ]),
    );
  });

  it('requires exactly one kind of wait and a valid send window', () => {
    expect(issuesOf({ key: 'w', name: 'x', steps: [{ id: 'w', type: 'wait', wait: { duration: '1 day', businessDays: 2 } }] })).toEqual([
      { path: 'steps[0].wait', message: 'set exactly one of duration, until, untilAttribute, businessDays' },
    ]);
    expect(
      issuesOf({
        key: 'w',
        name: 'x',
        settings: { sendWindow: { days: ['mon'], start: '17:00', end: '09:00' }, defaultTimeZone: 'Mars/Base' },
        steps: [{ id: 'x', type: 'exit' }],
      }),
    ).toEqual(
      expect.arrayContaining([
        { path: 'settings.sendWindow.end', message: 'start must be before end' },
        { path: 'settings.defaultTimeZone', message: 'must be an IANA time zone like "Europe/Helsinki"' },
      ]),
    );
  });
});
