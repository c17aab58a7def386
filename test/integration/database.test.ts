import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { applyMigrations, MIGRATIONS_DIR } from '../../lib/db/apply-migrations';
import { createTestDatabase, type TTestDatabase } from '../helpers/database';

describe(`database (${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'})`, () => {
  let db: TTestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.cleanup());

  it('records every committed migration in Prisma’s own ledger, with its sha256 checksum', async () => {
    const names = fs.readdirSync(MIGRATIONS_DIR).filter((n) => fs.existsSync(path.join(MIGRATIONS_DIR, n, 'migration.sql')));
    const rows = await db.sql.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      'SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name',
    );
    expect(rows.map((r) => r.migration_name)).toEqual(names.sort());
    expect(rows.every((r) => r.finished_at !== null && /^[0-9a-f]{64}$/.test(r.checksum))).toBe(true);
  });

  it('applies nothing the second time', async () => {
    expect(await applyMigrations(db.sql)).toEqual({ applied: [], alreadyApplied: expect.any(Number) });
  });

  it('refuses a migration edited after it was applied, instead of drifting silently', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrations-'));
    fs.cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    const first = fs.readdirSync(dir).find((n) => fs.existsSync(path.join(dir, n, 'migration.sql')))!;
    fs.appendFileSync(path.join(dir, first, 'migration.sql'), '\n-- edited\n');
    await expect(applyMigrations(db.sql, { dir })).rejects.toThrow(
      `Migration ${first} was edited after it was applied; add a new migration instead`,
    );
  });

  it('rolls back a failing migration whole and says which one failed', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrations-'));
    fs.cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    fs.mkdirSync(path.join(dir, '99990101000000_broken'));
    fs.writeFileSync(
      path.join(dir, '99990101000000_broken', 'migration.sql'),
      'CREATE TABLE "half_done" (id int);\nSELECT * FROM "no_such_table";',
    );
    await expect(applyMigrations(db.sql, { dir })).rejects.toThrow(/^Migration 99990101000000_broken failed: .*no_such_table/);
    const leftovers = await db.sql.query("SELECT 1 FROM information_schema.tables WHERE table_name = 'half_done'");
    expect(leftovers).toHaveLength(0);
  });

  it('stores and reads Unicode through the Prisma client', async () => {
    const lead = await db.prisma.lead.create({ data: { email: 'aigul@example.kz', firstName: 'Айгүл', company: 'Ħal Qormi — Արարատ' } });
    expect(await db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } })).toMatchObject({
      firstName: 'Айгүл',
      company: 'Ħal Qormi — Արարատ',
    });
  });
});
