/**
 * Seeds the demo: the welcome template, a few leads with names from the seed articles'
 * languages (Armenian, Kazakh, Maltese, Finnish, Romanian), and a welcome email to each.
 * Idempotent: run it on every start; nothing is duplicated and no email is sent twice.
 */
import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../../generated/prisma/client';
import { startLeadEmail } from '../emails/start-lead-email';
import { createTemplateVersion } from '../templates/create-template-version';
import { ZLeadCreate, type TLeadCreate } from '../leads/schemas';
import { WELCOME_TEMPLATE } from './welcome-template';

export const DEMO_LEADS: TLeadCreate[] = [
  {
    firstName: 'Արամ',
    lastName: 'Սարգսյան',
    email: 'aram@example.am',
    company: 'Արարատ ՍՊԸ',
    locale: 'hy',
    timeZone: 'Asia/Yerevan',
    source: 'WEBINAR',
  },
  {
    firstName: 'Айгүл',
    lastName: 'Серікқызы',
    email: 'aigul@example.kz',
    company: 'Қазақ Сауда',
    locale: 'kk',
    timeZone: 'Asia/Almaty',
    source: 'REFERRAL',
  },
  {
    firstName: 'Ġorġ',
    lastName: 'Borġ',
    email: 'gorg@example.mt',
    company: 'Ħal Qormi Ltd',
    locale: 'mt',
    timeZone: 'Europe/Malta',
    source: 'TRADE_SHOW',
  },
  {
    firstName: 'Päivi',
    lastName: 'Järvinen',
    email: 'paivi@example.fi',
    locale: 'fi',
    timeZone: 'Europe/Helsinki',
    source: 'INBOUND_CONTENT',
  },
].map((l) => ZLeadCreate.parse(l));

export async function seedDemo(deps: {
  prisma: PrismaClient;
  temporal: Client;
  taskQueue: string;
}): Promise<{ leads: number; emailsStarted: number }> {
  await createTemplateVersion(deps.prisma, WELCOME_TEMPLATE);
  let emailsStarted = 0;
  for (const input of DEMO_LEADS) {
    const lead = (await deps.prisma.lead.findUnique({ where: { email: input.email } })) ?? (await deps.prisma.lead.create({ data: input }));
    const started = await startLeadEmail(deps, { leadId: lead.id, templateKey: WELCOME_TEMPLATE.key, requestId: 'demo-welcome' });
    if (!started.alreadyStarted) emailsStarted++;
  }
  return { leads: DEMO_LEADS.length, emailsStarted };
}
