/**
 * A fresh, migrated database per suite: PGlite in memory by default; with DATABASE_URL set, a
 * new PostgreSQL database created beside the given one and dropped afterwards.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type TDatabase } from '../../lib/db/open-database';
import { applyMigrations } from '../../lib/db/apply-migrations';

export type TTestDatabase = TDatabase & { url: string | undefined; cleanup(): Promise<void> };

export async function createTestDatabase(): Promise<TTestDatabase> {
  const baseUrl = process.env.DATABASE_URL;
  if (!baseUrl) {
    const db = await openDatabase({ pgliteDataDir: 'memory://' });
    await applyMigrations(db.sql);
    return { ...db, url: undefined, cleanup: () => db.close() };
  }
  const name = `nurture_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ databaseUrl: url.toString(), pgliteDataDir: '' });
  await applyMigrations(db.sql, { useAdvisoryLock: true });
  return {
    ...db,
    url: url.toString(),
    cleanup: async () => {
      await db.close();
      const dropper = new pg.Client({ connectionString: baseUrl });
      await dropper.connect();
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  };
}
