/**
 * Lead capture for many rows at once (CSV imports): the same outcome as calling captureLead for
 * each row in order — dedupe by email then phone (also between rows of the batch), routing,
 * scoring, triggers, the same timeline rows and notices — at a few queries per batch instead of a
 * few dozen per row (issue 13, ADR-041):
 *   1. one query for the rows already captured (their idempotency keys), one for the referral
 *      codes, one for the known people (by email or phone);
 *   2. routing and scoring in memory: the reps, their open-lead counts and the scoring model are
 *      read once, each new lead's owner and score are decided before it is written;
 *   3. one transaction writes the new leads, their status rows and timeline events and the
 *      touches of known people (INSERT … SELECT FROM unnest, one statement per chunk), the fills of
 *      known people (one UPDATE per chunk), and each rep's last assignment;
 *   4. the Temporal work (owner notices, SLA watches, journeys from triggers) is collected and
 *      started with bounded concurrency, or handed on: an import writes it in the same transaction
 *      and runs it after the whole file (ADR-051), with one digest per rep instead of a notice per
 *      lead; each trigger enrols every matching lead of the batch in one call.
 * A row whose input is wrong (phone, referral code) fails alone with the AppError captureLead
 * would throw. When a concurrent capture creates one of the batch's people between the read and
 * the write (a unique-email conflict), the batch falls back to captureLead row by row, which
 * resolves the race the same way a single capture does.
 */
import { randomUUID } from 'node:crypto';
import { insertLeadEvents } from './insert-lead-events';
import { Prisma, type Lead, type LeadStatus, type Rep } from '../../generated/prisma/client';
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
import { isUniqueViolation } from '../../lib/db/unique-violation';

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
    /**
     * Imports since ADR-051: the work is written by this write, in the transaction that writes the
     * rows (rows captured ⇔ their follow-ups recorded), and run after the whole file; `followUp`
     * is not called. The row-by-row fallback (a concurrent capture won a race) starts its own work.
     */
    record?: (work: TCaptureFollowUps) => Prisma.PrismaPromise<unknown>;
    /** Owner notices become digest entries (one email per rep per import, ADR-051). */
    digest?: boolean;
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
  // After every rep's last assignment: a batch that starts within a batch's span of the previous
  // one (its instants run ahead of the clock) would otherwise hand one rep every lead until its
  // instants passed the other's, instead of alternating.
  const t0 = Math.max(Date.now(), ...lastAssigned.values());
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
  const digest: NonNullable<TCaptureFollowUps['digest']> = [];
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
      if (ownerEmail && options.digest) digest.push({ to: ownerEmail, leadId, kind: 'returned' });
      else if (ownerEmail)
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
      if (options.digest) digest.push({ to: rep.email, leadId: id, kind: 'assigned' });
      else
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

  // 3. One transaction: new cards with their rows, touches, fills, each rep's last assignment (and,
  // for imports, the follow-up work, so a batch is never captured without it).
  for (const entry of fresh) Object.assign(entry.data, leadSearchFields(entry.data as Parameters<typeof leadSearchFields>[0]));
  const work: TCaptureFollowUps = {
    notices,
    slaWatches,
    enrolments: await batchEnrolments(deps, fresh),
    ...(options.digest ? { digest } : {}),
  };
  const hasWork = notices.length > 0 || slaWatches.length > 0 || work.enrolments.length > 0 || digest.length > 0;
  const referrals = fresh.filter((e) => e.referrerId);
  try {
    await prisma.$transaction([
      ...insertLeads(
        prisma,
        fresh.map((e) => e.data),
      ),
      ...chunks(
        fresh.flatMap((e) => e.statusRows),
        2000,
      ).map((c) => insertStatusRows(prisma, c)),
      ...chunks([...fresh.flatMap((e) => e.events), ...touches], 2000).map((c) => insertLeadEvents(prisma, c, { skipDuplicates: false })),
      ...(referrals.length
        ? [
            prisma.customerEvent.createMany({
              data: referrals.map((e) => ({ customerId: e.referrerId!, type: 'referral.arrived', data: { leadId: e.data.id } })),
            }),
          ]
        : []),
      ...chunks([...knownFills.values()], 500).map((c) => fillKnown(prisma, c)),
      ...reps
        .filter((r) => repsTouched.has(r.email))
        .map((r) => prisma.rep.update({ where: { id: r.id }, data: { lastAssignedAt: new Date(lastAssigned.get(r.email)!) } })),
      ...(options.record && hasWork ? [options.record(work)] : []),
    ]);
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    return captureRowByRow(deps, rows, by);
  }

  // 4. What follows: the consent ledger here; notices, SLA watches and triggers' journeys in Temporal.
  for (const { leadId, consent } of consents) await recordConsent(prisma, leadId, { ...consent, action: 'GRANTED' });
  if (hasWork && !options.record) await (options.followUp ?? ((w) => runCaptureFollowUps(deps, w)))(work);
  return out.map((o) => o!);
}

