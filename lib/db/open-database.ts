/**
 * One database per process: embedded PGlite when DATABASE_URL is unset, PostgreSQL otherwise.
 * Both are reached by the same generated Prisma client through a driver adapter (no engine
 * binary), and both expose a raw SQL executor for the migration runner.
 */
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '../../generated/prisma/client';
import { AppError } from '../errors';

export type TSqlExecutor = {
  /** Runs one or more statements with no parameters. */
  exec(sql: string): Promise<void>;
  query<T extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
};

export type TDatabase = {
  kind: 'pglite' | 'postgres';
  /** Where the data is, for humans (no password). */
  description: string;
  prisma: PrismaClient;
  sql: TSqlExecutor;
  close(): Promise<void>;
};

export type TOpenDatabaseOptions = {
  databaseUrl?: string | undefined;
  /** PGlite data folder, or 'memory://' for a throwaway database. */
  pgliteDataDir: string;
};

export async function openDatabase(options: TOpenDatabaseOptions): Promise<TDatabase> {
  return options.databaseUrl ? openPostgres(options.databaseUrl) : openPglite(options.pgliteDataDir);
}

async function openPglite(dataDir: string): Promise<TDatabase> {
  const inMemory = dataDir.startsWith('memory://');
  if (!inMemory) fs.mkdirSync(path.dirname(path.resolve(dataDir)), { recursive: true });
  let db: PGlite;
  try {
    // pg_trgm backs lead search's trigram index; the migration creates the extension.
    db = await PGlite.create({ ...(inMemory ? {} : { dataDir }), extensions: { pg_trgm } });
  } catch (cause) {
    throw new AppError(
      'DEPENDENCY_UNAVAILABLE',
      `Cannot open the embedded database in ${dataDir}: ${describe(cause)}. ` +
        'Is another nurture-engine process using it? Stop it, or set DATA_DIR to another folder.',
      { cause },
    );
  }
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(db) });
  return {
    kind: 'pglite',
    description: inMemory ? 'PGlite (in memory)' : `PGlite (${dataDir})`,
    prisma,
    sql: {
      exec: async (sql) => {
        await db.exec(sql);
      },
      query: async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) => (await db.query<T>(sql, params)).rows,
    },
    close: async () => {
      await prisma.$disconnect();
      await db.close();
    },
  };
}

async function openPostgres(databaseUrl: string): Promise<TDatabase> {
  const url = new URL(databaseUrl);
  const where = `${url.hostname}:${url.port || 5432}${url.pathname}`;
  // A dedicated client for raw SQL (migrations, health): session-level advisory locks need one session.
  const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (cause) {
    await client.end().catch(() => undefined);
    throw new AppError('DEPENDENCY_UNAVAILABLE', `Cannot connect to PostgreSQL at ${where}: ${describePg(cause)}. Check DATABASE_URL.`, {
      cause,
    });
  }
  // Swallow idle errors (e.g. server restart) so they surface on the next query, not as a crash.
  client.on('error', () => undefined);
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl, max: 10 }) });
  return {
    kind: 'postgres',
    description: `PostgreSQL (${where})`,
    prisma,
    sql: {
      exec: async (sql) => {
        await client.query(sql);
      },
      query: async <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) => (await client.query<T>(sql, params)).rows,
    },
    close: async () => {
      await prisma.$disconnect();
      await client.end();
    },
  };
}

function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

function describePg(cause: unknown): string {
  const code = (cause as { code?: string } | null)?.code;
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused (is the server running?)';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'unknown host';
    case '3D000':
      return 'the database does not exist';
    case '28P01':
    case '28000':
      return 'authentication failed';
    default:
      return describe(cause) || String(code);
  }
}
