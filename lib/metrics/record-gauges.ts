/**
 * Lead imports and outgoing webhook deliveries by status, read from the database at scrape time
 * (like nurture_journeys): `nurture_lead_imports{status}` (RUNNING, DONE, …) and
 * `nurture_webhook_deliveries{status}` (PENDING, DELIVERED, FAILED). Statuses only, never a URL.
 */
import { Gauge } from 'prom-client';
import { metricsRegistry } from './registry';

export type TRecordCounts = { imports: { status: string; count: number }[]; webhookDeliveries: { status: string; count: number }[] };

let source: (() => Promise<TRecordCounts>) | undefined;

function statusGauge(name: string, help: string, pick: (c: TRecordCounts) => { status: string; count: number }[]): Gauge<'status'> {
  return new Gauge({
    name,
    help,
    labelNames: ['status'] as const,
    registers: [metricsRegistry],
    async collect() {
      if (!source) return;
      this.reset();
      try {
        for (const row of pick(await source())) this.set({ status: row.status }, row.count);
      } catch {
        // The database is down: /health/ready says so; the scrape still answers.
      }
    },
  });
}

export const leadImportsGauge = statusGauge(
  'nurture_lead_imports',
  'Lead imports by status, read from the database at scrape time.',
  (c) => c.imports,
);
export const webhookDeliveriesGauge = statusGauge(
  'nurture_webhook_deliveries',
  'Outgoing webhook deliveries by status, read from the database at scrape time.',
  (c) => c.webhookDeliveries,
);

/** Where the counts come from (the process's database); call once at boot. */
export function collectRecordCountsFrom(counts: () => Promise<TRecordCounts>): void {
  source = counts;
}
