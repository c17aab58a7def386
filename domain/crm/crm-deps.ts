/**
 * What the lead-lifecycle operations need: the database, Temporal (to signal journeys, start
 * watches and notifications) and a few settings. The API and the worker's activities build it
 * the same way (createCrmDeps), so an operation behaves alike from either.
 */
import type { Client } from '@temporalio/client';
import { WorkflowIdConflictPolicy } from '@temporalio/common';
import { startWorkflowOnce } from '../../lib/temporal/start-once';
import type { PrismaClient } from '../../generated/prisma/client';
import type { TEnv } from '../../lib/env';
import { createEnrollLeads, type TEnrollLeads } from '../sequences/enroll-leads';
import { leadChangedSignal } from '../../contract/journeys';
import { NOTIFY_WORKFLOW, notifyWorkflowId, type TNotifyInput, type TNotifyWorkflow } from '../../contract/notify';
import { LEAD_SLA_WORKFLOW, leadSlaWorkflowId, type TLeadSlaWorkflow } from '../../contract/lead-sla';
import { signalLeadJourneys } from '../journeys/signal-lead-journeys';

export type TCrmConfig = {
  routingSlaMs: Record<'HOT' | 'WARM' | 'COLD', number>;
  referralReward: string;
  defaultPhoneRegion?: string | undefined;
};

export function crmConfigFromEnv(env: Pick<TEnv, 'ROUTING_SLA' | 'REFERRAL_REWARD' | 'DEFAULT_PHONE_REGION'>): TCrmConfig {
  return { routingSlaMs: env.ROUTING_SLA, referralReward: env.REFERRAL_REWARD, defaultPhoneRegion: env.DEFAULT_PHONE_REGION };
}

export type TCrmDeps = {
  prisma: PrismaClient;
  temporal: Client;
  taskQueue: string;
  config: TCrmConfig;
  enroll: TEnrollLeads;
};

export function createCrmDeps(options: {
  prisma: PrismaClient;
  temporal: Client;
  taskQueue: string;
  searchAttributes?: boolean;
  config: TCrmConfig;
  enroll?: TEnrollLeads;
}): TCrmDeps {
  return {
    prisma: options.prisma,
    temporal: options.temporal,
    taskQueue: options.taskQueue,
    config: options.config,
    enroll:
      options.enroll ??
      createEnrollLeads({
        prisma: options.prisma,
        temporal: options.temporal,
        taskQueue: options.taskQueue,
        searchAttributes: options.searchAttributes ?? false,
      }),
  };
}

/** Starts one notification email; the same key never sends twice. */
export async function notify(deps: Pick<TCrmDeps, 'temporal' | 'taskQueue'>, notice: Omit<TNotifyInput, 'version'>): Promise<void> {
  await startWorkflowOnce<TNotifyWorkflow>(deps.temporal, NOTIFY_WORKFLOW, {
    taskQueue: deps.taskQueue,
    workflowId: notifyWorkflowId(notice.idempotencyKey),
    args: [{ version: 1, ...notice }],
  });
}

/** Tells the lead's active journeys its fields changed: they re-check their goals at once. */
export const signalLeadChanged = (deps: Pick<TCrmDeps, 'prisma' | 'temporal'>, leadId: string) =>
  signalLeadJourneys(deps, leadId, (handle) => handle.signal(leadChangedSignal));

/** (Re)starts the routing SLA watch of a lead's new owner. */
export async function startLeadSla(
  deps: Pick<TCrmDeps, 'temporal' | 'taskQueue' | 'config'>,
  lead: { id: string; heat: 'HOT' | 'WARM' | 'COLD'; ownerEmail: string; assignedAt: Date },
): Promise<void> {
  await deps.temporal.workflow.start<TLeadSlaWorkflow>(LEAD_SLA_WORKFLOW, {
    taskQueue: deps.taskQueue,
    workflowId: leadSlaWorkflowId(lead.id),
    args: [
      {
        version: 1,
        leadId: lead.id,
        ownerEmail: lead.ownerEmail,
        assignedAtMs: lead.assignedAt.getTime(),
        slaMs: deps.config.routingSlaMs[lead.heat],
      },
    ],
    workflowIdConflictPolicy: WorkflowIdConflictPolicy.TERMINATE_EXISTING,
  });
}
