/**
 * The codec endpoint for the Temporal Web UI and CLI (`temporal workflow show --codec-endpoint
 * <api>/codec --codec-auth "Bearer <admin key>"`): POST /codec/decode turns encrypted payloads
 * back into the JSON they carry, POST /codec/encode the reverse. Admin only (an admin API key,
 * or an admin's console session for a UI that sends cookies); CORS for the Web UI's origins
 * (CODEC_CORS_ORIGINS), whose browser asks first with a credential-less preflight.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Payload } from '@temporalio/common';
import type { TRouteDeps } from '../server';
import { ROLES } from '../auth';
import { ZError } from './error-schema';
import { AppError } from '../../lib/errors';
import { payloadCodecFromEnv } from '../../lib/temporal/payload-codec';

/** Temporal's JSON form of a Payload: metadata values and data base64. */
const ZJsonPayload = z.object({
  metadata: z.record(z.string(), z.string()).optional(),
  data: z.string().optional(),
});
const ZPayloads = z.object({ payloads: z.array(ZJsonPayload).max(1000) });

const fromJson = (p: z.infer<typeof ZJsonPayload>): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, new Uint8Array(Buffer.from(v, 'base64'))])),
  data: new Uint8Array(Buffer.from(p.data ?? '', 'base64')),
});
const toJson = (p: Payload) => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? new Uint8Array()).toString('base64')]),
  ),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

export const codecRoutes: FastifyPluginAsyncZod<TRouteDeps> = async (app, deps) => {
  const codec = payloadCodecFromEnv(deps.env);
  const origins = new Set(
    (deps.env.CODEC_CORS_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
  );

  // CORS on every answer of these routes, errors included (the UI must read a 401 to say why).
  app.addHook('onSend', async (request, reply, payload) => {
    const origin = request.headers.origin;
    if (origin && origins.has(origin)) {
      reply.header('access-control-allow-origin', origin);
      reply.header('access-control-allow-credentials', 'true');
      reply.header('vary', 'Origin');
    }
    return payload;
  });

  for (const direction of ['encode', 'decode'] as const) {
    app.options(
      `/codec/${direction}`,
      { config: { public: true }, schema: { hide: true } },
      // The CORS preflight: browsers send it without credentials. It reveals nothing.
      async (_request, reply) =>
        reply
          .header('access-control-allow-methods', 'POST, OPTIONS')
          .header('access-control-allow-headers', 'authorization, content-type, x-namespace')
          .header('access-control-max-age', '600')
          .status(204)
          .send(),
    );

    app.post(
      `/codec/${direction}`,
      {
        config: { roles: ROLES.admin },
        schema: {
          tags: ['temporal'],
          summary:
            direction === 'decode'
              ? 'Decrypt Temporal payloads (the Web UI codec endpoint; admin only)'
              : 'Encrypt Temporal payloads (the Web UI codec endpoint; admin only)',
          description:
            'Body and answer are `{ payloads: [{ metadata: { name: base64 }, data: base64 }] }`, the format the Temporal Web UI and CLI use. Payloads not encrypted by us pass through decode unchanged.',
          body: ZPayloads,
          response: { 200: ZPayloads, 400: ZError, 409: ZError },
        },
      },
      async (req) => {
        if (!codec) {
          throw new AppError(
            'CONFLICT',
            'Payload encryption is off: PAYLOAD_ENCRYPTION_KEYS is not set, so there is nothing to encode or decode',
          );
        }
        const payloads = req.body.payloads.map(fromJson);
        const out = direction === 'decode' ? await codec.decode(payloads) : await codec.encode(payloads);
        return { payloads: out.map(toJson) };
      },
    );
  }
};
