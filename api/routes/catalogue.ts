import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { TRouteDeps } from '../server';
import { ROLES } from '../auth';
import { ZError } from './error-schema';
import { listProducts } from '../../domain/catalogue/list-products';
import { upsertProduct } from '../../domain/catalogue/upsert-product';
import { ZProduct, ZProductInput, ZSku } from '../../domain/catalogue/schemas';

export const catalogueRoutes: FastifyPluginAsyncZod<TRouteDeps> = async (app, deps) => {
  app.get(
    '/products',
    {
      config: { roles: ROLES.anyone },
      schema: {
        tags: ['catalogue'],
        summary: 'The product catalogue (what cross-sell and up-sell offer)',
        response: { 200: z.object({ items: z.array(ZProduct) }) },
      },
    },
    async () => ({ items: await listProducts({ prisma: deps.prisma }) }),
  );

  app.put(
    '/products/:sku',
    {
      config: { roles: ROLES.marketing },
      schema: {
        tags: ['catalogue'],
        summary: 'Create or replace a product',
        description:
          'Same category = alternatives, a higher tier is the up-sell; `related` lists SKUs to cross-sell. An inactive product is never offered.',
        params: ZSku,
        body: ZProductInput,
        response: { 200: ZProduct, 201: ZProduct, 400: ZError },
      },
    },
    async (req, reply) => {
      const { product, created } = await upsertProduct(deps.prisma, req.params.sku, req.body);
      return reply.status(created ? 201 : 200).send(product);
    },
  );
};
