/**
 * `npm run keys:revoke-dev`: revokes the dev stack's fixed API keys (dev-admin-key & co.) and disables its dev users in
 * DATABASE_URL's database, so that `npm run api` and `npm run worker` agree to serve it.
 */
import path from 'node:path';
import { runMain } from '../lib/boot';
import { parseEnv } from '../lib/env';
import { openDatabase } from '../lib/db/open-database';
import { applyMigrations } from '../lib/db/apply-migrations';
import { revokeDevCredentials } from '../domain/api-keys/dev-credentials';

runMain(async () => {
  const env = parseEnv();
  const db = await openDatabase({ databaseUrl: env.DATABASE_URL, pgliteDataDir: path.join(env.DATA_DIR, 'pglite') });
  try {
    await applyMigrations(db.sql, { useAdvisoryLock: db.kind === 'postgres' });
    const count = await revokeDevCredentials(db.prisma);
    console.log(
      count
        ? `✔ ${count} development credential(s) revoked (API keys and dev users).`
        : '✔ No development credential was usable; nothing to do.',
    );
  } finally {
    await db.close();
  }
});
