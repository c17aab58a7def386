/**
 * Recomputes a lead's score from the model in force: fit points plus decayed engagement points,
 * as of `atMs`. A score past a threshold moves the lead up (NEW/RECYCLED → MQL, → SQL), never
 * down: sales decides demotions.
 */
import type { LeadStatus } from '../../generated/prisma/client';
import { evaluateCondition } from '../../workflows/journey/engine';
import type { TCrmDeps } from '../crm/crm-deps';
import { afterStatusChange, applyStatusChange } from '../leads/change-lead-status';
import { toLeadSnapshot } from '../leads/to-lead-snapshot';
import { getScoringModel } from './get-scoring-model';
import type { TScoringModel } from './schemas';

const DAY = 86_400_000;
/** Engagement older than this no longer counts at all. */
const HORIZON_DAYS = 365;

export function computeScore(
  model: TScoringModel,
  lead: Parameters<typeof evaluateCondition>[1],
  events: { type: string; atMs: number }[],
  atMs: number,
): number {
  let score = 0;
  for (const rule of model.fit) if (evaluateCondition(rule.when, lead, [])) score += rule.points;
  for (const e of events) {
    const rule = model.engagement.find((r) => r.event === e.type);
    if (!rule || e.atMs > atMs) continue;
    score += rule.points * 0.5 ** ((atMs - e.atMs) / (rule.halfLifeDays * DAY));
  }
  return Math.round(score);
}

export async function scoreLead(deps: TCrmDeps, leadId: string, atMs = Date.now()): Promise<{ score: number; status: LeadStatus }> {
  const { model } = await getScoringModel(deps.prisma);
  const lead = await deps.prisma.lead.findUniqueOrThrow({ where: { id: leadId } });
  const rows = await deps.prisma.leadEvent.findMany({
    where: { leadId, type: { startsWith: 'engagement.' }, occurredAt: { gte: new Date(atMs - HORIZON_DAYS * DAY) } },
    select: { type: true, occurredAt: true },
  });
  const events = rows.map((r) => ({ type: r.type.slice('engagement.'.length), atMs: r.occurredAt.getTime() }));
  const score = computeScore(model, toLeadSnapshot(lead), events, atMs);
  if (score !== lead.score) {
    await deps.prisma.$transaction([
      deps.prisma.lead.update({ where: { id: leadId }, data: { score } }),
      deps.prisma.leadEvent.create({ data: { leadId, type: 'lead.scored', data: { from: lead.score, to: score } } }),
    ]);
  }
  const target: LeadStatus | undefined =
    score >= model.thresholds.sql && ['NEW', 'MQL', 'RECYCLED'].includes(lead.status)
      ? 'SQL'
      : score >= model.thresholds.mql && ['NEW', 'RECYCLED'].includes(lead.status)
        ? 'MQL'
        : undefined;
  if (target) {
    const reason = `score ${score} ≥ ${target === 'SQL' ? model.thresholds.sql : model.thresholds.mql}`;
    if (await applyStatusChange(deps.prisma, lead, { status: target, reason }, 'scoring')) await afterStatusChange(deps, leadId, target);
    return { score, status: target };
  }
  return { score, status: lead.status };
}
