/**
 * A Net Promoter Score answer. 9–10: a promoter — tagged, and the referral journey hears
 * `custom:promoter` (or starts, through the customer.promoter trigger); 0–6: a detractor, tagged,
 * which the referral journey respects (no referral ask to an unhappy customer).
 */
import { AppError } from '../../lib/errors';
import type { TCrmDeps } from '../crm/crm-deps';
import { ingestEvent } from '../journeys/ingest-event';
import { fireTriggers } from '../triggers/fire-triggers';

export async function recordNps(
  deps: TCrmDeps,
  customerId: string,
  input: { score: number; comment?: string | undefined },
): Promise<{ category: 'promoter' | 'passive' | 'detractor' }> {
  const customer = await deps.prisma.customer.findUnique({ where: { id: customerId }, include: { lead: { select: { tags: true } } } });
  if (!customer) throw new AppError('NOT_FOUND', `Customer ${customerId} does not exist`);
  const category = input.score >= 9 ? 'promoter' : input.score >= 7 ? 'passive' : 'detractor';
  const tags = new Set(customer.lead.tags.filter((t) => t !== 'promoter' && t !== 'detractor'));
  if (category !== 'passive') tags.add(category);
  await deps.prisma.$transaction([
    deps.prisma.surveyResponse.create({ data: { customerId, score: input.score, comment: input.comment ?? null } }),
    deps.prisma.customerEvent.create({ data: { customerId, type: 'survey.nps', data: { score: input.score, category } } }),
    deps.prisma.lead.update({ where: { id: customer.leadId }, data: { tags: [...tags] } }),
  ]);
  if (category === 'promoter') {
    await ingestEvent({ ...deps, crm: deps }, { leadId: customer.leadId, type: 'custom:promoter', data: { score: input.score } });
    await fireTriggers(deps, 'customer.promoter', customer.leadId);
  }
  return { category };
}
