import { timerKind, type TJourneyTimer } from '../../contract/journeys';

const timer = (why: string, extra: Partial<TJourneyTimer> = {}): TJourneyTimer => ({ pc: 0, startedMs: 0, untilMs: 1, why, ...extra });

describe('timerKind', () => {
  it('returns the kind a timer was set with, whatever its words say', () => {
    expect(timerKind(timer('holiday christmas', { kind: 'wait' }))).toEqual({ kind: 'wait' });
    expect(timerKind(timer('anything', { kind: 'holiday', holidayId: 'mt-independence' }))).toEqual({
      kind: 'holiday',
      holidayId: 'mt-independence',
    });
  });

  it('reads timers persisted before kinds existed (continue-as-new state) from the words they were written with', () => {
    expect(timerKind(timer('postponed: quiet hours'))).toEqual({ kind: 'postponed' });
    expect(timerKind(timer('send window mon,tue 09:00-17:00 Europe/Helsinki'))).toEqual({ kind: 'sendWindow' });
    expect(timerKind(timer('holiday fi-independence'))).toEqual({ kind: 'holiday', holidayId: 'fi-independence' });
    expect(timerKind(timer('greetings until 2027-06-01T00:00:00.000Z'))).toEqual({ kind: 'greetingsEnd' });
    expect(timerKind(timer('event replied|clicked or timeout 5d'))).toEqual({ kind: 'event' });
    expect(timerKind(timer('repeat every 30d (run 2)'))).toEqual({ kind: 'repeat' });
    expect(timerKind(timer('wait 3d'))).toEqual({ kind: 'wait' });
  });
});
