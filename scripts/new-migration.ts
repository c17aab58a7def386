/**
 * `npm run db:new-migration -- <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql
 * with the SQL that takes the schema as committed (git HEAD) to prisma/schema.prisma as edited.
 * Runs `prisma migrate diff` between two schema files on Prisma's WASM engine (no database, no
 * downloaded binary; `--from-migrations` would need a shadow database the WASM engine lacks).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runMain } from '../lib/boot';
import { AppError } from '../lib/errors';
import { MIGRATIONS_DIR } from '../lib/db/apply-migrations';

runMain(async () => {
  const name = process.argv[2];
  if (!name || !/^[a-z0-9_]+$/.test(name)) {
    throw new AppError('VALIDATION_FAILED', 'Usage: npm run db:new-migration -- <name> (lower-case letters, digits, underscores)');
  }
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'nurture-migration-'));
  const before = path.join(tmp, 'before.prisma');
  fs.writeFileSync(before, execFileSync('git', ['show', 'HEAD:prisma/schema.prisma'], { encoding: 'utf8' }));
  const sql = execFileSync(
    'npx',
    ['prisma', 'migrate', 'diff', '--from-schema-datamodel', before, '--to-schema-datamodel', 'prisma/schema.prisma', '--script'],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
  );
  if (!sql.trim() || /^-- This is an empty migration\.\s*$/.test(sql.trim())) {
    console.log('No schema change since HEAD: nothing to write.');
    return;
  }
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const dir = path.join(MIGRATIONS_DIR, `${stamp}_${name}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'migration.sql'), sql);
  console.log(`✔ wrote ${path.relative(process.cwd(), dir)}/migration.sql — review it, then npm run db:generate`);
});
