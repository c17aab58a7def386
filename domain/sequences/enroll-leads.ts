/**
 * Enrolls leads in the latest published version of a sequence. Idempotent: a lead already
 * active in the sequence is reported, not enrolled twice (the database's partial unique index
 * is the final word, so two concurrent requests cannot both win).
 */
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { AppError } from '../../lib/errors';
import { pollUntil } from '../../lib/poll-until';
import { TypedSearchAttributes, defineSearchAttributeKey } from '@temporalio/common';
import type { PrismaClient } from '../../generated/prisma/client';
import {
  enrolledSignal,
  JOURNEY_WORKFLOW,
  type TJourneyWorkflow,
  journeyWorkflowId,
  SEARCH_ATTRIBUTES,
  type TJourneyInput,
} from '../../contract/journeys';
import { ZSequenceDefinition } from '../../journey/definition';

export type TEnrollOutcome = 'enrolled' | 'already_active' | 'lead_not_found' | 'unsubscribed' | 'sequence_not_found';
export type TEnrollResult = { leadId: string; outcome: TEnrollOutcome; enrollmentId?: string; workflowId?: string; version?: number };
export type TEnrollLeads = (input: { sequenceKey: string; leadIds: string[]; source?: string }) => Promise<TEnrollResult[]>;

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
}): TEnrollLeads {
  const { prisma, temporal } = deps;
  return async ({ sequenceKey, leadIds, source = 'api' }) => {
    const sequence = await prisma.sequence.findUnique({
      where: { key: sequenceKey },
      include: { versions: { orderBy: { version: 'desc' }, take: 1 } },
    });
    const latest = sequence?.versions[0];
    if (!sequence || !latest) return leadIds.map((leadId) => ({ leadId, outcome: 'sequence_not_found' as const }));
    const marketing = ZSequenceDefinition.parse(latest.definition).settings.category === 'marketing';

    const results: TEnrollResult[] = [];
    for (const leadId of [...new Set(leadIds)]) {
      const lead = await prisma.lead.findUnique({ where: { id: leadId }, select: { id: true, unsubscribedAt: true } });
      if (!lead) {
        results.push({ leadId, outcome: 'lead_not_found' });
        continue;
      }
      if (marketing && lead.unsubscribedAt) {
        results.push({ leadId, outcome: 'unsubscribed' });
        continue;
      }
      const workflowId = journeyWorkflowId(sequenceKey, leadId);
      const active = await prisma.enrollment.findFirst({ where: { leadId, sequenceId: sequence.id, status: 'ACTIVE' } });
      if (active) {
        results.push({ leadId, outcome: 'already_active', enrollmentId: active.id, workflowId });
        continue;
      }
      // A journey of an earlier enrollment may still be closing (its row already says it ended):
      // starting now would only signal that run, so wait until it has closed.
      if (await prisma.enrollment.count({ where: { leadId, sequenceId: sequence.id } })) await untilClosed(temporal, workflowId);
      let enrollmentId: string;
      try {
        const created = await prisma.enrollment.create({
          data: { leadId, sequenceId: sequence.id, sequenceVersionId: latest.id, workflowId, source },
        });
        enrollmentId = created.id;
      } catch (e) {
        if ((e as { code?: string }).code !== 'P2002') throw e;
        const winner = await prisma.enrollment.findFirst({ where: { leadId, sequenceId: sequence.id, status: 'ACTIVE' } });
        results.push({ leadId, outcome: 'already_active', ...(winner ? { enrollmentId: winner.id } : {}), workflowId });
        continue;
      }
      await prisma.leadEvent.create({
        data: { leadId, enrollmentId, type: 'journey.enrolled', data: { sequenceKey, version: latest.version, source } },
      });
      const input: TJourneyInput = {
        version: 1,
        enrollmentId,
        leadId,
        sequenceVersionId: latest.id,
        searchAttributes: deps.searchAttributes,
        ...(deps.historyLimit ? { historyLimit: deps.historyLimit } : {}),
      };
      await temporal.workflow.signalWithStart<TJourneyWorkflow, [{ enrollmentId: string }]>(JOURNEY_WORKFLOW, {
        taskQueue: deps.taskQueue,
        workflowId,
        args: [input],
        signal: enrolledSignal,
        signalArgs: [{ enrollmentId }],
        ...(deps.searchAttributes
          ? {
              typedSearchAttributes: new TypedSearchAttributes([
                { key: KEYS.leadId, value: leadId },
                { key: KEYS.sequenceKey, value: sequenceKey },
                { key: KEYS.status, value: 'running' },
              ]),
            }
          : {}),
      });
      results.push({ leadId, outcome: 'enrolled', enrollmentId, workflowId, version: latest.version });
    }
    return results;
  };
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
