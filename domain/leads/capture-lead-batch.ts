/**
 * Lead capture for many rows at once (CSV imports): the same outcome as calling captureLead for
 * each row in order — dedupe by email then phone (also between rows of the batch), routing,
 * scoring, triggers, the same timeline rows and notices — at a few queries per batch instead of a
 * few dozen per row (issue 13, ADR-041):
 *   1. one query for the rows already captured (their idempotency keys), one for the referral
 *      codes, one for the known people (by email or phone);
 *   2. routing and scoring in memory: the reps, their open-lead counts and the scoring model are
 *      read once, each new lead's owner and score are decided before it is written;
 *   3. one transaction writes the new leads (createMany), their status rows and timeline events,
 *      the touches of known people, and each rep's last assignment;
 *   4. the Temporal work (owner notices, SLA watches, journeys from triggers) is collected and
 *      started with bounded concurrency, or handed to a follow-up workflow (imports); each trigger
 *      enrols every matching lead of the batch in one call.
 * A row whose input is wrong (phone, referral code) fails alone with the AppError captureLead
 * would throw. When a concurrent capture creates one of the batch's people between the read and
 * the write (a unique-email conflict), the batch falls back to captureLead row by row, which
 * resolves the race the same way a single capture does.
 */
import { randomUUID } from 'node:crypto';
import type { Lead, LeadStatus, Prisma, Rep } from '../../generated/prisma/client';
import { AppError } from '../../lib/errors';
import { chunks, mapLimited } from '../../lib/each-limited';
import { normalizePhone } from '../../lib/phone';
import { evaluateCondition, type TLeadSnapshot } from '../../journey/engine';
import type { TCaptureFollowUps } from '../../contract/capture-follow-up';
import { recordConsent } from '../consent/record-consent';
import { notify, startLeadSla, type TCrmDeps } from '../crm/crm-deps';
import { countOpenLeads } from '../reps/count-open-leads';
import { tierOrder } from '../reps/assign-lead';
import { getScoringModel } from '../scoring/get-scoring-model';
import { computeScore } from '../scoring/score-lead';
import { toTrigger, type TTriggerEvent } from '../triggers/schemas';
import { captureLead } from './capture-lead';
import { HEAT_OF_TIMEFRAME, type TLeadCreate } from './schemas';
import { leadSearchFields, searchFieldsAfter } from './search/search-text';
import { toLeadSnapshot } from './to-lead-snapshot';

export type TBatchRow = { input: TLeadCreate; idempotencyKey: string };
export type TBatchOutcome = { outcome: 'created' | 'merged' | 'replayed'; leadId: string } | { outcome: 'failed'; error: AppError };

/** Temporal calls in flight at once for a batch's notices, SLA watches and enrolments. */
const TEMPORAL_CONCURRENCY = 16;

type TNew = {
  row: number;
  key: string;
  data: Prisma.LeadCreateManyInput & { id: string; email: string; firstName: string };
  referrerId: string | null;
  /** Events and status rows written with the lead, in timeline order. */
  events: Prisma.LeadEventCreateManyInput[];
  statusRows: Prisma.LeadStatusChangeCreateManyInput[];
  triggerEvents: TTriggerEvent[];
  /** The card as triggers see it: once created, routed and scored (later rows' touches do not change it). */
  snapshot?: TLeadSnapshot;
};
type TPerson = { lead: Lead | undefined; fresh: TNew | undefined };

