import { z } from 'zod';

export const ZTemplateKey = z.string().regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'must be 2–63 lower-case letters, digits or dashes');

export const ZTemplateCreate = z.object({
  key: ZTemplateKey,
  name: z.string().trim().min(1).max(200),
  subject: z.string().trim().min(1).max(300),
  mjml: z.string().min(1).max(500_000),
});
export type TTemplateCreate = z.infer<typeof ZTemplateCreate>;

export const ZTemplate = z.object({
  id: z.uuid(),
  key: z.string(),
  version: z.number().int(),
  name: z.string(),
  subject: z.string(),
  mjml: z.string(),
  createdAt: z.date(),
});
export type TTemplate = z.infer<typeof ZTemplate>;
