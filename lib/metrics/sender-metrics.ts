/**
 * The sender-reputation guard's view, per sending domain, read from the database at scrape time:
 * complaint and hard-bounce rates (percent) over the guard's rolling window, emails sent in it,
 * and whether marketing from the domain is paused (1) or not (0). Label: the sending domain only
 * (your own few domains, never a recipient's).
 */
import { Gauge } from 'prom-client';
import { metricsRegistry } from './registry';

export type TSenderDomainSample = { domain: string; sent: number; complaintRate: number; hardBounceRate: number; paused: boolean };

let source: (() => Promise<TSenderDomainSample[]>) | undefined;
let pending: Promise<TSenderDomainSample[]> | undefined;

/** One database read per scrape, shared by the four gauges. */
async function read(): Promise<TSenderDomainSample[]> {
  if (!source) return [];
  pending ??= source().finally(() => setTimeout(() => (pending = undefined), 0));
  try {
    return await pending;
  } catch {
    return []; // the database is down: /health/ready says so; the scrape still answers
  }
}

function senderGauge(name: string, help: string, value: (s: TSenderDomainSample) => number): Gauge<'domain'> {
  return new Gauge({
    name,
    help,
    labelNames: ['domain'] as const,
    registers: [metricsRegistry],
    async collect() {
      if (!source) return;
      this.reset();
      for (const s of await read()) this.set({ domain: s.domain }, value(s));
    },
  });
}

export const senderComplaintRate = senderGauge(
  'nurture_sender_complaint_rate_percent',
  'Spam-complaint rate (percent) per sending domain over the guard window.',
  (s) => s.complaintRate,
);
export const senderHardBounceRate = senderGauge(
  'nurture_sender_hard_bounce_rate_percent',
  'Hard-bounce rate (percent) per sending domain over the guard window.',
  (s) => s.hardBounceRate,
);
export const senderSent = senderGauge('nurture_sender_sent', 'Emails sent per sending domain in the guard window.', (s) => s.sent);
export const senderPaused = senderGauge(
  'nurture_sender_paused',
  '1 while marketing from the sending domain is paused by the sender-reputation guard.',
  (s) => (s.paused ? 1 : 0),
);

/** Where the samples come from (the process's database); call once at boot. */
export function collectSenderDomainsFrom(samples: () => Promise<TSenderDomainSample[]>): void {
  source = samples;
}
