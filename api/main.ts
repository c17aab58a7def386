/** `npm run api`: the HTTP API alone, against external services (DATABASE_URL, TEMPORAL_ADDRESS, SMTP_URL). */
import { createHealthChecks, runMain, untilSignal } from '../lib/boot';
import { assertProductionSecrets, parseEnv } from '../lib/env';
import { assertNoDevCredentials } from '../domain/api-keys/dev-credentials';
import { AppError } from '../lib/errors';
import { createLogger } from '../lib/logger';
import { openDatabase } from '../lib/db/open-database';
import { applyMigrations } from '../lib/db/apply-migrations';
import { createMailer, dkimFromEnv, emailApiFromEnv } from '../lib/mail/create-mailer';
import { TemplateCache } from '../lib/mail/render-template';
import { connectTemporalClient } from '../lib/temporal/connect-temporal';
import { buildServer } from './server';
import { installBuiltins } from '../domain/builtins/install-builtins';
import { setupTracing } from '../lib/telemetry/tracing';

runMain(async () => {
  const env = parseEnv();
  assertProductionSecrets(env, 'npm run api');
  const log = createLogger({ level: env.LOG_LEVEL, name: 'api' });
  const tracing = setupTracing({ endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: env.OTEL_SERVICE_NAME ?? 'nurture-api' });
  if (!env.DATABASE_URL) {
    throw new AppError('CONFIG_INVALID', 'npm run api runs against external services', {
      details: ['DATABASE_URL: must be set (the embedded database lives only inside npm run dev)'],
    });
  }
  const db = await openDatabase({ databaseUrl: env.DATABASE_URL, pgliteDataDir: '' });
  await applyMigrations(db.sql, { useAdvisoryLock: true, onApply: (name) => log.info({ migration: name }, 'applying migration') });
  await assertNoDevCredentials(db.prisma, 'npm run api');
  await installBuiltins(db.prisma, { log });
  const temporal = await connectTemporalClient(env);
  const mailer = createMailer({
    smtpUrl: env.SMTP_URL,
    capturePort: env.SMTP_CAPTURE_PORT,
    poolSize: 1,
    dkim: dkimFromEnv(env),
    emailApi: emailApiFromEnv(env),
  });
  const app = await buildServer({
    env,
    prisma: db.prisma,
    temporal,
    mailer,
    templates: new TemplateCache(),
    searchAttributes: env.TEMPORAL_SEARCH_ATTRIBUTES,
    health: createHealthChecks({ db, temporal, temporalAddress: env.TEMPORAL_ADDRESS, mailer }),
    logger: log,
  });
  await app.listen({ host: env.API_HOST, port: env.API_PORT });
  await untilSignal();
  await app.close();
  await tracing.shutdown();
  mailer.close();
  await temporal.connection.close();
  await db.close();
});
