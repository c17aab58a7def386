import { z } from 'zod';
import { ZCondition, ZEventType } from '../../journey/definition';

/**
 * Lead scoring as data (DOMAIN.md, "Lead scoring"): fit points for what the lead is, engagement
 * points for what it did, each event's points halving every `halfLifeDays`; thresholds move a
 * lead to MQL and SQL (and so fire the triggers for those statuses).
 */
export const ZScoringModel = z
  .object({
    fit: z
      .array(
        z.object({ id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/), when: ZCondition, points: z.number().int().min(-1000).max(1000) }),
      )
      .max(100),
    engagement: z
      .array(z.object({ event: ZEventType, points: z.number().int().min(-1000).max(1000), halfLifeDays: z.number().min(1).max(3650) }))
      .max(100),
    thresholds: z.object({ mql: z.number().int().min(1), sql: z.number().int().min(1) }),
  })
  .refine((m) => m.thresholds.mql < m.thresholds.sql, { message: 'mql must be below sql', path: ['thresholds', 'sql'] });
export type TScoringModel = z.infer<typeof ZScoringModel>;

export const DEFAULT_SCORING_MODEL: TScoringModel = {
  fit: [
    // DOMAIN.md: a hot lead "asks only where do I pay" (sales-qualified at once); a warm one needs help to decide (MQL).
    { id: 'hot', when: { type: 'field', field: 'heat', op: 'eq', value: 'HOT' }, points: 60 },
    { id: 'warm', when: { type: 'field', field: 'heat', op: 'eq', value: 'WARM' }, points: 25 },
    { id: 'referred', when: { type: 'field', field: 'source', op: 'eq', value: 'REFERRAL' }, points: 20 },
    { id: 'has-company', when: { type: 'field', field: 'company', op: 'exists' }, points: 5 },
  ],
  engagement: [
    { event: 'opened', points: 2, halfLifeDays: 30 },
    { event: 'clicked', points: 5, halfLifeDays: 30 },
    { event: 'replied', points: 15, halfLifeDays: 60 },
    { event: 'meeting_booked', points: 30, halfLifeDays: 90 },
  ],
  thresholds: { mql: 25, sql: 60 },
};

/** GET /leads/:id/score: the stored score and why (see explainLeadScore). */
export const ZScoreExplanation = z.object({
  score: z.number().int(),
  modelScore: z.number().int(),
  adjusted: z.number().int(),
  reasons: z.array(
    z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('fit'), rule: z.string(), points: z.number() }),
      z.object({ kind: z.literal('engagement'), event: z.string(), count: z.number().int(), points: z.number() }),
    ]),
  ),
  thresholds: z.object({ mql: z.number().int(), sql: z.number().int() }),
});
export type TScoreExplanation = z.infer<typeof ZScoreExplanation>;
