/**
 * A purchase on the customer card. Journeys of the person hear `purchased` (a cross-sell
 * journey stops on it) and the purchase.recorded triggers fire (a new cross-sell / up-sell).
 */
import type { Purchase } from '../../generated/prisma/client';
import { AppError } from '../../lib/errors';
import type { TCrmDeps } from '../crm/crm-deps';
import { ingestEvent } from '../journeys/ingest-event';
import { fireTriggers } from '../triggers/fire-triggers';
import type { TPurchaseInput } from './schemas';

export async function recordPurchase(
  deps: TCrmDeps,
  customerId: string,
  input: TPurchaseInput,
): Promise<{ purchase: Purchase; duplicate: boolean }> {
  const customer = await deps.prisma.customer.findUnique({ where: { id: customerId }, select: { id: true, leadId: true } });
  if (!customer) throw new AppError('NOT_FOUND', `Customer ${customerId} does not exist`);
  const product = await deps.prisma.product.findUnique({ where: { sku: input.sku }, select: { sku: true } });
  if (!product)
    throw new AppError('VALIDATION_FAILED', 'Request is invalid', { details: [`sku: no product "${input.sku}" in the catalogue`] });
  if (input.orderId) {
    const seen = await deps.prisma.purchase.findUnique({ where: { idempotencyKey: `${customerId}/${input.orderId}` } });
    if (seen) return { purchase: seen, duplicate: true };
  }
  const purchasedAt = input.purchasedAt ?? new Date();
  const purchase = await deps.prisma.purchase.create({
    data: {
      customerId,
      productSku: input.sku,
      amountCents: input.amountCents,
      purchasedAt,
      idempotencyKey: input.orderId ? `${customerId}/${input.orderId}` : null,
    },
  });
  await deps.prisma.customerEvent.create({
    data: {
      customerId,
      type: 'purchase',
      occurredAt: purchasedAt,
      data: { purchaseId: purchase.id, sku: input.sku, amountCents: input.amountCents },
    },
  });
  await ingestEvent(
    { ...deps, crm: deps },
    { leadId: customer.leadId, type: 'purchased', data: { sku: input.sku, purchaseId: purchase.id } },
  );
  await fireTriggers(deps, 'purchase.recorded', customer.leadId);
  return { purchase, duplicate: false };
}
