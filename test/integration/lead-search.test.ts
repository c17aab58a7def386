/**
 * GET /leads on a real database: free text in several scripts (through the real capture and
 * update paths, which keep Lead.searchText current), every filter and sort against an oracle
 * computed here in TypeScript, keyset pages across ties, and bad input as 400s naming the field.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { buildServer, type TApp } from '../../api/server';
import { createApiKey } from '../../domain/api-keys/create-api-key';
import { LEAD_SORTS, type TLeadSort } from '../../domain/leads/search/cursor';
import { leadSearchFields } from '../../domain/leads/search/search-text';
import type { Lead, Prisma } from '../../generated/prisma/client';
import { createHealthChecks } from '../../lib/boot';
import { TemplateCache } from '../../lib/mail/render-template';
import { createTestDatabase, type TTestDatabase } from '../helpers/database';
import { createTestMail } from '../helpers/mail';
import { createTimeSkippingEnv, TEST_ENV } from '../helpers/temporal';

type TPage = { items: Array<Record<string, unknown> & { id: string }>; total: number; nextCursor: string | null };

const STATUSES = ['NEW', 'MQL', 'SQL', 'CUSTOMER', 'LOST', 'DEFERRED', 'RECYCLED'] as const;
const HEATS = ['COLD', 'WARM', 'HOT'] as const;
const SOURCES = ['WEBINAR', 'REFERRAL', 'TRADE_SHOW', null] as const;
const OWNERS = ['rep1@nurture.test', 'rep2@nurture.test', null] as const;
const FIRST_NAMES = ['anna', 'Bert', 'carl', 'Anna', 'dora', 'Eve', 'bert', 'Frida'];
const T0 = Date.parse('2026-10-01T09:00:00Z');
const HOUR = 3_600_000;

describe('lead search (GET /leads)', () => {
  let env: TestWorkflowEnvironment;
  let db: TTestDatabase;
  let mail: Awaited<ReturnType<typeof createTestMail>>;
  let app: TApp;
  let auth: { authorization: string };
  /** The sort-and-filter fixture (tag "fx"), as stored. */
  let fx: Lead[];
  /** Leads with a task still OPEN. */
  const withOpenTask = new Set<string>();
  const ids: Record<string, string> = {};

  const get = async (url: string) => {
    const res = await app.inject({ method: 'GET', url, headers: auth });
    expect({ url, status: res.statusCode, body: res.statusCode === 200 ? 'ok' : res.json() }).toEqual({ url, status: 200, body: 'ok' });
    return res.json() as TPage;
  };
  const search = (params: Record<string, string | number | boolean>) =>
    get(`/leads?${new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)])).toString()}`);
  /** Every page of a search, following nextCursor; asserts that each page agrees on total. */
  const walk = async (params: Record<string, string | number | boolean>) => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let total: number | undefined;
    for (let pages = 0; pages < 200; pages++) {
      const page: TPage = await search({ ...params, ...(cursor ? { cursor } : {}) });
      total ??= page.total;
      expect(page.total).toBe(total);
      expect(page.items.length).toBeLessThanOrEqual(Number(params.limit ?? 25));
      seen.push(...page.items.map((l) => l.id));
      cursor = page.nextCursor;
      if (!cursor) break;
      expect(page.items.length).toBe(Number(params.limit ?? 25));
    }
    return { ids: seen, total: total ?? 0 };
  };
  const qIds = async (q: string) => (await search({ q })).items.map((l) => l.id).sort();
  const badRequest = async (query: string) => {
    const res = await app.inject({ method: 'GET', url: `/leads?${query}`, headers: auth });
    expect({ query, status: res.statusCode }).toEqual({ query, status: 400 });
    const body = res.json() as { error: { code: string; message: string; issues?: Array<{ path: string; message: string }> } };
    expect(body.error.code).toBe('VALIDATION_FAILED');
    return body.error;
  };

  /** The fixture sorted as the API must sort it: by key, then id, both in the sort's direction. */
  const oracle = (rows: Lead[], sort: TLeadSort) => {
    const desc = sort.startsWith('-');
    const key = (l: Lead): number | string => {
      const name = sort.replace(/^-/, '');
      if (name === 'createdAt') return l.createdAt.getTime();
      if (name === 'updatedAt') return l.updatedAt.getTime();
      if (name === 'score') return l.score;
      return l.sortName;
    };
    const cmp = (a: number | string, b: number | string) => (a < b ? -1 : a > b ? 1 : 0);
    return [...rows].sort((a, b) => (desc ? -1 : 1) * (cmp(key(a), key(b)) || cmp(a.id, b.id))).map((l) => l.id);
  };
  const matching = (pred: (l: Lead) => boolean) => oracle(fx.filter(pred), '-createdAt');

  beforeAll(async () => {
    [env, db, mail] = await Promise.all([createTimeSkippingEnv(), createTestDatabase(), createTestMail()]);
    app = await buildServer({
      env: TEST_ENV,
      prisma: db.prisma,
      temporal: env.client,
      mailer: mail.mailer,
      templates: new TemplateCache(),
      health: createHealthChecks({ db, temporal: env.client, temporalAddress: 'test server', mailer: mail.mailer }),
    });
    auth = { authorization: `Bearer ${(await createApiKey(db.prisma, { name: 'search', role: 'SALES' })).key}` };

    // Leads in several scripts, through POST /leads (the capture path computes searchText).
    const capture = async (key: string, body: Record<string, unknown>) => {
      const res = await app.inject({ method: 'POST', url: '/leads', headers: auth, payload: body });
      expect(res.statusCode).toBe(201);
      ids[key] = (res.json() as { id: string }).id;
    };
    await capture('aram', {
      email: 'aram@example.am',
      firstName: 'Արամ',
      lastName: 'Պետրոսյան',
      company: 'Արարատ ՍՊԸ',
      phone: '+374 91 234567',
      locale: 'hy',
    });
    await capture('kanat', { email: 'Kanat@Example.kz', firstName: 'Қанат', lastName: 'Әбілов', phone: '+7 701 765 4321', locale: 'kk' });
    await capture('guzeppi', {
      email: 'guzeppi@example.mt',
      firstName: 'Ġużeppi',
      lastName: 'Ħabib',
      phone: '+356 2123 8888',
      locale: 'mt',
    });
    await capture('paivi', {
      email: 'paivi@example.fi',
      firstName: 'Päivi',
      lastName: 'Järvinen',
      phone: '+358 40 555 0199',
      locale: 'fi',
    });
    await capture('ahmad', { email: 'ahmad@example.eg', firstName: 'أحمد', lastName: 'الشَّافِعِي', locale: 'ar' });
    await capture('yosef', { email: 'yosef@example.il', firstName: 'יוֹסֵף', lastName: 'כֹּהֵן', locale: 'he' });
    await capture('wild', { email: 'a_b@example.com', firstName: 'Percent', company: '50% Off Oy' });

    // The sort-and-filter fixture: ties on every sort key (createdAt, updatedAt, score, name).
    const data: Prisma.LeadCreateManyInput[] = Array.from({ length: 26 }, (_, i) => {
      const firstName = FIRST_NAMES[i % FIRST_NAMES.length]!;
      const lastName = i % 5 === 0 ? null : `Smith`;
      const email = `fx${i}@example.com`;
      return {
        email,
        firstName,
        lastName,
        ...leadSearchFields({ email, firstName, lastName }),
        status: STATUSES[i % STATUSES.length]!,
        heat: HEATS[i % HEATS.length]!,
        source: SOURCES[i % SOURCES.length]!,
        ownerEmail: OWNERS[i % OWNERS.length]!,
        score: (i % 6) * 10 - 10,
        tags: ['fx', ...(i % 4 === 0 ? ['vip'] : []), ...(i % 7 === 0 ? ['event'] : [])],
        // Groups of four share a creation time; days apart so date filters have edges to test.
        createdAt: new Date(T0 + Math.floor(i / 4) * 24 * HOUR),
        updatedAt: new Date(T0 + (i % 3) * HOUR),
      };
    });
    await db.prisma.lead.createMany({ data });
    fx = await db.prisma.lead.findMany({ where: { tags: { has: 'fx' } } });
    expect(fx).toHaveLength(26);
    const byEmail = new Map(fx.map((l) => [l.email, l]));
    const taskOf = (i: number, status: 'OPEN' | 'DONE' | 'CANCELLED') => ({
      idempotencyKey: `fx-task-${i}-${status}`,
      leadId: byEmail.get(`fx${i}@example.com`)!.id,
      kind: 'call',
      title: 'Call',
      dueAt: new Date(T0),
      status,
    });
    const tasks = [taskOf(1, 'OPEN'), taskOf(2, 'DONE'), taskOf(3, 'CANCELLED'), taskOf(4, 'OPEN'), taskOf(4, 'DONE'), taskOf(9, 'OPEN')];
    await db.prisma.task.createMany({ data: tasks });
    for (const t of tasks) if (t.status === 'OPEN') withOpenTask.add(t.leadId);
  });
  afterAll(async () => {
    await app?.close();
    await Promise.all([env?.teardown(), db?.cleanup(), mail?.close()]);
  });

  describe('free text in any script', () => {
    it('finds an Armenian lead by part of the first name, in either case, and by words in any order', async () => {
      expect(await qIds('րամ')).toEqual([ids.aram]);
      expect(await qIds('ԱՐԱ')).toEqual([ids.aram]);
      expect(await qIds('Պետրոս')).toEqual([ids.aram]);
      expect(await qIds('պետրոսյան արամ')).toEqual([ids.aram]);
      expect(await qIds('Արարատ')).toEqual([ids.aram]);
    });

    it('finds a Kazakh Cyrillic lead case-insensitively, also typed on a Russian layout', async () => {
      expect(await qIds('қанат')).toEqual([ids.kanat]);
      expect(await qIds('ҚАНАТ')).toEqual([ids.kanat]);
      expect(await qIds('Канат Абілов')).toEqual([ids.kanat]);
      expect(await qIds('kanat@example')).toEqual([ids.kanat]);
    });

    it('finds a Maltese lead with and without diacritics', async () => {
      expect(await qIds('Ġużeppi')).toEqual([ids.guzeppi]);
      expect(await qIds('guzeppi')).toEqual([ids.guzeppi]);
      expect(await qIds('GUŻ')).toEqual([ids.guzeppi]);
      expect(await qIds('habib')).toEqual([ids.guzeppi]);
      expect(await qIds('Ħabib')).toEqual([ids.guzeppi]);
    });

    it('finds a Finnish lead with or without umlauts', async () => {
      expect(await qIds('järvi')).toEqual([ids.paivi]);
      expect(await qIds('JARVINEN paivi')).toEqual([ids.paivi]);
    });

    it('finds right-to-left names, with or without vowel points and harakat', async () => {
      expect(await qIds('יוסף')).toEqual([ids.yosef]);
      expect(await qIds('כֹּהֵן')).toEqual([ids.yosef]);
      expect(await qIds('الشافعي')).toEqual([ids.ahmad]);
      expect(await qIds('الشَّافِعِي')).toEqual([ids.ahmad]);
      expect(await qIds('احمد')).toEqual([ids.ahmad]); // stored أحمد: the hamza is a combining mark after NFKD
    });

    it('matches phone digits however the number is typed, international or national', async () => {
      expect(await qIds('+374 91 234567')).toEqual([ids.aram]);
      expect(await qIds('91-234-567')).toEqual([ids.aram]);
      expect(await qIds('(040) 555 0199')).toEqual([ids.paivi]);
      expect(await qIds('+358405550199')).toEqual([ids.paivi]);
      expect(await qIds('8 (701) 765-43-21')).toEqual([ids.kanat]);
      expect(await qIds('2123 8888')).toEqual([ids.guzeppi]);
    });

    it("takes LIKE's wildcards literally", async () => {
      expect(await qIds('a_b@')).toEqual([ids.wild]);
      expect(await qIds('ab@')).toEqual([]);
      expect(await qIds('50%')).toEqual([ids.wild]);
      expect(await qIds('%')).toEqual([ids.wild]);
      expect(await qIds('nobody-has-this')).toEqual([]);
    });

    it('keeps up with writes: a touch filling a field, an update renaming a lead', async () => {
      expect(await qIds('Saimaa')).toEqual([]);
      const touch = await app.inject({
        method: 'POST',
        url: '/leads',
        headers: auth,
        payload: { email: 'paivi@example.fi', firstName: 'Päivi', company: 'Saimaan Öljy' },
      });
      expect(touch.json()).toMatchObject({ id: ids.paivi, deduplicated: true, company: 'Saimaan Öljy' });
      expect(await qIds('saimaan oljy')).toEqual([ids.paivi]);

      const patch = await app.inject({
        method: 'PATCH',
        url: `/leads/${ids.yosef}`,
        headers: auth,
        payload: { firstName: 'Yossi', phone: '+972 50 123 4567' },
      });
      expect(patch.statusCode).toBe(200);
      expect(await qIds('יוסף')).toEqual([]);
      expect(await qIds('yossi כהן')).toEqual([ids.yosef]);
      expect(await qIds('972501234567')).toEqual([ids.yosef]);
    });

    it('combines q with filters, and counts all matches', async () => {
      const all = await search({ q: 'smith', limit: 2 });
      expect(all.total).toBe(fx.filter((l) => l.lastName === 'Smith').length);
      expect(all.items).toHaveLength(2);
      const hot = await walk({ q: 'smith', heat: 'HOT', limit: 2 });
      expect(hot.ids).toEqual(matching((l) => l.lastName === 'Smith' && l.heat === 'HOT'));
      expect(hot.total).toBe(hot.ids.length);
    });
  });

  describe('sorts and keyset pages', () => {
    it('defaults to newest first, 25 a page, with the lead as GET /leads/:id returns it', async () => {
      const page = await search({});
      expect(page.items).toHaveLength(25);
      expect(page.total).toBe(fx.length + Object.keys(ids).length);
      expect(page.nextCursor).toEqual(expect.any(String));
      const one = await app.inject({ method: 'GET', url: `/leads/${page.items[0]!.id}`, headers: auth });
      expect(page.items[0]).toEqual(one.json());
      expect(page.items[0]).not.toHaveProperty('searchText');
      expect(page.items[0]).not.toHaveProperty('sortName');
    });

    it.each(LEAD_SORTS)('sort=%s walks every page in order, across ties, without duplicates or gaps', async (sort) => {
      const walked = await walk({ tag: 'fx', sort, limit: 3 });
      expect(walked.ids).toEqual(oracle(fx, sort));
      expect(walked.total).toBe(fx.length);
      // A page size that puts page edges elsewhere in the runs of ties.
      expect((await walk({ tag: 'fx', sort, limit: 5 })).ids).toEqual(oracle(fx, sort));
      // With free text: fenced (a term of 3+ letters: the trigram index first) and not (shorter terms).
      const smiths = oracle(
        fx.filter((l) => l.lastName === 'Smith'),
        sort,
      );
      expect(await walk({ q: 'smith', sort, limit: 4 })).toEqual({ ids: smiths, total: smiths.length });
      expect(await walk({ q: 'sm', sort, limit: 4 })).toEqual({ ids: smiths, total: smiths.length });
    });

    it('the last page has no cursor; a page ends exactly at the last match', async () => {
      const page = await search({ tag: 'fx', limit: 26 });
      expect(page.items).toHaveLength(26);
      expect(page.nextCursor).toBeNull();
      expect((await search({ tag: 'fx', limit: 100 })).nextCursor).toBeNull();
    });
  });

  describe('filters', () => {
    const cases: Array<[string, Record<string, string | number | boolean>, (l: Lead) => boolean]> = [
      ['one status', { status: 'MQL' }, (l) => l.status === 'MQL'],
      ['several statuses, any case', { status: 'new,lost, SQL' }, (l) => ['NEW', 'LOST', 'SQL'].includes(l.status)],
      ['heat', { heat: 'WARM,HOT' }, (l) => l.heat !== 'COLD'],
      ['source', { source: 'REFERRAL,TRADE_SHOW' }, (l) => l.source === 'REFERRAL' || l.source === 'TRADE_SHOW'],
      ['owner by email, any case', { owner: 'Rep1@Nurture.test' }, (l) => l.ownerEmail === 'rep1@nurture.test'],
      ['owner none', { owner: 'none' }, (l) => l.ownerEmail === null],
      ['a tag', { tag: 'vip' }, (l) => l.tags.includes('vip')],
      ['any of several tags', { tag: 'vip,event' }, (l) => l.tags.includes('vip') || l.tags.includes('event')],
      ['scoreMin', { scoreMin: 20 }, (l) => l.score >= 20],
      ['scoreMax', { scoreMax: 0 }, (l) => l.score <= 0],
      ['score range', { scoreMin: 0, scoreMax: 10 }, (l) => l.score >= 0 && l.score <= 10],
      ['createdFrom as a date', { createdFrom: '2026-10-03' }, (l) => l.createdAt.getTime() >= Date.parse('2026-10-03T00:00:00Z')],
      [
        'createdTo as a date includes its whole day',
        { createdTo: '2026-10-02' },
        (l) => l.createdAt.getTime() < Date.parse('2026-10-03T00:00:00Z'),
      ],
      [
        'createdFrom and createdTo as date-times, both inclusive',
        { createdFrom: '2026-10-02T09:00:00Z', createdTo: '2026-10-04T09:00:00.000+00:00' },
        (l) => l.createdAt.getTime() >= T0 + 24 * HOUR && l.createdAt.getTime() <= T0 + 72 * HOUR,
      ],
      ['hasOpenTasks=true (DONE and CANCELLED are not open)', { hasOpenTasks: true }, (l) => withOpenTask.has(l.id)],
      ['hasOpenTasks=false', { hasOpenTasks: false }, (l) => !withOpenTask.has(l.id)],
      [
        'several at once',
        { status: 'NEW,MQL,SQL,LOST', heat: 'COLD,HOT', owner: 'none', scoreMin: -10, scoreMax: 30 },
        (l) => ['NEW', 'MQL', 'SQL', 'LOST'].includes(l.status) && l.heat !== 'WARM' && l.ownerEmail === null && l.score <= 30,
      ],
    ];
    it.each(cases)('%s', async (_name, params, pred) => {
      const expected = matching(pred);
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(fx.length);
      const walked = await walk({ tag: 'fx', ...params, limit: 4 });
      expect(walked.ids).toEqual(expected);
      expect(walked.total).toBe(expected.length);
    });

    it('accepts a repeated parameter like a comma-separated one', async () => {
      const res = await get('/leads?tag=fx&status=NEW&status=MQL&limit=100');
      expect(res.items.map((l) => l.id)).toEqual(matching((l) => l.status === 'NEW' || l.status === 'MQL'));
    });
  });

  describe('bad input', () => {
    it.each([
      ['status=BOGUS', 'querystring.status[0]'],
      ['status=NEW,nope', 'querystring.status[1]'],
      ['status=', 'querystring.status'],
      ['heat=LUKEWARM', 'querystring.heat[0]'],
      ['source=BILLBOARD', 'querystring.source[0]'],
      ['owner=not-an-email', 'querystring.owner'],
      ['scoreMin=50&scoreMax=10', 'querystring.scoreMin'],
      ['scoreMin=ten', 'querystring.scoreMin'],
      ['scoreMax=1.5', 'querystring.scoreMax'],
      ['createdFrom=yesterday', 'querystring.createdFrom'],
      ['createdTo=2026-13-01', 'querystring.createdTo'],
      ['createdTo=2026-11-01T10:00:00', 'querystring.createdTo'],
      ['createdFrom=2026-11-02&createdTo=2026-11-01', 'querystring.createdTo'],
      ['hasOpenTasks=maybe', 'querystring.hasOpenTasks'],
      ['sort=email', 'querystring.sort'],
      ['limit=0', 'querystring.limit'],
      ['limit=101', 'querystring.limit'],
      ['cursor=not-a-cursor', 'querystring.cursor'],
      ['cursor=%25%25%25', 'querystring.cursor'],
      [`cursor=${Buffer.from('{"s":"-createdAt","k":"yesterday","i":"x"}').toString('base64url')}`, 'querystring.cursor'],
      ['q=' + 'x'.repeat(201), 'querystring.q'],
    ])('%s → 400 naming %s', async (query, path) => {
      const error = await badRequest(query);
      expect(error.issues?.map((i) => i.path)).toContain(path);
      expect(error.message).toContain(path);
    });

    it('refuses a cursor from another sort', async () => {
      const { nextCursor } = await search({ tag: 'fx', sort: 'score', limit: 2 });
      const error = await badRequest(`tag=fx&sort=-score&cursor=${nextCursor}`);
      expect(error.issues).toEqual([{ path: 'querystring.cursor', message: expect.stringContaining('sort=score') }]);
    });

    it('needs an API key', async () => {
      expect((await app.inject({ method: 'GET', url: '/leads' })).statusCode).toBe(401);
    });
  });

  it('is documented in the OpenAPI document under leads, with its parameters', async () => {
    const doc = (await app.inject({ method: 'GET', url: '/openapi.json' })).json() as {
      paths: Record<string, Record<string, { tags: string[]; parameters: Array<{ name: string; in: string }> }>>;
    };
    const op = doc.paths['/leads']?.get;
    expect(op?.tags).toEqual(['leads']);
    expect(op?.parameters.filter((p) => p.in === 'query').map((p) => p.name)).toEqual(
      expect.arrayContaining([
        'q',
        'status',
        'heat',
        'owner',
        'source',
        'tag',
        'scoreMin',
        'scoreMax',
        'createdFrom',
        'createdTo',
        'hasOpenTasks',
        'hasOverdueTasks',
        'sort',
        'limit',
        'cursor',
      ]),
    );
  });
});
