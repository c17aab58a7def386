/**
 * The lead page's pure logic (no DOM): a journey's state in words and what can be done with it,
 * the lead list's overdue filter and created-from/to days, and the call/note schema the form and
 * the API share.
 */
import { ZLeadNoteInput } from '../../domain/leads/note-schemas';
import { englishT } from '../helpers/console-t';
import { journeyPhase, journeyStateInWords, waitingInWords, type TJourneyLive } from '../../web/src/features/leads/journey-state';
import { builtInViews } from '../../web/src/features/leads/saved-views';
import { filtersToParams, localDayEnd, localDayStart, parseFilters, toApiQuery } from '../../web/src/features/leads/search-params';

const live = (over: Partial<TJourneyLive>): TJourneyLive => ({
  status: 'waiting',
  stepId: 'wait-tips',
  stepType: 'wait',
  nextActionAt: null,
  waitingFor: null,
  result: null,
  ...over,
});
const active = { status: 'ACTIVE', exitReason: null };

describe('a journey in words', () => {
  it.each([
    ['wait 2 days', 'for 2 days'],
    ['wait 3 business day(s)', 'for 3 business days'],
    ['wait until attributes.renewalDate -1 day', 'until the lead’s renewalDate (-1 day)'],
    ['event replied|clicked or timeout 5 days', 'for a reply or a click (at most 5 days)'],
    ['event custom:webinar_attended or timeout 1 week', 'for “webinar_attended” (at most 1 week)'],
    ['send window mon,tue 09:00-17:00 Europe/Helsinki', 'for the send window'],
    ['repeat every 1 week (run 3)', 'to repeat (every 1 week, run 3)'],
    ['holiday fi-itsenaisyyspaiva', 'for the next holiday greeting'],
    ['something new', '(something new)'],
  ])('%s → %s', (why, words) => {
    expect(waitingInWords(englishT, why)).toBe(words);
  });

  it('says the record’s ending, else the live state', () => {
    expect(journeyStateInWords(englishT, { status: 'EXITED', exitReason: 'asked to stop' }, null)).toBe('Exited: asked to stop');
    expect(journeyStateInWords(englishT, { status: 'COMPLETED', exitReason: null }, null)).toBe('Completed');
    expect(journeyStateInWords(englishT, active, live({ status: 'paused', waitingFor: 'paused' }))).toBe(
      'Paused at step “wait-tips” (wait)',
    );
    expect(journeyStateInWords(englishT, active, live({ status: 'running', stepId: 'welcome', stepType: 'email' }))).toBe(
      'Running step “welcome” (email)',
    );
    expect(journeyStateInWords(englishT, active, live({ waitingFor: 'wait 2 days', nextActionAt: '2026-12-03T08:00:00.000Z' }))).toMatch(
      /^Waiting for 2 days; next step .*2026/,
    );
    expect(journeyStateInWords(englishT, active, live({ waitingFor: 'postponed: quiet hours' }))).toBe(
      'Waiting: the send is postponed (quiet hours)',
    );
    expect(journeyStateInWords(englishT, active, null)).toMatch(/^Active/);
  });

  it('knows what can be done: pause while running or waiting, resume while paused, nothing once ended', () => {
    expect(journeyPhase(active, null)).toBe('starting');
    expect(journeyPhase(active, live({}))).toBe('waiting');
    expect(journeyPhase(active, live({ status: 'paused' }))).toBe('paused');
    expect(journeyPhase(active, live({ status: 'exited' }))).toBe('ended');
    expect(journeyPhase({ status: 'FAILED', exitReason: null }, live({}))).toBe('ended');
  });
});

describe('the lead list: overdue follow-ups and created days', () => {
  it('keeps hasOverdueTasks in the URL and sends it', () => {
    const filters = parseFilters(new URLSearchParams('hasOverdueTasks=true&sort=updatedAt&hasOpenTasks=nope'));
    expect(filters).toMatchObject({ hasOverdueTasks: 'true', hasOpenTasks: '' });
    expect(filtersToParams(filters).toString()).toBe('hasOverdueTasks=true&sort=updatedAt');
    expect(toApiQuery(filters, 'x@y.z')).toEqual({ hasOverdueTasks: 'true', sort: 'updatedAt', limit: 25 });
    expect(parseFilters(new URLSearchParams('hasOverdueTasks=maybe')).hasOverdueTasks).toBe('');
  });

  it('the built-in "Overdue follow-ups" view is overdue tasks, least recently touched first', () => {
    expect(builtInViews(englishT).find((v) => v.name === 'Overdue follow-ups')?.query).toBe('hasOverdueTasks=true&sort=updatedAt');
  });

  it('sends created days as this zone’s first and last millisecond', () => {
    const start = new Date(localDayStart('2026-03-29'));
    const end = new Date(localDayEnd('2026-03-29'));
    expect([start.getFullYear(), start.getMonth(), start.getDate(), start.getHours(), start.getMinutes()]).toEqual([2026, 2, 29, 0, 0]);
    expect([end.getDate(), end.getHours(), end.getMinutes(), end.getSeconds(), end.getMilliseconds()]).toEqual([29, 23, 59, 59, 999]);
    const query = toApiQuery(parseFilters(new URLSearchParams('createdFrom=2026-03-29&createdTo=2026-03-30')), 'x@y.z');
    expect(query).toMatchObject({ createdFrom: localDayStart('2026-03-29'), createdTo: localDayEnd('2026-03-30') });
  });
});

describe('the call/note schema (shared by the form and the API)', () => {
  it('trims, limits, and keeps outcomes for calls', () => {
    expect(ZLeadNoteInput.parse({ kind: 'call', text: '  ok  ', outcome: 'voicemail' })).toEqual({
      kind: 'call',
      text: 'ok',
      outcome: 'voicemail',
    });
    const issues = (input: unknown) => ZLeadNoteInput.safeParse(input).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    expect(issues({ kind: 'note', text: ' ' })).toEqual(['text: write what was said or done']);
    expect(issues({ kind: 'note', text: 'x', outcome: 'reached' })).toEqual(['outcome: is only for calls (kind "call")']);
    expect(issues({ kind: 'note', text: 'x'.repeat(5001) })).toEqual(['text: keep it under 5,000 characters']);
  });
});
