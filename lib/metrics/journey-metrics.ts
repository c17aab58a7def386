/**
 * Journeys per sequence key and status (ACTIVE, COMPLETED, EXITED, FAILED), read from the
 * database when Prometheus scrapes (a gauge with a collect callback), so every API and worker
 * process reports the same numbers without counting anything itself.
 */
import { Gauge } from 'prom-client';
import { metricsRegistry } from './registry';

export type TJourneyCount = { sequence: string; status: string; count: number };

let source: (() => Promise<TJourneyCount[]>) | undefined;

export const journeysGauge = new Gauge({
  name: 'nurture_journeys',
  help: 'Journeys (enrolments) per sequence key and status, read from the database at scrape time.',
  labelNames: ['sequence', 'status'] as const,
  registers: [metricsRegistry],
  async collect() {
    if (!source) return;
    this.reset();
    try {
      for (const row of await source()) this.set({ sequence: row.sequence, status: row.status }, row.count);
    } catch {
      // The database is down: /health/ready says so; the scrape still answers.
    }
  },
});

/** Where the counts come from (the process's database); call once at boot. */
export function collectJourneyCountsFrom(counts: () => Promise<TJourneyCount[]>): void {
  source = counts;
}
