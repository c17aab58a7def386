/**
 * Applies a lead's choices from the preference centre, each recorded in the consent ledger and
 * on the timeline: topic opt-outs (suppression per topic) and opt-ins, language, "pause all
 * marketing for N weeks", unsubscribe from everything or subscribe again. Every send checks
 * these right before it goes out, so a change applies to the very next send.
 */
import { z } from 'zod';
import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../../generated/prisma/client';
import { leadChangedSignal, unsubscribeSignal } from '../../contract/journeys';
import { AppError } from '../../lib/errors';
import { signalLeadJourneys } from '../journeys/signal-lead-journeys';
import { unsubscribeLead } from '../leads/unsubscribe-lead';
import { suppressAddress } from '../deliverability/suppress-address';
import { listMarketingTopics } from './get-preferences';

const WEEK = 7 * 86_400_000;

export const ZPreferencesUpdate = z.object({
  /** The topics the lead wants; every other known topic is opted out of. */
  topics: z.array(z.string().max(40)).max(100),
  locale: z.string().max(35).optional(),
  /** 0 resumes; 1–52 pauses all marketing for that many weeks. */
  pauseWeeks: z.coerce.number().int().min(0).max(52).optional(),
  unsubscribeAll: z.boolean().default(false),
  resubscribe: z.boolean().default(false),
});
export type TPreferencesUpdate = z.infer<typeof ZPreferencesUpdate>;

/** One change, for the page to say in the lead's language (`changes` are the ledger's English). */
export type TPreferenceChange =
  | { kind: 'optedOut' | 'optedIn'; topic: string }
  | { kind: 'language'; locale: string }
  | { kind: 'paused'; until: Date }
  | { kind: 'resumed' | 'resubscribed' | 'unsubscribed' };

export async function updatePreferences(
  deps: { prisma: PrismaClient; temporal: Client },
  leadId: string,
  update: TPreferencesUpdate,
  via = 'preference-centre',
): Promise<{ changes: string[]; details: TPreferenceChange[] }> {
  const { prisma } = deps;
  const lead = await prisma.lead.findUnique({ where: { id: leadId } });
  if (!lead) throw new AppError('NOT_FOUND', 'This preferences link is no longer valid');
  const { topics, locales } = await listMarketingTopics(prisma);
  const unknown = update.topics.filter((t) => !topics.includes(t));
  if (unknown.length) throw new AppError('VALIDATION_FAILED', `Unknown topic(s): ${unknown.join(', ')}`);
  if (update.locale && ![...locales, lead.locale].includes(update.locale)) {
    throw new AppError('VALIDATION_FAILED', `We do not write in "${update.locale}"; choose one of ${locales.join(', ')}`);
  }

  const changes: string[] = [];
  const details: TPreferenceChange[] = [];
  const now = new Date();
  const optedOut = new Set(
    (await prisma.suppression.findMany({ where: { email: lead.email, scope: { startsWith: 'topic:' } } })).map((s) => s.scope.slice(6)),
  );
  for (const topic of topics) {
    const wanted = update.topics.includes(topic);
    if (!wanted && !optedOut.has(topic)) {
      await suppressAddress(prisma, { email: lead.email, scope: `topic:${topic}`, reason: 'preference' });
      await prisma.consentRecord.create({ data: { leadId, purpose: `topic:${topic}`, action: 'WITHDRAWN', source: via, occurredAt: now } });
      changes.push(`opted out of ${topic}`);
      details.push({ kind: 'optedOut', topic });
    } else if (wanted && optedOut.has(topic)) {
      await prisma.suppression.deleteMany({ where: { email: lead.email, scope: `topic:${topic}` } });
      await prisma.consentRecord.create({ data: { leadId, purpose: `topic:${topic}`, action: 'GRANTED', source: via, occurredAt: now } });
      changes.push(`opted in to ${topic}`);
      details.push({ kind: 'optedIn', topic });
    }
  }
  const data: { locale?: string; marketingPausedUntil?: Date | null; unsubscribedAt?: null } = {};
  if (update.locale && update.locale !== lead.locale) {
    data.locale = update.locale;
    changes.push(`language ${update.locale}`);
    details.push({ kind: 'language', locale: update.locale });
  }
  if (update.pauseWeeks !== undefined) {
    const paused = lead.marketingPausedUntil !== null && lead.marketingPausedUntil > now;
    if (update.pauseWeeks > 0) {
      data.marketingPausedUntil = new Date(now.getTime() + update.pauseWeeks * WEEK);
      changes.push(`paused until ${data.marketingPausedUntil.toISOString().slice(0, 10)}`);
      details.push({ kind: 'paused', until: data.marketingPausedUntil });
    } else if (paused) {
      data.marketingPausedUntil = null;
      changes.push('resumed');
      details.push({ kind: 'resumed' });
    }
  }
  if (update.resubscribe && lead.unsubscribedAt && !update.unsubscribeAll) {
    data.unsubscribedAt = null;
    await prisma.consentRecord.create({ data: { leadId, purpose: 'marketing', action: 'GRANTED', source: via, occurredAt: now } });
    changes.push('subscribed again');
    details.push({ kind: 'resubscribed' });
  }
  if (Object.keys(data).length) await prisma.lead.update({ where: { id: leadId }, data });
  if (update.unsubscribeAll && !lead.unsubscribedAt) {
    await unsubscribeLead(prisma, leadId, via);
    changes.push('unsubscribed from all marketing');
    details.push({ kind: 'unsubscribed' });
  }
  if (changes.length) {
    await prisma.leadEvent.create({ data: { leadId, type: 'preferences.updated', occurredAt: now, data: { changes, via } } });
    await signalLeadJourneys(deps, leadId, (handle) =>
      update.unsubscribeAll ? handle.signal(unsubscribeSignal) : handle.signal(leadChangedSignal),
    );
  }
  return { changes, details };
}
