/**
 * `npm run bench -- search [--n 100000]`: lead search (GET /leads) at scale. N synthetic leads
 * (names in eight scripts, emails, phones, companies, owners, tags; a tenth with tasks) are
 * inserted in batches of 1,000 into a database of their own (a new PostgreSQL database beside
 * DATABASE_URL's, dropped afterwards; PGlite in memory without DATABASE_URL), then about 200
 * representative searches go through the real route (Fastify inject: routing, zod validation,
 * the domain function, serialisation), one at a time, after one warm-up pass. Each kind reports
 * median, p95 and max; the COUNT query (total) is also timed alone, to show its share.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import pg from 'pg';
import { buildServer } from '../api/server';
import { createApiKey } from '../domain/api-keys/create-api-key';
import { encodeCursor, LEAD_SORTS, sortOf, type TLeadSort } from '../domain/leads/search/cursor';
import { ZLeadSearchQuery } from '../domain/leads/search/schemas';
import { leadSearchFields } from '../domain/leads/search/search-text';
import { countSql } from '../domain/leads/search/search-sql';
import type { Prisma } from '../generated/prisma/client';
import { applyMigrations } from '../lib/db/apply-migrations';
import { openDatabase, type TDatabase } from '../lib/db/open-database';
import { parseEnv } from '../lib/env';
import { createMailer } from '../lib/mail/create-mailer';
import { TemplateCache } from '../lib/mail/render-template';
import { percentile, table } from './stats';

type TParams = Record<string, string | number | boolean>;

/** First and last names per script: common names repeat, as in a real CRM. */
const NAMES: Record<string, { first: string[]; last: string[]; phone: () => string }> = {
  hy: {
    first: ['Արամ', 'Անի', 'Գոռ', 'Նարեկ', 'Լուսինե', 'Տիգրան', 'Մարիամ', 'Հայկ', 'Սոնա', 'Արմեն', 'Աննա', 'Դավիթ'],
    last: ['Պետրոսյան', 'Սարգսյան', 'Հովհաննիսյան', 'Գրիգորյան', 'Կարապետյան', 'Ավետիսյան', 'Մկրտչյան', 'Հակոբյան'],
    phone: () => `+374 9${digits(1)} ${digits(6)}`,
  },
  kk: {
    first: ['Қанат', 'Айгүл', 'Ерлан', 'Әсел', 'Нұрлан', 'Гүлнар', 'Дәурен', 'Жанар', 'Бауыржан', 'Ұлжан'],
    last: ['Әбілов', 'Сейітқали', 'Нұрланов', 'Қасымов', 'Жұмабаев', 'Төлеуова', 'Оспанов', 'Сәрсенбаева'],
    phone: () => `+7 70${digits(1)} ${digits(3)} ${digits(4)}`,
  },
  mt: {
    first: ['Ġużeppi', 'Marija', 'Ġorġ', 'Pawlu', 'Rita', 'Ċensu', 'Doris', 'Ninu', 'Ġanni', 'Carmen'],
    last: ['Ħabib', 'Borġ', 'Camilleri', 'Żammit', 'Vella', 'Farrugia', 'Grech', 'Micallef', 'Ċaruana', 'Xuereb'],
    phone: () => `+356 79${digits(2)} ${digits(4)}`,
  },
  fi: {
    first: ['Päivi', 'Jussi', 'Sirpa', 'Matti', 'Aino', 'Eero', 'Liisa', 'Väinö', 'Sanna', 'Jyrki'],
    last: ['Järvinen', 'Mäkinen', 'Virtanen', 'Häkkinen', 'Nieminen', 'Korhonen', 'Lähteenmäki', 'Heikkilä'],
    phone: () => `+358 40 ${digits(3)} ${digits(4)}`,
  },
  ar: {
    first: ['أحمد', 'فاطمة', 'محمد', 'ليلى', 'يوسف', 'مريم', 'عمر', 'سارة'],
    last: ['الشافعي', 'حداد', 'منصور', 'الخطيب', 'العلي', 'ناصر'],
    phone: () => `+20 10 ${digits(4)} ${digits(4)}`,
  },
  he: {
    first: ['יוֹסֵף', 'שרה', 'דוד', 'מיכל', 'אבי', 'נועה', 'יעל', 'משה'],
    last: ['כֹּהֵן', 'לוי', 'מזרחי', 'פרץ', 'ביטון', 'אברהם'],
    phone: () => `+972 50 ${digits(3)} ${digits(4)}`,
  },
  ro: {
    first: ['Ștefan', 'Ioana', 'Mihai', 'Elena', 'Andrei', 'Ana', 'Bogdan', 'Irina'],
    last: ['Popescu', 'Ionescu', 'Țurcanu', 'Dumitrescu', 'Stănescu', 'Munteanu'],
    phone: () => `+40 72${digits(1)} ${digits(3)} ${digits(3)}`,
  },
  en: {
    first: ['John', 'Mary', 'James', 'Patricia', 'Robert', 'Jennifer', 'Michael', 'Linda', 'David', 'Susan'],
    last: ['Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Garcia', 'Miller', 'Davis', "O'Neil"],
    phone: () => `+44 7700 ${digits(6)}`,
  },
};
const SCRIPTS = Object.keys(NAMES);
const STATUSES = ['NEW', 'NEW', 'NEW', 'MQL', 'MQL', 'SQL', 'CUSTOMER', 'LOST', 'DEFERRED', 'RECYCLED'] as const;
const HEATS = ['COLD', 'COLD', 'WARM', 'HOT'] as const;
const SOURCES = ['WEBINAR', 'REFERRAL', 'TRADE_SHOW', 'WEB_FORM', 'PURCHASED_LIST', 'SOCIAL', null] as const;
const TAGS = ['vip', 'event', 'newsletter', 'partner', 'webinar-2026', 'trial', 'churn-risk', 'enterprise'];
const REPS = Array.from({ length: 20 }, (_, i) => `rep${i}@bench.test`);
const COMPANY_WORDS = ['Nordic', 'Ararat', 'Steppe', 'Valletta', 'Saimaa', 'Delta', 'Cedar', 'Carpathia', 'Harbour', 'Summit'];
const DAY = 86_400_000;
const START = Date.parse('2024-12-01T00:00:00Z');

