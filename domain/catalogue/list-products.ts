import type { PrismaClient, Product } from '../../generated/prisma/client';

/** The whole catalogue, by category, then tier, then SKU. */
export async function listProducts(deps: { prisma: PrismaClient }): Promise<Product[]> {
  return deps.prisma.product.findMany({ orderBy: [{ category: 'asc' }, { tier: 'asc' }, { sku: 'asc' }] });
}
