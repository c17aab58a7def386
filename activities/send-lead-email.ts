/**
 * Sends one template to one lead exactly once per idempotency key, and records every outcome.
 *
 *   0. policy (domain/deliverability/check-send-policy.ts): suppressed addresses, unsubscribes
 *      and topic opt-outs are not sent to; marketing mail over the frequency cap, in quiet hours
 *      or while the lead paused marketing is postponed: the journey waits and asks again;
 *   1. claim: insert EmailMessage(idempotencyKey) before SMTP (ON CONFLICT DO NOTHING);
 *      a key already SENT or FAILED returns the recorded result, never a second send;
 *   2. send with a Message-ID derived from the key (a resend carries the same id), the
 *      compliance footer and List-Unsubscribe headers on marketing mail, tracked links; heartbeat
 *      every few seconds while SMTP works (heartbeat-while.ts), so a slow server is never taken
 *      for a dead worker and retried while this attempt is still sending;
 *   3. heartbeat "accepted" at once, so a retry after a failure to record (step 4) knows SMTP
 *      accepted and records instead of sending again;
 *   4. record SENT and a timeline event, in one transaction.
 * A failure is classified by classifySmtpFailure: permanent (5xx, no valid recipient) is recorded
 * FAILED and thrown as a non-retryable SMTP_REJECTED (journeys go on to the next step); transient
 * (4xx, network) is thrown for Temporal to retry. A 5.1.x answer at RCPT is a hard bounce (address
 * suppressed); a 4xx repeated over SMTP_SOFT_BOUNCE_ATTEMPTS attempts is a soft bounce, recorded
 * and thrown like a permanent failure. The remaining window (worker killed between SMTP accept and
 * the first heartbeat reaching the server) is described in the README under "Exactly-once sends".
 *
 * The phases live apart (ADR-041) and this activity orchestrates them: the send policy
 * (domain/deliverability/check-send-policy.ts), composing the email (domain/emails/compose-lead-email.ts),
 * the ledger's claim and settlements (domain/emails/email-ledger.ts, shared with notifications)
 * and the pure SMTP-failure classifier (lib/mail/classify-smtp-failure.ts).
 */
import { activityInfo, ApplicationFailure, heartbeat, Context } from '@temporalio/activity';
import type { TActivityDeps } from './index';
import type { TOfferKind } from '../domain/catalogue/pick-offer';
import { composeLeadEmail } from '../domain/emails/compose-lead-email';
import {
  claimEmail,
  markFailed,
  markRetrying,
  markSent,
  markSuppressed,
  markTransientFailure,
  recordPostponed,
} from '../domain/emails/email-ledger';
import { decideSendPolicy, sendPolicyFacts, type TSendDecision } from '../domain/deliverability/check-send-policy';
import { leadEventRows, type TJourneyEventRow } from '../domain/journeys/record-journey-events';
import { createTemplateRows, readSendFacts } from '../domain/emails/read-send-facts';
import { toLeadSnapshot } from '../domain/leads/to-lead-snapshot';
import { readLead, readUnsubscribedAt } from '../domain/leads/read-lead';
import { metGoal, type TEngagementEvent, type TLeadSnapshot } from '../journey/engine';
import type { TGoal } from '../journey/definition';
import { endEnrollment, type TJourneyEnd } from '../domain/journeys/end-enrollment';
import { recordDeliveryEvent } from '../domain/deliverability/record-delivery-event';
import { classifySmtpFailure } from '../lib/mail/classify-smtp-failure';
import { SMTP_REJECTED } from '../contract/failures';
import { heartbeatWhile } from './heartbeat-while';
import { withSendMetrics } from '../lib/metrics/email-metrics';
import { domainOfAddress, sendingDomainFor } from '../domain/deliverability/sender-reputation';

/** Recorded on a claim that is settled without sending after an attempt died mid-SMTP. */
export const INTERRUPTED_AT_SMTP = 'an earlier attempt was interrupted at SMTP and may have been delivered';

/** SMTP 4xx answers for one message before it counts as a soft bounce and fails. */
export const SMTP_SOFT_BOUNCE_ATTEMPTS = 5;

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
  /** The sequence's topic (preference-centre opt-outs); "general" when unset. */
  topic?: string | undefined;
  /**
   * Journeys that can wait set this: marketing mail in quiet hours, over the frequency cap or
   * while the lead paused marketing comes back as `postponed` instead of being sent now.
   */
  canPostpone?: boolean;
  /** An offer step: no product left to offer → `skipped`, nothing claimed or sent. */
  offer?: TOfferKind | undefined;
  /** A greetings step: the holiday ({{holiday.name}}), e.g. "independence-day-2026". */
  holidayId?: string | undefined;
  /**
   * The journey's timeline rows not yet written (e.g. its `step.started`), written by this send
   * in its first round of queries, once per key (patch `journey-step-fold`).
   */
  journeyEvents?: TJourneyEventRow[] | undefined;
  /**
   * The email is its journey's last step (patch `journey-current-2026-12-01`, ADR-054): once it is
   * sent, the statement that records it also ends the enrolment COMPLETED, with `rows` (the
   * step's `step.finished`) stamped with the time it was recorded, unless the lead as this send
   * read it meets one of `goals` (with the journey's `events`) or, with `unsubscribedEnds`, has
   * unsubscribed: the journey then ends itself, as it always did. The result says `completed`.
   */
  completesJourney?: TCompletesJourney | undefined;
};

