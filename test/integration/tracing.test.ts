/**
 * OpenTelemetry traces (ADR-035), end to end: an in-process OTLP/HTTP receiver, the API, a
 * Temporal client and a worker with the SDK's OpenTelemetry plugin (the worker bundles its
 * workflows itself, so the plugin's workflow interceptors are in the bundle), a real send over
 * SMTP. One trace must span the API request, the workflow, the send activity and SMTP, with the
 * database queries (Prisma, ADR-050) of the request and of the activity inside it.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { buildServer, type TApp } from '../../api/server';
import { createApiKey } from '../../domain/api-keys/create-api-key';
import { createHealthChecks } from '../../lib/boot';
import { TemplateCache } from '../../lib/mail/render-template';
import { setupTracing, type TTracing } from '../../lib/telemetry/tracing';
import { tracedMailer } from '../../lib/telemetry/traced-mailer';
import { traceLogFields } from '../../lib/telemetry/log-fields';
import { startWorker, type TRunningWorker } from '../../worker/start-worker';
import { createTestDatabase, type TTestDatabase } from '../helpers/database';
import { createTestMail } from '../helpers/mail';
import { eventually } from '../helpers/eventually';
import { createTemplates } from '../helpers/journeys';
import { createDevServerEnv, TEST_ENV, uniqueTaskQueue } from '../helpers/temporal';

type TOtlpSpan = {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes?: { key: string; value: { stringValue?: string } }[];
};
const attribute = (span: TOtlpSpan, key: string) => span.attributes?.find((a) => a.key === key)?.value.stringValue;

/** A minimal OTLP/HTTP JSON receiver: collects every span posted to /v1/traces. */
async function startOtlpReceiver(): Promise<{ url: string; spans: TOtlpSpan[]; close(): Promise<void> }> {
  const spans: TOtlpSpan[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/v1/traces') {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
          resourceSpans: { scopeSpans: { spans: TOtlpSpan[] }[] }[];
        };
        for (const rs of body.resourceSpans) for (const ss of rs.scopeSpans) spans.push(...ss.spans);
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('OpenTelemetry tracing', () => {
  let env: TestWorkflowEnvironment;
  let db: TTestDatabase;
  let mail: Awaited<ReturnType<typeof createTestMail>>;
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
  let tracing: TTracing;
  let client: Client;
  let worker: TRunningWorker;
  let app: TApp;
  const taskQueue = uniqueTaskQueue('tracing');

  beforeAll(async () => {
    [env, db, mail, receiver] = await Promise.all([createDevServerEnv(), createTestDatabase(), createTestMail(), startOtlpReceiver()]);
    tracing = setupTracing({ endpoint: receiver.url, serviceName: 'nurture-test' });
    await createTemplates(db.prisma, ['traced']);
    client = new Client({ connection: env.connection, plugins: [tracing.temporalPlugin!] });
    // No prebuilt bundle: the worker bundles the workflows with the plugin's workflow interceptors.
    worker = await startWorker({
      env: { ...TEST_ENV, TEMPORAL_NAMESPACE: 'default', TEMPORAL_TASK_QUEUE: taskQueue },
      connection: env.nativeConnection,
      prisma: db.prisma,
      mailer: tracedMailer(mail.mailer),
      temporal: client,
    });
    app = await buildServer({
      env: { ...TEST_ENV, TEMPORAL_TASK_QUEUE: taskQueue },
      prisma: db.prisma,
      temporal: client,
      mailer: mail.mailer,
      templates: new TemplateCache(),
      health: createHealthChecks({ db, temporal: client, temporalAddress: 'dev server', mailer: mail.mailer }),
    });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await worker?.stop();
    await tracing?.shutdown();
    await Promise.all([env?.teardown(), db?.cleanup(), mail?.close(), receiver?.close()]);
  });

  it('follows one send in one trace: API request → workflow → send activity → SMTP', async () => {
    const lead = await db.prisma.lead.create({ data: { email: 'traced@example.kz', firstName: 'Aigerim', timeZone: 'Asia/Almaty' } });
    const key = (await createApiKey(db.prisma, { name: 'tracing', role: 'ADMIN' })).key;
    const res = await app.inject({
      method: 'POST',
      url: `/leads/${lead.id}/emails`,
      headers: { authorization: `Bearer ${key}` },
      payload: { templateKey: 'traced' },
    });
    expect(res.statusCode).toBe(202);
    await mail.capture.waitFor((m) => m.envelopeTo.includes(lead.email));

    const request = await eventually('the API request span', async () => receiver.spans.find((s) => s.name === 'POST /leads/:id/emails'));
    // Spans arrive in batches as they end (the workflow's last): wait until the whole tree is in.
    const expected = [/^POST \/leads\/:id\/emails$/, /^StartWorkflow:/, /^RunWorkflow:/, /^RunActivity:sendLeadEmail$/, /^smtp\.send$/];
    const trace = await eventually('every span of the send in the same trace', async () => {
      const inTrace = receiver.spans.filter((s) => s.traceId === request.traceId);
      return expected.every((name) => inTrace.some((s) => name.test(s.name))) ? inTrace : undefined;
    });
    const names = trace.map((s) => s.name);
    expect(names).toEqual(
      expect.arrayContaining([
        'POST /leads/:id/emails',
        expect.stringMatching(/^StartWorkflow:/),
        expect.stringMatching(/^RunWorkflow:/),
        expect.stringMatching(/^RunActivity:sendLeadEmail$/),
        'smtp.send',
      ]),
    );
    // Every span but the request's own has its parent in the same trace: one tree, one root.
    const ids = new Set(trace.map((s) => s.spanId));
    const roots = trace.filter((s) => !s.parentSpanId || !ids.has(s.parentSpanId));
    expect(roots.map((s) => s.name)).toEqual(['POST /leads/:id/emails']);

    // Database spans: the route's own queries under the request span, the activity's under the activity.
    const byId = new Map(trace.map((s) => [s.spanId, s]));
    const parentOf = (s: TOtlpSpan) => (s.parentSpanId ? byId.get(s.parentSpanId)?.name : undefined);
    const operations = trace.filter((s) => s.name === 'prisma:client:operation');
    expect(operations.map(parentOf)).toEqual(expect.arrayContaining(['POST /leads/:id/emails', 'RunActivity:sendLeadEmail']));
    // Each SQL statement is a child span of its operation (or of a transaction's begin/commit), with
    // its text (placeholders, no parameter values).
    const queries = trace.filter((s) => s.name === 'prisma:client:db_query');
    expect(queries.length).toBeGreaterThan(0);
    for (const q of queries)
      expect({ query: attribute(q, 'db.query.text'), parent: parentOf(q) }).toEqual({
        query: expect.stringMatching(/\S/),
        parent: expect.stringMatching(/^prisma:client:/),
      });
    expect(queries.map((q) => attribute(q, 'db.system.name'))).toEqual(queries.map(() => 'postgresql'));
    const sql = queries.map((q) => attribute(q, 'db.query.text')).join('\n');
    expect(sql).toContain('"EmailMessage"'); // the activity's claim of the send
    expect(sql).not.toContain(lead.email); // parameters stay out of spans
    // Queries outside any trace (the test's own setup here) start no trace of their own.
    expect(receiver.spans.filter((s) => s.name.startsWith('prisma:') && !s.parentSpanId)).toEqual([]);
  }, 60_000);

  it('puts the active trace id on log lines written inside a span', async () => {
    const { trace } = await import('@opentelemetry/api');
    const fields = trace.getTracer('test').startActiveSpan('log-test', (span) => {
      const inside = traceLogFields();
      span.end();
      return { inside, id: span.spanContext().traceId };
    });
    expect(fields.inside).toEqual({ trace_id: fields.id, span_id: expect.any(String) });
    expect(traceLogFields()).toEqual({});
  });
});
