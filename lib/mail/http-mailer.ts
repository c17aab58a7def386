/**
 * Email through an ESP's HTTP API, with the send's idempotency key (the model is Resend's
 * POST /emails and its `Idempotency-Key` header; Emailit and others take the same contract): a
 * retry after a crash — the ESP accepted, we died before recording it — carries the same key,
 * and the ESP answers with the first response instead of sending a second copy.
 *
 * Answers are mapped onto the SMTP failure shape classifySmtpFailure reads, so the send activity
 * treats both transports alike:
 *   2xx                                  accepted (the ESP's message id becomes the response);
 *   409 invalid_idempotent_request       the key already sent a message (an earlier attempt whose
 *                                        rendering differed): accepted, never sent twice;
 *   409 concurrent / 408 / 429 / 5xx,    transient, retried with the same key;
 *   network errors and timeouts
 *   401 / 403                            transient (our configuration, like SMTP AUTH failures);
 *   other 4xx (validation, 422…)         permanent: recorded FAILED, not retried.
 */
import type Mail from 'nodemailer/lib/mailer';
import { AppError } from '../errors';
import type { TMailer, TMailMessage } from './create-mailer';

export type THttpMailerOptions = { url: string; apiKey: string; timeoutMs?: number };

type TAddressInput = Mail.Options['to'] | Mail.Options['from'];

function addresses(value: TAddressInput): string[] {
  if (!value) return [];
  if (Array.isArray(value)) return value.flatMap((v) => addresses(v));
  if (typeof value === 'string') return [value];
  const name = value.name?.replace(/["\\]/g, '');
  if (!value.address) return [];
  return [name ? `"${name}" <${value.address}>` : value.address];
}

/** An error classifySmtpFailure understands: `responseCode` only when the answer is final. */
class EspError extends Error {
  constructor(
    message: string,
    readonly responseCode: number | undefined,
    /** "API": refused before anything was sent; "DATA": the ESP may have taken it. */
    readonly command: 'API' | 'DATA',
    readonly code?: string,
  ) {
    super(message);
    this.name = 'EspError';
  }
}

export function createHttpMailer(options: THttpMailerOptions): TMailer {
  const base = new URL(options.url);
  const endpoint = new URL(`${base.pathname.replace(/\/+$/, '')}/emails`, base);
  const description = `ESP HTTP API ${base.host}`;
  const timeoutMs = options.timeoutMs ?? 60_000;

  return {
    description,
    async send(message: TMailMessage) {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries((message.headers ?? {}) as Record<string, unknown>)) {
        if (typeof value === 'string') headers[name] = value;
      }
      if (message.messageId) headers['Message-ID'] = message.messageId;
      const body = JSON.stringify({
        from: addresses(message.from)[0],
        to: addresses(message.to),
        subject: message.subject,
        html: typeof message.html === 'string' ? message.html : undefined,
        text: typeof message.text === 'string' ? message.text : undefined,
        headers,
      });
      let response: Response;
      try {
        response = await fetch(endpoint, {
          method: 'POST',
          headers: {
            authorization: `Bearer ${options.apiKey}`,
            'content-type': 'application/json',
            ...(message.idempotencyKey ? { 'idempotency-key': message.idempotencyKey } : {}),
          },
          body,
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (cause) {
        const code = (cause as { cause?: { code?: string } }).cause?.code;
        // Refused: nothing left us. Anything else (reset, timeout): the ESP may hold it; the key makes the retry safe.
        throw new EspError(
          `${description}: ${code ?? (cause as Error).message}`,
          undefined,
          code === 'ECONNREFUSED' ? 'API' : 'DATA',
          code,
        );
      }
      const text = await response.text();
      let answer: { id?: unknown; name?: unknown; message?: unknown } = {};
      try {
        answer = JSON.parse(text) as typeof answer;
      } catch {
        // Not JSON (a proxy's error page): the status decides.
      }
      const what = `${description} answered ${response.status}${typeof answer.message === 'string' ? `: ${answer.message}` : ''}`;
      const accepted = addresses(message.to).map((a) => /<([^>]+)>$/.exec(a)?.[1] ?? a);
      if (response.ok) {
        const id = typeof answer.id === 'string' ? answer.id : 'unknown';
        return { messageId: String(message.messageId ?? id), response: `${response.status} accepted by ${base.host} as ${id}`, accepted };
      }
      if (response.status === 409 && answer.name === 'invalid_idempotent_request') {
        return {
          messageId: String(message.messageId ?? ''),
          response: `409 ${base.host} already holds a message for this idempotency key (sent by an earlier attempt)`,
          accepted,
        };
      }
      const transient = [408, 409, 425, 429].includes(response.status) || response.status >= 500;
      if (transient) throw new EspError(what, undefined, 'DATA');
      if (response.status === 401 || response.status === 403) throw new EspError(what, 535, 'API', 'EAUTH');
      throw new EspError(what, 554, 'API');
    },
    async verify() {
      // No side-effect-free "ping" is part of the contract: check the API answers at all.
      try {
        await fetch(base, { method: 'HEAD', signal: AbortSignal.timeout(5_000) });
      } catch (cause) {
        throw new AppError('DEPENDENCY_UNAVAILABLE', `Cannot reach ${description}: ${(cause as Error).message}`, { cause });
      }
    },
    close() {},
  };
}
