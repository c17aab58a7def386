import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TRouteDeps } from '../server';
import { ROLES } from '../auth';
import { ZError } from './error-schema';
import { getScoringModel } from '../../domain/scoring/get-scoring-model';
import { publishScoringModel } from '../../domain/scoring/publish-scoring-model';
import { explainLeadScore, scoreLead } from '../../domain/scoring/score-lead';
import { ZScoreExplanation, ZScoringModel } from '../../domain/scoring/schemas';
import { ZLeadId } from '../../domain/leads/schemas';
import { getLead } from '../../domain/leads/get-lead';

export const scoringRoutes: FastifyPluginAsyncZod<TRouteDeps> = async (app, deps) => {
  const ZVersioned = z.object({ version: z.number().int(), model: ZScoringModel });

  app.get(
    '/scoring',
    {
      config: { roles: ROLES.anyone },
      schema: {
        tags: ['scoring'],
        summary: 'The lead-scoring model in force (version 0: the built-in default)',
        response: { 200: ZVersioned },
      },
    },
    async () => getScoringModel(deps.prisma),
  );

  app.put(
    '/scoring',
    {
      config: { roles: ROLES.marketing },
      schema: {
        tags: ['scoring'],
        summary: 'Publish a new version of the scoring model',
        description:
          'fit: points when a lead condition holds; engagement: points per event (opened, clicked, replied, meeting_booked, purchased, custom:<name>), halving every halfLifeDays; ' +
          'thresholds: a score at or above mql/sql moves NEW/RECYCLED leads up (never down). Leads are re-scored on their next event, or with POST /leads/{id}/score.',
        body: ZScoringModel,
        response: { 200: ZVersioned, 201: ZVersioned, 400: ZError },
      },
    },
    async (req, reply) => {
      const { version, created } = await publishScoringModel(deps.prisma, req.body);
      return reply.status(created ? 201 : 200).send({ version, model: req.body });
    },
  );

  app.get(
    '/leads/:id/score',
    {
      config: { roles: ROLES.anyone },
      schema: {
        tags: ['scoring'],
        summary: 'Why the lead has its score: matched fit rules, decayed engagement, the thresholds',
        description:
          '`score` is the stored score; `modelScore` what the model in force gives now (engagement decays); `adjusted` the difference (journey scoreDelta steps and edits since the last re-score).',
        params: ZLeadId,
        response: { 200: ZScoreExplanation, 404: ZError },
      },
    },
    async (req) => explainLeadScore(deps.crm, req.params.id),
  );

  app.post(
    '/leads/:id/score',
    {
      config: { roles: ROLES.anyone },
      schema: {
        tags: ['scoring'],
        summary: 'Re-score a lead now (decay applied as of now)',
        params: ZLeadId,
        response: { 200: z.object({ score: z.number().int(), status: z.string() }), 404: ZError },
      },
    },
    async (req) => {
      await getLead(deps.prisma, req.params.id);
      return scoreLead(deps.crm, req.params.id);
    },
  );
};