/**
 * Starts a batch's Temporal work: idempotent (notices once per key, SLA watches restart, enrolment
 * skips the active). Digest entries are not sent here: the import's digests are (activities/imports).
 */
export async function runCaptureFollowUps(deps: TCrmDeps, work: TCaptureFollowUps): Promise<void> {
  await mapLimited(work.notices, TEMPORAL_CONCURRENCY, (notice) => notify(deps, notice));
  await mapLimited(work.slaWatches, TEMPORAL_CONCURRENCY, ({ assignedAtMs, ...lead }) =>
    startLeadSla(deps, { ...lead, assignedAt: new Date(assignedAtMs) }),
  );
  for (const e of work.enrolments) await deps.enroll(e);
}

/** Lead columns by SQL type, for insertLeads (a column not here, e.g. tags, goes through createMany). */
const LEAD_COLUMN_TYPES: Record<string, string> = {
  id: 'uuid',
  email: 'text',
  firstName: 'text',
  lastName: 'text',
  company: 'text',
  phone: 'text',
  locale: 'text',
  timeZone: 'text',
  status: '"LeadStatus"',
  heat: '"LeadHeat"',
  source: '"LeadSource"',
  score: 'integer',
  attributes: 'jsonb',
  ownerName: 'text',
  ownerEmail: 'text',
  unsubscribedAt: 'timestamp(3)',
  marketingPausedUntil: 'timestamp(3)',
  campaign: 'text',
  acquisitionCostCents: 'integer',
  purchaseTimeframe: 'text',
  lostReason: 'text',
  deferredUntil: 'timestamp(3)',
  deferReason: 'text',
  statusChangedAt: 'timestamp(3)',
  assignedAt: 'timestamp(3)',
  referrerCustomerId: 'uuid',
  searchText: 'text',
  sortName: 'text',
  createdAt: 'timestamp(3)',
};

/**
 * The new cards, like insertLeadEvents: one INSERT … unnest per chunk of cards that set the same
 * columns, so a column a card leaves out takes the schema's default exactly as with createMany
 * (cards of one file mostly share their columns: a few statements per batch). updatedAt is set
 * here, as Prisma's @updatedAt would; a card with a column outside LEAD_COLUMN_TYPES goes through createMany.
 */
