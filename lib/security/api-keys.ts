/** API keys: `nk_<random>`; only their sha256 is stored. */
import { createHash, randomBytes } from 'node:crypto';

export const API_ROLES = ['ADMIN', 'MARKETING', 'SALES', 'WEBHOOK'] as const;
export type TApiRole = (typeof API_ROLES)[number];

export const hashApiKey = (key: string) => createHash('sha256').update(key).digest('hex');
export const generateApiKey = () => `nk_${randomBytes(24).toString('base64url')}`;

/** Fixed keys seeded by `npm run dev` only (never in production), so the README's curl lines work. */
export const DEV_API_KEYS: Record<TApiRole, string> = {
  ADMIN: 'dev-admin-key',
  MARKETING: 'dev-marketing-key',
  SALES: 'dev-sales-key',
  WEBHOOK: 'dev-webhook-key',
};
