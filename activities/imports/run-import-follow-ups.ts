/**
 * An import's follow-ups, after its rows are captured (ADR-051, patch
 * `import-follow-ups-after-capture`): each batch wrote its work (SLA watches, trigger enrolments,
 * digest entries) in the transaction that captured its rows (LeadImportFollowUp); the import
 * workflow, once the file is captured and the import COMPLETED, sends every rep one digest and
 * starts the rest here, batch by batch, with bounded concurrency. Both are idempotent: digests are
 * claimed in the email ledger by key, SLA watches restart, enrolment skips the leads already
 * active; a batch is marked done only after its work has started.
 */
import { ApplicationFailure, heartbeat } from '@temporalio/activity';
import type { TActivityDeps } from '../index';
import type { TCaptureFollowUps } from '../../contract/capture-follow-up';
import { runCaptureFollowUps } from '../../domain/leads/capture-lead-batch';
import { buildImportDigests } from '../../domain/imports/import-digest';
import { claimEmail, markFailed, markSent } from '../../domain/emails/email-ledger';
import { classifySmtpFailure } from '../../lib/mail/classify-smtp-failure';
import { messageIdFor } from '../../lib/mail/message-id';
import { heartbeatWhile } from '../heartbeat-while';

/** One call starts batches for about this long, then returns what is left (the workflow calls again). */
const CALL_BUDGET_MS = 60_000;

const beat = () => {
  try {
    heartbeat();
  } catch {
    // outside an activity (a plain call in a test)
  }
};

/** Starts the SLA watches and enrolments of the import's batches not yet done, in file order. */
export function createRunImportFollowUps({ prisma, crm }: Pick<TActivityDeps, 'prisma' | 'crm'>) {
  return async function runImportFollowUps({ importId }: { importId: string }): Promise<{ remaining: number }> {
    if (!crm) throw ApplicationFailure.nonRetryable('This worker has no Temporal client, so it cannot start follow-ups', 'CONFIG_INVALID');
    const started = Date.now();
    const pending = await prisma.leadImportFollowUp.findMany({
      where: { importId, doneAt: null },
      orderBy: { batchFrom: 'asc' },
      select: { id: true },
    });
    let done = 0;
    for (const { id } of pending) {
      if (Date.now() - started > CALL_BUDGET_MS) break;
      const row = await prisma.leadImportFollowUp.findUniqueOrThrow({ where: { id }, select: { work: true } });
      const { notices, slaWatches, enrolments } = row.work as TCaptureFollowUps;
      // Notices are empty for imports (the digest replaces them); kept for rows that carry some.
      await heartbeatWhile(() => runCaptureFollowUps(crm, { notices, slaWatches, enrolments }));
      await prisma.leadImportFollowUp.update({ where: { id }, data: { doneAt: new Date() } });
      done++;
      beat();
    }
    return { remaining: pending.length - done };
  };
}

/**
 * Sends each rep of the import one digest (domain/imports/import-digest.ts) through the email
 * ledger: a key per import and rep (`import-digest/<importId>/<rep>#notify`), claimed before SMTP,
 * so a retry never sends a second copy. An address SMTP refuses for good is recorded (row FAILED,
 * notification.failed on the first listed lead) and the other reps still get theirs; a transient
 * failure is thrown for Temporal to retry (the reps already sent are skipped then).
 */
export function createSendImportDigests({ prisma, mailer, config }: Pick<TActivityDeps, 'prisma' | 'mailer' | 'config'>) {
  return async function sendImportDigests({ importId }: { importId: string }): Promise<{ sent: number; skipped: number; failed: number }> {
    const digests = await buildImportDigests({ prisma, publicBaseUrl: config.publicBaseUrl, importId });
    const counts = { sent: 0, skipped: 0, failed: 0 };
    for (const digest of digests) {
      const key = `import-digest/${importId}/${digest.to}#notify`;
      const messageId = messageIdFor(key, config.messageIdDomain);
      const event = { leadId: digest.firstLeadId, enrollmentId: null };
      const bounced = await prisma.suppression.findUnique({
        where: { email_scope: { email: digest.to.toLowerCase(), scope: 'all' } },
      });
      if (bounced) {
        await prisma.leadEvent.createMany({
          data: [
            {
              ...event,
              idempotencyKey: `${key}#skip`,
              type: 'notification.skipped',
              data: { reason: `suppressed:${bounced.reason}`, to: digest.to, importId },
            },
          ],
          skipDuplicates: true,
        });
        counts.skipped++;
        continue;
      }
      const claim = await claimEmail(prisma, {
        idempotencyKey: key,
        messageId,
        leadId: digest.firstLeadId,
        category: 'notification',
        toAddress: digest.to,
        subject: digest.subject,
      });
      if (claim.status === 'SENT' || claim.status === 'FAILED') {
        counts[claim.status === 'SENT' ? 'sent' : 'failed']++;
        continue;
      }
      const data = { to: digest.to, subject: digest.subject, messageId, importId, assigned: digest.assigned, returned: digest.returned };
      let response: string;
      try {
        response = (
          await heartbeatWhile(() =>
            mailer.send({
              from: config.mailFrom,
              to: digest.to,
              subject: digest.subject,
              messageId,
              headers: { 'Auto-Submitted': 'auto-generated', 'X-Nurture-Category': 'transactional', 'X-Nurture-Import': importId },
              text: digest.text,
            }),
          )
        ).response;
      } catch (e) {
        const failure = classifySmtpFailure(e);
        if (failure.kind === 'transient') throw e; // 4xx, network: Temporal retries with backoff
        await markFailed(prisma, {
          emailId: claim.id,
          reason: failure.reason,
          event: { ...event, idempotencyKey: `${key}#failed`, type: 'notification.failed', data: { ...data, reason: failure.reason } },
        });
        counts.failed++;
        continue;
      }
      await markSent(prisma, { emailId: claim.id, response, sentAt: new Date(), event: { ...event, type: 'notification.sent', data } });
      counts.sent++;
    }
    return counts;
  };
}
