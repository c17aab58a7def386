/** `npm run db:migrate`: apply pending migrations to DATABASE_URL (or the embedded PGlite). */
import path from 'node:path';
import { runMain } from '../lib/boot';
import { parseEnv } from '../lib/env';
import { openDatabase } from '../lib/db/open-database';
import { applyMigrations } from '../lib/db/apply-migrations';

runMain(async () => {
  const env = parseEnv();
  const db = await openDatabase({ databaseUrl: env.DATABASE_URL, pgliteDataDir: path.join(env.DATA_DIR, 'pglite') });
  try {
    const result = await applyMigrations(db.sql, {
      useAdvisoryLock: db.kind === 'postgres',
      onApply: (name) => console.log(`→ applying ${name}`),
    });
    console.log(`✔ ${db.description}: ${result.applied.length} applied, ${result.alreadyApplied} already up to date`);
  } finally {
    await db.close();
  }
});
