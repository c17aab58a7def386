/**
 * Compact HMAC-SHA256 signed tokens for public links (unsubscribe, later preferences and
 * tracked clicks): base64url(JSON payload) + "." + base64url(signature). Constant-time verify.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

const b64 = (buf: Buffer) => buf.toString('base64url');

export function signToken(payload: Record<string, string>, secret: string): string {
  const body = b64(Buffer.from(JSON.stringify(payload), 'utf8'));
  const mac = createHmac('sha256', secret).update(body).digest();
  return `${body}.${b64(mac)}`;
}

/** The payload, or undefined when the token is malformed or its signature does not match. */
export function verifyToken(token: string, secret: string): Record<string, string> | undefined {
  const [body, sig, ...rest] = token.split('.');
  if (!body || !sig || rest.length) return undefined;
  const expected = createHmac('sha256', secret).update(body).digest();
  const given = Buffer.from(sig, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const payload: unknown = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return undefined;
    return Object.fromEntries(Object.entries(payload).filter((e): e is [string, string] => typeof e[1] === 'string'));
  } catch {
    return undefined;
  }
}