function insertLeads(prisma: TCrmDeps['prisma'], cards: Prisma.LeadCreateManyInput[]): Prisma.PrismaPromise<unknown>[] {
  const groups = new Map<string, Prisma.LeadCreateManyInput[]>();
  for (const card of cards) {
    const key = Object.keys(card)
      .filter((k) => (card as Record<string, unknown>)[k] !== undefined)
      .sort()
      .join(',');
    groups.set(key, [...(groups.get(key) ?? []), card]);
  }
  const asText = (value: unknown, type: string): string | null => {
    if (value === null || value === undefined) return null;
    if (type === 'jsonb') return JSON.stringify(value);
    if (type === 'timestamp(3)') return new Date(value as Date | string).toISOString();
    return String(value);
  };
  const updatedAt = new Date().toISOString();
  return [...groups].flatMap(([key, group]): Prisma.PrismaPromise<unknown>[] => {
    const columns = key.split(',');
    if (columns.some((c) => !LEAD_COLUMN_TYPES[c])) return chunks(group, 500).map((c) => prisma.lead.createMany({ data: c }));
    return chunks(group, 1000).map((c) => {
      const arrays = columns.map((col) => c.map((card) => asText((card as Record<string, unknown>)[col], LEAD_COLUMN_TYPES[col]!)));
      return prisma.$executeRaw`
        INSERT INTO "Lead" (${Prisma.join(columns.map((col) => Prisma.raw(`"${col}"`)))}, "updatedAt")
        SELECT ${Prisma.join(columns.map((col, i) => Prisma.raw(`v.c${i}::${LEAD_COLUMN_TYPES[col]!}`)))}, ${updatedAt}::timestamp(3)
        FROM unnest(${Prisma.join(arrays.map((a) => Prisma.sql`${a}::text[]`))})
          AS v(${Prisma.join(columns.map((_, i) => Prisma.raw(`c${i}`)))})`;
    });
  });
}

/** The batch's status rows, like insertLeadEvents: one INSERT … unnest per chunk. */
function insertStatusRows(prisma: TCrmDeps['prisma'], rows: Prisma.LeadStatusChangeCreateManyInput[]) {
  const col = <T>(f: (r: Prisma.LeadStatusChangeCreateManyInput) => T) => rows.map(f);
  const at = (d: Date | string | null | undefined) => (d == null ? null : new Date(d).toISOString());
  return prisma.$executeRaw`
    INSERT INTO "LeadStatusChange" ("id", "leadId", "from", "to", "reason", "until", "by", "occurredAt")
    SELECT id, lead_id, "from"::"LeadStatus", "to"::"LeadStatus", reason, until::timestamp(3), by, occurred_at::timestamp(3)
    FROM unnest(
      ${col((r) => r.id ?? randomUUID())}::uuid[],
      ${col((r) => r.leadId)}::uuid[],
      ${col((r) => r.from ?? null)}::text[],
      ${col((r) => r.to)}::text[],
      ${col((r) => r.reason ?? null)}::text[],
      ${col((r) => at(r.until))}::text[],
      ${col((r) => r.by)}::text[],
      ${col((r) => at(r.occurredAt ?? new Date()))}::text[]
    ) AS v(id, lead_id, "from", "to", reason, until, by, occurred_at)`;
}

/**
 * Known people's empty fields the batch's touches fill (phone, last name, company, source), with
 * their search fields: one UPDATE … FROM (VALUES …) per chunk instead of one per person. A fill
 * only ever sets a field that was empty, so COALESCE(new, current) is exactly "set if given".
 */
function fillKnown(prisma: TCrmDeps['prisma'], fills: { lead: Lead; fill: Record<string, string> }[]) {
  const rows = fills.map(({ lead, fill }) => {
    const search = searchFieldsAfter(lead, fill) as Partial<Record<'searchText' | 'sortName', string>>;
    return Prisma.sql`(${lead.id}::uuid, ${fill.phone ?? null}::text, ${fill.lastName ?? null}::text, ${fill.company ?? null}::text, ${fill.source ?? null}::text, ${search.searchText ?? null}::text, ${search.sortName ?? null}::text)`;
  });
  return prisma.$executeRaw`
    UPDATE "Lead" AS l SET
      "phone" = COALESCE(v.phone, l."phone"),
      "lastName" = COALESCE(v.last_name, l."lastName"),
      "company" = COALESCE(v.company, l."company"),
      "source" = COALESCE(v.source::"LeadSource", l."source"),
      "searchText" = COALESCE(v.search_text, l."searchText"),
      "sortName" = COALESCE(v.sort_name, l."sortName"),
      "updatedAt" = now()
    FROM (VALUES ${Prisma.join(rows)}) AS v(id, phone, last_name, company, source, search_text, sort_name)
    WHERE l."id" = v.id`;
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
