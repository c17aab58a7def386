/**
 * The HTTP API. Every route declares zod schemas: they validate input, serialise output and
 * generate the OpenAPI document (/openapi.json, browsable at /docs). Errors have one shape:
 * { error: { code, message, issues? } }, with the status from AppError's code; never a stack.
 */
import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Client } from '@temporalio/client';
import type { PrismaClient } from '../generated/prisma/client';
import type { TEnv } from '../lib/env';
import type { TActivityEnv } from '../activities';
import { AppError, isAppError } from '../lib/errors';
import type { TLogger } from '../lib/logger';
import type { TMailer } from '../lib/mail/create-mailer';
import type { TSmtpCapture } from '../lib/mail/smtp-capture';
import type { TemplateCache } from '../lib/mail/render-template';
import { PAGE_CSP } from './routes/html-page';
import { redactUrl } from '../lib/security/redact-url';
import { healthRoutes, type THealthChecks } from './routes/health';
import { metricsRoutes } from './routes/metrics';
import { senderDomainRoutes } from './routes/sender-domains';
import { instrumentHttp } from './instrument-http';
import { currentTracing } from '../lib/telemetry/tracing';
import { traceHttp } from '../lib/telemetry/http-spans';
import { collectJourneyCountsFrom } from '../lib/metrics/journey-metrics';
import { collectProcessMetrics } from '../lib/metrics/registry';
import { countActiveJourneys, countJourneys, countRecords } from '../domain/journeys/count-journeys';
import { collectRecordCountsFrom } from '../lib/metrics/record-gauges';
import { collectSenderDomainsFrom } from '../lib/metrics/sender-metrics';
import { senderDomainSamples } from '../domain/deliverability/sender-reputation-guard';
import { leadRoutes } from './routes/leads';
import { templateRoutes } from './routes/templates';
import { unsubscribeRoutes } from './routes/unsubscribe';
import { preferenceRoutes } from './routes/preferences';
import { trackingRoutes } from './routes/tracking';
import { webhookRoutes } from './routes/webhooks';
import { suppressionRoutes } from './routes/suppressions';
import { devMailboxRoutes } from './routes/dev-mailbox';
import { sequenceRoutes } from './routes/sequences';
import { segmentRoutes } from './routes/segments';
import { sequenceEditorRoutes } from './routes/sequence-editor';
import { journeyRoutes } from './routes/journeys';
import { simulationRoutes } from './routes/simulation';
import { activityConfigFromEnv } from '../activities';
import type { TRunSimulation } from '../domain/simulation/plan';
import { createSimulator } from '../worker/simulation/simulate-journeys';
import cookie from '@fastify/cookie';
import { sessionAuthenticator } from './session-auth';
import { sessionRoutes } from './routes/session';
import { consoleRoutes } from './routes/console';
import { codecRoutes } from './routes/codec';
import { outgoingWebhookRoutes } from './routes/outgoing-webhooks';
import { apiKeyAuthenticator, registerAuth, type TAuthenticator, type TRouteAccess } from './auth';
import { customerRoutes } from './routes/customers';
import { catalogueRoutes } from './routes/catalogue';
import { repRoutes } from './routes/reps';
import { taskRoutes } from './routes/tasks';
import { scoringRoutes } from './routes/scoring';
import { triggerRoutes } from './routes/triggers';
import { kpiRoutes } from './routes/kpis';
import { publicFormRoutes } from './routes/public-forms';
import { createCrmDeps, crmConfigFromEnv, type TCrmDeps } from '../domain/crm/crm-deps';

export type TApiDeps = {
  env: TActivityEnv &
    Pick<TEnv, 'TEMPORAL_TASK_QUEUE' | 'API_DOCS' | 'NODE_ENV' | 'SENDGRID_WEBHOOK_PUBLIC_KEY' | 'INBOUND_AUTHSERV_ID'> &
    Partial<Pick<TEnv, 'PAYLOAD_ENCRYPTION_KEYS' | 'CODEC_CORS_ORIGINS'>> &
    Partial<Pick<TEnv, 'API_METRICS' | 'SENDER_REPUTATION_WINDOW'>>;
  /** Lead lifecycle operations; built from the parts above when not given. */
  crm?: TCrmDeps;
  prisma: PrismaClient;
  temporal: Client;
  mailer: TMailer;
  templates: TemplateCache;
  health: THealthChecks;
  /** Whether the Temporal server has the Nurture* search attributes registered. */
  searchAttributes?: boolean;
  /** The dev mailbox, when mail goes to the embedded capture: served only inside the dev stack, and only to loopback. */
  capture?: TSmtpCapture | undefined;
  /** The built web console to serve at /; web/dist by default (the browser tests build their own). */
  consoleDist?: string;
  /** Authenticators tried after API keys; default: console sessions (the `nurture_session` cookie). */
  authenticators?: readonly TAuthenticator[];
  logger?: TLogger | undefined;
  /**
   * Runs dry-run simulations (POST /sequences/simulate). Default: a simulator of this process
   * (worker/simulation/: a private time-skipping Temporal server per run, the workflow bundle
   * built on first use); tests pass one on their own server and bundle.
   */
  runSimulation?: TRunSimulation;
};

