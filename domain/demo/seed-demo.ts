/**
 * Seeds the demo for `npm run dev`: templates, the demo nurture sequence, dev API keys and dev
 * users (one per role, password DEV_USER_PASSWORD), and a few leads whose names come from the
 * seed articles' languages (Armenian, Kazakh, Maltese, Finnish), each enrolled in the sequence.
 * Idempotent: run it on every start; nothing is duplicated, no journey is started twice, no
 * email is sent twice.
 */
import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../../generated/prisma/client';
import { createTemplateVersion } from '../templates/create-template-version';
import { publishSequence } from '../sequences/publish-sequence';
import { createEnrollLeads } from '../sequences/enroll-leads';
import { createApiKey } from '../api-keys/create-api-key';
import { API_ROLES, DEV_API_KEYS } from '../../lib/security/api-keys';
import { ZLeadCreate, type TLeadCreate } from '../leads/schemas';
import { WELCOME_TEMPLATE } from './welcome-template';
import { upsertRep } from '../reps/upsert-rep';
import { ZRepInput } from '../reps/schemas';
import { upsertProduct } from '../catalogue/upsert-product';
import { ZProductInput } from '../catalogue/schemas';
import { DEMO_SEQUENCE, DEMO_TEMPLATES } from './demo-sequence';
import { leadSearchFields } from '../leads/search/search-text';
import { seedDevUsers } from '../users/dev-users';

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
    company: 'Järvinen Oy',
    locale: 'fi',
    timeZone: 'Europe/Helsinki',
    source: 'INBOUND_CONTENT',
  },
].map((l) => ZLeadCreate.parse({ ...l, ownerName: 'Demo Rep', ownerEmail: 'rep@nurture.localhost' }));

export const DEMO_REPS = [
  { email: 'rep@nurture.localhost', name: 'Demo Rep', tier: 1, capacity: 50, managerEmail: 'manager@nurture.localhost' },
  { email: 'junior@nurture.localhost', name: 'Junior Rep', tier: 2, capacity: 50, managerEmail: 'manager@nurture.localhost' },
];

export const DEMO_PRODUCTS = [
  { sku: 'CRM-START', name: 'Nurture Start', category: 'crm', tier: 1, priceCents: 2900, related: ['ONBOARD', 'SMS-PACK'] },
  { sku: 'CRM-PRO', name: 'Nurture Pro', category: 'crm', tier: 2, priceCents: 7900, related: ['ONBOARD', 'SMS-PACK'] },
  { sku: 'CRM-ENT', name: 'Nurture Enterprise', category: 'crm', tier: 3, priceCents: 19900, related: ['ONBOARD'] },
  { sku: 'ONBOARD', name: 'Guided onboarding', category: 'services', tier: 1, priceCents: 49000, related: [] },
  { sku: 'SMS-PACK', name: 'SMS pack (1,000 messages)', category: 'add-ons', tier: 1, priceCents: 1500, related: [] },
];

export async function seedDemo(deps: {
  prisma: PrismaClient;
  temporal: Client;
  taskQueue: string;
  searchAttributes: boolean;
  /** Seed the dev API keys and dev users (public credentials: never in production). */
  devApiKeys: boolean;
}): Promise<{ sequenceKey: string; version: number; leads: number; enrolled: number }> {
  if (deps.devApiKeys) {
    for (const role of API_ROLES) await createApiKey(deps.prisma, { name: `dev ${role.toLowerCase()}`, role, key: DEV_API_KEYS[role] });
    await seedDevUsers({ prisma: deps.prisma });
  }
  for (const template of [WELCOME_TEMPLATE, ...DEMO_TEMPLATES]) await createTemplateVersion(deps.prisma, template);
  // Reps to route to and a catalogue to offer from, unless the user has their own.
  if ((await deps.prisma.rep.count()) === 0) for (const rep of DEMO_REPS) await upsertRep(deps.prisma, rep.email, ZRepInput.parse(rep));
  if ((await deps.prisma.product.count()) === 0)
    for (const { sku, ...product } of DEMO_PRODUCTS) await upsertProduct(deps.prisma, sku, ZProductInput.parse(product));
  const published = await publishSequence(deps.prisma, DEMO_SEQUENCE);

  const leadIds: string[] = [];
  for (const input of DEMO_LEADS) {
    const lead =
      (await deps.prisma.lead.findUnique({ where: { email: input.email } })) ??
      (await deps.prisma.lead.create({ data: { ...input, ...leadSearchFields(input) } }));
    // Enroll only leads never enrolled before: a restart must not restart finished journeys.
    if ((await deps.prisma.enrollment.count({ where: { leadId: lead.id } })) === 0) leadIds.push(lead.id);
  }
  const enroll = createEnrollLeads({
    prisma: deps.prisma,
    temporal: deps.temporal,
    taskQueue: deps.taskQueue,
    searchAttributes: deps.searchAttributes,
  });
  const results = leadIds.length ? await enroll({ sequenceKey: DEMO_SEQUENCE.key, leadIds, source: 'demo' }) : [];
  return {
    sequenceKey: published.key,
    version: published.version,
    leads: DEMO_LEADS.length,
    enrolled: results.filter((r) => r.outcome === 'enrolled').length,
  };
}
