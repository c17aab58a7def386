/**
 * POST /sequences/simulate: resolves the sequence (a published version, or a draft validated like
 * a publish), loads or generates the leads, checks the assumptions against the steps, and hands
 * the plan to the simulator (the real journey workflow on a time-skipping server). Reads only.
 */
import type { Lead, PrismaClient } from '../../generated/prisma/client';
import type { TSequenceDefinition } from '../../journey/definition';
import { EMPTY_LEAD_SNAPSHOT } from '../../journey/engine';
import { AppError } from '../../lib/errors';
import { toLeadSnapshot } from '../leads/to-lead-snapshot';
import { searchLeads } from '../leads/search-leads';
import { ZLeadSearchQuery } from '../leads/search/schemas';
import { listSequenceVersions } from '../sequences/list-sequence-versions';
import { assertValidSequence } from '../sequences/validate-sequence';
import type { TRunSimulation, TSimLead, TSimulationPlan } from './plan';
import type { TSimulationLeads, TSimulationRequest, TSimulationResult } from './schemas';

export type TSimulateDeps = { prisma: PrismaClient; runSimulation: TRunSimulation };

export async function simulateSequence(deps: TSimulateDeps, request: TSimulationRequest): Promise<TSimulationResult> {
  const started = Date.now();
  const journey = await resolveJourney(deps.prisma, request.sequence);
  checkAssumptions(journey.definition, request.assumptions);
  const leads = await loadSimulationLeads(deps.prisma, request.leads);
  const plan: TSimulationPlan = { journey, leads, assumptions: request.assumptions, horizonDays: request.horizonDays };
  const run = await deps.runSimulation(plan);
  const notes = [
    'Nothing is sent and nothing is written: the journeys ran on a private, time-compressed Temporal server.',
    'Other journeys, triggers and score changes are not simulated; an enroll step is shown, not run.',
    ...(request.assumptions.length
      ? [`Assumed events: ${request.assumptions.map((a) => `${a.event} ${a.after} after ${a.step}`).join('; ')}.`]
      : []),
    ...(request.leads.kind === 'samples' ? ['Sample leads have no email history and are assumed to have consented.'] : []),
  ];
  return {
    sequenceKey: journey.sequenceKey,
    version: journey.version,
    startedAt: new Date(run.startedAtMs).toISOString(),
    horizonDays: request.horizonDays,
    assumptions: request.assumptions,
    notes,
    leads: run.leads,
    tookMs: Date.now() - started,
  };
}

async function resolveJourney(prisma: PrismaClient, sequence: TSimulationRequest['sequence']): Promise<TSimulationPlan['journey']> {
  if ('definition' in sequence) {
    const definition = await assertValidSequence(prisma, sequence.definition);
    return { definition, sequenceKey: definition.key, version: null };
  }
  const versions = await listSequenceVersions({ prisma }, sequence.key);
  const chosen = sequence.version === undefined ? versions.at(-1) : versions.find((v) => v.version === sequence.version);
  if (!chosen) {
    throw new AppError(
      'NOT_FOUND',
      versions.length
        ? `Sequence ${sequence.key} has no version ${sequence.version} (it has ${versions.map((v) => v.version).join(', ')})`
        : `No published sequence ${sequence.key}`,
    );
  }
  return { definition: chosen.definition, sequenceKey: sequence.key, version: chosen.version };
}

function checkAssumptions(definition: TSequenceDefinition, assumptions: TSimulationRequest['assumptions']): void {
  const emailSteps = new Set(definition.steps.filter((s) => s.type === 'email').map((s) => s.id));
  const issues = assumptions.flatMap((a, i) =>
    emailSteps.has(a.step)
      ? []
      : [
          {
            path: `assumptions[${i}].step`,
            message: `no email step "${a.step}" in this sequence (email steps: ${[...emailSteps].join(', ') || 'none'})`,
          },
        ],
  );
  if (issues.length) throw new AppError('VALIDATION_FAILED', issues.map((i) => `${i.path}: ${i.message}`).join('; '), { details: issues });
}

const fromLead = (lead: Lead): TSimLead => ({
  leadId: lead.id,
  real: true,
  label: [lead.firstName, lead.lastName].filter(Boolean).join(' ') + ` <${lead.email}>`,
  email: lead.email,
  unsubscribedAt: lead.unsubscribedAt,
  marketingPausedUntil: lead.marketingPausedUntil,
  ownerEmail: lead.ownerEmail,
  snapshot: toLeadSnapshot(lead),
});

/** A sample's id: a valid UUID no real lead has (the version nibble is 4, the rest counts). */
const sampleId = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

export async function loadSimulationLeads(prisma: PrismaClient, source: TSimulationLeads): Promise<TSimLead[]> {
  switch (source.kind) {
    case 'leads': {
      const ids = [...new Set(source.leadIds)];
      const rows = await prisma.lead.findMany({ where: { id: { in: ids } } });
      const missing = ids.filter((id) => !rows.some((r) => r.id === id));
      if (missing.length) throw new AppError('NOT_FOUND', `No lead ${missing.join(', ')}`, { details: missing });
      return ids.map((id) => fromLead(rows.find((r) => r.id === id)!));
    }
    case 'view': {
      const query = ZLeadSearchQuery.safeParse({ ...source.query, limit: '100', cursor: undefined });
      if (!query.success) {
        const issues = query.error.issues.map((i) => `leads.query.${i.path.join('.')}: ${i.message}`);
        throw new AppError('VALIDATION_FAILED', issues.join('; '), { details: issues });
      }
      const page = await searchLeads({ prisma }, query.data);
      if (!page.items.length) throw new AppError('VALIDATION_FAILED', 'The lead view matches no lead: nothing to simulate');
      const rows = await prisma.lead.findMany({ where: { id: { in: page.items.map((l) => l.id) } } });
      return page.items.map((item) => fromLead(rows.find((r) => r.id === item.id)!));
    }
    case 'samples': {
      const leads: TSimLead[] = [];
      for (const timeZone of source.timeZones) {
        for (let i = 0; i < source.perZone; i++) {
          const n = leads.length + 1;
          leads.push({
            leadId: sampleId(n),
            real: false,
            label: `Sample ${n} · ${timeZone}`,
            email: `sample-${n}@simulation.invalid`,
            unsubscribedAt: null,
            marketingPausedUntil: null,
            ownerEmail: null,
            snapshot: {
              ...EMPTY_LEAD_SNAPSHOT,
              id: sampleId(n),
              status: source.status,
              heat: source.heat,
              locale: source.locale,
              timeZone,
              attributes: source.attributes,
            },
          });
        }
      }
      return leads;
    }
  }
}