/** What routes get: the API's parts with the lifecycle operations always built. */
export type TRouteDeps = TApiDeps & { crm: TCrmDeps };

export type TApp = FastifyInstance;

declare module 'fastify' {
  interface FastifyInstance {
    /** Every registered route and who may reach it (deny by default: see api/auth.ts). */
    routeAccess: readonly TRouteAccess[];
  }
}

export async function buildServer(deps: TApiDeps): Promise<TApp> {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger | undefined,
    // Fastify's own request lines log the raw URL; ours (onResponse below) log it redacted.
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { maxParamLength: 512 },
  }).withTypeProvider<ZodTypeProvider>();
  const routeAccess: TRouteAccess[] = [];
  app.decorate('routeAccess', routeAccess);
  // Cookies are parsed before the auth hook below runs (hooks run in the order they are added).
  await app.register(cookie);
  // Cookies are parsed before the auth hook below runs (hooks run in the order they are added).
  // Deny by default: installed before any route, so every route is recorded and checked.
  registerAuth(app as unknown as FastifyInstance, {
    authenticators: [apiKeyAuthenticator(deps.prisma), ...(deps.authenticators ?? [sessionAuthenticator({ prisma: deps.prisma })])],
    routes: routeAccess,
  });
  instrumentHttp(app as unknown as FastifyInstance);
  if (currentTracing().temporalPlugin) traceHttp(app as unknown as FastifyInstance);
  app.addHook('onResponse', async (request, reply) => {
    request.log.info(
      { method: request.method, url: redactUrl(request.url), statusCode: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request completed',
    );
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('x-content-type-options', 'nosniff');
    if (!reply.hasHeader('referrer-policy')) reply.header('referrer-policy', 'no-referrer');
    const type = String(reply.getHeader('content-type') ?? '');
    if (type.startsWith('text/html') && !reply.hasHeader('content-security-policy')) reply.header('content-security-policy', PAGE_CSP);
    return payload;
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // JSON bodies: an empty body is "no body" (POST /journeys/:id/pause needs none), and a
  // malformed one is a 400 that says so.
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = (body as string).trim();
    if (text === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (e) {
      done(new AppError('VALIDATION_FAILED', `Request body is not valid JSON: ${(e as Error).message}`), undefined);
    }
  });
  // Form bodies (RFC 8058 one-click unsubscribe, the preference centre): a field given more
  // than once (checkboxes) becomes an array.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    const fields: Record<string, string | string[]> = {};
    for (const [k, v] of new URLSearchParams(body as string)) {
      const had = fields[k];
      fields[k] = had === undefined ? v : [had, v].flat();
    }
    done(null, fields);
  });
  // Raw email (POST /webhooks/inbound) and CSV (POST /suppressions) arrive as text.
  app.addContentTypeParser(
    ['message/rfc822', 'text/plain', 'text/csv'],
    { parseAs: 'string', bodyLimit: 10 * 1024 * 1024 },
    (_req, body, done) => done(null, body),
  );

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = error.validation.map((v) => ({
        path: `${error.validationContext ?? 'body'}${v.instancePath
          .split('/')
          .filter(Boolean)
          .map((seg) => (/^\d+$/.test(seg) ? `[${seg}]` : `.${seg}`))
          .join('')}`,
        message: v.message ?? 'is invalid',
      }));
      return reply.status(400).send({
        error: {
          code: 'VALIDATION_FAILED',
          message: `Invalid request: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`,
          issues,
        },
      });
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      const limit = request.routeOptions.bodyLimit;
      const size = limit >= 1024 * 1024 ? `${Math.round((limit / 1024 / 1024) * 10) / 10} MB` : `${Math.round(limit / 1024)} KB`;
      return reply
        .status(413)
        .send({ error: { code: 'PAYLOAD_TOO_LARGE', message: `The request body is larger than ${size}, the most this endpoint takes` } });
    }
    if (isAppError(error)) {
      return reply
        .status(error.httpStatus)
        .send({ error: { code: error.code, message: error.message, ...(error.details !== undefined ? { details: error.details } : {}) } });
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return reply.status(error.statusCode).send({ error: { code: 'VALIDATION_FAILED', message: error.message } });
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.status(500).send({ error: { code: 'INTERNAL', message: 'Something went wrong on our side; it has been logged.' } });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: { code: 'NOT_FOUND', message: `No route ${request.method} ${request.url.split('?')[0]}` } }),
  );

  await app.register(swagger, {
    openapi: {
      info: {
        title: 'nurture-engine API',
        version: '0.1.0',
        description:
          'Leads, templates, sequences and durable nurture journeys, on Temporal. Authenticate with `Authorization: Bearer <api key>`.',
      },
      servers: [{ url: deps.env.PUBLIC_BASE_URL }],
      components: { securitySchemes: { apiKey: { type: 'http', scheme: 'bearer' } } },
      security: [{ apiKey: [] }],
    },
    transform: jsonSchemaTransform,
  });
  if (deps.env.API_DOCS) {
    // The docs are public when turned on (API_DOCS; off by default in production).
    await app.register(async (docs) => {
      docs.addHook('onRoute', (route) => {
        route.config = { ...(route.config ?? {}), public: true };
      });
      await docs.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
      docs.get('/openapi.json', { schema: { hide: true } }, () => app.swagger());
    });
  }

  const routeDeps: TRouteDeps = {
    ...deps,
    crm:
      deps.crm ??
      createCrmDeps({
        prisma: deps.prisma,
        temporal: deps.temporal,
        taskQueue: deps.env.TEMPORAL_TASK_QUEUE,
        searchAttributes: deps.searchAttributes ?? false,
        config: crmConfigFromEnv(deps.env),
      }),
  };
  await app.register(healthRoutes, { checks: deps.health });
  if (deps.env.API_METRICS) {
    collectProcessMetrics();
    collectJourneyCountsFrom(
      () => countJourneys({ prisma: deps.prisma }),
      () => countActiveJourneys({ prisma: deps.prisma }),
    );
    collectRecordCountsFrom(() => countRecords({ prisma: deps.prisma }));
    collectSenderDomainsFrom(() =>
      senderDomainSamples({ prisma: deps.prisma, config: { windowMs: deps.env.SENDER_REPUTATION_WINDOW ?? 86_400_000 } }),
    );
    await app.register(metricsRoutes);
  }
  await app.register(senderDomainRoutes, { prisma: deps.prisma, windowMs: deps.env.SENDER_REPUTATION_WINDOW ?? 86_400_000 });
  await app.register(leadRoutes, routeDeps);
  await app.register(customerRoutes, routeDeps);
  await app.register(catalogueRoutes, routeDeps);
  await app.register(repRoutes, routeDeps);
  await app.register(taskRoutes, routeDeps);
  await app.register(scoringRoutes, routeDeps);
  await app.register(triggerRoutes, routeDeps);
  await app.register(kpiRoutes, routeDeps);
  await app.register(publicFormRoutes, routeDeps);
  await app.register(templateRoutes, routeDeps);
  await app.register(unsubscribeRoutes, routeDeps);
  await app.register(preferenceRoutes, routeDeps);
  await app.register(trackingRoutes, routeDeps);
  await app.register(webhookRoutes, routeDeps);
  await app.register(suppressionRoutes, routeDeps);
  await app.register(sequenceRoutes, routeDeps);
  await app.register(segmentRoutes, routeDeps);
  await app.register(sequenceEditorRoutes, routeDeps);
  await app.register(journeyRoutes, routeDeps);
  const simulator = deps.runSimulation ? undefined : createSimulator({ prisma: deps.prisma, config: activityConfigFromEnv(deps.env) });
  if (simulator) app.addHook('onClose', () => simulator.close());
  await app.register(simulationRoutes, { ...routeDeps, runSimulation: deps.runSimulation ?? ((plan) => simulator!.run(plan)) });
  await app.register(sessionRoutes, routeDeps);
  await app.register(codecRoutes, routeDeps);
  await app.register(outgoingWebhookRoutes, routeDeps);
  if (deps.capture && deps.env.NODE_ENV !== 'production') await app.register(devMailboxRoutes, { capture: deps.capture });
  // Last: the web console at / (its catch-all GET is less specific than every API route).
  await app.register(consoleRoutes, { distDir: deps.consoleDist });
  return app as unknown as FastifyInstance;
}
