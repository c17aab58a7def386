/**
 * `npx tsx bench/operations.ts [--n N]`: what ADR-035's instrumentation costs per email, measured
 * on the hot path pieces themselves (the engine run is dominated by Temporal, the database and
 * SMTP, and its noise on 2 shared cores is larger than these costs):
 *
 *   metrics   a send function wrapped by withSendMetrics vs the same function bare
 *   tracing   an SMTP send wrapped in a span (tracing on, in-memory exporter, batch processor)
 *             vs the bare send; and a log line with the trace mixin inside a span vs without
 *   db spans  one Prisma read (a lead by id, in-memory PGlite) inside a request span, tracing off
 *             vs on (ADR-050: prisma:client:operation with its serialize, compile and db_query
 *             spans); `--db-n` reads each (default 3000)
 *
 * The "send" is an async function that resolves at once, so the figures are the pure overhead.
 */
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import pino from 'pino';
import { applyMigrations } from '../lib/db/apply-migrations';
import { openDatabase } from '../lib/db/open-database';
import { withSendMetrics } from '../lib/metrics/email-metrics';
import { renderMetrics } from '../lib/metrics/registry';
import { inSpan, setupTracing } from '../lib/telemetry/tracing';
import { traceLogFields } from '../lib/telemetry/log-fields';

const arg = (name: string) => Number(process.argv[process.argv.indexOf(name) + 1]) || undefined;
const n = arg('--n') ?? 200_000;
const dbN = arg('--db-n') ?? 3000;

async function perSecond(name: string, fn: (i: number) => Promise<unknown> | unknown, count = n): Promise<number> {
  for (let i = 0; i < Math.min(2000, count); i++) await fn(i); // warm up
  const started = process.hrtime.bigint();
  for (let i = 0; i < count; i++) await fn(i);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rate = count / seconds;
  console.log(
    `${name.padEnd(44)} ${Math.round(rate).toLocaleString('en').padStart(12)} /s   ${((seconds / count) * 1e6).toFixed(2)} µs each`,
  );
  return rate;
}

async function main() {
  console.log(`n = ${n}, Node ${process.version}`);
  const send = async (input: { category: string; workflowId: string; scheduledForMs: number }) => ({
    status: input.category === 'x' ? 'failed' : 'sent',
    alreadySettled: false,
  });
  const measured = withSendMetrics(send);
  const input = (i: number) => ({ category: 'marketing', workflowId: `journey/seq-${i % 20}/lead-${i}`, scheduledForMs: Date.now() - 50 });
  const bare = await perSecond('send, bare', (i) => send(input(i)));
  const withMetrics = await perSecond('send + metrics (withSendMetrics)', (i) => measured(input(i)));
  console.log(`  metrics overhead: ${(1e6 / withMetrics - 1e6 / bare).toFixed(2)} µs per send`);
  const scrape = process.hrtime.bigint();
  const { body } = await renderMetrics();
  console.log(`  one scrape (${body.length} bytes): ${(Number(process.hrtime.bigint() - scrape) / 1e6).toFixed(1)} ms`);

  const sink = { write: () => undefined };
  const plain = pino({ level: 'info' }, sink);
  const mixed = pino({ level: 'info', mixin: traceLogFields }, sink);
  const logPlain = await perSecond('log line, no mixin', () => plain.info({ a: 1 }, 'sent'));
  const logOff = await perSecond('log line + trace mixin (tracing off)', () => mixed.info({ a: 1 }, 'sent'));

  // A database read for the DB-span cost below (in-memory PGlite: no network in the figure).
  const db = await openDatabase({ pgliteDataDir: 'memory://' });
  await applyMigrations(db.sql);
  const lead = await db.prisma.lead.create({ data: { email: 'bench@example.mt', firstName: 'Bench' } });
  const read = () => db.prisma.lead.findUnique({ where: { id: lead.id } });

  const exporter = new InMemorySpanExporter();
  const tracing = setupTracing({ endpoint: undefined, serviceName: 'bench', exporter });
  const traced = await perSecond('send in an smtp.send span (tracing on)', (i) =>
    inSpan('smtp.send', { 'server.address': 'bench' }, () => send(input(i))),
  );
  console.log(`  tracing overhead: ${(1e6 / traced - 1e6 / bare).toFixed(2)} µs per span`);
  const logOn = await perSecond('log line + trace mixin inside a span', () => inSpan('log', {}, async () => mixed.info({ a: 1 }, 'sent')));
  console.log(
    `  log mixin off vs none: ${(1e6 / logOff - 1e6 / logPlain).toFixed(2)} µs; inside a span (span included): ${(1e6 / logOn - 1e6 / logPlain).toFixed(2)} µs`,
  );
  // DB spans (ADR-050), tracing on: a read outside any span (Prisma's spans are sampled out) vs the
  // same read inside a request span (its operation, serialize, compile and db_query spans
  // recorded), less an empty request span. The read itself is milliseconds of PGlite (WASM, in this
  // process) and its wall time moves with the machine's load, so the three are interleaved in
  // rounds, timed in CPU time of this process, and the medians compared.
  const cpu = async (fn: () => Promise<unknown>, k: number) => {
    const started = process.cpuUsage();
    for (let i = 0; i < k; i++) await fn();
    const used = process.cpuUsage(started);
    return (used.user + used.system) / k;
  };
  const rounds = { outside: [] as number[], inside: [] as number[], empty: [] as number[] };
  const perRound = Math.max(1, Math.round(dbN / 10));
  for (let i = 0; i < perRound; i++) await inSpan('request', {}, read); // warm up
  for (let r = 0; r < 10; r++) {
    rounds.outside.push(await cpu(read, perRound));
    rounds.inside.push(await cpu(() => inSpan('request', {}, read), perRound));
    rounds.empty.push(await cpu(() => inSpan('request', {}, async () => undefined), perRound));
    exporter.reset();
  }
  const median = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1]!;
  const [outside, inside, empty] = [median(rounds.outside), median(rounds.inside), median(rounds.empty)];
  console.log(`db read outside a span (CPU, median of 10 rounds) ${outside.toFixed(0)} µs`);
  console.log(`db read inside a request span (CPU)               ${inside.toFixed(0)} µs`);
  console.log(`empty request span (CPU)                          ${empty.toFixed(1)} µs`);
  console.log(`  db spans: ${(inside - outside - empty).toFixed(0)} µs CPU per Prisma call`);
  console.log(`  rounds outside: ${rounds.outside.map(Math.round).join(' ')}; inside: ${rounds.inside.map(Math.round).join(' ')}`);
  await tracing.shutdown();
  await db.close();
}

void main();
