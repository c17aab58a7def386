import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TRouteDeps } from '../server';
import { ROLES } from '../auth';
import { ZError } from './error-schema';
import { toTrigger, TRIGGER_EVENTS, ZTrigger, ZTriggerInput, ZTriggerKey } from '../../domain/triggers/schemas';
import { AppError } from '../../lib/errors';
import { Prisma } from '../../generated/prisma/client';

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
    async () => ({ items: (await deps.prisma.journeyTrigger.findMany({ orderBy: { key: 'asc' } })).map(toTrigger) }),
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
      if (!(await deps.prisma.sequence.findUnique({ where: { key: req.body.sequenceKey }, select: { id: true } }))) {
        throw new AppError('VALIDATION_FAILED', 'Request is invalid', { details: [`sequenceKey: no sequence "${req.body.sequenceKey}"`] });
      }
      const existing = await deps.prisma.journeyTrigger.findUnique({ where: { key: req.params.key }, select: { id: true } });
      const data = { ...req.body, condition: req.body.condition ?? Prisma.DbNull };
      const row = await deps.prisma.journeyTrigger.upsert({
        where: { key: req.params.key },
        create: { key: req.params.key, ...data },
        update: data,
      });
      return reply.status(existing ? 200 : 201).send(toTrigger(row));
    },
  );
};
