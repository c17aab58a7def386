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
import { createMailer, dkimFromEnv, emailApiFromEnv } from '../lib/mail/create-mailer';
import { installTemporalRuntime } from '../lib/temporal/install-runtime';
import { connectTemporalClient, connectTemporalWorker } from '../lib/temporal/connect-temporal';
import { startWorker } from './start-worker';
import { startWorkerOps } from './ops-server';
import { setupTracing } from '../lib/telemetry/tracing';
import { tracedMailer } from '../lib/telemetry/traced-mailer';

runMain(async () => {
  const env = parseEnv();
  assertProductionSecrets(env, 'npm run worker');
  const log = createLogger({ level: env.LOG_LEVEL, name: 'worker' });
  installTemporalRuntime(log, 'WARN', { metricsBindAddress: env.TEMPORAL_METRICS_BIND_ADDRESS });
  const tracing = setupTracing({ endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: env.OTEL_SERVICE_NAME ?? 'nurture-worker' });
  const missing = (['DATABASE_URL', 'SMTP_URL'] as const).filter((k) => !env[k] && !(k === 'SMTP_URL' && env.EMAIL_API_URL));
  if (missing.length) {
    throw new AppError('CONFIG_INVALID', 'npm run worker runs against external services', {
      details: missing.map((k) => `${k}: must be set (the embedded defaults live only inside npm run dev)`),
    });
  }
  const db = await openDatabase({ databaseUrl: env.DATABASE_URL, pgliteDataDir: '' });
  await applyMigrations(db.sql, { useAdvisoryLock: true, onApply: (name) => log.info({ migration: name }, 'applying migration') });
  await assertNoDevCredentials(db.prisma, 'npm run worker');
  const mailer = tracedMailer(
    createMailer({
      smtpUrl: env.SMTP_URL,
      capturePort: env.SMTP_CAPTURE_PORT,
      poolSize: env.SMTP_POOL_SIZE,
      dkim: dkimFromEnv(env),
      emailApi: emailApiFromEnv(env),
    }),
  );
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
  // WORKER_HTTP_PORT: /health/live, /health/ready and /metrics for orchestrators and Prometheus.
  const ops =
    env.WORKER_HTTP_PORT !== undefined
      ? await startWorkerOps({
          host: env.WORKER_HTTP_HOST,
          port: env.WORKER_HTTP_PORT,
          db,
          temporal,
          temporalAddress: env.TEMPORAL_ADDRESS,
          mailer,
          worker: running.worker,
          prisma: db.prisma,
          reputationWindowMs: env.SENDER_REPUTATION_WINDOW,
        })
      : undefined;
  if (ops) log.info({ port: ops.port }, 'worker ops server: /health/live, /health/ready, /metrics');
  log.info(
    { taskQueue: env.TEMPORAL_TASK_QUEUE, temporal: env.TEMPORAL_ADDRESS, database: db.description, smtp: mailer.description },
    'worker running',
  );

  await Promise.race([untilSignal(), running.done]);
  log.info('shutting down: finishing in-flight activities');
  await running.stop();
  await ops?.close();
  await tracing.shutdown();
  mailer.close();
  await connection.close();
  await temporal.connection.close();
  await db.close();
});
