/**
 * A dry run of a sequence (POST /sequences/simulate): which sequence, over which leads, under
 * which assumptions; and what the journeys would do, per lead, in the lead's own zone. The same
 * schemas type the route, the OpenAPI document and the console's form.
 */
import { z } from 'zod';
import { ZDuration } from '../../journey/definition';
import { isTimeZone } from '../../journey/time';

export const SIMULATION_EVENTS = ['opened', 'clicked', 'replied'] as const;
export const MAX_SIMULATED_LEADS = 200;

export const ZSimulationLeads = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('leads'),
      leadIds: z.array(z.uuid()).min(1).max(MAX_SIMULATED_LEADS),
    })
    .meta({ description: 'Chosen leads, by id' }),
  z
    .object({
      kind: z.literal('view'),
      query: z
        .record(z.string(), z.string())
        .meta({ description: 'A lead view: the query parameters of GET /leads (q, status, heat, owner, tag…); its first 100 leads' }),
    })
    .meta({ description: 'The leads of a saved lead view' }),
  z
    .object({
      kind: z.literal('samples'),
      timeZones: z.array(z.string().refine(isTimeZone, 'must be an IANA time zone, e.g. Asia/Almaty')).min(1).max(24),
      perZone: z.number().int().min(1).max(50).default(1),
      locale: z.string().min(2).max(20).default('en'),
      status: z.string().default('NEW'),
      heat: z.string().default('COLD'),
      attributes: z.record(z.string(), z.unknown()).default({}),
    })
    .meta({ description: 'Generated sample leads across time zones (no real lead is read)' }),
]);
export type TSimulationLeads = z.infer<typeof ZSimulationLeads>;

export const ZSimulationAssumption = z
  .object({
    step: z.string().min(1).max(80).meta({ description: 'The id of an email step' }),
    event: z.enum(SIMULATION_EVENTS),
    after: ZDuration.default('1 hour').meta({ description: 'How long after the email is sent, e.g. "1 hour", "2 days"' }),
  })
  .meta({ description: 'Assume every simulated lead does this some time after the email of this step is sent ("clicks email 2")' });
export type TSimulationAssumption = z.infer<typeof ZSimulationAssumption>;

export const ZSimulationRequest = z.object({
  sequence: z.union([
    z.object({
      key: z.string().min(1).max(80),
      version: z.number().int().min(1).optional().meta({ description: 'A published version; the one in force when omitted' }),
    }),
    z.object({ definition: z.unknown().meta({ description: 'A draft: a sequence definition (validated like a publish)' }) }),
  ]),
  leads: ZSimulationLeads,
  assumptions: z.array(ZSimulationAssumption).max(50).default([]),
  horizonDays: z
    .number()
    .int()
    .min(1)
    .max(730)
    .default(180)
    .meta({ description: 'Simulate this many days; journeys still running then are cut there' }),
});
export type TSimulationRequest = z.infer<typeof ZSimulationRequest>;
export type TSimulationRequestInput = z.input<typeof ZSimulationRequest>;

export const ZSimulationEntry = z.object({
  at: z.string().meta({ description: 'When (ISO, UTC); show it in the lead zone' }),
  type: z
    .string()
    .meta({ description: 'journey.started, step.started, journey.waiting, email.sent, email.postponed, step.branch, journey.completed…' }),
  stepId: z.string().nullable(),
  /** One line for people, e.g. "sends nurture-tips (fi)", "waits: send window mon–fri 09:00–17:00". */
  summary: z.string(),
  data: z.record(z.string(), z.unknown()),
});
export type TSimulationEntry = z.infer<typeof ZSimulationEntry>;

export const ZSimulatedLead = z.object({
  leadId: z.string().nullable().meta({ description: 'The real lead, or null for a sample' }),
  label: z.string(),
  timeZone: z.string(),
  locale: z.string(),
  outcome: z.object({
    status: z.enum(['completed', 'exited', 'running']).meta({ description: 'running: still going at the horizon' }),
    reason: z.string().nullable(),
  }),
  emails: z.number().int(),
  entries: z.array(ZSimulationEntry),
});
export type TSimulatedLead = z.infer<typeof ZSimulatedLead>;

export const ZSimulationResult = z.object({
  sequenceKey: z.string(),
  version: z.number().int().nullable().meta({ description: 'null for a draft' }),
  startedAt: z.string(),
  horizonDays: z.number().int(),
  assumptions: z.array(ZSimulationAssumption),
  /** What the simulation assumes beyond the request, in words (shown with the result). */
  notes: z.array(z.string()),
  leads: z.array(ZSimulatedLead),
  tookMs: z.number().int(),
});
export type TSimulationResult = z.infer<typeof ZSimulationResult>;
