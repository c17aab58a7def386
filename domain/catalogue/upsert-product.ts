import type { PrismaClient, Product } from '../../generated/prisma/client';
import type { TProductInput } from './schemas';

/** Creates or replaces a catalogue product by SKU. */
export async function upsertProduct(
  prisma: PrismaClient,
  sku: string,
  input: TProductInput,
): Promise<{ product: Product; created: boolean }> {
  const existing = await prisma.product.findUnique({ where: { sku }, select: { id: true } });
  const data = { ...input, url: input.url ?? null };
  const product = await prisma.product.upsert({ where: { sku }, create: { sku, ...data }, update: data });
  return { product, created: !existing };
}
