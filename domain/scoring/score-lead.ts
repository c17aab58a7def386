/**
 * Recomputes a lead's score from the model in force: fit points plus decayed engagement points,
 * as of `atMs`. A score past a threshold moves the lead up (NEW/RECYCLED → MQL, → SQL), never
 * down: sales decides demotions.
 */
import type { LeadStatus } from '../../generated/prisma/client';
import { evaluateCondition } from '../../journey/engine';
import type { TCrmDeps } from '../crm/crm-deps';
import { afterStatusChange, applyStatusChange } from '../leads/change-lead-status';
import { toLeadSnapshot } from '../leads/to-lead-snapshot';
import { AppError } from '../../lib/errors';
import { getScoringModel } from './get-scoring-model';
import type { TScoringModel } from './schemas';

const DAY = 86_400_000;
/** Engagement older than this no longer counts at all. */
const HORIZON_DAYS = 365;

/** Why a lead has its score: each fit rule that matched, and each engagement kind with its decayed points. */
export type TScoreReason =
  { kind: 'fit'; rule: string; points: number } | { kind: 'engagement'; event: string; count: number; points: number };

export function scoreBreakdown(
  model: TScoringModel,
  lead: Parameters<typeof evaluateCondition>[1],
  events: { type: string; atMs: number }[],
  atMs: number,
): { score: number; reasons: TScoreReason[] } {
  const reasons: TScoreReason[] = [];
  let total = 0;
  for (const rule of model.fit) {
    if (!evaluateCondition(rule.when, lead, [])) continue;
    total += rule.points;
    reasons.push({ kind: 'fit', rule: rule.id, points: rule.points });
  }
  for (const rule of model.engagement) {
    let points = 0;
    let count = 0;
    for (const e of events) {
      if (e.type !== rule.event || e.atMs > atMs) continue;
      points += rule.points * 0.5 ** ((atMs - e.atMs) / (rule.halfLifeDays * DAY));
      count++;
    }
    if (!count) continue;
    total += points;
    reasons.push({ kind: 'engagement', event: rule.event, count, points: Math.round(points * 10) / 10 });
  }
  return { score: Math.round(total), reasons };
}

export const computeScore = (...args: Parameters<typeof scoreBreakdown>): number => scoreBreakdown(...args).score;

async function engagementOf(prisma: TCrmDeps['prisma'], leadId: string, atMs: number) {
  const rows = await prisma.leadEvent.findMany({
    where: { leadId, type: { startsWith: 'engagement.' }, occurredAt: { gte: new Date(atMs - HORIZON_DAYS * DAY) } },
    select: { type: true, occurredAt: true },
  });
  return rows.map((r) => ({ type: r.type.slice('engagement.'.length), atMs: r.occurredAt.getTime() }));
}

/**
 * The lead's score explained by the model in force, as of now: the matched fit rules and the
 * decayed engagement, the thresholds, and `adjusted` — what the stored score holds beyond the
 * model (journey `scoreDelta`s and hand edits since the last re-score).
 */
export async function explainLeadScore(deps: Pick<TCrmDeps, 'prisma'>, leadId: string, atMs = Date.now()) {
  const { model } = await getScoringModel(deps.prisma);
  const lead = await deps.prisma.lead.findUnique({ where: { id: leadId } });
  if (!lead) throw new AppError('NOT_FOUND', `Lead ${leadId} does not exist`);
  const { score: modelScore, reasons } = scoreBreakdown(model, toLeadSnapshot(lead), await engagementOf(deps.prisma, leadId, atMs), atMs);
  return { score: lead.score, modelScore, adjusted: lead.score - modelScore, reasons, thresholds: model.thresholds };
}

export async function scoreLead(deps: TCrmDeps, leadId: string, atMs = Date.now()): Promise<{ score: number; status: LeadStatus }> {
  const { model } = await getScoringModel(deps.prisma);
  const lead = await deps.prisma.lead.findUniqueOrThrow({ where: { id: leadId } });
  const score = computeScore(model, toLeadSnapshot(lead), await engagementOf(deps.prisma, leadId, atMs), atMs);
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
