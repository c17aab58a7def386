import { createHash } from 'node:crypto';

/** RFC 5322 Message-ID derived from an idempotency key: a resend carries the same id. */
export const messageIdFor = (idempotencyKey: string, domain: string) =>
  `<${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 40)}@${domain}>`;
