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

/** One batch of a CSV import: up to 200 captured rows, each with routing and triggers. */
export const IMPORT_BATCH_ACTIVITY: ActivityOptions = {
  startToCloseTimeout: '5 minutes',
  retry: { ...BACKOFF, maximumInterval: '1 minute', nonRetryableErrorTypes: ['NOT_FOUND'] },
};