export async function captureLeadBatch(
  deps: TCrmDeps,
  rows: TBatchRow[],
  options: {
    by: string;
    /**
     * Where the batch's Temporal work goes: by default it is started here, before this returns;
     * an import hands it to a follow-up workflow (durable, started once per batch) and moves on.
     */
    followUp?: (work: TCaptureFollowUps) => Promise<void>;
  },
): Promise<TBatchOutcome[]> {
  const { prisma } = deps;
  const by = options.by;
  const out: (TBatchOutcome | undefined)[] = rows.map(() => undefined);
  if (!rows.length) return [];

  // 1. What was captured before (a retried batch), referral codes, known people.
  const seen = new Map(
    (
      await prisma.leadEvent.findMany({
        where: { idempotencyKey: { in: rows.map((r) => r.idempotencyKey) } },
        select: { idempotencyKey: true, leadId: true },
      })
    ).map((e) => [e.idempotencyKey!, e.leadId]),
  );
  const codes = [...new Set(rows.flatMap((r) => (r.input.referralCode ? [r.input.referralCode] : [])))];
  const referrers = new Map(
    codes.length
      ? (await prisma.customer.findMany({ where: { referralCode: { in: codes } }, select: { id: true, referralCode: true } })).map((c) => [
          c.referralCode,
          c.id,
        ])
      : [],
  );
  const phones: (string | undefined)[] = rows.map(() => undefined);
  rows.forEach(({ input, idempotencyKey }, i) => {
    const leadId = seen.get(idempotencyKey);
    if (leadId) return void (out[i] = { outcome: 'replayed', leadId });
    if (input.phone) {
      const normalized = normalizePhone(input.phone, deps.config.defaultPhoneRegion);
      if (!normalized.ok)
        return void (out[i] = {
          outcome: 'failed',
          error: new AppError('VALIDATION_FAILED', 'Request is invalid', { details: [`phone: ${normalized.message}`] }),
        });
      phones[i] = normalized.e164;
    }
    if (input.referralCode && !referrers.has(input.referralCode))
      out[i] = {
        outcome: 'failed',
        error: new AppError('VALIDATION_FAILED', 'Request is invalid', { details: ['referralCode: no customer has this code'] }),
      };
  });
  const live = rows.flatMap((r, i) => (out[i] ? [] : [i]));
  const emails = [...new Set(live.map((i) => rows[i]!.input.email))];
  const livePhones = [...new Set(live.flatMap((i) => (phones[i] ? [phones[i]] : [])))];
  const known = await prisma.lead.findMany({
    where: { OR: [{ email: { in: emails } }, ...(livePhones.length ? [{ phone: { in: livePhones } }] : [])] },
    orderBy: { createdAt: 'asc' },
  });
  const byEmail = new Map<string, TPerson>();
  const byPhone = new Map<string, TPerson>();
  for (const lead of known) {
    byEmail.set(lead.email, { lead, fresh: undefined });
    if (lead.phone && !byPhone.has(lead.phone)) byPhone.set(lead.phone, { lead, fresh: undefined });
  }

  // 2. Decide every row in order: a new card (routed and scored in memory) or a touch.
  const [reps, { model }] = await Promise.all([prisma.rep.findMany({ where: { active: true } }), getScoringModel(prisma)]);
  const load = reps.length
    ? await countOpenLeads(
        prisma,
        reps.map((r) => r.email),
      )
    : new Map<string, number>();
  const lastAssigned = new Map(reps.map((r) => [r.email, r.lastAssignedAt?.getTime() ?? 0]));
  const t0 = Date.now();
  let tick = 0;
  /** Distinct instants within the batch, so round-robin and the timeline keep the rows' order. */
  const nextInstant = () => new Date(t0 + ++tick);
  const pick = (heat: 'HOT' | 'WARM' | 'COLD'): Rep | undefined => {
    for (const tier of tierOrder(
      reps.map((r) => r.tier),
      heat,
    )) {
      const free = reps
        .filter((r) => r.tier === tier && (load.get(r.email) ?? 0) < r.capacity)
        .sort((a, b) => lastAssigned.get(a.email)! - lastAssigned.get(b.email)! || a.email.localeCompare(b.email));
      if (free[0]) return free[0];
    }
    return undefined;
  };
  const fresh: TNew[] = [];
  const touches: Prisma.LeadEventCreateManyInput[] = [];
  const knownFills = new Map<string, { lead: Lead; fill: Record<string, string> }>();
  const consents: { leadId: string; consent: NonNullable<TLeadCreate['consent']> }[] = [];
  const notices: TCaptureFollowUps['notices'] = [];
  const slaWatches: TCaptureFollowUps['slaWatches'] = [];
  const repsTouched = new Set<string>();

  for (const i of live) {
    const { input, idempotencyKey: key } = rows[i]!;
    const phone = phones[i];
    const person = byEmail.get(input.email) ?? (phone ? byPhone.get(phone) : undefined);
    if (person) {
      // A known person (in the database, or an earlier row of this batch): a touch.
      const current = person.lead ?? (person.fresh!.data as unknown as Lead);
      const fill: Record<string, string> = {
        ...(!current.phone && phone ? { phone } : {}),
        ...(!current.lastName && input.lastName ? { lastName: input.lastName } : {}),
        ...(!current.company && input.company ? { company: input.company } : {}),
        ...(!current.source && input.source ? { source: input.source } : {}),
      };
      const leadId = current.id;
      const touchId = randomUUID();
      touches.push({
        id: touchId,
        leadId,
        type: 'lead.touch',
        idempotencyKey: key,
        occurredAt: nextInstant(),
        data: {
          source: input.source ?? null,
          campaign: input.campaign ?? null,
          matchedOn: current.email === input.email ? 'email' : 'phone',
          email: input.email,
          by,
          filled: Object.keys(fill),
        },
      });
      if (person.fresh) Object.assign(person.fresh.data, fill);
      else if (Object.keys(fill).length) {
        const entry = knownFills.get(leadId) ?? { lead: person.lead!, fill: {} };
        Object.assign(entry.fill, fill);
        Object.assign(person.lead!, fill);
        knownFills.set(leadId, entry);
      }
      if (fill.phone && !byPhone.has(fill.phone)) byPhone.set(fill.phone, person);
      if (input.consent) consents.push({ leadId, consent: input.consent });
      const ownerEmail = person.fresh ? (person.fresh.data.ownerEmail ?? null) : current.ownerEmail;
      if (ownerEmail)
        notices.push({
          idempotencyKey: `touch/${touchId}`,
          leadId,
          to: 'owner',
          subject: 'A lead of yours got in touch again',
          message: `New request${input.source ? ` via ${input.source.toLowerCase().replace(/_/g, ' ')}` : ''}${input.campaign ? ` (campaign ${input.campaign})` : ''}. It was added to the existing card.`,
        });
      out[i] = { outcome: 'merged', leadId };
      continue;
    }

    const { consent, referralCode, purchaseTimeframe, heat: givenHeat, phone: _raw, ...fields } = input;
    const referrerId = referralCode ? referrers.get(referralCode)! : null;
    const id = randomUUID();
    const createdAt = new Date(t0);
    const heat = givenHeat ?? (purchaseTimeframe ? HEAT_OF_TIMEFRAME[purchaseTimeframe] : 'COLD');
    const entry: TNew = {
      row: i,
      key,
      referrerId,
      data: {
        ...fields,
        id,
        phone: phone ?? null,
        purchaseTimeframe: purchaseTimeframe ?? null,
        heat,
        ...(referrerId ? { source: 'REFERRAL' as const, referrerCustomerId: referrerId } : {}),
        ...(fields.ownerEmail ? { assignedAt: new Date() } : {}),
        attributes: (fields.attributes ?? {}) as object,
        createdAt,
        statusChangedAt: createdAt,
      },
      events: [
        {
          id: randomUUID(),
          leadId: id,
          type: 'lead.created',
          idempotencyKey: key,
          occurredAt: createdAt,
          data: {
            source: referrerId ? 'REFERRAL' : (fields.source ?? null),
            campaign: fields.campaign ?? null,
            by,
            ...(referrerId ? { referrerCustomerId: referrerId } : {}),
          },
        },
      ],
      statusRows: [{ leadId: id, from: null, to: 'NEW', by, occurredAt: createdAt }],
      triggerEvents: [],
    };
    if (consent) consents.push({ leadId: id, consent });
    const route = (reason: string) => {
      const rep = reps.length ? pick(heat) : undefined;
      if (!reps.length) return;
      if (!rep) {
        entry.events.push({
          leadId: id,
          type: 'lead.unassigned',
          occurredAt: nextInstant(),
          data: { reason: 'no rep with free capacity', heat },
        });
        return;
      }
      const assignedAt = nextInstant();
      entry.events.push({
        leadId: id,
        type: 'lead.assigned',
        occurredAt: assignedAt,
        data: { to: rep.email, tier: rep.tier, from: entry.data.ownerEmail ?? null, reason, heat },
      });
      Object.assign(entry.data, { ownerEmail: rep.email, ownerName: rep.name, assignedAt });
      load.set(rep.email, (load.get(rep.email) ?? 0) + 1);
      lastAssigned.set(rep.email, assignedAt.getTime());
      repsTouched.add(rep.email);
      notices.push({
        idempotencyKey: `assigned/${id}/${assignedAt.getTime()}`,
        leadId: id,
        to: { email: rep.email },
        subject: `New ${heat.toLowerCase()} lead for you`,
        message: `You own this lead now (${reason}). Act within the routing SLA, or it moves to the next rep.`,
      });
      slaWatches.push({ id, heat, ownerEmail: rep.email, assignedAtMs: assignedAt.getTime() });
    };
    if (!fields.ownerEmail) route('new lead');

    // Scoring: a new card has no engagement yet; the fit rules read it as it stands.
    const snapshot = (): TLeadSnapshot => toLeadSnapshot(asLead(entry));
    const score = computeScore(model, snapshot(), [], t0);
    if (score !== 0) {
      entry.data.score = score;
      entry.events.push({ leadId: id, type: 'lead.scored', occurredAt: nextInstant(), data: { from: 0, to: score } });
    }
    const target: LeadStatus | undefined = score >= model.thresholds.sql ? 'SQL' : score >= model.thresholds.mql ? 'MQL' : undefined;
    if (target) {
      const at = nextInstant();
      const reason = `score ${score} ≥ ${target === 'SQL' ? model.thresholds.sql : model.thresholds.mql}`;
      Object.assign(entry.data, { status: target, statusChangedAt: at, deferredUntil: null, deferReason: null });
      entry.statusRows.push({ leadId: id, from: 'NEW', to: target, reason, until: null, by: 'scoring', occurredAt: at });
      entry.events.push({
        leadId: id,
        type: 'lead.status_changed',
        occurredAt: at,
        data: { from: 'NEW', to: target, reason, until: null, by: 'scoring' },
      });
      // afterStatusChange: a new card has no journeys to tell; an SQL without an owner is routed.
      if (target === 'SQL' && !entry.data.ownerEmail) route('sales-qualified');
      entry.triggerEvents.push(target === 'SQL' ? 'lead.sql' : 'lead.mql');
    }
    entry.triggerEvents.push('lead.created');
    entry.snapshot = snapshot();
    fresh.push(entry);
    const person2: TPerson = { lead: undefined, fresh: entry };
    byEmail.set(entry.data.email, person2);
    if (phone && !byPhone.has(phone)) byPhone.set(phone, person2);
    out[i] = { outcome: 'created', leadId: id };
  }

  // 3. One transaction: new cards with their rows, touches, fills, each rep's last assignment.
  for (const entry of fresh) Object.assign(entry.data, leadSearchFields(entry.data as Parameters<typeof leadSearchFields>[0]));
  try {
    await prisma.$transaction([
      ...chunks(fresh, 500).map((c) => prisma.lead.createMany({ data: c.map((e) => e.data) })),
      ...chunks(
        fresh.flatMap((e) => e.statusRows),
        1000,
      ).map((c) => prisma.leadStatusChange.createMany({ data: c })),
      ...chunks([...fresh.flatMap((e) => e.events), ...touches], 1000).map((c) => prisma.leadEvent.createMany({ data: c })),
      ...fresh
        .filter((e) => e.referrerId)
        .map((e) =>
          prisma.customerEvent.create({ data: { customerId: e.referrerId!, type: 'referral.arrived', data: { leadId: e.data.id } } }),
        ),
      ...[...knownFills.values()].map(({ lead, fill }) =>
        prisma.lead.update({ where: { id: lead.id }, data: { ...fill, ...searchFieldsAfter(lead, fill) } as Prisma.LeadUpdateInput }),
      ),
      ...reps
        .filter((r) => repsTouched.has(r.email))
        .map((r) => prisma.rep.update({ where: { id: r.id }, data: { lastAssignedAt: new Date(lastAssigned.get(r.email)!) } })),
    ]);
  } catch (e) {
    if ((e as { code?: string }).code !== 'P2002') throw e;
    return captureRowByRow(deps, rows, by);
  }

  // 4. What follows: the consent ledger here; notices, SLA watches and triggers' journeys in Temporal.
  for (const { leadId, consent } of consents) await recordConsent(prisma, leadId, { ...consent, action: 'GRANTED' });
  const work: TCaptureFollowUps = { notices, slaWatches, enrolments: await batchEnrolments(deps, fresh) };
  if (notices.length || slaWatches.length || work.enrolments.length)
    await (options.followUp ?? ((w) => runCaptureFollowUps(deps, w)))(work);
  return out.map((o) => o!);
}

