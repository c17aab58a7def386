import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { startWorkflowOnce } from '../../lib/temporal/start-once';
import type { PrismaClient } from '../../generated/prisma/client';
import { AppError } from '../../lib/errors';
import {
  SEND_LEAD_EMAIL_WORKFLOW,
  sendLeadEmailWorkflowId,
  type TSendLeadEmailInput,
  type TSendLeadEmailWorkflow,
} from '../../contract/send-lead-email';
import { getLead } from '../leads/get-lead';

export type TStartLeadEmail = { leadId: string; templateKey: string; requestId?: string | undefined };

/**
 * Starts the durable send of one template to one lead. The same requestId never sends twice:
 * the workflow id is derived from it and a second start reports the first.
 */
export async function startLeadEmail(
  deps: { prisma: PrismaClient; temporal: Client; taskQueue: string },
  input: TStartLeadEmail,
): Promise<{ workflowId: string; alreadyStarted: boolean }> {
  await getLead(deps.prisma, input.leadId);
  const template = await deps.prisma.emailTemplate.findFirst({ where: { key: input.templateKey }, select: { id: true } });
  if (!template) throw new AppError('NOT_FOUND', `Template ${input.templateKey} does not exist`);

  const workflowId = sendLeadEmailWorkflowId(input.leadId, input.templateKey, input.requestId ?? randomUUID());
  const args: [TSendLeadEmailInput] = [{ version: 1, leadId: input.leadId, templateKey: input.templateKey }];
  // Even after it finished, the same id is never run again: one request, one email.
  const { alreadyStarted } = await startWorkflowOnce<TSendLeadEmailWorkflow>(deps.temporal, SEND_LEAD_EMAIL_WORKFLOW, {
    taskQueue: deps.taskQueue,
    workflowId,
    args,
  });
  return { workflowId, alreadyStarted };
}
