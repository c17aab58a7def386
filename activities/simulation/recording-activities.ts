/**
 * The journey's activities for a dry run (worker/simulation/simulate-journeys.ts): the real
 * journey workflow calls them exactly as it calls the real ones, and they answer as the real
 * ones would — the same send policy (suppressions, consent, quiet hours, frequency cap with the
 * lead's real and simulated sends, the sender-reputation pause), the same offer pick, the same
 * lead changes (journey/lead-change.ts) — but they only read the database. Nothing is sent,
 * claimed or written: every outcome goes to the run's journal instead.
 */
import { ApplicationFailure } from '@temporalio/activity';
import type { PrismaClient } from '../../generated/prisma/client';
import type { TSequenceDefinition } from '../../journey/definition';
import { applyLeadChange } from '../../journey/lead-change';
import { metGoal } from '../../journey/engine';
import { parseDuration } from '../../journey/time';
import { pickOffer } from '../../domain/catalogue/pick-offer';
import { decideSplitWinner } from '../../domain/journeys/decide-split-winner';
import { checkSendPolicy } from '../../domain/deliverability/check-send-policy';
import { sendingDomainFor } from '../../domain/deliverability/sender-reputation';
import type { TSimulationAssumption } from '../../domain/simulation/schemas';
import type { TSimLead } from '../../domain/simulation/plan';
import type { TJourneyEventRow } from '../../domain/journeys/record-journey-events';
import type { TActivities, TActivityConfig } from '../index';

export type TJournalEntry = { atMs: number; type: string; stepId: string | null; data: Record<string, unknown> };

/** What the journey of one simulated lead did. */
export type TJournal = {
  entries: TJournalEntry[];
  /** Marketing sends so far (journey time): they count toward the frequency cap. */
  sentAtMs: number[];
  result: { status: 'COMPLETED' | 'EXITED'; reason: string } | null;
};

export type TRecordingDeps = {
  prisma: PrismaClient;
  config: TActivityConfig;
  journey: { definition: TSequenceDefinition; sequenceKey: string; version: number | null };
  leads: Map<string, TSimLead>;
  journals: Map<string, TJournal>;
  assumptions: readonly TSimulationAssumption[];
  /** Journey time past which the run stops looking: a journey waiting beyond it is cut there. */
  horizonEndMs: number;
  /** The lead "does" an assumed event: the simulator signals the journey (after this activity returns). */
  engage: (leadId: string, event: { type: string; stepId: string }, atMs: number) => void;
  /** The journey waits beyond the horizon: the simulator stops it. */
  beyondHorizon: (leadId: string) => void;
};

type TJourneyActivityName =
  | 'loadJourney'
  | 'beginJourney'
  | 'loadLeadSnapshot'
  | 'recordJourneyEvent'
  | 'recordJourneyEvents'
  | 'finishEnrollment'
  | 'sendLeadEmail'
  | 'updateLeadFromJourney'
  | 'createTask'
  | 'sendNotification'
  | 'enrollFromJourney'
  | 'decideSplitWinner';

export type TRecordingActivities = Pick<TActivities, TJourneyActivityName>;

