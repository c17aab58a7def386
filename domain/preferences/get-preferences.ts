/**
 * What the preference centre shows a lead: the marketing topics (from the published marketing
 * sequences, "general" for those without a topic), which of them the lead opted out of, the
 * languages we write in, whether marketing is paused, and whether the lead unsubscribed.
 */
import type { PrismaClient } from '../../generated/prisma/client';
import { AppError } from '../../lib/errors';
import { ZSequenceDefinition } from '../../journey/definition';

export type TPreferences = {
  leadId: string;
  email: string;
  firstName: string;
  locale: string;
  topics: { topic: string; subscribed: boolean }[];
  locales: string[];
  pausedUntil: Date | null;
  unsubscribed: boolean;
};

/** Topics and locales of the latest version of every marketing sequence. */
export async function listMarketingTopics(prisma: PrismaClient): Promise<{ topics: string[]; locales: string[] }> {
  const sequences = await prisma.sequence.findMany({
    select: { versions: { orderBy: { version: 'desc' }, take: 1, select: { definition: true } } },
  });
  const topics = new Set<string>(['general']);
  const locales = new Set<string>(['en']);
  for (const { versions } of sequences) {
    const parsed = ZSequenceDefinition.safeParse(versions[0]?.definition);
    if (!parsed.success || parsed.data.settings.category !== 'marketing') continue;
    topics.add(parsed.data.settings.topic ?? 'general');
    for (const step of parsed.data.steps) if (step.type === 'email') for (const l of Object.keys(step.email.variants)) locales.add(l);
  }
  return { topics: [...topics].sort(), locales: [...locales].sort() };
}

export async function getPreferences(prisma: PrismaClient, leadId: string): Promise<TPreferences> {
  const lead = await prisma.lead.findUnique({ where: { id: leadId } });
  if (!lead) throw new AppError('NOT_FOUND', 'This preferences link is no longer valid');
  const [{ topics, locales }, optOuts] = await Promise.all([
    listMarketingTopics(prisma),
    prisma.suppression.findMany({ where: { email: lead.email, scope: { startsWith: 'topic:' } }, select: { scope: true } }),
  ]);
  const out = new Set(optOuts.map((s) => s.scope.slice('topic:'.length)));
  return {
    leadId: lead.id,
    email: lead.email,
    firstName: lead.firstName,
    locale: lead.locale,
    topics: topics.map((topic) => ({ topic, subscribed: !out.has(topic) })),
    locales: [...new Set([...locales, lead.locale])].sort(),
    pausedUntil: lead.marketingPausedUntil && lead.marketingPausedUntil > new Date() ? lead.marketingPausedUntil : null,
    unsubscribed: lead.unsubscribedAt !== null,
  };
}
