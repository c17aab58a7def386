/**
 * Applies prisma/migrations/<name>/migration.sql in name order, each in one transaction, and
 * records them in Prisma's own `_prisma_migrations` ledger (same columns, same sha256
 * checksum), so `prisma migrate status`/`deploy` with a native engine agree with it.
 *
 * Why not `prisma migrate deploy`? On this project's engine-less toolchain the CLI migrates only
 * through a driver adapter, and through @prisma/adapter-pg it fails on prisma/orm#27403. See
 * docs/ARCHITECTURE.md, ADR-003.
 */
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { AppError } from '../errors';
import type { TSqlExecutor } from './open-database';

export const MIGRATIONS_DIR = path.resolve(__dirname, '../../prisma/migrations');
/** Arbitrary constant: the advisory lock key that serialises concurrent migrators. */
const MIGRATION_LOCK_KEY = 7_261_990_417;

type TLedgerRow = { migration_name: string; checksum: string; finished_at: Date | null; rolled_back_at: Date | null };

export type TMigrationResult = { applied: string[]; alreadyApplied: number };

export async function applyMigrations(
  sql: TSqlExecutor,
  options: { dir?: string; useAdvisoryLock?: boolean; onApply?: (name: string) => void } = {},
): Promise<TMigrationResult> {
  const dir = options.dir ?? MIGRATIONS_DIR;
  const migrations = fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(dir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort();

  if (options.useAdvisoryLock) await sql.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
  try {
    await sql.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
      "id" VARCHAR(36) PRIMARY KEY NOT NULL,
      "checksum" VARCHAR(64) NOT NULL,
      "finished_at" TIMESTAMPTZ,
      "migration_name" VARCHAR(255) NOT NULL,
      "logs" TEXT,
      "rolled_back_at" TIMESTAMPTZ,
      "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
      "applied_steps_count" INTEGER NOT NULL DEFAULT 0
    )`);
    const rows = await sql.query<TLedgerRow>('SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations"');
    const done = new Map(rows.filter((r) => r.rolled_back_at === null).map((r) => [r.migration_name, r]));

    const applied: string[] = [];
    for (const name of migrations) {
      const script = fs.readFileSync(path.join(dir, name, 'migration.sql'), 'utf8');
      const checksum = createHash('sha256').update(script).digest('hex');
      const previous = done.get(name);
      if (previous) {
        if (previous.finished_at === null) {
          throw new AppError(
            'CONFIG_INVALID',
            `Migration ${name} failed earlier and was never completed; repair the database, then delete its row from _prisma_migrations`,
          );
        }
        if (previous.checksum !== checksum) {
          throw new AppError('CONFIG_INVALID', `Migration ${name} was edited after it was applied; add a new migration instead`);
        }
        continue;
      }
      options.onApply?.(name);
      const id = randomUUID();
      await sql.query('INSERT INTO "_prisma_migrations" (id, checksum, migration_name) VALUES ($1, $2, $3)', [id, checksum, name]);
      try {
        await sql.exec(`BEGIN;\n${script}\nCOMMIT;`);
      } catch (cause) {
        await sql.exec('ROLLBACK').catch(() => undefined);
        const message = cause instanceof Error ? cause.message : String(cause);
        await sql.query('UPDATE "_prisma_migrations" SET logs = $2 WHERE id = $1', [id, message]);
        throw new AppError('CONFIG_INVALID', `Migration ${name} failed: ${message}`, { cause });
      }
      await sql.query('UPDATE "_prisma_migrations" SET finished_at = now(), applied_steps_count = 1 WHERE id = $1', [id]);
      applied.push(name);
    }
    return { applied, alreadyApplied: migrations.length - applied.length };
  } finally {
    if (options.useAdvisoryLock) await sql.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
  }
}
