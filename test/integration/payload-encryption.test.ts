/**
 * Encrypted Temporal payloads on a real server: a journey runs with PAYLOAD_ENCRYPTION_KEYS set
 * on client and worker, and the raw history read back from the server holds no lead field in
 * clear; the same run without a key does (so the check can see clear text when it is there).
 * Keys rotate: a journey started under one key finishes under the next with the old one listed.
 * Runs on the dev server (a worker restart on the time-skipping server leaves its task unpolled).
 * The codec endpoint decodes what the UI shows, for admins only, with CORS for the UI origin.
 */
import { randomBytes } from 'node:crypto';
import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { temporal } from '@temporalio/proto';
import { createEnrollLeads } from '../../domain/sequences/enroll-leads';
import { publishSequence } from '../../domain/sequences/publish-sequence';
import { exitSignal } from '../../contract/journeys';
import { createApiKey } from '../../domain/api-keys/create-api-key';
import { buildServer, type TApp } from '../../api/server';
import { TemplateCache } from '../../lib/mail/render-template';
import { createHealthChecks } from '../../lib/boot';
import {
  AesGcmPayloadCodec,
  dataConverterFromEnv,
  ENCRYPTED_ENCODING,
  KEY_ID_METADATA,
  parsePayloadKeys,
} from '../../lib/temporal/payload-codec';
import type { TRunningWorker } from '../../worker/start-worker';
import { createTestDatabase, type TTestDatabase } from '../helpers/database';
import { createTestMail } from '../helpers/mail';
import { eventually } from '../helpers/eventually';
import { createTemplates } from '../helpers/journeys';
import { createTestWorker, createDevServerEnv, TEST_ENV, uniqueTaskQueue } from '../helpers/temporal';

const key = (id: string) => `${id}:${randomBytes(32).toString('base64')}`;

/** Every byte string in a history response, as text, plus every metadata key id seen. */
function rawText(history: unknown): { text: string; keyIds: Set<string> } {
  const parts: string[] = [];
  const keyIds = new Set<string>();
  const walk = (value: unknown): void => {
    if (value instanceof Uint8Array) parts.push(Buffer.from(value).toString('utf8'));
    else if (typeof value === 'string') parts.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      const metadata = (value as { metadata?: Record<string, Uint8Array> }).metadata;
      const id = metadata?.[KEY_ID_METADATA];
      if (id instanceof Uint8Array) keyIds.add(Buffer.from(id).toString('utf8'));
      for (const v of Object.values(value)) walk(v);
    }
  };
  walk(history);
  return { text: parts.join('\n'), keyIds };
}

