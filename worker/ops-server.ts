/**
 * The worker's own small HTTP server for operators (WORKER_HTTP_PORT): /health/live,
 * /health/ready (database, Temporal, SMTP, migrations, and the worker itself running) and
 * /metrics (email outcomes, send latency and due-to-sent lag, journeys per sequence, Node.js
 * process). Nothing else is served; no request reads a body.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { runReadiness, type TCheck } from '../lib/health/run-checks';
import { collectProcessMetrics, renderMetrics } from '../lib/metrics/registry';
import type { Client } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import type { PrismaClient } from '../generated/prisma/client';
import { createHealthChecks } from '../lib/boot';
import type { TDatabase } from '../lib/db/open-database';
import type { TMailer } from '../lib/mail/create-mailer';
import { collectJourneyCountsFrom } from '../lib/metrics/journey-metrics';
import { countActiveJourneys, countJourneys, countRecords } from '../domain/journeys/count-journeys';
import { collectRecordCountsFrom } from '../lib/metrics/record-gauges';
import { collectSenderDomainsFrom } from '../lib/metrics/sender-metrics';
import { senderDomainSamples } from '../domain/deliverability/sender-reputation-guard';

export type TOpsServer = { port: number; close(): Promise<void> };

export async function startOpsServer(options: {
  host: string;
  port: number;
  /** Readiness checks by name; each resolves with a detail or throws with the reason. */
  checks: Record<string, TCheck>;
  /** Liveness: false once the worker has stopped or failed. */
  alive: () => boolean;
}): Promise<TOpsServer> {
  collectProcessMetrics();
  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
    res.end(JSON.stringify(body));
  };
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD')
      return json(res, 405, { error: { code: 'METHOD_NOT_ALLOWED', message: 'Only GET' } });
    const answer = async () => {
      if (path === '/health/live') {
        const alive = options.alive();
        return json(res, alive ? 200 : 503, { status: alive ? 'ok' : 'down', uptimeSeconds: Math.round(process.uptime()) });
      }
      if (path === '/health/ready') {
        const readiness = await runReadiness(options.checks);
        return json(res, readiness.status === 'ok' ? 200 : 503, readiness);
      }
      if (path === '/metrics') {
        const { contentType, body } = await renderMetrics();
        res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' });
        return res.end(body);
      }
      return json(res, 404, {
        error: { code: 'NOT_FOUND', message: `No route ${req.method} ${path}; try /health/live, /health/ready or /metrics` },
      });
    };
    answer().catch((e: unknown) => json(res, 500, { error: { code: 'INTERNAL', message: (e as Error).message.split('\n')[0] } }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The ops server of `npm run worker`: the API's readiness checks plus the worker's own state. */
export async function startWorkerOps(parts: {
  host: string;
  port: number;
  db: TDatabase;
  temporal: Client;
  temporalAddress: string;
  mailer: TMailer;
  worker: Worker;
  prisma: PrismaClient;
  /** The sender-reputation window (SENDER_REPUTATION_WINDOW) for the nurture_sender_* gauges. */
  reputationWindowMs: number;
}): Promise<TOpsServer> {
  collectJourneyCountsFrom(
    () => countJourneys({ prisma: parts.prisma }),
    () => countActiveJourneys({ prisma: parts.prisma }),
  );
  collectRecordCountsFrom(() => countRecords({ prisma: parts.prisma }));
  collectSenderDomainsFrom(() => senderDomainSamples({ prisma: parts.prisma, config: { windowMs: parts.reputationWindowMs } }));
  return startOpsServer({
    host: parts.host,
    port: parts.port,
    checks: {
      ...createHealthChecks({ db: parts.db, temporal: parts.temporal, temporalAddress: parts.temporalAddress, mailer: parts.mailer }),
      worker: async () => {
        const state = parts.worker.getState();
        if (state !== 'RUNNING') throw new Error(`the worker is ${state}`);
        return `polling task queue ${parts.worker.options.taskQueue}`;
      },
    },
    alive: () => !['FAILED', 'STOPPED'].includes(parts.worker.getState()),
  });
}
