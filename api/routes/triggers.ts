import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TRouteDeps } from '../server';
import { ROLES } from '../auth';
import { ZError } from './error-schema';
import { TRIGGER_EVENTS, ZTrigger, ZTriggerInput, ZTriggerKey } from '../../domain/triggers/schemas';
import { listTriggers } from '../../domain/triggers/list-triggers';
import { upsertTrigger } from '../../domain/triggers/upsert-trigger';

export const triggerRoutes: FastifyPluginAsyncZod<TRouteDeps> = async (app, deps) => {
  app.get(
    '/triggers',
    {
      config: { roles: ROLES.anyone },
      schema: {
        tags: ['sequences'],
        summary: "What enrolls leads automatically (the built-in journeys' triggers and yours)",
        response: { 200: z.object({ items: z.array(ZTrigger) }) },
      },
    },
    async () => ({ items: await listTriggers({ prisma: deps.prisma }) }),
  );

  app.put(
    '/triggers/:key',
    {
      config: { roles: ROLES.marketing },
      schema: {
        tags: ['sequences'],
        summary: 'Create or replace a trigger (or switch one off with active: false)',
        description: `Events: ${TRIGGER_EVENTS.join(', ')}. The condition is a sequence condition on the lead; a lead already active in the sequence stays where it is.`,
        params: ZTriggerKey,
        body: ZTriggerInput,
        response: { 200: ZTrigger, 201: ZTrigger, 400: ZError },
      },
    },
    async (req, reply) => {
      const { trigger, created } = await upsertTrigger({ prisma: deps.prisma }, req.params.key, req.body);
      return reply.status(created ? 201 : 200).send(trigger);
    },
  );
};