export function createRecordingActivities(deps: TRecordingDeps): TRecordingActivities {
  const { prisma, config } = deps;
  const leadOf = (leadId: string): TSimLead => {
    const lead = deps.leads.get(leadId);
    if (!lead) throw ApplicationFailure.nonRetryable(`Lead ${leadId} is not part of this simulation`, 'NOT_FOUND');
    return lead;
  };
  const journalOf = (leadId: string): TJournal => {
    let journal = deps.journals.get(leadId);
    if (!journal) deps.journals.set(leadId, (journal = { entries: [], sentAtMs: [], result: null }));
    return journal;
  };
  /** Journey time of the step running now (activities run on real time; the journey's is in its records). */
  const stepTime = (leadId: string): number => journalOf(leadId).entries.at(-1)?.atMs ?? Date.now();
  const note = (leadId: string, atMs: number, type: string, stepId: string | null | undefined, data: Record<string, unknown>) =>
    journalOf(leadId).entries.push({ atMs, type, stepId: stepId ?? null, data });
  /** A journey timeline row: noted; a wait beyond the horizon ends this lead's run. */
  const record = (input: TJourneyEventRow) => {
    const stepId = typeof input.data['stepId'] === 'string' ? input.data['stepId'] : null;
    note(input.leadId, input.atMs, input.type, stepId, input.data);
    if (
      input.type === 'journey.waiting' &&
      typeof input.data['until'] === 'string' &&
      Date.parse(input.data['until']) > deps.horizonEndMs
    ) {
      deps.beyondHorizon(input.leadId);
    }
  };

  return {
    async loadJourney() {
      return { definition: deps.journey.definition, sequenceKey: deps.journey.sequenceKey, version: deps.journey.version ?? 0 };
    },

    async beginJourney({ leadId }) {
      const journey = deps.journey;
      return {
        definition: journey.definition,
        sequenceKey: journey.sequenceKey,
        version: journey.version ?? 0,
        lead: leadOf(leadId).snapshot,
      };
    },

    async loadLeadSnapshot({ leadId, events }) {
      for (const event of events ?? []) record(event);
      return leadOf(leadId).snapshot;
    },

    async recordJourneyEvent(input) {
      record(input);
    },

    async recordJourneyEvents({ events }) {
      for (const event of events) record(event);
    },

    async finishEnrollment(input) {
      for (const event of input.events ?? []) record(event);
      note(input.leadId, input.atMs, input.status === 'COMPLETED' ? 'journey.completed' : 'journey.exited', null, { reason: input.reason });
      journalOf(input.leadId).result = { status: input.status, reason: input.reason };
    },

    async sendLeadEmail(input) {
      for (const event of input.journeyEvents ?? []) record(event);
      const lead = leadOf(input.leadId);
      const atMs = input.scheduledForMs ?? Date.now();
      const template = await prisma.emailTemplate.findFirst({
        where: { key: input.templateKey },
        orderBy: { version: 'desc' },
        select: { key: true, version: true, subject: true },
      });
      if (!template) {
        note(lead.leadId, atMs, 'email.failed', input.stepId, {
          templateKey: input.templateKey,
          reason: `template ${input.templateKey} does not exist`,
        });
        throw ApplicationFailure.nonRetryable(`Template ${input.templateKey} does not exist`, 'NOT_FOUND');
      }
      const category = input.category ?? 'marketing';
      const journal = journalOf(lead.leadId);
      const decision = await checkSendPolicy(
        prisma,
        {
          lead: {
            id: lead.leadId,
            email: lead.email,
            timeZone: lead.snapshot.timeZone,
            unsubscribedAt: lead.unsubscribedAt,
            marketingPausedUntil: lead.marketingPausedUntil,
          },
          category,
          topic: input.topic,
          atMs,
          idempotencyKey: input.idempotencyKey,
          canPostpone: input.canPostpone ?? false,
          senderDomain: sendingDomainFor(input, lead, config),
          alsoSentAtMs: journal.sentAtMs,
        },
        // A sample has no consent records: the simulation assumes it consented.
        lead.real ? config.sendPolicy : { ...config.sendPolicy, requireMarketingConsent: false },
      );
      const email = { templateKey: template.key, templateVersion: template.version, subject: template.subject, category };
      if (decision.action === 'suppress') {
        note(lead.leadId, atMs, 'email.suppressed', input.stepId, { ...email, reason: decision.reason });
        return { status: 'suppressed', emailId: null, messageId: null, alreadySettled: false, reason: decision.reason };
      }
      if (decision.action === 'skip') {
        note(lead.leadId, atMs, 'email.skipped', input.stepId, { ...email, reason: decision.reason });
        return { status: 'skipped', emailId: null, messageId: null, alreadySettled: false, reason: decision.reason };
      }
      if (decision.action === 'postpone') {
        const reason = decision.reasons.join('; ');
        note(lead.leadId, atMs, 'email.postponed', input.stepId, { ...email, until: new Date(decision.untilMs).toISOString(), reason });
        return { status: 'postponed', untilMs: decision.untilMs, emailId: null, messageId: null, alreadySettled: false, reason };
      }
      const offer = input.offer ? await pickOffer(prisma, lead.leadId, input.offer) : undefined;
      if (input.offer && !offer) {
        const reason = `no ${input.offer} offer left for this lead`;
        note(lead.leadId, atMs, 'email.skipped', input.stepId, { ...email, reason });
        return { status: 'skipped', emailId: null, messageId: null, alreadySettled: false, reason };
      }
      note(lead.leadId, atMs, 'email.sent', input.stepId, {
        ...email,
        ...(offer ? { offer: { sku: offer.sku, name: offer.name } } : {}),
        ...(input.holidayId ? { holidayId: input.holidayId } : {}),
      });
      if (category === 'marketing') journal.sentAtMs.push(atMs);
      for (const assumed of deps.assumptions) {
        if (input.stepId !== undefined && assumed.step === input.stepId)
          deps.engage(lead.leadId, { type: assumed.event, stepId: input.stepId }, atMs + parseDuration(assumed.after)!);
      }
      // The journey's last step (patch journey-current-2026-12-01): the send ends it, as the real one does.
      const ask = input.completesJourney;
      if (ask && !(ask.unsubscribedEnds && lead.snapshot.unsubscribed) && !metGoal(ask.goals, lead.snapshot, ask.events)) {
        for (const row of ask.rows) record({ ...row, atMs: Math.max(row.atMs, atMs) });
        note(lead.leadId, atMs, 'journey.completed', null, { reason: 'completed' });
        journal.result = { status: 'COMPLETED', reason: 'completed' };
        return { status: 'sent', emailId: null, messageId: null, alreadySettled: false, completed: true };
      }
      return { status: 'sent', emailId: null, messageId: null, alreadySettled: false };
    },

    async updateLeadFromJourney(input) {
      const lead = leadOf(input.leadId);
      const atMs = input.atMs ?? Date.now();
      lead.snapshot = applyLeadChange(lead.snapshot, input.change, atMs);
      note(lead.leadId, atMs, 'lead.updated', input.stepId, { change: input.change });
    },

    async createTask(input) {
      note(input.leadId, stepTime(input.leadId), 'task.created', null, {
        kind: input.kind,
        title: input.title,
        dueAt: new Date(input.dueAtMs).toISOString(),
      });
      return { taskId: `simulated/${input.idempotencyKey}` };
    },

    async sendNotification(input) {
      note(input.leadId, stepTime(input.leadId), 'notification.sent', null, { to: input.to, subject: input.subject });
      return { status: 'sent' };
    },

    async decideSplitWinner(input) {
      // The real rule over the real data: what the journey would see (this run's own splits are not in it).
      return decideSplitWinner({ prisma }, input);
    },

    async enrollFromJourney(input) {
      note(input.leadId, stepTime(input.leadId), 'journey.enrolled', null, { sequenceKey: input.sequenceKey });
      return { outcome: 'simulated' };
    },
  };
}
