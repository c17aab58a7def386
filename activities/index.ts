/**
 * Activities are built by a factory from their dependencies: the worker passes real parts,
 * tests pass their own (createActivities({ prisma, mailer, … })).
 */
import type { PrismaClient } from '../generated/prisma/client';
import type { TMailer } from '../lib/mail/create-mailer';
import type { TemplateCache } from '../lib/mail/render-template';
import { createSendLeadEmail } from './send-lead-email';
import { createBeginJourney, createLoadJourney } from './journey/load-journey';
import { createLoadLeadSnapshot } from './journey/load-lead-snapshot';
import { createRecordJourneyEvent, createRecordJourneyEvents } from './journey/record-journey-event';
import { createDecideSplitWinner } from './journey/decide-split-winner';
import { createFinishEnrollment } from './journey/finish-enrollment';
import { createUpdateLeadFromJourney } from './journey/update-lead-from-journey';
import { createCreateTask } from './journey/create-task';
import { createSendNotification } from './journey/send-notification';
import { createEnrollFromJourney } from './journey/enroll-from-journey';
import type { TEnrollLeads } from '../domain/sequences/enroll-leads';
import type { TSendPolicyConfig } from '../domain/deliverability/check-send-policy';
import type { TEnv } from '../lib/env';
import type { TCrmDeps } from '../domain/crm/crm-deps';
import { createRemindOverdueTask } from './tasks/remind-overdue-task';
import { createEscalateOverdueTask } from './tasks/escalate-overdue-task';
import { createCheckLeadSla } from './leads/check-lead-sla';
import { createImportLeadBatch } from './imports/import-lead-batch';
import { createFinishLeadImport } from './imports/finish-lead-import';
import { createDeliverWebhooks } from './webhooks/deliver-webhooks';
import { createCallJourneyWebhook } from './journey/call-journey-webhook';
import type { TWebhookConfig } from '../domain/webhooks/deliver-webhooks';
import { parseRetrySchedule } from '../lib/webhooks/retry-schedule';
import { createEnrollBulkChunk, createFinishBulkEnrollment } from './sequences/bulk-enroll';
import { createRunCaptureFollowUps } from './leads/run-capture-follow-ups';
import { createRunImportFollowUps, createSendImportDigests } from './imports/run-import-follow-ups';

export type TActivityDeps = {
  prisma: PrismaClient;
  mailer: TMailer;
  templates: TemplateCache;
  config: TActivityConfig;
  /** Enrolls leads in a sequence (needs a Temporal client); absent in workers that cannot. */
  enroll?: TEnrollLeads;
  /** Lead lifecycle operations (routing, triggers, imports); needs a Temporal client too. */
  crm?: TCrmDeps;
};

export type TActivityConfig = {
  mailFrom: string;
  messageIdDomain: string;
  publicBaseUrl: string;
  signingSecret: string;
  /** Printed in every marketing footer. */
  postalAddress: string;
  /** The mailto: address in List-Unsubscribe. */
  unsubscribeMailto: string;
  sendPolicy: TSendPolicyConfig;
  tracking: { opens: boolean; clicks: boolean };
  softBounceLimit: number;
  /** ISO 4217 currency for {{offer.price}}. */
  currency: string;
  /** An overdue task is escalated to the rep's manager this long after its reminder. */
  taskEscalateAfterMs: number;
  /** Gets escalations when the rep has no manager (ESCALATION_EMAIL). */
  escalationEmail: string | undefined;
  /** How long a new owner has to act on a lead, by heat, before it is reassigned. */
  routingSlaMs: Record<'HOT' | 'WARM' | 'COLD', number>;
  /** What a referrer gets when a lead they referred becomes a customer (REFERRAL_REWARD). */
  referralReward: string;
  /** Outgoing webhooks (WEBHOOK_*). */
  webhooks: Omit<TWebhookConfig, 'mailFrom'>;
};

export type TActivityEnv = Pick<
  TEnv,
  | 'MAIL_FROM'
  | 'MESSAGE_ID_DOMAIN'
  | 'PUBLIC_BASE_URL'
  | 'SIGNING_SECRET'
  | 'MAIL_POSTAL_ADDRESS'
  | 'UNSUBSCRIBE_MAILTO'
  | 'QUIET_HOURS'
  | 'FREQUENCY_CAP'
  | 'REQUIRE_MARKETING_CONSENT'
  | 'TRACK_OPENS'
  | 'TRACK_CLICKS'
  | 'SOFT_BOUNCE_LIMIT'
  | 'CURRENCY'
  | 'TASK_ESCALATE_AFTER'
  | 'ESCALATION_EMAIL'
  | 'ROUTING_SLA'
  | 'REFERRAL_REWARD'
  | 'DEFAULT_PHONE_REGION'
