/**
 * The Temporal work a batch of captured leads sets off (ADR-041), run by
 * workflows/capture-follow-up-workflow.ts after the batch's rows are written: owner notices,
 * routing-SLA watches, and the journeys their triggers enrol them in.
 */
import type { TNotifyInput } from './notify';

export type TCaptureFollowUps = {
  notices: Omit<TNotifyInput, 'version'>[];
  slaWatches: { id: string; heat: 'HOT' | 'WARM' | 'COLD'; ownerEmail: string; assignedAtMs: number }[];
  enrolments: { sequenceKey: string; leadIds: string[]; source: string }[];
  /**
   * Imports (ADR-051): instead of one notice per lead, what each rep's digest lists — leads
   * assigned to them, and leads of theirs the file touched again. Absent elsewhere.
   */
  digest?: TDigestEntry[];
};

/** One line of a rep's import digest: `to` is the rep (the owner when the row was captured). */
export type TDigestEntry = { to: string; leadId: string; kind: 'assigned' | 'returned' };

export type TCaptureFollowUpInput = { version: 1 } & TCaptureFollowUps;

/** One per import batch: `capture-follow-up/import/<importId>/<first row>`. */
export const captureFollowUpWorkflowId = (key: string) => `capture-follow-up/${key}`;

export const CAPTURE_FOLLOW_UP_WORKFLOW = 'captureFollowUpWorkflow';
export type TCaptureFollowUpWorkflow = (input: TCaptureFollowUpInput) => Promise<void>;
