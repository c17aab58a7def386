/**
 * Enrolls leads in the latest published version of a sequence. Idempotent: a lead already
 * active in the sequence is reported, not enrolled twice (the database's partial unique index
 * is the final word, so two concurrent requests cannot both win). Many leads go in chunks: rows
 * written in bulk, journeys started in parallel (ADR-041); results keep the order of leadIds.
 */
import { isUniqueViolation } from '../../lib/db/unique-violation';
import { randomUUID } from 'node:crypto';
import { WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { chunks, mapLimited } from '../../lib/each-limited';
import { countEnrollments } from '../../lib/metrics/journey-metrics';
import { AppError } from '../../lib/errors';
import { pollUntil } from '../../lib/poll-until';
import { TypedSearchAttributes, defineSearchAttributeKey } from '@temporalio/common';
import { Prisma, type PrismaClient } from '../../generated/prisma/client';
import {
  JOURNEY_WORKFLOW,
  type TJourneyWorkflow,
  journeyWorkflowId,
  SEARCH_ATTRIBUTES,
  type TJourneyInput,
  type TJourneyStart,
} from '../../contract/journeys';
import { SNAPSHOT_COLUMNS, toLeadSnapshot, type TSnapshotColumns } from '../leads/to-lead-snapshot';
import { createPublishedVersions, type TPublishedVersion } from './published-versions';

export type TEnrollOutcome = 'enrolled' | 'already_active' | 'lead_not_found' | 'unsubscribed' | 'sequence_not_found';
export type TEnrollResult = { leadId: string; outcome: TEnrollOutcome; enrollmentId?: string; workflowId?: string; version?: number };
export type TEnrollProgress = { done: number; total: number };
export type TEnrollLeads = (input: {
  sequenceKey: string;
  leadIds: string[];
  source?: string;
  /** Called after each chunk of leads (bulk enrolment jobs record it). */
  onProgress?: (progress: TEnrollProgress) => Promise<void> | void;
}) => Promise<TEnrollResult[]>;

/** Leads checked and written per chunk (a few queries each). */
const ENROLL_CHUNK = 500;
/** Journeys started at once (signal-with-start calls in flight). */
const START_CONCURRENCY = 32;
/** A lead id the database can compare (the API validates uuids; other callers pass ids read from rows). */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const KEYS = {
  leadId: defineSearchAttributeKey(SEARCH_ATTRIBUTES.leadId, 'KEYWORD'),
  sequenceKey: defineSearchAttributeKey(SEARCH_ATTRIBUTES.sequenceKey, 'KEYWORD'),
  status: defineSearchAttributeKey(SEARCH_ATTRIBUTES.status, 'KEYWORD'),
};

export function createEnrollLeads(deps: {
  prisma: PrismaClient;
  temporal: Client;
  taskQueue: string;
  searchAttributes: boolean;
  /** Journeys continue-as-new past this many history events (tests lower it). */
  historyLimit?: number;
  /** Signal-with-start calls in flight at once (default 32). */
  startConcurrency?: number;
}): TEnrollLeads {
  const { prisma, temporal } = deps;
  const versions = createPublishedVersions({ prisma });
  return async ({ sequenceKey, leadIds, source = 'api', onProgress }) => {
    // In chunks (ADR-041): per chunk one query for the checks and one statement for the rows, then
    // the journeys started in parallel with bounded concurrency. Leads enrolled in this sequence
    // before go one by one (their earlier journey may still be closing), and so does a chunk
    // another request raced.
    const unique = [...new Set(leadIds)];
    const parts = chunks(unique, ENROLL_CHUNK);
    const firstCheck = await checkChunk(prisma, sequenceKey, parts[0] ?? []);
    const firstReadAtMs = Date.now();
    const found = firstCheck[0];
    if (!found?.versionId || found.version === null) return leadIds.map((leadId) => ({ leadId, outcome: 'sequence_not_found' as const }));
    // The request enrols every lead in the version in force when it began.
    const sequence = { id: found.id };
    const latest = { id: found.versionId, version: found.version };
    const marketing = found.category === 'marketing';
    // The definition a new journey runs, handed to it with the lead the chunk's check read (ADR-055).
    // Unreadable here: the journey reads it itself, and fails there as it always did.
    const inForce = await versions(latest.id);
    const published: TPublishedVersion | undefined = inForce.ok ? inForce.published : undefined;

    /** `read`: the lead as this request read it just before the start, and when (fresh enrolments only). */
    const startJourney = (leadId: string, enrollmentId: string, read?: { lead: TSnapshotColumns; atMs: number }) => {
      const start: TJourneyStart | undefined =
        published && read ? { ...published, lead: toLeadSnapshot(read.lead), readAtMs: read.atMs } : undefined;
      const input: TJourneyInput = {
        version: 1,
        enrollmentId,
        leadId,
        sequenceVersionId: latest.id,
        searchAttributes: deps.searchAttributes,
        ...(deps.historyLimit ? { historyLimit: deps.historyLimit } : {}),
        ...(start ? { start } : {}),
      };
      const workflowId = journeyWorkflowId(sequenceKey, leadId);
      const options = {
        taskQueue: deps.taskQueue,
        workflowId,
        args: [input] as [TJourneyInput],
        ...(deps.searchAttributes
          ? {
              typedSearchAttributes: new TypedSearchAttributes([
                { key: KEYS.leadId, value: leadId },
                { key: KEYS.sequenceKey, value: sequenceKey },
                { key: KEYS.status, value: 'running' },
              ]),
            }
          : {}),
      };
      // A plain start (ADR-055): signal-with-start cost each journey a signal event for nothing, and
      // would only signal a run of the same id still closing, leaving this enrolment without a
      // journey. Such a run (its row already ended) is waited for, then this one starts.
      return temporal.workflow.start<TJourneyWorkflow>(JOURNEY_WORKFLOW, options).catch(async (e: unknown) => {
        if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
        await untilClosed(temporal, workflowId);
        return temporal.workflow.start<TJourneyWorkflow>(JOURNEY_WORKFLOW, options);
      });
    };

    /** One lead the careful way: its earlier journey may still be closing, or another request may win the row. */
    const enrollOne = async (leadId: string): Promise<TEnrollResult> => {
      const workflowId = journeyWorkflowId(sequenceKey, leadId);
      const active = await prisma.enrollment.findFirst({ where: { leadId, sequenceId: sequence.id, status: 'ACTIVE' } });
      if (active) return { leadId, outcome: 'already_active', enrollmentId: active.id, workflowId };
      // A journey of an earlier enrollment may still be closing (its row already says it ended):
      // starting now would only signal that run, so wait until it has closed.
      if (await prisma.enrollment.count({ where: { leadId, sequenceId: sequence.id } })) await untilClosed(temporal, workflowId);
      let enrollmentId: string;
      try {
        const created = await prisma.enrollment.create({
          data: { leadId, sequenceId: sequence.id, sequenceVersionId: latest.id, workflowId, source },
        });
        enrollmentId = created.id;
        countEnrollments(sequenceKey, source);
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        const winner = await prisma.enrollment.findFirst({ where: { leadId, sequenceId: sequence.id, status: 'ACTIVE' } });
        return { leadId, outcome: 'already_active', ...(winner ? { enrollmentId: winner.id } : {}), workflowId };
      }
      await prisma.leadEvent.create({
        data: { leadId, enrollmentId, type: 'journey.enrolled', data: { sequenceKey, version: latest.version, source } },
      });
      await startJourney(leadId, enrollmentId);
      return { leadId, outcome: 'enrolled', enrollmentId, workflowId, version: latest.version };
    };

    const byLead = new Map<string, TEnrollResult>();
    let done = 0;
    for (const [index, chunk] of parts.entries()) {
      const checked = (index === 0 ? firstCheck : await checkChunk(prisma, sequenceKey, chunk)).filter((r) => r.leadId !== null);
      const readAtMs = index === 0 ? firstReadAtMs : Date.now();
      const leads = new Map(checked.map((l) => [l.leadId!, l]));
      const readOf = (leadId: string): { lead: TSnapshotColumns; atMs: number } | undefined => {
        const row = leads.get(leadId);
        if (!row) return undefined;
        return { lead: Object.fromEntries(SNAPSHOT_COLUMNS.map((c) => [c, row[`lead_${c}`]])) as TSnapshotColumns, atMs: readAtMs };
      };
      const before = new Map<string, { id: string; status: string }[]>();
      for (const e of checked)
        if (e.enrollmentId) before.set(e.leadId!, [...(before.get(e.leadId!) ?? []), { id: e.enrollmentId, status: e.status! }]);
      const fresh: string[] = [];
      const careful: string[] = [];
      for (const leadId of chunk) {
        const lead = leads.get(leadId);
        const rows = before.get(leadId) ?? [];
        const active = rows.find((r) => r.status === 'ACTIVE');
        if (!lead) byLead.set(leadId, { leadId, outcome: 'lead_not_found' });
        else if (marketing && lead.unsubscribed) byLead.set(leadId, { leadId, outcome: 'unsubscribed' });
        else if (active)
          byLead.set(leadId, {
            leadId,
            outcome: 'already_active',
            enrollmentId: active.id,
            workflowId: journeyWorkflowId(sequenceKey, leadId),
          });
        else if (rows.length) careful.push(leadId);
        else fresh.push(leadId);
      }
      const rows = fresh.map((leadId) => ({ id: randomUUID(), leadId, workflowId: journeyWorkflowId(sequenceKey, leadId) }));
      try {
        // The rows and their timeline events in one statement (ADR-053): the events are inserted
        // from the enrolments' RETURNING, so both land or neither; the partial unique index on
        // active enrolments fails the whole statement (a unique violation) when another request won a lead.
        if (rows.length) {
          const now = new Date().toISOString();
          const col = <T>(f: (r: (typeof rows)[number]) => T) => rows.map(f);
          await prisma.$executeRaw`
            WITH enrolled AS (
              INSERT INTO "Enrollment" ("id", "leadId", "sequenceId", "sequenceVersionId", "workflowId", "source", "startedAt")
              SELECT id, lead_id, ${sequence.id}::uuid, ${latest.id}::uuid, workflow_id, ${source}, ${now}::timestamp(3)
              FROM unnest(${col((r) => r.id)}::uuid[], ${col((r) => r.leadId)}::uuid[], ${col((r) => r.workflowId)}::text[])
                AS v(id, lead_id, workflow_id)
              RETURNING id, "leadId"
            )
            INSERT INTO "LeadEvent" ("id", "leadId", "enrollmentId", "type", "occurredAt", "recordedAt", "data")
            SELECT gen_random_uuid(), "leadId", id, 'journey.enrolled', ${now}::timestamp(3), ${now}::timestamp(3),
              ${JSON.stringify({ sequenceKey, version: latest.version, source })}::jsonb
            FROM enrolled`;
        }
        countEnrollments(sequenceKey, source, rows.length);
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
        careful.push(...rows.splice(0).map((r) => r.leadId));
      }
      await mapLimited(rows, deps.startConcurrency ?? START_CONCURRENCY, async (r) => {
        await startJourney(r.leadId, r.id, readOf(r.leadId));
        byLead.set(r.leadId, {
          leadId: r.leadId,
          outcome: 'enrolled',
          enrollmentId: r.id,
          workflowId: r.workflowId,
          version: latest.version,
        });
      });
      await mapLimited(
        careful,
        deps.startConcurrency ?? START_CONCURRENCY,
        async (leadId) => void byLead.set(leadId, await enrollOne(leadId)),
      );
      done += chunk.length;
      await onProgress?.({ done, total: unique.length });
    }
    const results = unique.map((leadId) => byLead.get(leadId)!);
    return results;
  };
}

type TChunkCheck = {
  id: string;
  versionId: string | null;
  version: number | null;
  category: string;
  leadId: string | null;
  unsubscribed: boolean | null;
  enrollmentId: string | null;
  status: string | null;
} & { [C in (typeof SNAPSHOT_COLUMNS)[number] as `lead_${C}`]: TSnapshotColumns[C] };

/** The lead's snapshot columns, as lead_<column> (constants: no input reaches this SQL). */
const LEAD_SNAPSHOT_SELECT = Prisma.raw(SNAPSHOT_COLUMNS.map((c) => `l."${c}" AS "lead_${c}"`).join(', '));

/**
 * One query for a chunk's checks (ADR-053): the sequence, its latest version and category (a
 * published definition was validated, so settings.category is read in SQL with the schema's
 * default, 'marketing'), and each lead of the chunk that exists with its earlier enrolments in the
 * sequence (a row per enrolment; leadId null when none of the chunk exists). No row: no sequence.
 * Each lead's snapshot columns come along: a fresh journey starts with them (ADR-055).
 */
function checkChunk(prisma: PrismaClient, sequenceKey: string, chunk: readonly string[]): Promise<TChunkCheck[]> {
  const ids = chunk.filter((id) => UUID.test(id));
  return prisma.$queryRaw<TChunkCheck[]>`
    SELECT s.id, v.id AS "versionId", v.version, COALESCE(v.definition->'settings'->>'category', 'marketing') AS category,
      l.id AS "leadId", l."unsubscribedAt" IS NOT NULL AS unsubscribed, e.id AS "enrollmentId", e.status::text AS status,
      ${LEAD_SNAPSHOT_SELECT}
    FROM "Sequence" s
    LEFT JOIN LATERAL (
      SELECT id, version, definition FROM "SequenceVersion" WHERE "sequenceId" = s.id ORDER BY version DESC LIMIT 1
    ) v ON true
    LEFT JOIN "Lead" l ON l.id = ANY(${ids}::uuid[])
    LEFT JOIN "Enrollment" e ON e."leadId" = l.id AND e."sequenceId" = s.id
    WHERE s.key = ${sequenceKey}`;
}

/** How long an enrollment waits for a closing journey of the same lead and sequence. */
const CLOSING_WAIT_MS = 15_000;

async function untilClosed(temporal: Client, workflowId: string): Promise<void> {
  const closed = async () => {
    try {
      return (await temporal.workflow.getHandle(workflowId).describe()).status.name !== 'RUNNING';
    } catch (e) {
      if (e instanceof WorkflowNotFoundError) return true;
      throw e;
    }
  };
  if (!(await pollUntil(closed, CLOSING_WAIT_MS))) {
    throw new AppError('DEPENDENCY_UNAVAILABLE', `Journey ${workflowId} is still finishing; try again in a moment`);
  }
}