/** Starts a batch's Temporal work: idempotent (notices once per key, SLA watches restart, enrolment skips the active). */
export async function runCaptureFollowUps(deps: TCrmDeps, work: TCaptureFollowUps): Promise<void> {
  await mapLimited(work.notices, TEMPORAL_CONCURRENCY, (notice) => notify(deps, notice));
  await mapLimited(work.slaWatches, TEMPORAL_CONCURRENCY, ({ assignedAtMs, ...lead }) =>
    startLeadSla(deps, { ...lead, assignedAt: new Date(assignedAtMs) }),
  );
  for (const e of work.enrolments) await deps.enroll(e);
}

/** The in-memory card as the snapshot reads it (the columns' defaults where the row sets none). */
function asLead(entry: TNew): Lead {
  return {
    locale: 'en',
    timeZone: 'UTC',
    status: 'NEW',
    score: 0,
    tags: [],
    source: null,
    company: null,
    ownerEmail: null,
    unsubscribedAt: null,
    deferredUntil: null,
    ...entry.data,
  } as unknown as Lead;
}

/** Triggers of each event, read once; each trigger enrols all of the batch's matching leads in one call. */
async function batchEnrolments(deps: TCrmDeps, fresh: TNew[]): Promise<TCaptureFollowUps['enrolments']> {
  const enrolments: TCaptureFollowUps['enrolments'] = [];
  const events = [...new Set(fresh.flatMap((e) => e.triggerEvents))].sort((a, b) =>
    a === 'lead.created' ? 1 : b === 'lead.created' ? -1 : 0,
  );
  for (const event of events) {
    const triggers = (await deps.prisma.journeyTrigger.findMany({ where: { event, active: true }, orderBy: { key: 'asc' } })).map(
      toTrigger,
    );
    for (const trigger of triggers) {
      const leadIds = fresh
        .filter((e) => e.triggerEvents.includes(event))
        .filter((e) => !trigger.condition || evaluateCondition(trigger.condition, e.snapshot!, []))
        .map((e) => e.data.id);
      if (leadIds.length) enrolments.push({ sequenceKey: trigger.sequenceKey, leadIds, source: `trigger:${trigger.key}` });
    }
  }
  return enrolments;
}

/** The fallback when another capture raced the batch: each row the way POST /leads captures it. */
async function captureRowByRow(deps: TCrmDeps, rows: TBatchRow[], by: string): Promise<TBatchOutcome[]> {
  const out: TBatchOutcome[] = [];
  for (const { input, idempotencyKey } of rows) {
    try {
      const r = await captureLead(deps, input, { by, idempotencyKey });
      out.push({ outcome: r.replayed ? 'replayed' : r.created ? 'created' : 'merged', leadId: r.lead.id });
    } catch (e) {
      if (!(e instanceof AppError)) throw e;
      out.push({ outcome: 'failed', error: e });
    }
  }
  return out;
}
