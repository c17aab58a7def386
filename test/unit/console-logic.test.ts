/**
 * The web console's pure logic (no DOM): the lead list's URL state and its API query, saved
 * views, task grouping, API error bodies, and where sign-in may send people back to.
 */
import { toApiError } from '../../web/src/api/errors';
import { homeFor, navFor, safeNext } from '../../web/src/app/access';
import { englishT } from '../helpers/console-t';
import {
  builtInViews,
  isCurrentView,
  loadUserViews,
  storeUserViews,
  withView,
  withoutView,
} from '../../web/src/features/leads/saved-views';
import { canonicalQuery, filtersToParams, parseFilters, toApiQuery } from '../../web/src/features/leads/search-params';
import { groupTasks } from '../../web/src/features/tasks/group-tasks';

describe('the lead list state', () => {
  it('reads the URL, dropping values the API would refuse', () => {
    const filters = parseFilters(
      new URLSearchParams(
        'q=Արամ&status=new,SQL,NOPE&heat=HOT&owner=me&scoreMin=10&scoreMax=x&hasOpenTasks=maybe&sort=bogus&createdFrom=2026-11-01',
      ),
    );
    expect(filters).toMatchObject({
      q: 'Արամ',
      status: ['NEW', 'SQL'],
      heat: ['HOT'],
      owner: 'me',
      scoreMin: '10',
      scoreMax: '',
      hasOpenTasks: '',
      sort: '-createdAt',
      createdFrom: '2026-11-01',
    });
  });

  it('writes only what differs from the defaults, in a fixed order', () => {
    const filters = parseFilters(new URLSearchParams('sort=-createdAt&owner=none&heat=WARM,HOT'));
    expect(filtersToParams(filters).toString()).toBe('heat=WARM%2CHOT&owner=none');
    expect(canonicalQuery('owner=none&heat=WARM,HOT')).toBe(canonicalQuery('heat=WARM%2CHOT&owner=none&sort=-createdAt'));
  });

  it('asks GET /leads for the signed-in rep when the owner is "me"', () => {
    const filters = parseFilters(new URLSearchParams('q= aram &status=MQL,SQL&owner=me&scoreMin=-5&hasOpenTasks=true&sort=-score'));
    expect(toApiQuery(filters, 'rep@nurture.localhost', 25)).toEqual({
      q: 'aram',
      status: 'MQL,SQL',
      owner: 'rep@nurture.localhost',
      scoreMin: -5,
      hasOpenTasks: 'true',
      sort: '-score',
      limit: 25,
    });
    expect(toApiQuery(parseFilters(new URLSearchParams('owner=none')), 'x@y.z')).toEqual({ owner: 'none', sort: '-createdAt', limit: 25 });
  });
});

describe('saved views', () => {
  it('keeps the user’s views by name, canonical, and survives a damaged store', () => {
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    expect(loadUserViews(storage)).toEqual([]);
    let views = withView([], { name: ' Hot ones ', query: 'sort=-createdAt&heat=HOT' });
    views = withView(views, { name: 'hot ONES', query: 'heat=WARM' });
    expect(views).toEqual([{ name: 'hot ONES', query: 'heat=WARM' }]);
    storeUserViews(views, storage);
    expect(loadUserViews(storage)).toEqual(views);
    expect(withoutView(views, 'hot ONES')).toEqual([]);
    store.set('nurture.console.leadViews.v1', '{not json');
    expect(loadUserViews(storage)).toEqual([]);
  });

  it('knows which view is showing', () => {
    const unassigned = builtInViews(englishT).find((v) => v.name === 'Unassigned')!;
    expect(isCurrentView(unassigned, 'owner=none&sort=-createdAt')).toBe(true);
    expect(isCurrentView(unassigned, 'owner=none&heat=HOT')).toBe(false);
  });
});

describe('my tasks', () => {
  it('groups open tasks into overdue, due today and upcoming (in local time)', () => {
    const now = new Date(2026, 10, 30, 12, 0);
    const at = (h: number, day = 30) => new Date(2026, 10, day, h, 0).toISOString();
    const tasks = [
      { id: 'late', dueAt: at(9), overdue: true },
      { id: 'past-not-flagged', dueAt: at(11), overdue: false },
      { id: 'tonight', dueAt: at(22), overdue: false },
      { id: 'tomorrow', dueAt: at(9, 31), overdue: false },
    ];
    const groups = groupTasks(tasks, now);
    expect([groups.overdue, groups.today, groups.upcoming].map((g) => g.map((t) => t.id))).toEqual([
      ['late', 'past-not-flagged'],
      ['tonight'],
      ['tomorrow'],
    ]);
  });
});

describe('API errors', () => {
  it('carry the server’s code, message and field issues', () => {
    const error = toApiError(400, {
      error: {
        code: 'VALIDATION_FAILED',
        message: 'Invalid request: body.result: say what happened',
        issues: [{ path: 'body.result', message: 'say what happened' }],
      },
    });
    expect([error.status, error.code, error.message, error.issueFor('result')]).toEqual([
      400,
      'VALIDATION_FAILED',
      'Invalid request: body.result: say what happened',
      'say what happened',
    ]);
  });

  it('carry a domain check’s reasons (details) in the message and as field issues', () => {
    const error = toApiError(400, {
      error: {
        code: 'VALIDATION_FAILED',
        message: 'Request is invalid',
        details: ['url: 10.1.2.3 is a loopback, private, link-local or reserved address; webhooks go to public addresses'],
      },
    });
    // Why: "Request is invalid" alone does not say what to fix; the reason is in details.
    expect([error.message, error.issueFor('url')]).toEqual([
      'Request is invalid: url: 10.1.2.3 is a loopback, private, link-local or reserved address; webhooks go to public addresses',
      '10.1.2.3 is a loopback, private, link-local or reserved address; webhooks go to public addresses',
    ]);
  });

  it('say something useful for a body that is not ours', () => {
    expect(toApiError(502, '<html>Bad gateway</html>').message).toBe('The server had a problem; try again in a moment.');
    expect(toApiError(404, undefined)).toMatchObject({ code: 'HTTP_ERROR', message: 'The request failed (HTTP 404).' });
  });
});

describe('roles and sign-in', () => {
  it('shows each role its pages and start page', () => {
    expect(navFor('SALES').map((i) => i.label)).toEqual(['My tasks', 'Leads', 'Import', 'Scoring', 'Products', 'Dashboards']);
    expect(navFor('MARKETING').map((i) => i.label)).toEqual([
      'Leads',
      'Sequences',
      'Templates',
      'Triggers',
      'Scoring',
      'Products',
      'Suppressions',
      'Dashboards',
    ]);
    expect(navFor('ADMIN').map((i) => i.label)).toEqual([
      'My tasks',
      'Leads',
      'Import',
      'Sequences',
      'Templates',
      'Triggers',
      'Scoring',
      'Products',
      'Suppressions',
      'Dashboards',
      'Webhooks',
    ]);
    expect([homeFor('SALES'), homeFor('MARKETING'), homeFor('ADMIN')]).toEqual(['/app/tasks', '/app/leads', '/app/tasks']);
  });

  it('returns after sign-in only to a path on this site', () => {
    expect(safeNext('/app/leads?q=x')).toBe('/app/leads?q=x');
    for (const next of ['https://evil.example', '//evil.example', '/\\evil.example', '/app/sign-in?next=/x', '', null]) {
      expect(safeNext(next)).toBeUndefined();
    }
  });
});
