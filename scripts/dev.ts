/**
 * `npm run dev`: the whole system on embedded defaults, in one process (PGlite lives in one
 * process, so the API and the worker share it here; ADR-002):
 *   Temporal dev server (SQLite in DATA_DIR, Web UI) · PGlite in DATA_DIR · migrations ·
 *   SMTP capture + dev mailbox · worker · HTTP API · demo seed.
 * Any of them can be swapped for the real thing with its variable (TEMPORAL_ADDRESS,
 * DATABASE_URL, SMTP_URL). Ctrl-C stops everything cleanly.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { createHealthChecks, runMain, untilSignal } from '../lib/boot';
import { parseEnv } from '../lib/env';
import { AppError } from '../lib/errors';
import { createLogger } from '../lib/logger';
import { openDatabase } from '../lib/db/open-database';
import { applyMigrations } from '../lib/db/apply-migrations';
import { createMailer, dkimFromEnv, emailApiFromEnv } from '../lib/mail/create-mailer';
import { startSmtpCapture, type TSmtpCapture } from '../lib/mail/smtp-capture';
import { TemplateCache } from '../lib/mail/render-template';
import { sqlitePragmaArgs } from '../lib/temporal/dev-server-options';
import { findOrInstallTemporalBinary } from '../lib/temporal/find-temporal-binary';
import { installTemporalRuntime } from '../lib/temporal/install-runtime';
import { setupTracing } from '../lib/telemetry/tracing';
import { connectTemporalClient, connectTemporalWorker } from '../lib/temporal/connect-temporal';
import { startWorker } from '../worker/start-worker';
import { buildServer } from '../api/server';
import { seedDemo } from '../domain/demo/seed-demo';
import { installBuiltins } from '../domain/builtins/install-builtins';
import { SEARCH_ATTRIBUTES } from '../contract/journeys';
import { DEV_API_KEYS } from '../lib/security/api-keys';
import { DEV_USER_PASSWORD, DEV_USERS } from '../domain/users/dev-users';
import { buildConsoleIfStale } from '../web/scripts/console-dist';

function assertPortFree(port: number, what: string, variable: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', () =>
      reject(
        new AppError(
          'CONFIG_INVALID',
          `Port ${port} (${what}) is already in use. Is another npm run dev running? Stop it, or set ${variable}.`,
        ),
      ),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

runMain(async () => {
  const started = performance.now();
  const env = parseEnv();
  const log = createLogger({ level: env.LOG_LEVEL, name: 'dev' });
  installTemporalRuntime(log, 'WARN', { metricsBindAddress: env.TEMPORAL_METRICS_BIND_ADDRESS });
  // OTEL_EXPORTER_OTLP_ENDPOINT: traces from the API, the client and the worker (README "Operations").
  const tracing = setupTracing({ endpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT, serviceName: env.OTEL_SERVICE_NAME ?? 'nurture-dev' });
  const elapsed = () => `${((performance.now() - started) / 1000).toFixed(1)}s`;
  const dataDir = path.resolve(env.DATA_DIR);
  fs.mkdirSync(dataDir, { recursive: true });
  const stops: (() => Promise<unknown> | void)[] = [];
  stops.push(() => tracing.shutdown());

  // Every port up front, so a conflict is one clear line before anything starts.
  const externalTemporal = Boolean(process.env.TEMPORAL_ADDRESS?.trim());
  const temporalPort = env.TEMPORAL_DEV_PORT;
  if (!externalTemporal) env.TEMPORAL_ADDRESS = `127.0.0.1:${temporalPort}`;
  await assertPortFree(env.API_PORT, 'HTTP API', 'API_PORT');
  if (!env.SMTP_URL && env.SMTP_CAPTURE_PORT) await assertPortFree(env.SMTP_CAPTURE_PORT, 'SMTP capture', 'SMTP_CAPTURE_PORT');
  if (!externalTemporal) {
    await assertPortFree(temporalPort, 'Temporal dev server', 'TEMPORAL_DEV_PORT');
    await assertPortFree(env.TEMPORAL_UI_PORT, 'Temporal Web UI', 'TEMPORAL_UI_PORT');
  }

  // The web console is (re)built when web/dist is missing or older than web/src, beside the rest.
  const consoleBuild = buildConsoleIfStale();

  try {
    // 1. Temporal
    if (!externalTemporal) {
      const cli = findOrInstallTemporalBinary('cli', { log: (line) => log.info(line) });
      log.info(cli ? `starting Temporal dev server (${cli.path})` : 'starting Temporal dev server (SDK download)');
      const server = await startDevServerWithRetries(
        () =>
          TestWorkflowEnvironment.createLocal({
            server: {
              executable: cli ? { type: 'existing-path', path: cli.path } : { type: 'cached-download' },
              ip: '127.0.0.1',
              port: temporalPort,
              ui: true,
              uiPort: env.TEMPORAL_UI_PORT,
              namespace: env.TEMPORAL_NAMESPACE,
              dbFilename: path.join(dataDir, 'temporal.sqlite'),
              log: { format: 'pretty', level: 'error' },
              extraArgs: [
                ...Object.values(SEARCH_ATTRIBUTES).flatMap((name) => ['--search-attribute', `${name}=Keyword`]),
                ...sqlitePragmaArgs(),
              ],
            },
          }),
        (attempt) => log.warn(`Temporal dev server was slow to start (a busy machine?); trying again (${attempt}/3)`),
      );
      env.TEMPORAL_SEARCH_ATTRIBUTES = true;
      stops.push(() => server.teardown());
    }
    const temporal = await connectTemporalClient(env);
    stops.push(() => temporal.connection.close());
    log.info(`Temporal ready at ${env.TEMPORAL_ADDRESS} (${elapsed()})`);

    // 2. Database
    const db = await openDatabase({ databaseUrl: env.DATABASE_URL, pgliteDataDir: path.join(dataDir, 'pglite') });
    stops.push(() => db.close());
    const migrated = await applyMigrations(db.sql, {
      useAdvisoryLock: db.kind === 'postgres',
      onApply: (name) => log.info(`applying migration ${name}`),
    });
    log.info(
      `${db.description} ready: ${migrated.applied.length} migration(s) applied, ${migrated.alreadyApplied} up to date (${elapsed()})`,
    );

    // 3. Mail
    let capture: TSmtpCapture | undefined;
    if (!env.SMTP_URL) {
      capture = await startSmtpCapture({ port: env.SMTP_CAPTURE_PORT, dir: path.join(dataDir, 'mailbox') });
      stops.push(() => capture?.close());
    }
    const mailer = createMailer({
      smtpUrl: env.SMTP_URL,
      capturePort: capture?.port ?? env.SMTP_CAPTURE_PORT,
      poolSize: env.SMTP_POOL_SIZE,
      dkim: dkimFromEnv(env),
      emailApi: emailApiFromEnv(env),
    });
    stops.push(() => mailer.close());
    await mailer.verify();

    // 4. Worker (same process, shares the database)
    const templates = new TemplateCache();
    const connection = await connectTemporalWorker(env);
    stops.push(() => connection.close());
    const worker = await startWorker({
      env,
      connection,
      prisma: db.prisma,
      mailer,
      templates,
      temporal,
      searchAttributes: env.TEMPORAL_SEARCH_ATTRIBUTES,
    });
    stops.push(() => worker.stop());
    log.info(`worker polling task queue ${env.TEMPORAL_TASK_QUEUE} (${elapsed()})`);

    // 5. API (serving the console)
    const built = await consoleBuild;
    if (built.outcome === 'built') log.info(`console built (${built.reason}) in ${built.ms} ms`);
    if (built.outcome === 'failed') {
      log.warn(
        `console build failed (${built.reason}); the API runs without it. Fix web/ and run npm run web:build:\n${built.output ?? ''}`,
      );
    }
    const app = await buildServer({
      env,
      prisma: db.prisma,
      temporal,
      mailer,
      templates,
      capture,
      searchAttributes: env.TEMPORAL_SEARCH_ATTRIBUTES,
      health: createHealthChecks({ db, temporal, temporalAddress: env.TEMPORAL_ADDRESS, mailer }),
    });
    await app.listen({ host: env.API_HOST, port: env.API_PORT });
    stops.push(() => app.close());

    // 6. Built-in journeys (nurture, deferred demand, cross-sell, referral, win-back, sales follow-up), then the demo
    const builtins = await installBuiltins(db.prisma, { log });
    log.info(
      `built-in journeys: ${builtins.sequences} sequence(s), ${builtins.templates} template(s), ${builtins.triggers} trigger(s) installed, ${builtins.upgraded} upgraded`,
    );
    const seeded = await seedDemo({
      prisma: db.prisma,
      temporal,
      taskQueue: env.TEMPORAL_TASK_QUEUE,
      searchAttributes: env.TEMPORAL_SEARCH_ATTRIBUTES,
      devApiKeys: env.NODE_ENV !== 'production',
    });
    log.info(`demo: sequence ${seeded.sequenceKey} v${seeded.version}, ${seeded.leads} leads, ${seeded.enrolled} new journey(s)`);

    const api = `http://${env.API_HOST === '0.0.0.0' ? 'localhost' : env.API_HOST}:${env.API_PORT}`;
    const lines = [
      `nurture-engine is up in ${elapsed()}`,
      `  Console        ${api}/   (sign in as a dev user, below)`,
      `  API            ${api}   (docs ${api}/docs, OpenAPI ${api}/openapi.json)`,
      `  Health         ${api}/health`,
      capture ? `  Dev mailbox    ${api}/dev/mailbox   (SMTP on 127.0.0.1:${capture.port})` : `  Mail           ${mailer.description}`,
      externalTemporal
        ? `  Temporal       ${env.TEMPORAL_ADDRESS}`
        : `  Temporal UI    http://127.0.0.1:${env.TEMPORAL_UI_PORT}   (server ${env.TEMPORAL_ADDRESS})`,
      `  Database       ${db.description}`,
      `  Dev API keys   admin ${DEV_API_KEYS.ADMIN} · marketing ${DEV_API_KEYS.MARKETING} · sales ${DEV_API_KEYS.SALES} · webhook ${DEV_API_KEYS.WEBHOOK}   (Authorization: Bearer <key>)`,
      `  Dev users      ${DEV_USERS.map((u) => u.email).join(' · ')}   (password ${DEV_USER_PASSWORD}; POST /auth/login)`,
      `  Send policy    quiet hours ${env.QUIET_HOURS} in each lead's zone · frequency cap ${env.FREQUENCY_CAP}   (emails due then are postponed, not dropped; see the timeline)`,
      'Press Ctrl-C to stop.',
    ];
    process.stdout.write(`\n${lines.join('\n')}\n\n`);

    const reason = await Promise.race([untilSignal(), worker.done.then(() => 'worker stopped' as const)]);
    log.info(`stopping (${reason})`);
  } finally {
    for (const stop of stops.reverse()) {
      try {
        await stop();
      } catch (e) {
        log.warn(`while stopping: ${(e as Error).message}`);
      }
    }
  }
  log.info('stopped');
});

/**
 * The SDK gives the dev server a few seconds to answer; on a loaded machine (2 cores running a test
 * suite) its first start can miss that. Only that failure is retried, at most twice.
 */
async function startDevServerWithRetries<T>(start: () => Promise<T>, onRetry: (attempt: number) => void): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (e) {
      if (attempt >= 3 || !/did not start within/.test((e as Error).message)) throw e;
      onRetry(attempt + 1);
    }
  }
}
