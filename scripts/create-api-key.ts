/**
 * `npm run keys:create -- --role marketing --name "Newsletter team"`: creates an API key in
 * DATABASE_URL's database and prints it once (only its hash is stored).
 */
import path from 'node:path';
import { runMain } from '../lib/boot';
import { parseEnv } from '../lib/env';
import { AppError } from '../lib/errors';
import { openDatabase } from '../lib/db/open-database';
import { applyMigrations } from '../lib/db/apply-migrations';
import { API_ROLES, type TApiRole } from '../lib/security/api-keys';
import { createApiKey } from '../domain/api-keys/create-api-key';

runMain(async () => {
  const args = process.argv.slice(2);
  const value = (flag: string) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const role = value('--role')?.toUpperCase();
  const name = value('--name');
  if (!role || !(API_ROLES as readonly string[]).includes(role) || !name) {
    throw new AppError(
      'VALIDATION_FAILED',
      `Usage: npm run keys:create -- --role ${API_ROLES.map((r) => r.toLowerCase()).join('|')} --name "<who uses it>"`,
    );
  }
  const env = parseEnv();
  const db = await openDatabase({ databaseUrl: env.DATABASE_URL, pgliteDataDir: path.join(env.DATA_DIR, 'pglite') });
  try {
    await applyMigrations(db.sql, { useAdvisoryLock: db.kind === 'postgres' });
    const key = await createApiKey(db.prisma, { name, role: role as TApiRole });
    console.log(`✔ ${key.role.toLowerCase()} key "${key.name}" created. Store it now; it cannot be shown again:\n${key.key}`);
  } finally {
    await db.close();
  }
});
