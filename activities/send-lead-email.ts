/**
 * Sends one template to one lead exactly once per idempotency key, and records every outcome.
 *
 *   1. claim: insert EmailMessage(idempotencyKey) before SMTP (ON CONFLICT DO NOTHING);
 *      a key already SENT or FAILED returns the recorded result, never a second send;
 *   2. send with a Message-ID derived from the key (a resend carries the same id);
 *   3. heartbeat "accepted" at once, so a retry after a failure to record (step 4) knows SMTP
 *      accepted and records instead of sending again;
 *   4. record SENT (or FAILED for a permanent 5xx) and a timeline event, in one transaction.
 * The remaining window (worker killed between SMTP accept and the first heartbeat reaching
 * the server) is described in the README under "Exactly-once sends".
 */
import { activityInfo, ApplicationFailure, heartbeat, Context } from '@temporalio/activity';
import type { TActivityDeps } from './index';
import { renderCompiled, templateContextFor } from '../lib/mail/render-template';
import { messageIdFor } from '../lib/mail/message-id';
import { signToken } from '../lib/security/signed-token';

export type TSendLeadEmailInput = {
  leadId: string;
  templateKey: string;
  idempotencyKey: string;
  workflowId?: string;
  enrollmentId?: string;
  stepId?: string;
  /** marketing (default) obeys unsubscribe and carries List-Unsubscribe; sales is a 1:1 email. */
  category?: 'marketing' | 'sales';
  /** Send as the lead's owning rep (sales follow-ups) instead of MAIL_FROM. */
  fromOwner?: boolean;
  /** Workflow time of the send, recorded as EmailMessage.scheduledFor. */
  scheduledForMs?: number;
};

export type TSendLeadEmailResult = {
  status: 'sent' | 'suppressed' | 'failed';
  emailId: string | null;
  messageId: string | null;
  /** True when the key was already settled and nothing was sent this time. */
  alreadySettled: boolean;
  reason?: string;
};

type TSendHeartbeat = { smtpAccepted: true; response: string };

export const unsubscribeUrlFor = (leadId: string, deps: Pick<TActivityDeps, 'config'>) =>
  `${deps.config.publicBaseUrl.replace(/\/$/, '')}/u/${signToken({ l: leadId, p: 'unsub' }, deps.config.signingSecret)}`;

function lastHeartbeat(): TSendHeartbeat | undefined {
  try {
    const details = activityInfo().heartbeatDetails as Partial<TSendHeartbeat> | undefined;
    return details?.smtpAccepted ? (details as TSendHeartbeat) : undefined;
  } catch {
    return undefined; // not running inside an activity (plain unit call)
  }
}

function beat(details: TSendHeartbeat): void {
  try {
    Context.current();
  } catch {
    return;
  }
  heartbeat(details);
}