// A seeded generator (mulberry32): the same data on every run.
let seed = 20261130;
function random(): number {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
function digits(n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += String(Math.floor(random() * 10));
  return s;
}

function syntheticLead(i: number): Prisma.LeadCreateManyInput {
  const script = SCRIPTS[i % SCRIPTS.length]!;
  const names = NAMES[script]!;
  const firstName = pick(names.first);
  const lastName = random() < 0.9 ? pick(names.last) : null;
  const email = `lead${i}.${script}@${pick(['example.com', 'mail.test', 'corp.example', 'post.example'])}`;
  const company = random() < 0.7 ? `${pick(COMPANY_WORDS)} ${pick(['Ltd', 'Oy', 'LLP', 'SRL', 'ՍՊԸ', 'ЖШС'])} ${i % 997}` : null;
  const phone = random() < 0.8 ? names.phone() : null;
  const createdAt = new Date(START + Math.floor(random() * 730 * DAY));
  const tags = TAGS.filter(() => random() < 0.12);
  return {
    id: randomUUID(),
    email,
    firstName,
    lastName,
    company,
    phone,
    locale: script,
    ...leadSearchFields({ email, firstName, lastName, company, phone }),
    status: pick(STATUSES),
    heat: pick(HEATS),
    source: pick(SOURCES),
    score: Math.floor(random() * 171) - 20,
    tags,
    ownerEmail: random() < 0.7 ? pick(REPS) : null,
    createdAt,
    updatedAt: new Date(createdAt.getTime() + Math.floor(random() * 30 * DAY)),
  };
}

/** The searches, by kind: q in several scripts, filters, sorts, deep pages, and combinations. */
function searches(sample: Prisma.LeadCreateManyInput[], deepCursor: (sort: TLeadSort) => string): Array<{ kind: string; params: TParams }> {
  const out: Array<{ kind: string; params: TParams }> = [];
  const add = (kind: string, count: number, make: (k: number) => TParams) => {
    for (let k = 0; k < count; k++) out.push({ kind, params: make(k) });
  };
  const lead = (k: number) => sample[(k * 7919) % sample.length]!;
  const prefix = (s: string, n: number) => [...s].slice(0, n).join('');
  // Part of a first name as typed, in the lead's own script (Armenian, Kazakh, Maltese, Arabic, Hebrew…).
  add('q: first-name prefix (3 letters), 8 scripts', 24, (k) => ({ q: prefix(lead(k).firstName, 3) }));
  // Without diacritics / in another case: guzepp, JARVINEN, канат.
  add('q: folded substring (no diacritics, other case)', 16, (k) => {
    const l = lead(k + 100);
    const name = l.lastName ?? l.firstName;
    const folded = leadSearchFields({ email: '', firstName: name }).sortName;
    return { q: [...folded].slice(1, 6).join('').toUpperCase() };
  });
  add('q: first + last name', 16, (k) => {
    const l = lead(k + 200);
    return { q: `${l.firstName} ${l.lastName ?? ''}`.trim() };
  });
  add('q: email prefix', 12, (k) => ({ q: lead(k + 300).email.slice(0, 9) }));
  add('q: phone, formatted, last 7 digits', 16, (k) => {
    const withPhone = sample.filter((l) => l.phone);
    const phone = withPhone[(k * 31) % withPhone.length]!.phone!;
    const d = phone.replace(/\D/g, '').slice(-7);
    return { q: `${d.slice(0, 3)} ${d.slice(3)}` };
  });
  add('q: no match', 6, (k) => ({ q: `zqxj${k}` }));
  // Type-ahead's first keystrokes: too short for a trigram, so no index narrows them.
  add('q: 1–2 letters (no trigram)', 8, (k) => ({ q: prefix(lead(k + 500).firstName, 1 + (k % 2)) }));
  const filterSets: TParams[] = [
    { status: 'MQL,SQL', heat: 'HOT' },
    { owner: 'rep7@bench.test' },
    { owner: 'none', hasOpenTasks: true },
    { scoreMin: 100, scoreMax: 120, createdFrom: '2025-06-01', createdTo: '2025-12-31' },
    { tag: 'vip' },
    { source: 'WEBINAR,REFERRAL', sort: '-score' },
    { status: 'LOST,DEFERRED', owner: 'rep3@bench.test', sort: 'name' },
    { hasOpenTasks: false, heat: 'WARM', sort: '-updatedAt' },
  ];
  add('filters (status, heat, owner, tasks, score, dates, tag, source)', 32, (k) => filterSets[k % filterSets.length]!);
  add('sort: first page, each of the 8 sorts', 24, (k) => ({ sort: LEAD_SORTS[k % LEAD_SORTS.length]! }));
  add('deep page: cursor ~20-90 % into the sort', 24, (k) => {
    const sort = LEAD_SORTS[k % LEAD_SORTS.length]!;
    return { sort, cursor: deepCursor(sort) };
  });
  add('q + filters + sort', 16, (k) => ({
    q: prefix(lead(k + 400).firstName, 4),
    status: 'NEW,MQL,SQL',
    sort: k % 2 ? 'name' : '-score',
    limit: 50,
  }));
  return out;
}

/** keep: leave the PostgreSQL database in place (to EXPLAIN queries on it) and say its name. */
export async function searchBench(options: { n: number; log: (line: string) => void; machine: object; keep?: boolean }) {
  const { n, log } = options;
  const base = process.env.DATABASE_URL;
  const name = `nurture_bench_search_${randomBytes(4).toString('hex')}`;
  let db: TDatabase;
  if (base) {
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const url = new URL(base);
    url.pathname = `/${name}`;
    db = await openDatabase({ databaseUrl: url.toString(), pgliteDataDir: '' });
  } else {
    db = await openDatabase({ pgliteDataDir: 'memory://' });
  }
  const dropDatabase = async () => {
    await db.close();
    if (!base) return;
    if (options.keep) return log(`  kept database ${name}: drop it with DROP DATABASE ${name} WITH (FORCE)`);
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  };
  try {
    await applyMigrations(db.sql, { useAdvisoryLock: db.kind === 'postgres' });
    log(`search: ${n} leads into ${db.kind === 'postgres' ? `PostgreSQL database ${name}` : 'PGlite (in memory)'}`);

    const t0 = performance.now();
    const sample: Prisma.LeadCreateManyInput[] = [];
    for (let i = 0; i < n; i += 1000) {
      const batch = Array.from({ length: Math.min(1000, n - i) }, (_, j) => syntheticLead(i + j));
      await db.prisma.lead.createMany({ data: batch });
      const tasks = batch
        .filter(() => random() < 0.1)
        .map((l, j) => ({
          idempotencyKey: `bench-task-${i}-${j}`,
          leadId: l.id!,
          kind: 'call',
          title: 'Call back',
          assigneeEmail: l.ownerEmail ?? null,
          dueAt: new Date(START + Math.floor(random() * 730 * DAY)),
          status: pick(['OPEN', 'DONE', 'DONE', 'CANCELLED'] as const),
        }));
      if (tasks.length) await db.prisma.task.createMany({ data: tasks });
      sample.push(batch[Math.floor(random() * batch.length)]!, batch[Math.floor(random() * batch.length)]!);
      if ((i / 1000) % 20 === 19) log(`  … ${i + 1000}/${n} inserted`);
    }
    const insertMs = performance.now() - t0;
    // A settled table, as autovacuum leaves a live one: statistics, the visibility map, GIN's pending list merged.
    for (const table of ['Lead', 'Task']) await db.sql.exec(`VACUUM (ANALYZE) "${table}"`);
    log(`  inserted in ${(insertMs / 1000).toFixed(1)} s (${((n / insertMs) * 1000).toFixed(0)} rows/s, indexes included)`);

    const env = parseEnv({ ...process.env, NODE_ENV: 'test', MESSAGE_ID_DOMAIN: 'bench.test', PUBLIC_BASE_URL: 'http://bench.test' });
    const mailer = createMailer({ capturePort: 1, poolSize: 1 });
    // The route needs no Temporal: a lazy connection that is never used.
    const app = await buildServer({
      env,
      prisma: db.prisma,
      temporal: new Client({ connection: Connection.lazy() }),
      mailer,
      templates: new TemplateCache(),
      health: { database: async () => 'ok', temporal: async () => 'ok', smtp: async () => 'ok' },
    });
    const headers = { authorization: `Bearer ${(await createApiKey(db.prisma, { name: 'bench', role: 'SALES' })).key}` };

    // Cursors deep into each sort: the key and id of rows from 20 % to 90 % into it.
    const positions: Record<string, Array<{ key: Date | number | string; id: string }>> = {};
    for (const sort of LEAD_SORTS) {
      const { field, direction } = sortOf(sort);
      const rows = await db.prisma.lead.findMany({
        select: { id: true, createdAt: true, updatedAt: true, score: true, sortName: true },
        orderBy: [{ [field]: direction }, { id: direction }],
      });
      positions[sort] = rows
        .slice(Math.floor(rows.length * 0.2), Math.floor(rows.length * 0.9))
        .filter((_, j) => j % 997 === 0)
        .map((r) => ({ key: r[field], id: r.id }));
    }
    const plan = searches(sample, (sort) => {
      const rows = positions[sort]!;
      return encodeCursor({ sort, ...rows[Math.floor(random() * rows.length)]! });
    });

    const url = (params: TParams) =>
      `/leads?${new URLSearchParams(Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]))}`;
    const run = async (params: TParams) => {
      const started = performance.now();
      const res = await app.inject({ method: 'GET', url: url(params), headers });
      const ms = performance.now() - started;
      if (res.statusCode !== 200) throw new Error(`GET ${url(params)} → ${res.statusCode} ${res.body}`);
      return { ms, total: (res.json() as { total: number }).total };
    };
    // One warm-up pass (plans, caches), then the timed pass.
    for (const s of plan) await run(s.params);
    const timings = new Map<string, { ms: number[]; totals: number[]; countMs: number[] }>();
    const slowest: Array<{ kind: string; url: string; ms: number; total: number }> = [];
    for (const s of plan) {
      const r = await run(s.params);
      const t = timings.get(s.kind) ?? { ms: [], totals: [], countMs: [] };
      slowest.push({ kind: s.kind, url: decodeURIComponent(url(s.params)), ms: r.ms, total: r.total });
      t.ms.push(r.ms);
      t.totals.push(r.total);
      timings.set(s.kind, t);
    }
    // COUNT alone (the same where clause as the route's total), to show its share of each search.
    for (const s of plan) {
      const query = ZLeadSearchQuery.parse(Object.fromEntries(Object.entries(s.params).map(([k, v]) => [k, String(v)])));
      const started = performance.now();
      await db.prisma.$queryRaw(countSql(query));
      timings.get(s.kind)!.countMs.push(performance.now() - started);
    }
    await app.close();
    mailer.close();

    const all = plan.length ? [...timings.values()].flatMap((t) => t.ms) : [];
    const stat = (xs: number[]) => {
      const sorted = [...xs].sort((a, b) => a - b);
      return { p50: percentile(sorted, 50), p95: percentile(sorted, 95), max: sorted.at(-1) ?? NaN };
    };
    const kinds = [...timings.entries()].map(([kind, t]) => ({
      kind,
      n: t.ms.length,
      ...stat(t.ms),
      countP50: stat(t.countMs).p50,
      matchesP50: stat(t.totals).p50,
    }));
    const overall = stat(all);
    const dbSize =
      db.kind === 'postgres'
        ? await db.sql.query<{ table: string; indexes: string; trgm: string }>(
            `SELECT pg_size_pretty(pg_table_size('"Lead"')) AS table, pg_size_pretty(pg_indexes_size('"Lead"')) AS indexes,
                    pg_size_pretty(pg_relation_size('"Lead_searchText_idx"')) AS trgm`,
          )
        : [];
    const result = {
      scenario: 'search',
      n,
      machine: options.machine,
      insert: { seconds: insertMs / 1000, rowsPerSec: n / (insertMs / 1000) },
      searches: all.length,
      overall,
      kinds,
      storage: dbSize[0],
      slowest: slowest.sort((a, b) => b.ms - a.ms).slice(0, 8),
    };
    console.log(
      table(
        [...kinds, { kind: 'all searches', n: all.length, ...overall, countP50: NaN, matchesP50: NaN }].map((k) => ({
          kind: k.kind,
          n: k.n,
          'median ms': k.p50,
          'p95 ms': k.p95,
          'max ms': k.max,
          'COUNT alone, median ms': Number.isNaN(k.countP50) ? '' : k.countP50,
          'matches (median)': Number.isNaN(k.matchesP50) ? '' : k.matchesP50,
        })),
      ),
    );
    if (dbSize[0]) console.log(`Lead table ${dbSize[0].table}, its indexes ${dbSize[0].indexes} (trigram GIN ${dbSize[0].trgm})`);
    return result;
  } finally {
    await dropDatabase();
  }
}