describe('encrypted Temporal payloads', () => {
  let env: TestWorkflowEnvironment;
  let db: TTestDatabase;
  let mail: Awaited<ReturnType<typeof createTestMail>>;

  beforeAll(async () => {
    [env, db, mail] = await Promise.all([createDevServerEnv(), createTestDatabase(), createTestMail()]);
    await createTemplates(db.prisma, ['enc-hello', 'enc-later']);
    await publishSequence(db.prisma, {
      key: 'enc',
      name: 'Encrypted journey',
      steps: [
        { id: 'hello', type: 'email', email: { template: 'enc-hello' } },
        { id: 'wait', type: 'wait', wait: { duration: '1 day' } },
        { id: 'later', type: 'email', email: { template: 'enc-later' } },
      ],
    });
  });
  afterAll(async () => {
    await Promise.all([env?.teardown(), db?.cleanup(), mail?.close()]);
  });

  const newLead = () => {
    const tag = randomBytes(4).toString('hex');
    return db.prisma.lead.create({
      data: {
        email: `zebulon.${tag}@secret-corp.example`,
        firstName: `Zebulon${tag}`,
        lastName: `Quxworth${tag}`,
        company: `Secretcorp ${tag}`,
        ownerEmail: `owner.${tag}@nurture.test`,
        tags: [`tag-${tag}`],
        attributes: { budget: `budget-${tag}` },
        timeZone: 'Europe/Helsinki',
      },
    });
  };

  /** Runs the journey; with `rotateTo`, the worker is replaced after the first email by one holding the rotated keys. */
  async function run(keys: string | undefined, lead: { id: string; email: string }, rotateTo?: string) {
    const taskQueue = uniqueTaskQueue('enc');
    const dataConverter = dataConverterFromEnv({ PAYLOAD_ENCRYPTION_KEYS: keys });
    const client = new Client({ connection: env.connection, namespace: 'default', ...(dataConverter ? { dataConverter } : {}) });
    let worker: TRunningWorker = await createTestWorker({
      env,
      prisma: db.prisma,
      mailer: mail.mailer,
      taskQueue,
      templates: new TemplateCache(),
      temporal: client,
      envOverrides: { PAYLOAD_ENCRYPTION_KEYS: keys },
    });
    try {
      const enroll = createEnrollLeads({ prisma: db.prisma, temporal: client, taskQueue, searchAttributes: false });
      const [enrolled] = await enroll({ sequenceKey: 'enc', leadIds: [lead.id] });
      const handle = client.workflow.getHandle(enrolled!.workflowId!);
      await eventually(
        'the first email is sent',
        async () => (await db.prisma.emailMessage.count({ where: { leadId: lead.id, status: 'SENT' } })) === 1,
      );
      // The journey sleeps on its wait step (its workflow task done) before anything else happens.
      await eventually('the journey waits on its timer', async () => {
        const { history } = await env.client.workflowService.getWorkflowExecutionHistory({
          namespace: 'default',
          execution: { workflowId: handle.workflowId },
        });
        return history?.events?.at(-1)?.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_TIMER_STARTED;
      });
      if (rotateTo) {
        await worker.stop();
        worker = await createTestWorker({
          env,
          prisma: db.prisma,
          mailer: mail.mailer,
          taskQueue,
          templates: new TemplateCache(),
          temporal: client,
          envOverrides: { PAYLOAD_ENCRYPTION_KEYS: rotateTo },
        });
      }
      // After a rotation everything new is sealed with the new key: talk to the journey with a client that holds it.
      const reader = rotateTo
        ? new Client({
            connection: env.connection,
            namespace: 'default',
            dataConverter: dataConverterFromEnv({ PAYLOAD_ENCRYPTION_KEYS: rotateTo })!,
          })
        : client;
      // A signal (carrying the lead's address, encrypted when a key is set) ends the journey; after a
      // rotation the new worker replays the k1 history to take it.
      await reader.workflow.getHandle(handle.workflowId).signal(exitSignal, { reason: `stopped for ${lead.email}` });
      const result = await reader.workflow.getHandle(handle.workflowId).result();
      const history = await env.client.workflowService.getWorkflowExecutionHistory({
        namespace: 'default',
        execution: { workflowId: handle.workflowId },
      });
      return { result, raw: rawText(history) };
    } finally {
      await worker.stop();
    }
  }
  it('without a key the raw history holds lead fields in clear (the control: the check below can see them)', async () => {
    const lead = await newLead();
    const { result, raw } = await run(undefined, lead);
    expect(result).toMatchObject({ status: 'EXITED' });
    // The journey carries the lead's snapshot (id, company, owner, tags, attributes) through its activities.
    for (const field of [lead.email, lead.company!, lead.ownerEmail!, lead.tags[0]!]) expect(raw.text).toContain(field);
    expect(raw.keyIds.size).toBe(0);
  });

  it('with a key the raw history on the server holds no lead field in clear, and the journey still works', async () => {
    const lead = await newLead();
    const { result, raw } = await run(key('k1'), lead);
    // The client decrypts the result it reads; the emails went out as usual.
    expect(result).toMatchObject({ status: 'EXITED' });
    expect(await db.prisma.emailMessage.count({ where: { leadId: lead.id, status: 'SENT' } })).toBe(1);
    // (The lead's id stays readable in the workflow id, journey/<sequence>/<lead id>: ids and search
    // attributes are not payloads, and an opaque UUID is what the Web UI needs to find a journey.)
    for (const field of [lead.email, lead.firstName!, lead.lastName!, lead.company!, lead.ownerEmail!, lead.tags[0]!, 'budget-']) {
      expect({ field, inClear: raw.text.includes(field) }).toEqual({ field, inClear: false });
    }
    expect([...raw.keyIds]).toEqual(['k1']);
  });

  it('rotates keys: a journey started under k1 finishes under k2 with k1 still listed; k1 alone cannot read k2', async () => {
    const k1 = key('r1');
    const k2 = key('r2');
    const rotated = `${k2},${k1}`;
    const lead = await newLead();
    const { result, raw } = await run(k1, lead, rotated);
    expect(result).toMatchObject({ status: 'EXITED' });
    expect(await db.prisma.emailMessage.count({ where: { leadId: lead.id, status: 'SENT' } })).toBe(1);
    // History written before the rotation is k1, after it k2: both were read by the rotated worker.
    expect([...raw.keyIds].sort()).toEqual(['r1', 'r2']);
    expect(raw.text).not.toContain(lead.email);

    const oldOnly = new AesGcmPayloadCodec(parsePayloadKeys(k1));
    const both = new AesGcmPayloadCodec(parsePayloadKeys(rotated));
    const [sealed] = await both.encode([
      { metadata: { encoding: new TextEncoder().encode('json/plain') }, data: new TextEncoder().encode('"x"') },
    ]);
    expect(Buffer.from(sealed!.metadata![KEY_ID_METADATA]!).toString()).toBe('r2');
    await expect(oldOnly.decode([sealed!])).rejects.toThrow(/key "r2", which is not in PAYLOAD_ENCRYPTION_KEYS/);
    // A flipped byte does not authenticate.
    const tampered = { ...sealed!, data: Uint8Array.from(sealed!.data!, (b, i) => (i === 20 ? b ^ 1 : b)) };
    await expect(both.decode([tampered])).rejects.toThrow(/does not authenticate/);
  });

  describe('codec endpoint', () => {
    let app: TApp;
    const keys = key('ui');
    let admin: string;
    let sales: string;
    beforeAll(async () => {
      admin = (await createApiKey(db.prisma, { name: 'codec-admin', role: 'ADMIN' })).key;
      sales = (await createApiKey(db.prisma, { name: 'codec-sales', role: 'SALES' })).key;
      app = await buildServer({
        env: { ...TEST_ENV, PAYLOAD_ENCRYPTION_KEYS: keys, CODEC_CORS_ORIGINS: 'http://localhost:8233' },
        prisma: db.prisma,
        temporal: env.client,
        mailer: mail.mailer,
        templates: new TemplateCache(),
        health: createHealthChecks({ db, temporal: env.client, temporalAddress: 'test server', mailer: mail.mailer }),
      });
    });
    afterAll(async () => app?.close());

    it('decodes for an admin, in the Web UI format, with CORS for the UI origin', async () => {
      const codec = new AesGcmPayloadCodec(parsePayloadKeys(keys));
      const [sealed] = await codec.encode([
        { metadata: { encoding: new TextEncoder().encode('json/plain') }, data: new TextEncoder().encode('{"email":"a@b.example"}') },
      ]);
      const body = {
        payloads: [
          {
            metadata: Object.fromEntries(Object.entries(sealed!.metadata!).map(([k, v]) => [k, Buffer.from(v!).toString('base64')])),
            data: Buffer.from(sealed!.data!).toString('base64'),
          },
        ],
      };
      expect(Buffer.from(body.payloads[0]!.metadata['encoding']!, 'base64').toString()).toBe(ENCRYPTED_ENCODING);
      const res = await app.inject({
        method: 'POST',
        url: '/codec/decode',
        headers: { authorization: `Bearer ${admin}`, origin: 'http://localhost:8233', 'x-namespace': 'default' },
        payload: body,
      });
      expect(res.statusCode).toBe(200);
      expect(res.headers['access-control-allow-origin']).toBe('http://localhost:8233');
      const [plain] = res.json<{ payloads: { metadata: Record<string, string>; data: string }[] }>().payloads;
      expect(Buffer.from(plain!.data, 'base64').toString()).toBe('{"email":"a@b.example"}');
      expect(Buffer.from(plain!.metadata['encoding']!, 'base64').toString()).toBe('json/plain');

      // And back: encode, then decode, gives the same payload.
      const enc = await app.inject({
        method: 'POST',
        url: '/codec/encode',
        headers: { authorization: `Bearer ${admin}` },
        payload: { payloads: [plain] },
      });
      const [decoded] = await codec.decode(
        enc.json<{ payloads: { metadata: Record<string, string>; data: string }[] }>().payloads.map((p) => ({
          metadata: Object.fromEntries(Object.entries(p.metadata).map(([k, v]) => [k, new Uint8Array(Buffer.from(v, 'base64'))])),
          data: new Uint8Array(Buffer.from(p.data, 'base64')),
        })),
      );
      expect(Buffer.from(decoded!.data!).toString()).toBe('{"email":"a@b.example"}');
    });

    it('answers the preflight without credentials, and refuses anonymous and non-admin callers (with CORS, so the UI can say why)', async () => {
      const pre = await app.inject({
        method: 'OPTIONS',
        url: '/codec/decode',
        headers: { origin: 'http://localhost:8233', 'access-control-request-method': 'POST' },
      });
      expect(pre.statusCode).toBe(204);
      expect(pre.headers['access-control-allow-headers']).toContain('x-namespace');
      expect(pre.headers['access-control-allow-origin']).toBe('http://localhost:8233');
      const anonymous = await app.inject({
        method: 'POST',
        url: '/codec/decode',
        headers: { origin: 'http://localhost:8233' },
        payload: { payloads: [] },
      });
      expect(anonymous.statusCode).toBe(401);
      expect(anonymous.headers['access-control-allow-origin']).toBe('http://localhost:8233');
      const notAdmin = await app.inject({
        method: 'POST',
        url: '/codec/decode',
        headers: { authorization: `Bearer ${sales}` },
        payload: { payloads: [] },
      });
      expect(notAdmin.statusCode).toBe(403);
      const otherOrigin = await app.inject({
        method: 'POST',
        url: '/codec/decode',
        headers: { authorization: `Bearer ${admin}`, origin: 'https://evil.example' },
        payload: { payloads: [] },
      });
      expect(otherOrigin.headers['access-control-allow-origin']).toBeUndefined();
    });
  });
});