> &
  Partial<Pick<TEnv, 'WEBHOOK_ALLOW_PRIVATE_NETWORKS' | 'WEBHOOK_RETRY_SCHEDULE' | 'WEBHOOK_POLL_INTERVAL'>>;

/** The dev postal address; production must set MAIL_POSTAL_ADDRESS (ZEnv enforces it). */
export const DEV_POSTAL_ADDRESS = 'Nurture Engine (development) · 1 Example Street · 00100 Helsinki · Finland';

export function activityConfigFromEnv(env: TActivityEnv): TActivityConfig {
  return {
    mailFrom: env.MAIL_FROM,
    messageIdDomain: env.MESSAGE_ID_DOMAIN,
    publicBaseUrl: env.PUBLIC_BASE_URL,
    signingSecret: env.SIGNING_SECRET,
    postalAddress: env.MAIL_POSTAL_ADDRESS ?? DEV_POSTAL_ADDRESS,
    unsubscribeMailto: env.UNSUBSCRIBE_MAILTO ?? `unsubscribe@${env.MESSAGE_ID_DOMAIN}`,
    sendPolicy: { quietHours: env.QUIET_HOURS, frequencyCap: env.FREQUENCY_CAP, requireMarketingConsent: env.REQUIRE_MARKETING_CONSENT },
    tracking: { opens: env.TRACK_OPENS, clicks: env.TRACK_CLICKS },
    softBounceLimit: env.SOFT_BOUNCE_LIMIT,
    currency: env.CURRENCY,
    taskEscalateAfterMs: env.TASK_ESCALATE_AFTER,
    escalationEmail: env.ESCALATION_EMAIL,
    routingSlaMs: env.ROUTING_SLA,
    referralReward: env.REFERRAL_REWARD,
    webhooks: {
      allowPrivateNetworks: env.WEBHOOK_ALLOW_PRIVATE_NETWORKS ?? false,
      retryScheduleMs: parseRetrySchedule(env.WEBHOOK_RETRY_SCHEDULE ?? '5s,5m,30m,2h,5h,10h,10h') ?? [],
      pollMs: parseRetrySchedule(env.WEBHOOK_POLL_INTERVAL ?? '5s')?.[0] ?? 5_000,
      requestTimeoutMs: 15_000,
    },
  };
}

export function createActivities(deps: TActivityDeps) {
  return {
    sendLeadEmail: createSendLeadEmail(deps),
    loadJourney: createLoadJourney(deps),
    beginJourney: createBeginJourney(deps),
    loadLeadSnapshot: createLoadLeadSnapshot(deps),
    recordJourneyEvent: createRecordJourneyEvent(deps),
    recordJourneyEvents: createRecordJourneyEvents(deps),
    decideSplitWinner: createDecideSplitWinner(deps),
    finishEnrollment: createFinishEnrollment(deps),
    updateLeadFromJourney: createUpdateLeadFromJourney(deps),
    createTask: createCreateTask(deps),
    sendNotification: createSendNotification(deps),
    enrollFromJourney: createEnrollFromJourney(deps),
    remindOverdueTask: createRemindOverdueTask(deps),
    escalateOverdueTask: createEscalateOverdueTask(deps),
    checkLeadSla: createCheckLeadSla(deps),
    importLeadBatch: createImportLeadBatch(deps),
    finishLeadImport: createFinishLeadImport(deps),
    deliverWebhooks: createDeliverWebhooks(deps),
    callJourneyWebhook: createCallJourneyWebhook(deps),
    enrollBulkChunk: createEnrollBulkChunk(deps),
    finishBulkEnrollment: createFinishBulkEnrollment(deps),
    runCaptureFollowUps: createRunCaptureFollowUps(deps),
    runImportFollowUps: createRunImportFollowUps(deps),
    sendImportDigests: createSendImportDigests(deps),
  };
}

export type TActivities = ReturnType<typeof createActivities>;
export type { TSendLeadEmailInput, TSendLeadEmailResult } from './send-lead-email';
export type { TJourneyEventRow } from '../domain/journeys/record-journey-events';
