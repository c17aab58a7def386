import { z } from 'zod';
import { normalizeEmail } from '../leads/schemas';

export const ZCustomerId = z.object({ id: z.uuid() });

export const ZPurchaseInput = z.object({
  sku: z.string().trim().min(1).max(64),
  amountCents: z.number().int().min(0).max(1_000_000_000),
  /** The shop's or CRM's order id: the same order is recorded once. */
  orderId: z.string().trim().min(1).max(200).optional(),
  purchasedAt: z.coerce.date().optional(),
});
export type TPurchaseInput = z.infer<typeof ZPurchaseInput>;

/** What conversion adds to the lead's few fields (DOMAIN.md: a customer card has 10–15). */
export const ZConvertLead = z.object({
  name: z.string().trim().min(1).max(200).optional(),
  company: z.string().trim().max(200).optional(),
  taxId: z.string().trim().max(50).optional(),
  registrationNumber: z.string().trim().max(50).optional(),
  address: z.string().trim().max(500).optional(),
  /** The account owner; defaults to the rep who owned the lead. */
  ownerName: z.string().trim().max(200).optional(),
  ownerEmail: z.string().transform(normalizeEmail).pipe(z.email()).optional(),
  /** The first purchase, recorded with the conversion. */
  purchase: ZPurchaseInput.optional(),
});
export type TConvertLead = z.infer<typeof ZConvertLead>;

export const ZNpsInput = z.object({ score: z.number().int().min(0).max(10), comment: z.string().trim().max(2000).optional() });

export const ZCustomer = z.object({
  id: z.string(),
  leadId: z.string(),
  name: z.string(),
  email: z.string(),
  company: z.string().nullable(),
  phone: z.string().nullable(),
  taxId: z.string().nullable(),
  registrationNumber: z.string().nullable(),
  address: z.string().nullable(),
  ownerName: z.string().nullable(),
  ownerEmail: z.string().nullable(),
  referralCode: z.string(),
  referralUrl: z.string(),
  convertedAt: z.date(),
  purchases: z.array(z.object({ id: z.string(), productSku: z.string(), amountCents: z.number(), purchasedAt: z.date() })),
  rewards: z.array(z.object({ id: z.string(), referredLeadId: z.string(), description: z.string(), createdAt: z.date() })),
  referredLeadIds: z.array(z.string()),
  history: z.array(z.object({ type: z.string(), occurredAt: z.date(), data: z.record(z.string(), z.unknown()) })),
});
export type TCustomer = z.infer<typeof ZCustomer>;
