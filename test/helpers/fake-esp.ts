/**
 * A local ESP implementing the documented contract of Resend's POST /emails with idempotency
 * keys (https://resend.com/docs/dashboard/emails/idempotency-keys): Bearer API key; an
 * `Idempotency-Key` seen in the last 24 hours with the same body gets the first response back and
 * sends nothing; with another body a 409 `invalid_idempotent_request`; while the first request
 * with that key is still being processed a 409 `concurrent_idempotent_requests`. A failed request
 * does not keep its key. `dropNextResponses` accepts (and "sends") the next requests but cuts the
 * connection before answering: what a crash or a network failure after the ESP took the message
 * looks like from our side.
 */
import { createHash, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type TFakeEspMessage = {
  id: string;
  key: string | undefined;
  to: string[];
  subject: string;
  headers: Record<string, string>;
  /** ISO time the ESP took it. */
  receivedAt: string;
};

export type TFakeEsp = {
  url: string;
  apiKey: string;
  /** Messages the ESP sent (a mailbox's view): a duplicate shows up here twice. */
  sent: TFakeEspMessage[];
  /** Every POST /emails it received. */
  requests: number;
  /** Requests answered from the idempotency store (a retry collapsed: nothing sent). */
  replayed: number;
  dropNextResponses(n: number): void;
  /** Answer the next n requests with this status (and send nothing). */
  failNext(n: number, status: number): void;
  /** An outage: stops listening (connections refused) but keeps every key it has seen, as a provider would. */
  down(): Promise<void>;
  up(): Promise<void>;
  close(): Promise<void>;
};

const DAY_MS = 86_400_000;

export async function startFakeEsp(
  options: {
    port?: number;
    /** Time between taking a message (it is sent) and answering, like a real API's latency: a kill meanwhile is the crash window. */
    answerDelayMs?: number;
  } = {},
): Promise<TFakeEsp> {
  const apiKey = `re_test_${randomUUID()}`;
  const keys = new Map<string, { hash: string; status: number; body: string; atMs: number } | 'in-flight'>();
  let drop = 0;
  let fail: { n: number; status: number } = { n: 0, status: 500 };
  const state = { sent: [] as TFakeEspMessage[], requests: 0, replayed: 0 };
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      const answer = (status: number, body: object) =>
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (req.method !== 'POST' || req.url !== '/emails') return answer(404, { statusCode: 404, name: 'not_found', message: 'Not found' });
      state.requests++;
      if (req.headers.authorization !== `Bearer ${apiKey}`)
        return answer(401, { statusCode: 401, name: 'missing_api_key', message: 'Missing or wrong API key' });
      const key = typeof req.headers['idempotency-key'] === 'string' ? req.headers['idempotency-key'] : undefined;
      const hash = createHash('sha256').update(raw).digest('hex');
      if (key) {
        const seen = keys.get(key);
        if (seen === 'in-flight')
          return answer(409, { statusCode: 409, name: 'concurrent_idempotent_requests', message: 'Same key is already being processed' });
        if (seen && Date.now() - seen.atMs < DAY_MS) {
          if (seen.hash !== hash)
            return answer(409, { statusCode: 409, name: 'invalid_idempotent_request', message: 'Same key used with a different payload' });
          state.replayed++;
          return res.writeHead(seen.status, { 'content-type': 'application/json' }).end(seen.body);
        }
        keys.set(key, 'in-flight');
      }
      if (fail.n > 0) {
        fail.n--;
        if (key) keys.delete(key); // a failed request does not keep its key
        return answer(fail.status, { statusCode: fail.status, name: 'application_error', message: 'Something went wrong' });
      }
      let body: { to?: string[] | string; subject?: string; headers?: Record<string, string> };
      try {
        body = JSON.parse(raw) as typeof body;
      } catch {
        if (key) keys.delete(key);
        return answer(422, { statusCode: 422, name: 'validation_error', message: 'Body is not JSON' });
      }
      if (!body.to || !body.subject) {
        if (key) keys.delete(key);
        return answer(422, { statusCode: 422, name: 'validation_error', message: 'Missing `to` or `subject`' });
      }
      const id = randomUUID();
      state.sent.push({
        id,
        key,
        to: [body.to].flat(),
        subject: body.subject,
        headers: body.headers ?? {},
        receivedAt: new Date().toISOString(),
      });
      const reply = JSON.stringify({ id });
      if (key) keys.set(key, { hash, status: 200, body: reply, atMs: Date.now() });
      if (drop > 0) {
        drop--;
        return req.socket.destroy();
      }
      const send = () => res.writeHead(200, { 'content-type': 'application/json' }).end(reply);
      if (options.answerDelayMs) setTimeout(send, options.answerDelayMs);
      else send();
    });
  });
  const listen = (port: number) => new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const stop = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  await listen(options.port ?? 0);
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    apiKey,
    get sent() {
      return state.sent;
    },
    get requests() {
      return state.requests;
    },
    get replayed() {
      return state.replayed;
    },
    dropNextResponses(n) {
      drop = n;
    },
    failNext(n, status) {
      fail = { n, status };
    },
    down: stop,
    up: () => listen(port),
    close: stop,
  };
}
