import { z } from 'zod';

export const ZSku = z.object({ sku: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be a SKU like "CRM-PRO"') });

export const ZProductInput = z.object({
  name: z.string().trim().min(1).max(200),
  /** Products in one category are alternatives; a higher tier is an up-sell. */
  category: z.string().trim().min(1).max(100),
  tier: z.number().int().min(1).max(100).default(1),
  priceCents: z.number().int().min(0).max(1_000_000_000),
  /** SKUs that go with this product (cross-sell). */
  related: z.array(z.string().min(1).max(64)).max(50).default([]),
  url: z.url({ protocol: /^https?$/ }).optional(),
  active: z.boolean().default(true),
});
export type TProductInput = z.infer<typeof ZProductInput>;

export const ZProduct = ZProductInput.extend({ sku: z.string(), url: z.string().nullable() });
