/**
 * `npm run users:create -- --email ana@example.com --name "Ana Lind" --role marketing`: creates a
 * person who signs in to the web console, in DATABASE_URL's database (`--locale ru`: the language
 * of the engine's emails to them; default STAFF_LOCALE). Prompts for nothing: it
 * generates a strong password and prints it once, or reads one from stdin with
 * `--password-stdin` (e.g. `printf %s "$PW" | npm run users:create -- … --password-stdin`).
 * Only a scrypt hash of the password is stored.
 */
import path from 'node:path';
import { runMain } from '../lib/boot';
import { parseEnv } from '../lib/env';
import { AppError } from '../lib/errors';
import { openDatabase } from '../lib/db/open-database';
import { applyMigrations } from '../lib/db/apply-migrations';
import { createUser } from '../domain/users/create-user';
import { generatePassword } from '../domain/users/passwords';
import { USER_ROLES } from '../domain/users/schemas';

const USAGE = `Usage: npm run users:create -- --email <email> --name "<full name>" --role ${USER_ROLES.map((r) => r.toLowerCase()).join('|')} [--locale <tag>] [--password-stdin]`;

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) throw new AppError('VALIDATION_FAILED', '--password-stdin reads the password from a pipe, not a terminal');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  // One trailing newline (echo, a file) is not part of the password.
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

runMain(async () => {
  const args = process.argv.slice(2);
  const value = (flag: string) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const email = value('--email');
  const name = value('--name');
  const role = value('--role')?.toUpperCase();
  if (!email || !name || !role) throw new AppError('VALIDATION_FAILED', USAGE);
  if (!(USER_ROLES as readonly string[]).includes(role)) {
    throw new AppError(
      'VALIDATION_FAILED',
      `--role must be ${USER_ROLES.map((r) => r.toLowerCase()).join(', ')} (webhook is for API keys only). ${USAGE}`,
    );
  }
  const fromStdin = args.includes('--password-stdin');
  const password = fromStdin ? await readStdin() : generatePassword();

  const env = parseEnv();
  const db = await openDatabase({ databaseUrl: env.DATABASE_URL, pgliteDataDir: path.join(env.DATA_DIR, 'pglite') });
  try {
    await applyMigrations(db.sql, { useAdvisoryLock: db.kind === 'postgres' });
    const locale = value('--locale');
    const user = await createUser({ prisma: db.prisma }, { email, name, role, password, ...(locale ? { locale } : {}) });
    const who = `${user.role.toLowerCase()} user ${user.email} ("${user.name}") created`;
    console.log(fromStdin ? `✔ ${who}.` : `✔ ${who}. Their password, shown once (only a hash is stored):\n${password}`);
  } finally {
    await db.close();
  }
});
