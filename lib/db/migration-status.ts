/**
 * Whether every migration in prisma/migrations is applied (for /health/ready): a process whose
 * code expects a newer schema than the database has must not take traffic.
 */
import fs from 'node:fs';
import path from 'node:path';
import { MIGRATIONS_DIR } from './apply-migrations';
import type { TSqlExecutor } from './open-database';

/** The migrations shipped with this code that the database has not finished applying. */
export async function pendingMigrations(sql: TSqlExecutor, dir = MIGRATIONS_DIR): Promise<string[]> {
  const shipped = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort();
  const rows = await sql.query<{ migration_name: string }>(
    'SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
  );
  const done = new Set(rows.map((r) => r.migration_name));
  return shipped.filter((name) => !done.has(name));
}

/** A readiness check: "24 applied", or throws naming the first pending migrations. */
export async function checkMigrations(sql: TSqlExecutor, dir = MIGRATIONS_DIR): Promise<string> {
  const pending = await pendingMigrations(sql, dir);
  if (pending.length) {
    const shown = pending.slice(0, 3).join(', ');
    throw new Error(`${pending.length} migration(s) not applied: ${shown}${pending.length > 3 ? ', …' : ''} (run npm run db:migrate)`);
  }
  return 'all applied';
}
