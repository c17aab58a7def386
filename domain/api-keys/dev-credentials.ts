/**
 * The dev stack's fixed credentials (the README's `dev-admin-key` & co.) are public knowledge:
 * a database that still holds them must not be served by `npm run api` or `npm run worker`.
 */
import type { PrismaClient } from '../../generated/prisma/client';
import { AppError } from '../../lib/errors';
import { DEV_API_KEYS, hashApiKey } from '../../lib/security/api-keys';

const DEV_KEY_HASHES = Object.values(DEV_API_KEYS).map(hashApiKey);

/** Names of the development API keys still usable in this database. */
export async function findDevCredentials(prisma: PrismaClient): Promise<string[]> {
  const keys = await prisma.apiKey.findMany({ where: { keyHash: { in: DEV_KEY_HASHES }, revokedAt: null }, select: { name: true } });
  return keys.map((k) => k.name);
}

/** Revokes the development API keys; returns how many were usable. */
export async function revokeDevCredentials(prisma: PrismaClient): Promise<number> {
  const { count } = await prisma.apiKey.updateMany({
    where: { keyHash: { in: DEV_KEY_HASHES }, revokedAt: null },
    data: { revokedAt: new Date() },
  });
  return count;
}

export async function assertNoDevCredentials(prisma: PrismaClient, processName: string): Promise<void> {
  const found = await findDevCredentials(prisma);
  if (found.length) {
    throw new AppError('CONFIG_INVALID', `${processName} refuses to run while the development credentials exist in this database`, {
      details: [`usable dev API keys: ${found.join(', ')} — revoke them with \`npm run keys:revoke-dev\` (they are public in the README)`],
    });
  }
}
