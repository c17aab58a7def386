import type { TActivityDeps } from '../index';
import { messageIdFor } from '../../lib/mail/message-id';
import { fullNameOf } from '../../lib/mail/render-template';

/**
 * A plain internal email to the lead's owner (or a named address): "this lead did X".
 * Transactional: not subject to the lead's unsubscribe. Idempotent by key, like every send.
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
    await prisma.emailMessage.createMany({
      data: [
        {
          idempotencyKey: key,
          messageId,
          leadId: lead.id,
          enrollmentId: input.enrollmentId ?? null,
          category: 'notification',
          toAddress: to,
          subject,
        },
      ],
      skipDuplicates: true,
    });
    const claim = await prisma.emailMessage.findUniqueOrThrow({ where: { idempotencyKey: key } });
    if (claim.status === 'SENT') return { status: 'sent' };
    const link = `${config.publicBaseUrl.replace(/\/$/, '')}/leads/${lead.id}`;
    const info = await mailer.send({
      from: config.mailFrom,
      to,
      subject,
      messageId,
      headers: { 'Auto-Submitted': 'auto-generated', 'X-Nurture-Category': 'transactional', 'X-Nurture-Lead': lead.id },
      text: `${input.message}\n\nLead: ${lead.firstName} ${lead.lastName ?? ''} <${lead.email}>\n${link}\n`,
    });
    await prisma.$transaction([
      prisma.emailMessage.update({ where: { id: claim.id }, data: { status: 'SENT', smtpResponse: info.response, sentAt: new Date() } }),
      prisma.leadEvent.create({
        data: { leadId: lead.id, enrollmentId: input.enrollmentId ?? null, type: 'notification.sent', data: { to, subject, messageId } },
      }),
    ]);
    return { status: 'sent' };
  };
}
