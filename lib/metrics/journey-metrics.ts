/**
 * Journeys, read from the database when Prometheus scrapes (gauges with a collect callback), so
 * every API and worker process reports the same numbers without counting anything itself:
 *
 *   nurture_journeys{sequence, status}               enrolments per status (ACTIVE, COMPLETED, EXITED, FAILED)
 *   nurture_active_journeys{sequence, state}         active journeys by what they do now: waiting (on a
 *                                                    timer: a wait step, a send window, an event's timeout),
 *                                                    paused, or running (starting, or running steps between
 *                                                    timers)
 *
 * and counted where enrolments are written (domain/sequences/enroll-leads.ts), in the process that
 * writes them (sum over processes):
 *
 *   nurture_enrollments_total{sequence, source}      enrolments created, by sequence key and source class
 */
import { Counter, Gauge } from 'prom-client';
import { metricsRegistry } from './registry';

export type TJourneyCount = { sequence: string; status: string; count: number };

export const ACTIVE_JOURNEY_STATES = ['running', 'waiting', 'paused'] as const;
export type TActiveJourneyState = (typeof ACTIVE_JOURNEY_STATES)[number];
export type TActiveJourneyCount = { sequence: string; state: TActiveJourneyState; count: number };

let source: (() => Promise<TJourneyCount[]>) | undefined;
let activeSource: (() => Promise<TActiveJourneyCount[]>) | undefined;

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

export const activeJourneysGauge = new Gauge({
  name: 'nurture_active_journeys',
  help: 'Active journeys per sequence key and state (waiting on a timer, paused, or running: starting or between timers), read from the database at scrape time.',
  labelNames: ['sequence', 'state'] as const,
  registers: [metricsRegistry],
  async collect() {
    if (!activeSource) return;
    this.reset();
    try {
      for (const row of await activeSource()) this.set({ sequence: row.sequence, state: row.state }, row.count);
    } catch {
      // As above: the scrape answers without the numbers.
    }
  },
});

export const enrollmentsTotal = new Counter({
  name: 'nurture_enrollments_total',
  help: 'Enrolments created, by sequence key and source class (api, console, bulk, sequence, trigger, follow-up, demo, other).',
  labelNames: ['sequence', 'source'] as const,
  registers: [metricsRegistry],
});

const SOURCE_CLASSES = new Set(['api', 'console', 'bulk', 'sequence', 'trigger', 'follow-up', 'demo', 'cli']);

/**
 * A bounded class for an enrolment's source: "api:crm-sync" → "api", "bulk:<job id>" → "bulk",
 * "sequence:welcome" → "sequence"; anything else → "other". Never a job id or a key's name.
 */
export function enrollmentSourceClass(source: string): string {
  const head = source.split(':')[0] ?? '';
  return SOURCE_CLASSES.has(head) ? head : 'other';
}

/** Counts `count` enrolments just written. */
export function countEnrollments(sequenceKey: string, source: string, count = 1): void {
  if (count > 0) enrollmentsTotal.inc({ sequence: sequenceKey, source: enrollmentSourceClass(source) }, count);
}

/** Where the counts come from (the process's database); call once at boot. */
export function collectJourneyCountsFrom(counts: () => Promise<TJourneyCount[]>, active: () => Promise<TActiveJourneyCount[]>): void {
  source = counts;
  activeSource = active;
}
