import type { PrismaClient } from '../../generated/prisma/client';
import { generateApiKey, hashApiKey, type TApiRole } from '../../lib/security/api-keys';

/** Creates a key and returns it once; only its hash is kept. A given `key` is stored as is (dev seed). */
export async function createApiKey(
  prisma: PrismaClient,
  input: { name: string; role: TApiRole; key?: string },
): Promise<{ id: string; key: string; role: TApiRole; name: string }> {
  const key = input.key ?? generateApiKey();
  const row = await prisma.apiKey.upsert({
    where: { keyHash: hashApiKey(key) },
    create: { name: input.name, role: input.role, keyHash: hashApiKey(key), prefix: key.slice(0, 7) },
    update: {},
  });
  return { id: row.id, key, role: row.role, name: row.name };
}
