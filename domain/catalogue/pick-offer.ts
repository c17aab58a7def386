import type { PrismaClient } from '../../generated/prisma/client';

export type TOfferKind = 'cross' | 'up' | 'current';
export type TOffer = { sku: string; name: string; priceCents: number; url: string | null };

/**
 * The product to offer a person, never one they already bought (DOMAIN.md, "Closing tools"):
 * cross — related to something they bought; up — the next tier up in a category they bought in
 * (a somewhat dearer product); current — the newest active product. Undefined: nothing to offer.
 */
export async function pickOffer(prisma: PrismaClient, leadId: string, kind: TOfferKind): Promise<TOffer | undefined> {
  const customer = await prisma.customer.findUnique({ where: { leadId }, select: { purchases: { select: { productSku: true } } } });
  const bought = new Set((customer?.purchases ?? []).map((p) => p.productSku));
  const products = await prisma.product.findMany({ where: { active: true }, orderBy: [{ createdAt: 'desc' }, { sku: 'asc' }] });
  const open = products.filter((p) => !bought.has(p.sku));
  const owned = products.filter((p) => bought.has(p.sku));
  const byPrice = (a: { tier: number; priceCents: number }, b: { tier: number; priceCents: number }) =>
    a.tier - b.tier || a.priceCents - b.priceCents;
  let pick;
  switch (kind) {
    case 'cross': {
      const related = new Set(owned.flatMap((p) => p.related));
      pick = open.filter((p) => related.has(p.sku)).sort(byPrice)[0];
      break;
    }
    case 'up':
      pick = open.filter((p) => owned.some((o) => o.category === p.category && p.tier > o.tier)).sort(byPrice)[0];
      break;
    case 'current':
      pick = open[0];
      break;
    default: {
      const unreachable: never = kind;
      throw new Error(`unknown offer kind ${String(unreachable)}`);
    }
  }
  return pick ? { sku: pick.sku, name: pick.name, priceCents: pick.priceCents, url: pick.url } : undefined;
}
