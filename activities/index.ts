/**
 * Activities are built by a factory from their dependencies: the worker passes real parts,
 * tests pass their own (createActivities({ prisma, mailer, … })).
 */
import type { PrismaClient } from '../generated/prisma/client';
import type { TMailer } from '../lib/mail/create-mailer';
import type { TemplateCache } from '../lib/mail/render-template';
import { createSendLeadEmail } from './send-lead-email';

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
};

export function createActivities(deps: TActivityDeps) {
  return {
    sendLeadEmail: createSendLeadEmail(deps),
  };
}

export type TActivities = ReturnType<typeof createActivities>;
export type { TSendLeadEmailInput, TSendLeadEmailResult } from './send-lead-email';
