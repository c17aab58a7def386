/**
 * The dev stack's fixed credentials (the README's `dev-admin-key` & co., and the dev users who
 * sign in with the public dev password) are public knowledge: a database that still holds usable
 * ones must not be served by `npm run api` or `npm run worker`.
 */
import type { PrismaClient } from '../../generated/prisma/client';
import { AppError } from '../../lib/errors';
import { DEV_API_KEYS, hashApiKey } from '../../lib/security/api-keys';
import { USABLE_DEV_USERS } from '../users/dev-users';

const DEV_KEY_HASHES = Object.values(DEV_API_KEYS).map(hashApiKey);

/** Names of the development API keys and users still usable in this database (users as `user <email>`). */
export async function findDevCredentials(prisma: PrismaClient): Promise<string[]> {
  const keys = await prisma.apiKey.findMany({ where: { keyHash: { in: DEV_KEY_HASHES }, revokedAt: null }, select: { name: true } });
  const users = await prisma.user.findMany({ where: USABLE_DEV_USERS, select: { email: true }, orderBy: { email: 'asc' } });
  return [...keys.map((k) => k.name), ...users.map((u) => `user ${u.email}`)];
}

/** Revokes the development API keys and disables the dev users (ending their sessions); returns how many were usable. */
export async function revokeDevCredentials(prisma: PrismaClient): Promise<number> {
  const now = new Date();
  const [keys, users] = await prisma.$transaction([
    prisma.apiKey.updateMany({ where: { keyHash: { in: DEV_KEY_HASHES }, revokedAt: null }, data: { revokedAt: now } }),
    prisma.user.updateMany({ where: USABLE_DEV_USERS, data: { disabledAt: now } }),
    prisma.session.deleteMany({ where: { user: { devSeed: true } } }),
  ]);
  return keys.count + users.count;
}

export async function assertNoDevCredentials(prisma: PrismaClient, processName: string): Promise<void> {
  const found = await findDevCredentials(prisma);
  if (found.length) {
    throw new AppError('CONFIG_INVALID', `${processName} refuses to run while the development credentials exist in this database`, {
      details: [
        `usable dev API keys and users: ${found.join(', ')} — revoke them with \`npm run keys:revoke-dev\` (they are public in the README)`,
      ],
    });
  }
}
