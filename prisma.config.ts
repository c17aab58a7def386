// Prisma CLI configuration. The CLI runs on its JS/WASM engine (no downloaded binary) through
// a PGlite driver adapter: enough for `prisma generate` and `prisma migrate diff`, which is all
// the project asks of the CLI. Migrations are *applied* by scripts/migrate.ts (ADR-003).
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';

// The schema's datasource needs a URL to parse; the CLI never connects with it (the adapter
// below is what commands use), so a placeholder stands in when DATABASE_URL is unset.
process.env.DATABASE_URL ??= 'postgresql://placeholder@localhost/placeholder';

export default defineConfig({
  engine: 'js',
  schema: path.join('prisma', 'schema.prisma'),
  experimental: { adapter: true },
  async adapter() {
    return new PrismaPGlite(new PGlite());
  },
});
