/**
 * Activities are built by a factory from their dependencies: the worker passes real parts,
 * tests pass their own (createActivities({ prisma, mailer, … })).
 */
import type { PrismaClient } from '../generated/prisma/client';
import type { TMailer } from '../lib/mail/create-mailer';
import type { TemplateCache } from '../lib/mail/render-template';
import { createSendLeadEmail } from './send-lead-email';
import { createLoadJourney } from './journey/load-journey';
import { createLoadLeadSnapshot } from './journey/load-lead-snapshot';
import { createRecordJourneyEvent } from './journey/record-journey-event';
import { createFinishEnrollment } from './journey/finish-enrollment';
import { createUpdateLeadFromJourney } from './journey/update-lead-from-journey';
import { createCreateTask } from './journey/create-task';
import { createSendNotification } from './journey/send-notification';
import { createEnrollFromJourney } from './journey/enroll-from-journey';
import type { TEnrollLeads } from '../domain/sequences/enroll-leads';

export type TActivityDeps = {
  prisma: PrismaClient;
  mailer: TMailer;
  templates: TemplateCache;
  config: {
    mailFrom: string;
    messageIdDomain: string;
    publicBaseUrl: string;
    signingSecret: string;
  };
  /** Enrolls leads in a sequence (needs a Temporal client); absent in workers that cannot. */
  enroll?: TEnrollLeads;
};

export function createActivities(deps: TActivityDeps) {
  return {
    sendLeadEmail: createSendLeadEmail(deps),
    loadJourney: createLoadJourney(deps),
    loadLeadSnapshot: createLoadLeadSnapshot(deps),
    recordJourneyEvent: createRecordJourneyEvent(deps),
    finishEnrollment: createFinishEnrollment(deps),
    updateLeadFromJourney: createUpdateLeadFromJourney(deps),
    createTask: createCreateTask(deps),
    sendNotification: createSendNotification(deps),
    enrollFromJourney: createEnrollFromJourney(deps),
  };
}

export type TActivities = ReturnType<typeof createActivities>;
export type { TSendLeadEmailInput, TSendLeadEmailResult } from './send-lead-email';