export type TCompletesJourney = {
  rows: TJourneyEventRow[];
  goals: TGoal[];
  events: TEngagementEvent[];
  unsubscribedEnds: boolean;
};

export type TSendLeadEmailResult = {
  status: 'sent' | 'suppressed' | 'failed' | 'postponed' | 'skipped';
  /** For `postponed`: the earliest time the policy allows the send. */
  untilMs?: number;
  emailId: string | null;
  messageId: string | null;
  /** True when the key was already settled and nothing was sent this time. */
  alreadySettled: boolean;
  reason?: string;
  /** The lead as this send read it (journeys from patch `journey-step-fold` on go on with it instead of reading it again). */
  lead?: TLeadSnapshot;
  /** `completesJourney` was asked and the enrolment is COMPLETED (written with the SENT row, or found SENT and ended now). */
  completed?: true;
};

type TSendHeartbeat = { smtpAccepted: true; response: string };

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
  const templateRow = createTemplateRows(prisma);

  return withSendMetrics(async function sendLeadEmail(input: TSendLeadEmailInput): Promise<TSendLeadEmailResult> {
    const category = input.category ?? 'marketing';
    /** SMTP accepted this message in an earlier attempt that died before recording it: only record it now. */
    const accepted = lastHeartbeat();
    const atMs = input.scheduledForMs ?? Date.now();
    const policyRequest = { lead: { id: input.leadId }, atMs, idempotencyKey: input.idempotencyKey };
    // One round trip beside the lead's read (issue 13, ADR-053): the journey's pending timeline rows
    // written, the template's latest version, the key's ledger row and the whole send policy's
    // facts (with the lead's own sending domain unless the mail goes out as its owner, whose
    // address is on the lead). A template version's row is cached; the ledger row is read only on a retry.
    const [lead, facts] = await Promise.all([
      readLead(prisma, input.leadId),
      readSendFacts(prisma, {
        templateKey: input.templateKey,
        idempotencyKey: input.idempotencyKey,
        journeyEvents: input.journeyEvents ?? [],
        policy:
          accepted || input.fromOwner
            ? undefined
            : { request: { ...policyRequest, senderDomain: domainOfAddress(config.mailFrom) }, config: config.sendPolicy },
      }),
    ]);
    const [template, existing] = await Promise.all([
      facts.templateId ? templateRow(facts.templateId) : null,
      facts.existingEmailId ? prisma.emailMessage.findUnique({ where: { id: facts.existingEmailId } }) : null,
    ]);
    const earlyFacts = facts.policy;
    if (!lead) throw ApplicationFailure.nonRetryable(`Lead ${input.leadId} does not exist`, 'NOT_FOUND');
    if (!template) throw ApplicationFailure.nonRetryable(`Template ${input.templateKey} does not exist`, 'NOT_FOUND');
    /** The lead as the journey sees it, read by this send: the journey need not read it again (patch `journey-step-fold`). */
    const snapshot = toLeadSnapshot(lead);

    /** The journey's end this email carries, if it asked for one and the lead still lets it complete. */
    const completion = (at: Date): TJourneyEnd | undefined => {
      const ask = input.completesJourney;
      if (!ask || !input.enrollmentId) return undefined;
      if ((ask.unsubscribedEnds && snapshot.unsubscribed) || metGoal(ask.goals, snapshot, ask.events)) return undefined;
      // When the step finished: the send's record (the journey's clock may lag it by up to a minute, or lead it under time-skipping).
      const endedAt = new Date(Math.max(at.getTime(), ...ask.rows.map((row) => row.atMs)));
      const rows = leadEventRows(ask.rows.map((row) => ({ ...row, atMs: endedAt.getTime() })));
      return { end: { enrollmentId: input.enrollmentId, leadId: lead.id, status: 'COMPLETED', reason: 'completed', endedAt }, rows };
    };
    /** A key already settled: its result; SENT by an attempt whose journey end may not have landed, it ends the journey now. */
    const settledWith = async (row: NonNullable<typeof existing>): Promise<TSendLeadEmailResult> => {
      const result = { ...settled(row), lead: snapshot };
      const end = result.status === 'sent' ? completion(row.sentAt ?? new Date()) : undefined;
      if (!end) return result;
      await endEnrollment(prisma, end);
      return { ...result, completed: true };
    };

    if (existing && existing.status !== 'CLAIMED') return settledWith(existing);
    /**
     * An earlier attempt may have reached SMTP without recording an outcome: its worker died with
     * the row marked `sendingAt`, or a transient error struck once the message could have been
     * delivered (kept on the row, since the next attempt clears nothing it cannot know).
     */
    const priorAttemptAtSmtp =
      accepted === undefined && (Boolean(existing?.sendingAt) || Boolean(existing?.error?.includes(INTERRUPTED_AT_SMTP)));

    // 0. Policy (not for a message SMTP already accepted: it went out, and the row must say so).
    const senderDomain = sendingDomainFor(input, lead, config);
    const policy = {
      ...policyRequest,
      lead,
      category,
      topic: input.topic,
      canPostpone: input.canPostpone ?? false,
      senderDomain,
    };
    const decision: TSendDecision = accepted
      ? { action: 'send' }
      : decideSendPolicy(earlyFacts ?? (await sendPolicyFacts(prisma, policy, config.sendPolicy)), policy, config.sendPolicy);
    /** Not sent, and why: the claim (if any) fails with the reason, the timeline says so once. */
    const suppress = async (reason: string, claimId: string | null): Promise<TSendLeadEmailResult> => {
      await markSuppressed(prisma, {
        emailId: claimId,
        reason,
        event: {
          idempotencyKey: `${input.idempotencyKey}#suppressed`,
          leadId: lead.id,
          enrollmentId: input.enrollmentId ?? null,
          type: 'email.suppressed',
          occurredAt: new Date(atMs),
          data: { templateKey: template.key, stepId: input.stepId ?? null, reason, idempotencyKey: input.idempotencyKey },
        },
      });
      return { status: 'suppressed', emailId: claimId, messageId: null, alreadySettled: false, reason, lead: snapshot };
    };
    if (decision.action === 'suppress') {
      // An earlier attempt that died at SMTP (its mark is still set) may have been delivered: say so.
      const interrupted = priorAttemptAtSmtp ? `; ${INTERRUPTED_AT_SMTP}` : '';
      return suppress(`${decision.reason}${interrupted}`, existing?.id ?? null);
    }
    if (decision.action === 'skip') {
      // This email only (its sending domain is paused and it cannot wait): the journey goes on.
      await markSuppressed(prisma, {
        emailId: existing?.id ?? null,
        reason: decision.reason,
        event: {
          idempotencyKey: `${input.idempotencyKey}#skipped`,
          leadId: lead.id,
          enrollmentId: input.enrollmentId ?? null,
          type: 'email.skipped',
          occurredAt: new Date(atMs),
          data: { templateKey: template.key, stepId: input.stepId ?? null, reason: decision.reason },
        },
      });
      return {
        status: 'skipped',
        emailId: existing?.id ?? null,
        messageId: null,
        alreadySettled: false,
        reason: decision.reason,
        lead: snapshot,
      };
    }
    if (decision.action === 'postpone') {
      const reason = decision.reasons.join('; ');
      await recordPostponed(prisma, {
        idempotencyKey: `${input.idempotencyKey}#postponed@${decision.untilMs}`,
        leadId: lead.id,
        enrollmentId: input.enrollmentId ?? null,
        type: 'email.postponed',
        occurredAt: new Date(atMs),
        data: { templateKey: template.key, stepId: input.stepId ?? null, until: new Date(decision.untilMs).toISOString(), reason },
      });
      return {
        status: 'postponed',
        untilMs: decision.untilMs,
        emailId: null,
        messageId: null,
        alreadySettled: false,
        reason,
        lead: snapshot,
      };
    }

    // Compose (domain/emails/compose-lead-email.ts): content, footer, tracked links, headers.
    const email = await composeLeadEmail(
      { prisma, templates, config },
      {
        lead,
        template,
        category,
        idempotencyKey: input.idempotencyKey,
        fromOwner: input.fromOwner,
        stepId: input.stepId,
        topic: input.topic,
        offer: input.offer,
        pickOffers: !accepted,
        holidayId: input.holidayId,
      },
    );
    if (email.kind === 'skipped') {
      return { status: 'skipped', emailId: null, messageId: null, alreadySettled: false, reason: email.reason, lead: snapshot };
    }
    const { messageId } = email;

    // 1. Claim the key.
    const claim = await claimEmail(prisma, {
      idempotencyKey: input.idempotencyKey,
      messageId,
      leadId: lead.id,
      templateId: template.id,
      enrollmentId: input.enrollmentId ?? null,
      stepId: input.stepId ?? null,
      category,
      fromDomain: sendingDomainFor(input, lead, config),
      workflowId: input.workflowId ?? null,
      scheduledFor: input.scheduledForMs !== undefined ? new Date(input.scheduledForMs) : null,
      toAddress: lead.email,
      subject: email.subject,
      sendingAt: new Date(),
    });
    if (claim.status !== 'CLAIMED') return settledWith(claim);

    // 2–3. Send, unless a previous attempt already got SMTP's acceptance.
    let response = accepted?.response;
    // Beat the carried-over acceptance again: if recording fails once more, the next attempt must still know.
    if (accepted) beat(accepted);
    if (response === undefined) {
      // Unsubscribe and in-flight sends meet here. This attempt's `sendingAt` is committed
      // (by the claim, or the update below) before `unsubscribedAt` is read; unsubscribeLead
      // commits `unsubscribedAt` before it looks for rows with `sendingAt`. So either this read
      // sees the unsubscribe, or the unsubscribe is acknowledged only after this send is done.
      if (activityAttempt() > 1) {
        await markRetrying(prisma, claim.id);
      }
      if (category === 'marketing') {
        if (await readUnsubscribedAt(prisma, lead.id))
          return suppress(priorAttemptAtSmtp ? `unsubscribed; ${INTERRUPTED_AT_SMTP}` : 'unsubscribed', claim.id);
      }
      try {
        // Every beat while SMTP works carries nothing: a retry must not mistake it for "accepted".
        const info = await heartbeatWhile(() =>
          mailer.send({
            // The claim key: an HTTP transport hands it to the ESP, which collapses a retried send.
            idempotencyKey: input.idempotencyKey,
            from: email.from,
            to: email.to,
            subject: email.subject,
            html: email.html,
            text: email.text,
            messageId,
            headers: email.headers,
          }),
        );
        response = info.response;
      } catch (e) {
        const failure = classifySmtpFailure(e);
        const { reason, code } = failure;
        const hardBounce = failure.invalidRecipient;
        const softBounce =
          failure.kind === 'transient' && code !== undefined && code >= 400 && code < 500 && activityAttempt() >= SMTP_SOFT_BOUNCE_ATTEMPTS;
        if (hardBounce || softBounce) {
          await recordDeliveryEvent(
            prisma,
            { email: lead.email, kind: hardBounce ? 'HARD_BOUNCE' : 'SOFT_BOUNCE', source: 'smtp', messageId, detail: reason },
            { softBounceLimit: config.softBounceLimit },
          );
        }
        if (failure.kind === 'permanent' || softBounce) {
          const bounce = hardBounce ? 'hard' : softBounce ? 'soft' : null;
          await markFailed(prisma, {
            emailId: claim.id,
            reason,
            event: {
              leadId: lead.id,
              enrollmentId: input.enrollmentId ?? null,
              type: 'email.failed',
              data: { emailId: claim.id, messageId, reason, bounce },
            },
          });
          // Recorded; a retry would only be refused again. (A later call with this key returns `failed`.)
          throw ApplicationFailure.nonRetryable(reason, SMTP_REJECTED, { emailId: claim.id, messageId, code: code ?? null, bounce });
        }
        // Transient (connection, 4xx): Temporal retries with backoff; same key, same Message-ID.
        // A failure once the message was on the wire (or after an earlier interrupted attempt)
        // leaves the possibility of delivery on the row, so a later suppression says so.
        const mayHaveReachedSmtp = priorAttemptAtSmtp || failure.mayHaveReachedSmtp;
        await markTransientFailure(prisma, claim.id, mayHaveReachedSmtp ? `${reason}; ${INTERRUPTED_AT_SMTP}` : reason);
        throw e;
      }
      beat({ smtpAccepted: true, response });
    }

    // 4. Record (and, for a journey's last step, end the journey: ADR-054).
    const sentAt = new Date();
    const ends = completion(sentAt);
    await markSent(prisma, {
      completion: ends,
      emailId: claim.id,
      response,
      sentAt,
      event: {
        leadId: lead.id,
        enrollmentId: input.enrollmentId ?? null,
        type: 'email.sent',
        occurredAt: sentAt,
        data: {
          emailId: claim.id,
          messageId,
          templateKey: template.key,
          templateVersion: template.version,
          subject: email.subject,
          stepId: input.stepId ?? null,
          category,
        },
      },
    });
    return { status: 'sent', emailId: claim.id, messageId, alreadySettled: false, lead: snapshot, ...(ends ? { completed: true } : {}) };
  });
}

function settled(row: { id: string; status: string; messageId: string; error: string | null }): TSendLeadEmailResult {
  return {
    status: row.status === 'SENT' || row.status === 'BOUNCED' ? 'sent' : 'failed',
    emailId: row.id,
    messageId: row.messageId,
    alreadySettled: true,
    ...(row.error ? { reason: row.error } : {}),
  };
}

function activityAttempt(): number {
  try {
    return activityInfo().attempt;
  } catch {
    return 1;
  }
}