export function createSendLeadEmail(deps: TActivityDeps) {
  const { prisma, mailer, templates, config } = deps;

  return async function sendLeadEmail(input: TSendLeadEmailInput): Promise<TSendLeadEmailResult> {
    const lead = await prisma.lead.findUnique({ where: { id: input.leadId } });
    if (!lead) throw ApplicationFailure.nonRetryable(`Lead ${input.leadId} does not exist`, 'NOT_FOUND');

    const template = await prisma.emailTemplate.findFirst({ where: { key: input.templateKey }, orderBy: { version: 'desc' } });
    if (!template) throw ApplicationFailure.nonRetryable(`Template ${input.templateKey} does not exist`, 'NOT_FOUND');

    const category = input.category ?? 'marketing';
    if (category === 'marketing' && lead.unsubscribedAt) {
      await prisma.leadEvent.create({
        data: {
          leadId: lead.id,
          enrollmentId: input.enrollmentId ?? null,
          type: 'email.suppressed',
          data: { templateKey: template.key, reason: 'unsubscribed', idempotencyKey: input.idempotencyKey },
        },
      });
      return { status: 'suppressed', emailId: null, messageId: null, alreadySettled: false, reason: 'unsubscribed' };
    }

    const compiled = await templates.get(template.id, template);
    const unsubscribeUrl = unsubscribeUrlFor(lead.id, deps);
    const context = templateContextFor(lead, {
      name: input.fromOwner && lead.ownerName ? lead.ownerName : config.mailFrom.replace(/\s*<.*$/, ''),
      unsubscribeUrl,
    });
    const rendered = renderCompiled(compiled, context);
    const messageId = messageIdFor(input.idempotencyKey, config.messageIdDomain);

    // 1. Claim the key.
    await prisma.emailMessage.createMany({
      data: [
        {
          idempotencyKey: input.idempotencyKey,
          messageId,
          leadId: lead.id,
          templateId: template.id,
          enrollmentId: input.enrollmentId ?? null,
          stepId: input.stepId ?? null,
          category,
          workflowId: input.workflowId ?? null,
          scheduledFor: input.scheduledForMs !== undefined ? new Date(input.scheduledForMs) : null,
          toAddress: lead.email,
          subject: rendered.subject,
        },
      ],
      skipDuplicates: true,
    });
    const claim = await prisma.emailMessage.findUniqueOrThrow({ where: { idempotencyKey: input.idempotencyKey } });
    if (claim.status !== 'CLAIMED') {
      return {
        status: claim.status === 'SENT' ? 'sent' : 'failed',
        emailId: claim.id,
        messageId: claim.messageId,
        alreadySettled: true,
        ...(claim.error ? { reason: claim.error } : {}),
      };
    }

    // 2–3. Send, unless a previous attempt already got SMTP's acceptance.
    let response = lastHeartbeat()?.response;
    if (response === undefined) {
      if (activityAttempt() > 1) {
        await prisma.emailMessage.update({ where: { id: claim.id }, data: { attempts: { increment: 1 } } });
      }
      try {
        const from = input.fromOwner && lead.ownerEmail ? { name: lead.ownerName ?? '', address: lead.ownerEmail } : config.mailFrom;
        const info = await mailer.send({
          from,
          to: { name: context['lead.fullName'], address: lead.email },
          subject: rendered.subject,
          html: rendered.html,
          text: rendered.text,
          messageId,
          headers: {
            ...(category === 'marketing'
              ? { 'List-Unsubscribe': `<${unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' }
              : {}),
            'X-Nurture-Lead': lead.id,
          },
        });
        response = info.response;
      } catch (e) {
        const code = (e as { responseCode?: number }).responseCode;
        const reason = `${code ? `SMTP ${code}: ` : ''}${(e as Error).message}`;
        if (code !== undefined && code >= 500) {
          await prisma.$transaction([
            prisma.emailMessage.update({ where: { id: claim.id }, data: { status: 'FAILED', error: reason } }),
            prisma.leadEvent.create({
              data: {
                leadId: lead.id,
                enrollmentId: input.enrollmentId ?? null,
                type: 'email.failed',
                data: { emailId: claim.id, messageId, reason },
              },
            }),
          ]);
          return { status: 'failed', emailId: claim.id, messageId, alreadySettled: false, reason };
        }
        throw e; // transient (connection, 4xx): Temporal retries with backoff; same key, same Message-ID
      }
      beat({ smtpAccepted: true, response });
    }

    // 4. Record.
    const sentAt = new Date();
    await prisma.$transaction([
      prisma.emailMessage.update({ where: { id: claim.id }, data: { status: 'SENT', smtpResponse: response, sentAt } }),
      prisma.leadEvent.create({
        data: {
          leadId: lead.id,
          enrollmentId: input.enrollmentId ?? null,
          type: 'email.sent',
          occurredAt: sentAt,
          data: {
            emailId: claim.id,
            messageId,
            templateKey: template.key,
            templateVersion: template.version,
            subject: rendered.subject,
            stepId: input.stepId ?? null,
            category,
          },
        },
      }),
    ]);
    return { status: 'sent', emailId: claim.id, messageId, alreadySettled: false };
  };
}

function activityAttempt(): number {
  try {
    return activityInfo().attempt;
  } catch {
    return 1;
  }
}
