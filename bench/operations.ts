/**
 * `npx tsx bench/operations.ts [--n N]`: what ADR-035's instrumentation costs per email, measured
 * on the hot path pieces themselves (the engine run is dominated by Temporal, the database and
 * SMTP, and its noise on 2 shared cores is larger than these costs):
 *
 *   metrics   a send function wrapped by withSendMetrics vs the same function bare
 *   tracing   an SMTP send wrapped in a span (tracing on, in-memory exporter, batch processor)
 *             vs the bare send; and a log line with the trace mixin inside a span vs without
 *
 * The "send" is an async function that resolves at once, so the figures are the pure overhead.
 */
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import pino from 'pino';
import { withSendMetrics } from '../lib/metrics/email-metrics';
import { renderMetrics } from '../lib/metrics/registry';
import { inSpan, setupTracing } from '../lib/telemetry/tracing';
import { traceLogFields } from '../lib/telemetry/log-fields';

const n = Number(process.argv[process.argv.indexOf('--n') + 1]) || 200_000;

async function perSecond(name: string, fn: (i: number) => Promise<unknown> | unknown): Promise<number> {
  for (let i = 0; i < 2000; i++) await fn(i); // warm up
  const started = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await fn(i);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const rate = n / seconds;
  console.log(`${name.padEnd(44)} ${Math.round(rate).toLocaleString('en').padStart(12)} /s   ${((seconds / n) * 1e6).toFixed(2)} µs each`);
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
  await tracing.shutdown();
}

void main();
