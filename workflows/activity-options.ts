/**
 * Every activity option and retry policy the workflows use, in one place: each workflow proxies
 * its activities with one of these (grep proxyActivities / proxyLocalActivities in workflows/).
 * Sandbox-safe: imports nothing but types from @temporalio/workflow, so workflow code, activities
 * and the API may all import it.
 *
 * Determinism: changing a timeout or a retry policy here is NOT a workflow behaviour change. On
 * replay the SDK matches a ScheduleActivityTask command to its recorded event by activity id and
 * type only (sdk-core activity_state_machine.rs), never by its options; an activity already
 * scheduled keeps the options it was scheduled with, and only new schedules use the new ones.
 * So no patched() is needed for edits to this file (the replay tests confirm it). Which proxy a
 * call goes through (regular vs local activity) IS a command change, and stays behind patched().
 */
import type { ActivityOptions, LocalActivityOptions, RetryPolicy } from '@temporalio/workflow';

/**
 * An SMTP server refused the message for good (5xx, or no valid recipient; see
 * lib/mail/classify-smtp-failure.ts). The send activities record the failure, then throw
 * ApplicationFailure.nonRetryable(reason, SMTP_REJECTED): a retry would be refused again. Journeys
 * catch it and go on to the next step (patch `smtp-rejected-moves-on`). Defined in the contract,
 * which activities import (they never import workflow code).
 */
import { SMTP_REJECTED } from '../contract/failures';
export { SMTP_REJECTED };

/** Exponential backoff from 2 s to 10 min, for ever (until an error type below, or the workflow ends). */
const BACKOFF: RetryPolicy = { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' };

/**
 * Everything that talks SMTP: sendLeadEmail, sendNotification, and the task reminders, escalations
 * and SLA checks that send notifications. A send must never be retried while an earlier attempt
 * may still be talking to the server (that is a second copy), so:
 *   - it heartbeats every few seconds for as long as the SMTP transaction lasts
 *     (activities/heartbeat-while.ts), and the heartbeat timeout only catches a dead worker;
 *   - its start-to-close outlasts nodemailer's own limits for one transaction (a queue for a pooled
 *     connection, 10 s to connect and greet, then up to lib/mail/create-mailer.ts' socketTimeout of
 *     inactivity per command: RFC 5321 §4.5.3.2 lets a server take minutes to answer the final ".").
 * Until 2026-11-30 journeys gave sends 1 minute with a 30 s heartbeat timeout, and the send beat
 * only after SMTP's "250": a server that took over 30 s got a duplicate
 * (test/integration/send-retries.test.ts).
 */
export const SEND_ACTIVITY: ActivityOptions = {
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: { ...BACKOFF, nonRetryableErrorTypes: ['NOT_FOUND', 'TEMPLATE_INVALID', SMTP_REJECTED] },
};

/**
 * A journey's `webhook` step: the receiver gets 5 tries over about three minutes (the same
 * webhook-id each time), then the step goes to its `onError` target; a refused address is not retried.
 */
export const WEBHOOK_STEP_ACTIVITY: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  retry: {
    initialInterval: '5 seconds',
    backoffCoefficient: 3,
    maximumInterval: '5 minutes',
    maximumAttempts: 5,
    nonRetryableErrorTypes: ['NOT_FOUND'],
  },
};

/**
 * A webhook delivery round (workflows/webhook-delivery-workflow.ts): POSTs with a 15 s timeout,
 * stops taking new work after ~60 s, heartbeats after every batch. Retried quickly after a crash:
 * the delivery rows say where it was.
 */
export const WEBHOOK_ROUND_ACTIVITY: ActivityOptions = {
  startToCloseTimeout: '3 minutes',
  heartbeatTimeout: '45 seconds',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '1 minute' },
};

/** The journey's other regular activities (lead updates, tasks, enrolments; bookkeeping before `journey-local-bookkeeping`). */
export const JOURNEY_ACTIVITY: ActivityOptions = {
  startToCloseTimeout: '1 minute',
  heartbeatTimeout: '30 seconds',
  retry: { ...BACKOFF, nonRetryableErrorTypes: ['NOT_FOUND', 'TEMPLATE_INVALID', 'DEFINITION_INVALID'] },
};

/** The journey's bookkeeping as local activities (ADR-016): short, idempotent database calls. */
export const JOURNEY_LOCAL_ACTIVITY: LocalActivityOptions = {
  startToCloseTimeout: '30 seconds',
  retry: { ...BACKOFF, nonRetryableErrorTypes: ['NOT_FOUND', 'DEFINITION_INVALID'] },
};

/** One batch of a CSV import: up to 500 captured rows (200 before ADR-041), routed, scored, their follow-ups handed on. */
export const IMPORT_BATCH_ACTIVITY: ActivityOptions = {
  startToCloseTimeout: '5 minutes',
  retry: { ...BACKOFF, maximumInterval: '1 minute', nonRetryableErrorTypes: ['NOT_FOUND'] },
};

/** One chunk of a bulk enrolment: up to 1,000 leads (rows in bulk, journeys started 32 at a time). */
export const BULK_ENROLL_ACTIVITY: ActivityOptions = {
  startToCloseTimeout: '5 minutes',
  retry: { ...BACKOFF, maximumInterval: '1 minute', nonRetryableErrorTypes: ['NOT_FOUND', 'CONFIG_INVALID'] },
};

/**
 * SEND_ACTIVITY on the send task queue (patch `send-task-queue`), where the deployment's send rate
 * limit holds across every worker process. Which queue an activity is scheduled on IS a command
 * change (unlike its timeouts), so workflows choose this behind patched().
 */
export const sendActivityOn = (sendTaskQueue: string): ActivityOptions => ({ ...SEND_ACTIVITY, taskQueue: sendTaskQueue });

/**
 * An import's follow-ups after its rows (ADR-051): one call starts batches' SLA watches and
 * enrolments for about a minute (heartbeating), then returns what is left; idempotent, so a retry
 * after a crash restarts the batch it was in.
 */
export const IMPORT_FOLLOW_UP_ACTIVITY: ActivityOptions = {
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: { ...BACKOFF, maximumInterval: '1 minute', nonRetryableErrorTypes: ['CONFIG_INVALID', 'NOT_FOUND'] },
};

/** A captured batch's Temporal work (up to 200 leads' notices, SLA watches and enrolments). */
export const CAPTURE_FOLLOW_UP_ACTIVITY: ActivityOptions = {
  startToCloseTimeout: '10 minutes',
  retry: { ...BACKOFF, maximumInterval: '1 minute', nonRetryableErrorTypes: ['CONFIG_INVALID'] },
};
