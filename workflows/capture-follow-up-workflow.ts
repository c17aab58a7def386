/**
 * The Temporal work of one batch of captured leads (ADR-041): owner notices, routing-SLA watches
 * and the journeys triggers enrol them in, started by one activity (idempotent: notices start once
 * per key, enrolment skips leads already active). An import batch hands its work here and goes on
 * to the next batch, so the import moves at the database's pace and this work at Temporal's.
 */
import { proxyActivities } from '@temporalio/workflow';
import type { TActivities } from '../activities';
import { CAPTURE_FOLLOW_UP_ACTIVITY } from './activity-options';
import type { TCaptureFollowUpInput } from '../contract/capture-follow-up';

const acts = proxyActivities<TActivities>(CAPTURE_FOLLOW_UP_ACTIVITY);

export async function captureFollowUpWorkflow(input: TCaptureFollowUpInput): Promise<void> {
  await acts.runCaptureFollowUps({ notices: input.notices, slaWatches: input.slaWatches, enrolments: input.enrolments });
}
