/**
 * `npm run bench -- simulate [--n 100]`: the dry-run simulator (ADR-044) as the API runs it. A
 * 90-day, 5-email sequence (send window, waits, a branch on an assumed click) over N sample leads
 * in five time zones, through POST /sequences/simulate on the API's own simulator: a fresh
 * time-skipping server per run, the workflow bundle built on the first. Reports the first run
 * (bundle included) and the median of three more, plus emails and timeline entries simulated.
 */
import { Client, Connection } from '@temporalio/client';
import { buildServer } from '../api/server';
import { createApiKey } from '../domain/api-keys/create-api-key';
import { publishSequence } from '../domain/sequences/publish-sequence';
import type { TSimulationResult } from '../domain/simulation/schemas';
import { createTemplateVersion } from '../domain/templates/create-template-version';
import { applyMigrations } from '../lib/db/apply-migrations';
import { openDatabase } from '../lib/db/open-database';
import { parseEnv } from '../lib/env';
import { createMailer } from '../lib/mail/create-mailer';
import { TemplateCache } from '../lib/mail/render-template';
import { percentile, table } from './stats';

const TEMPLATES = ['bench-1', 'bench-2', 'bench-3', 'bench-4', 'bench-5'];
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri'];

export async function simulateBench(options: { n: number; log: (line: string) => void; machine: string }) {
  const { log } = options;
  const env = parseEnv({
    NODE_ENV: 'test',
    MESSAGE_ID_DOMAIN: 'bench.test',
    PUBLIC_BASE_URL: 'http://bench.test',
    QUIET_HOURS: '21:00-08:00',
    FREQUENCY_CAP: '3/7d',
  });
  // PGlite in memory: the simulator only reads (templates, suppressions, the lead's sends).
  const db = await openDatabase({ pgliteDataDir: 'memory://' });
  await applyMigrations(db.sql, { useAdvisoryLock: false });
  for (const key of TEMPLATES) {
    await createTemplateVersion(db.prisma, {
      key,
      name: key,
      subject: `${key} for {{lead.firstName}}`,
      mjml: `<mjml><mj-body><mj-section><mj-column><mj-text>${key}</mj-text></mj-column></mj-section></mj-body></mjml>`,
    });
  }
  await publishSequence(db.prisma, {
    key: 'bench-90-days',
    name: '90 days, 5 emails',
    settings: { category: 'marketing', sendWindow: { days: WEEKDAYS, start: '09:00', end: '17:00' }, goals: [] },
    steps: [
      { id: 'e1', type: 'email', email: { template: 'bench-1' } },
      { id: 'w1', type: 'wait', wait: { duration: '10 days' } },
      { id: 'e2', type: 'email', email: { template: 'bench-2' } },
      { id: 'click', type: 'waitForEvent', waitForEvent: { on: { clicked: 'e3' }, timeout: '5 days', onTimeout: 'w2' } },
      { id: 'w2', type: 'wait', wait: { duration: '20 days' } },
      { id: 'e3', type: 'email', email: { template: 'bench-3' } },
      { id: 'w3', type: 'wait', wait: { duration: '25 days' } },
      { id: 'e4', type: 'email', email: { template: 'bench-4' } },
      { id: 'w4', type: 'wait', wait: { businessDays: 20 } },
      { id: 'e5', type: 'email', email: { template: 'bench-5' } },
    ],
  });
  // The API needs a Temporal client for its other routes; the simulator starts its own servers.
  const temporal = new Client({ connection: Connection.lazy() });
  const app = await buildServer({
    env,
    prisma: db.prisma,
    temporal,
    mailer: createMailer({ capturePort: 1, poolSize: 1 }),
    templates: new TemplateCache(),
    health: { database: async () => 'ok', temporal: async () => 'ok', smtp: async () => 'ok' },
  });
  const key = (await createApiKey(db.prisma, { name: 'bench', role: 'MARKETING' })).key;
  const perZone = Math.max(1, Math.round(options.n / 5));
  const body = {
    sequence: { key: 'bench-90-days' },
    leads: { kind: 'samples', timeZones: ['Asia/Almaty', 'Asia/Yerevan', 'Europe/Helsinki', 'Europe/Malta', 'America/New_York'], perZone },
    assumptions: [{ step: 'e2', event: 'clicked', after: '6 hours' }],
    horizonDays: 120,
  };
  const runs: { ms: number; result: TSimulationResult }[] = [];
  try {
    for (let i = 0; i < 4; i++) {
      const started = performance.now();
      const res = await app.inject({
        method: 'POST',
        url: '/sequences/simulate',
        headers: { authorization: `Bearer ${key}` },
        payload: body,
      });
      if (res.statusCode !== 200) throw new Error(`simulate answered ${res.statusCode}: ${res.body}`);
      runs.push({ ms: performance.now() - started, result: res.json() as TSimulationResult });
      log(`run ${i + 1}: ${Math.round(runs.at(-1)!.ms)} ms`);
    }
  } finally {
    await app.close();
    await db.close();
  }
  const last = runs.at(-1)!.result;
  const emails = last.leads.reduce((sum, l) => sum + l.emails, 0);
  const entries = last.leads.reduce((sum, l) => sum + l.entries.length, 0);
  const warm = runs.slice(1).map((r) => r.ms);
  const result = {
    machine: options.machine,
    leads: last.leads.length,
    emailsSimulated: emails,
    entriesSimulated: entries,
    completed: last.leads.filter((l) => l.outcome.status === 'completed').length,
    firstRunMs: Math.round(runs[0]!.ms),
    medianRunMs: Math.round(
      percentile(
        [...warm].sort((a, b) => a - b),
        50,
      ),
    ),
  };
  log(
    table([
      {
        leads: result.leads,
        emails: result.emailsSimulated,
        'timeline entries': result.entriesSimulated,
        completed: result.completed,
        'first run (bundle)': `${result.firstRunMs} ms`,
        'median of 3': `${result.medianRunMs} ms`,
      },
    ]),
  );
  return result;
}
