/**
 * POST /sequences/simulate: a dry run of a draft or a published version over chosen leads, a
 * lead view or generated samples — when each step would fire in each lead's zone, and why. The
 * real journey workflow runs on a private time-skipping server (worker/simulation/); nothing is
 * sent and nothing is written.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { TRouteDeps } from '../server';
import { ROLES } from '../auth';
import { ZError } from './error-schema';
import { ZSimulationRequest, ZSimulationResult } from '../../domain/simulation/schemas';
import { simulateSequence } from '../../domain/simulation/simulate-sequence';
import type { TRunSimulation } from '../../domain/simulation/plan';

export const simulationRoutes: FastifyPluginAsyncZod<TRouteDeps & { runSimulation: TRunSimulation }> = async (app, deps) => {
  app.post(
    '/sequences/simulate',
    {
      config: { roles: ROLES.marketing },
      schema: {
        tags: ['sequences'],
        summary: 'Dry-run a sequence over leads: when each step would fire, in each lead zone, and why',
        description:
          'Runs the real journey workflow in compressed time with read-only activities: the same send window, quiet hours, ' +
          'frequency cap (with the lead’s real sends), suppressions, goals and branches. Nothing is sent or written. ' +
          'A 90-day sequence over 100 leads answers in seconds; at most 200 leads per run.',
        body: ZSimulationRequest,
        response: { 200: ZSimulationResult, 400: ZError, 404: ZError, 422: ZError, 503: ZError },
      },
    },
    async (request) => simulateSequence({ prisma: deps.prisma, runSimulation: deps.runSimulation }, request.body),
  );
};
