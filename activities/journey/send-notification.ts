import { ApplicationFailure } from '@temporalio/activity';
import type { TActivityDeps } from '../index';
import { messageIdFor } from '../../lib/mail/message-id';
import { fullNameOf } from '../../lib/mail/render-template';
import { classifySmtpFailure } from '../../lib/mail/classify-smtp-failure';
import { SMTP_REJECTED } from '../../contract/failures';
import { heartbeatWhile } from '../heartbeat-while';
import { claimEmail, markFailed, markSent } from '../../domain/emails/email-ledger';
import { staffTranslator } from '../../domain/staff/staff-translator';

/** True for the error a send throws when SMTP refused it for good (already recorded as failed). */
export const isSmtpRejected = (e: unknown): e is ApplicationFailure => e instanceof ApplicationFailure && e.type === SMTP_REJECTED;

/**
 * For activities that send a notification on the side (reminders, escalations, SLA checks): a
 * refused address is recorded (notification.failed) and must not stop the rest of their work.
 */
export const unlessSmtpRejected = (e: unknown): void => {
  if (!isSmtpRejected(e)) throw e;
};

/**
 * A plain internal email to the lead's owner (or a named address): "this lead did X".
 * Transactional: not subject to the lead's unsubscribe. Idempotent by key, like every send.
 * Heartbeats while SMTP works (see heartbeat-while.ts). An address SMTP refuses for good (5xx) is
 * recorded (row FAILED, notification.failed on the timeline) and thrown as a non-retryable
 * SMTP_REJECTED, every time this key is asked again; 4xx and network errors are thrown to retry.
 */
export function createSendNotification({ prisma, mailer, config }: Pick<TActivityDeps, 'prisma' | 'mailer' | 'config'>) {
  return async function sendNotification(input: {
    idempotencyKey: string;
    leadId: string;
    enrollmentId?: string | null | undefined;
    to: 'owner' | { email: string };
    subject: string;
    message: string;
  }): Promise<{ status: 'sent' | 'skipped'; reason?: string }> {
    const lead = await prisma.lead.findUniqueOrThrow({ where: { id: input.leadId } });
    const to = input.to === 'owner' ? lead.ownerEmail : input.to.email;
    const skip = async (reason: string, data: Record<string, string> = {}) => {
      await prisma.leadEvent.createMany({
        data: [
          {
            idempotencyKey: `${input.idempotencyKey}#skip`,
            leadId: lead.id,
            enrollmentId: input.enrollmentId ?? null,
            type: 'notification.skipped',
            data: { reason, ...data },
          },
        ],
        skipDuplicates: true,
      });
      return { status: 'skipped' as const, reason };
    };
    if (!to) return skip('lead has no owner');
    // Transactional: exempt from marketing suppression, never from a bounced address.
    const bounced = await prisma.suppression.findUnique({ where: { email_scope: { email: to.toLowerCase(), scope: 'all' } } });
    if (bounced) return skip(`suppressed:${bounced.reason}`, { to });
    const key = `${input.idempotencyKey}#notify`;
    const messageId = messageIdFor(key, config.messageIdDomain);
    const subject = `${input.subject} — ${fullNameOf(lead)}`.replace(/[\r\n]+/g, ' ');
    const claim = await claimEmail(prisma, {
      idempotencyKey: key,
      messageId,
      leadId: lead.id,
      enrollmentId: input.enrollmentId ?? null,
      category: 'notification',
      toAddress: to,
      subject,
    });
    if (claim.status === 'SENT') return { status: 'sent' };
    const rejected = (reason: string) =>
      ApplicationFailure.nonRetryable(`notification to ${to} refused: ${reason}`, SMTP_REJECTED, { emailId: claim.id, messageId });
    if (claim.status === 'FAILED') throw rejected(claim.error ?? 'refused earlier');
    const link = `${config.publicBaseUrl.replace(/\/$/, '')}/leads/${lead.id}`;
    // The lead line in the reader's language (rep card, console user, else STAFF_LOCALE).
    const leadLine = (await staffTranslator({ prisma }, to)).t('staff.notification.lead', {
      name: `${lead.firstName} ${lead.lastName ?? ''}`.trim(),
      email: lead.email,
    });
    let info: Awaited<ReturnType<typeof mailer.send>>;
    try {
      info = await heartbeatWhile(() =>
        mailer.send({
          from: config.mailFrom,
          to,
          subject,
          messageId,
          headers: { 'Auto-Submitted': 'auto-generated', 'X-Nurture-Category': 'transactional', 'X-Nurture-Lead': lead.id },
          text: `${input.message}\n\n${leadLine}\n${link}\n`,
        }),
      );
    } catch (e) {
      const failure = classifySmtpFailure(e);
      if (failure.kind === 'transient') throw e; // 4xx, network: Temporal retries with backoff
      await markFailed(prisma, {
        emailId: claim.id,
        reason: failure.reason,
        event: {
          idempotencyKey: `${key}#failed`,
          leadId: lead.id,
          enrollmentId: input.enrollmentId ?? null,
          type: 'notification.failed',
          data: { to, subject, messageId, reason: failure.reason },
        },
      });
      throw rejected(failure.reason);
    }
    await markSent(prisma, {
      emailId: claim.id,
      response: info.response,
      sentAt: new Date(),
      event: { leadId: lead.id, enrollmentId: input.enrollmentId ?? null, type: 'notification.sent', data: { to, subject, messageId } },
    });
    return { status: 'sent' };
  };
}
