import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TRouteDeps } from '../server';
import { ROLES } from '../auth';
import { ZError } from './error-schema';
import { getCustomer } from '../../domain/customers/get-customer';
import { recordPurchase } from '../../domain/customers/record-purchase';
import { recordNps } from '../../domain/customers/record-nps';
import { ZCustomer, ZCustomerId, ZNpsInput, ZPurchaseInput } from '../../domain/customers/schemas';
import { ZLeadId } from '../../domain/leads/schemas';

export const customerRoutes: FastifyPluginAsyncZod<TRouteDeps> = async (app, deps) => {
  const { crm } = deps;
  const links = { publicBaseUrl: deps.env.PUBLIC_BASE_URL };

  app.get(
    '/customers/:id',
    {
      config: { roles: ROLES.anyone },
      schema: {
        tags: ['customers'],
        summary: 'The customer card: owner, purchases, referral code and link, rewards, its own history',
        params: ZCustomerId,
        response: { 200: ZCustomer, 404: ZError },
      },
    },
    async (req) => getCustomer(deps.prisma, { id: req.params.id }, links),
  );

  app.get(
    '/leads/:id/customer',
    {
      config: { roles: ROLES.anyone },
      schema: {
        tags: ['customers'],
        summary: 'The customer card a lead converted into',
        params: ZLeadId,
        response: { 200: ZCustomer, 404: ZError },
      },
    },
    async (req) => getCustomer(deps.prisma, { leadId: req.params.id }, links),
  );

  app.post(
    '/customers/:id/purchases',
    {
      config: { roles: ROLES.anyone },
      schema: {
        tags: ['customers'],
        summary: 'Record a purchase (starts cross-sell / up-sell offers; stops running ones)',
        description: 'Idempotent with orderId: the same order is recorded once (200, duplicate: true).',
        params: ZCustomerId,
        body: ZPurchaseInput,
        response: {
          200: z.object({ id: z.string(), duplicate: z.boolean() }),
          201: z.object({ id: z.string(), duplicate: z.boolean() }),
          400: ZError,
          404: ZError,
        },
      },
    },
    async (req, reply) => {
      const { purchase, duplicate } = await recordPurchase(crm, req.params.id, req.body);
      return reply.status(duplicate ? 200 : 201).send({ id: purchase.id, duplicate });
    },
  );

  app.post(
    '/customers/:id/nps',
    {
      config: { roles: ROLES.anyone },
      schema: {
        tags: ['customers'],
        summary: 'Record a Net Promoter Score answer (0–10)',
        description: '9–10 makes the customer a promoter: the referral journey asks them at once. 0–6 tags a detractor: no referral ask.',
        params: ZCustomerId,
        body: ZNpsInput,
        response: { 201: z.object({ category: z.enum(['promoter', 'passive', 'detractor']) }), 400: ZError, 404: ZError },
      },
    },
    async (req, reply) => reply.status(201).send(await recordNps(crm, req.params.id, req.body)),
  );
};
