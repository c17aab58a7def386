import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TRouteDeps } from '../server';
import { ROLES } from '../auth';
import { ZError } from './error-schema';
import { upsertRep } from '../../domain/reps/upsert-rep';
import { listReps } from '../../domain/reps/list-reps';
import { ZRep, ZRepEmail, ZRepInput } from '../../domain/reps/schemas';
import { countOpenLeads, OPEN_STATUSES } from '../../domain/reps/count-open-leads';

export const repRoutes: FastifyPluginAsyncZod<TRouteDeps> = async (app, deps) => {
  app.get(
    '/reps',
    {
      config: { roles: ROLES.anyone },
      schema: {
        tags: ['sales'],
        summary: 'Sales reps by tier, with their open-lead load',
        response: { 200: z.object({ items: z.array(ZRep) }) },
      },
    },
    async () => ({ items: await listReps(deps.prisma) }),
  );

  app.put(
    '/reps/:email',
    {
      config: { roles: ROLES.admin },
      schema: {
        tags: ['sales'],
        summary: 'Create or update a rep (routing: tier, capacity, manager)',
        description: `Tier 1 gets hot leads first; cold leads go to the highest tier number; round-robin within a tier, never above capacity (open leads: ${OPEN_STATUSES.join(', ')}).`,
        params: ZRepEmail,
        body: ZRepInput,
        response: { 200: ZRep, 201: ZRep, 400: ZError },
      },
    },
    async (req, reply) => {
      const { rep, created } = await upsertRep(deps.prisma, req.params.email, req.body);
      const open = await countOpenLeads(deps.prisma, [rep.email]);
      return reply.status(created ? 201 : 200).send({ ...rep, openLeads: open.get(rep.email) ?? 0 });
    },
  );
};
