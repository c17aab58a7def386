import { ApplicationFailure } from '@temporalio/activity';
import type { TActivityDeps } from '../index';
import type { TCaptureFollowUps } from '../../contract/capture-follow-up';
import { runCaptureFollowUps } from '../../domain/leads/capture-lead-batch';

/** Starts a captured batch's notices, SLA watches and journeys (workflows/capture-follow-up-workflow.ts). */
export function createRunCaptureFollowUps({ crm }: Pick<TActivityDeps, 'crm'>) {
  return async function runCaptureFollowUpsActivity(work: TCaptureFollowUps): Promise<void> {
    if (!crm) throw ApplicationFailure.nonRetryable('This worker has no Temporal client, so it cannot start follow-ups', 'CONFIG_INVALID');
    await runCaptureFollowUps(crm, work);
  };
}
