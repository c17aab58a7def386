/**
 * What a dry run runs (built by prepare-simulation.ts) and what it gives back (from the
 * simulator in worker/simulation/): the types the domain, the activities and the worker share.
 */
import type { TSequenceDefinition } from '../../journey/definition';
import type { TLeadSnapshot } from '../../journey/engine';
import type { TSimulatedLead, TSimulationAssumption } from './schemas';

/** One simulated lead: what the journey reads, and what the send policy needs. */
export type TSimLead = {
  leadId: string;
  /** False for a generated sample: it has no history, and consent is assumed. */
  real: boolean;
  label: string;
  email: string;
  unsubscribedAt: Date | null;
  marketingPausedUntil: Date | null;
  ownerEmail: string | null;
  snapshot: TLeadSnapshot;
};

export type TSimulationPlan = {
  journey: { definition: TSequenceDefinition; sequenceKey: string; version: number | null };
  leads: TSimLead[];
  assumptions: readonly TSimulationAssumption[];
  horizonDays: number;
};

export type TSimulationRun = { startedAtMs: number; leads: TSimulatedLead[] };

/** Runs a plan (worker/simulation/simulate-journeys.ts: the real workflow on a time-skipping server). */
export type TRunSimulation = (plan: TSimulationPlan) => Promise<TSimulationRun>;
