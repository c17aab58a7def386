/**
 * Process entry helpers shared by `npm run dev|worker|api|db:migrate`: a known failure is one
 * clear line (and a line per detail), never a stack trace; an unknown one is a bug and keeps its stack.
 */
import fs from 'node:fs';
import type { Client } from '@temporalio/client';
import { isAppError } from './errors';
import type { TDatabase } from './db/open-database';
import type { TMailer } from './mail/create-mailer';
import type { THealthChecks } from '../api/routes/health';
import { checkMigrations } from './db/migration-status';

export function runMain(main: () => Promise<void>): void {
  // A .env file beside package.json, if any; variables already set in the environment win.
  if (fs.existsSync('.env')) process.loadEnvFile('.env');
  main().catch((error: unknown) => {
    if (isAppError(error)) {
      process.stderr.write(`✘ ${error.message}\n`);
      if (Array.isArray(error.details)) {
        for (const d of error.details as unknown[]) {
          const issue = d as { path?: unknown; message?: unknown };
          process.stderr.write(
            `  - ${typeof d === 'string' ? d : issue.message ? `${String(issue.path ?? '')}: ${String(issue.message)}` : JSON.stringify(d)}\n`,
          );
        }
      }
    } else {
      process.stderr.write(`✘ Unexpected failure (a bug; please report it):\n${error instanceof Error ? error.stack : String(error)}\n`);
    }
    process.exit(1);
  });
}

/** Resolves on the first SIGINT/SIGTERM; a second one exits at once. */
export function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals) => {
      process.once(signal, () => process.exit(130));
      resolve(signal);
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
}

export function createHealthChecks(parts: { db: TDatabase; temporal: Client; temporalAddress: string; mailer: TMailer }): THealthChecks {
  return {
    database: async () => {
      await parts.db.sql.query('SELECT 1');
      return parts.db.description;
    },
    temporal: async () => {
      // A deadline, so the client's retries stop once the check has given its answer.
      const info = await parts.temporal.connection.withDeadline(Date.now() + 2500, () => parts.temporal.workflowService.getSystemInfo({}));
      return `${parts.temporalAddress} (server ${info.serverVersion || 'unknown version'}, namespace ${parts.temporal.options.namespace})`;
    },
    smtp: async () => {
      await parts.mailer.verify();
      return parts.mailer.description;
    },
    migrations: () => checkMigrations(parts.db.sql),
  };
}
