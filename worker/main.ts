/**
 * `npm run worker`: one worker process against external services (DATABASE_URL, SMTP_URL,
 * TEMPORAL_ADDRESS). Run as many as the load needs; they share the task queue.
 */
import { runMain, untilSignal } from '../lib/boot';
import { assertProductionSecrets, parseEnv } from '../lib/env';
import { assertNoDevCredentials } from '../domain/api-keys/dev-credentials';
import { AppError } from '../lib/errors';
import { createLogger } from '../lib/logger';
import { openDatabase } from '../lib/db/open-database';
import { applyMigrations } from '../lib/db/apply-migrations';
import { createMailer, dkimFromEnv } from '../lib/mail/create-mailer';
import { installTemporalRuntime } from '../lib/temporal/install-runtime';
import { connectTemporalClient, connectTemporalWorker } from '../lib/temporal/connect-temporal';
import { startWorker } from './start-worker';

runMain(async () => {
  const env = parseEnv();
  assertProductionSecrets(env, 'npm run worker');
  const log = createLogger({ level: env.LOG_LEVEL, name: 'worker' });
  installTemporalRuntime(log);
  const missing = (['DATABASE_URL', 'SMTP_URL'] as const).filter((k) => !env[k]);
  if (missing.length) {
    throw new AppError('CONFIG_INVALID', 'npm run worker runs against external services', {
      details: missing.map((k) => `${k}: must be set (the embedded defaults live only inside npm run dev)`),
    });
  }
  const db = await openDatabase({ databaseUrl: env.DATABASE_URL, pgliteDataDir: '' });
  await applyMigrations(db.sql, { useAdvisoryLock: true, onApply: (name) => log.info({ migration: name }, 'applying migration') });
  await assertNoDevCredentials(db.prisma, 'npm run worker');
  const mailer = createMailer({
    smtpUrl: env.SMTP_URL,
    capturePort: env.SMTP_CAPTURE_PORT,
    poolSize: env.SMTP_POOL_SIZE,
    dkim: dkimFromEnv(env),
  });
  await mailer.verify();
  const connection = await connectTemporalWorker(env);
  const temporal = await connectTemporalClient(env);
  const running = await startWorker({
    env,
    connection,
    prisma: db.prisma,
    mailer,
    temporal,
    searchAttributes: env.TEMPORAL_SEARCH_ATTRIBUTES,
  });
  log.info(
    { taskQueue: env.TEMPORAL_TASK_QUEUE, temporal: env.TEMPORAL_ADDRESS, database: db.description, smtp: mailer.description },
    'worker running',
  );

  await Promise.race([untilSignal(), running.done]);
  log.info('shutting down: finishing in-flight activities');
  await running.stop();
  mailer.close();
  await connection.close();
  await temporal.connection.close();
  await db.close();
});
