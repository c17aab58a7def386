import {
  evaluateCondition,
  metGoal,
  metGoalByEvents,
  pickTemplate,
  resolveTarget,
  waitTarget,
  type TLeadSnapshot,
} from '../../journey/engine';
import { ZSequenceDefinition } from '../../journey/definition';
import { NURTURE } from '../helpers/journeys';

const lead = (o: Partial<TLeadSnapshot> = {}): TLeadSnapshot => ({
  id: 'l1',
  status: 'MQL',
  heat: 'WARM',
  score: 42,
  source: 'WEBINAR',
  locale: 'hy-AM',
  timeZone: 'Asia/Yerevan',
  company: 'Արարատ',
  tags: ['vip'],
  attributes: { demoDate: '2026-12-01', plan: 'pro' },
  unsubscribed: false,
  ownerEmail: 'rep@x.test',
  ...o,
});

describe('journey engine', () => {
  it('evaluates field, tag, engagement and boolean conditions', () => {
    const events = [{ type: 'clicked', stepId: 'tips', atMs: 1 }];
    expect(evaluateCondition({ type: 'field', field: 'score', op: 'gte', value: 40 }, lead(), [])).toBe(true);
    expect(evaluateCondition({ type: 'field', field: 'status', op: 'in', value: ['SQL', 'CUSTOMER'] }, lead(), [])).toBe(false);
    expect(evaluateCondition({ type: 'field', field: 'attributes.plan', op: 'eq', value: 'pro' }, lead(), [])).toBe(true);
    expect(evaluateCondition({ type: 'field', field: 'attributes.missing', op: 'exists' }, lead(), [])).toBe(false);
    expect(evaluateCondition({ type: 'tag', has: 'vip' }, lead(), [])).toBe(true);
    expect(evaluateCondition({ type: 'engagement', event: 'clicked', step: 'tips' }, lead(), events)).toBe(true);
    expect(evaluateCondition({ type: 'engagement', event: 'clicked', step: 'welcome' }, lead(), events)).toBe(false);
    expect(
      evaluateCondition(
        {
          type: 'all',
          of: [
            { type: 'tag', has: 'vip' },
            { type: 'not', condition: { type: 'field', field: 'heat', op: 'eq', value: 'COLD' } },
          ],
        },
        lead(),
        [],
      ),
    ).toBe(true);
    // Comparisons never coerce types: "42" is not greater than 40.
    expect(evaluateCondition({ type: 'field', field: 'score', op: 'gt', value: '40' }, lead(), [])).toBe(false);
  });

  it('finds the goal met, and decides event-only goals without the lead', () => {
    const { goals } = ZSequenceDefinition.parse(NURTURE).settings;
    expect(metGoal(goals, lead({ status: 'SQL' }), [])?.id).toBe('became-sql');
    expect(metGoal(goals, lead(), [])).toBeUndefined();
    expect(metGoalByEvents(goals, [{ type: 'replied', atMs: 1 }])?.id).toBe('replied');
    expect(metGoalByEvents(goals, [{ type: 'opened', atMs: 1 }])).toBeUndefined();
  });

  it('resolves jumps and locale variants', () => {
    const { steps } = ZSequenceDefinition.parse(NURTURE);
    expect(resolveTarget(steps, 4, 'next')).toBe(5);
    expect(resolveTarget(steps, 4, 'offer')).toBe(7);
    const email = { template: 'welcome', variants: { hy: 'welcome-hy', 'kk-KZ': 'welcome-kk' }, from: 'marketing' as const };
    expect(pickTemplate(email, 'hy-AM')).toBe('welcome-hy'); // language match
    expect(pickTemplate(email, 'kk-KZ')).toBe('welcome-kk'); // exact tag
    expect(pickTemplate(email, 'mt')).toBe('welcome'); // fallback
  });

  it('computes wait targets: durations, dates, lead attributes with offsets, business days', () => {
    const now = Date.parse('2026-11-27T10:00:00Z'); // a Friday
    expect(waitTarget({ duration: '36 hours' }, now, lead(), 'UTC')).toEqual({ untilMs: now + 36 * 3_600_000, why: 'wait 36 hours' });
    expect(waitTarget({ until: '2026-12-24T09:00:00+02:00' }, now, lead(), 'UTC')!.untilMs).toBe(Date.parse('2026-12-24T07:00:00Z'));
    // A date-only attribute means 09:00 in the lead's zone (Yerevan, UTC+4), minus one day.
    expect(new Date(waitTarget({ untilAttribute: 'demoDate', offset: '-1 day' }, now, lead(), 'Asia/Yerevan')!.untilMs).toISOString()).toBe(
      '2026-11-30T05:00:00.000Z',
    );
    expect(waitTarget({ untilAttribute: 'nope' }, now, lead(), 'UTC')).toBeUndefined();
    // Friday + 2 business days = Tuesday, same time.
    expect(new Date(waitTarget({ businessDays: 2 }, now, lead(), 'UTC')!.untilMs).toISOString()).toBe('2026-12-01T10:00:00.000Z');
  });
});
