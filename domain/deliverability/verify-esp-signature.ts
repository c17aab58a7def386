/**
 * SendGrid's Signed Event Webhook: an ECDSA (P-256, SHA-256) signature, base64 DER, in
 * `X-Twilio-Email-Event-Webhook-Signature`, over the `X-Twilio-Email-Event-Webhook-Timestamp`
 * header's value followed by the raw request body. The public key is the base64 DER SPKI that
 * SendGrid shows under Mail Settings → Signed Event Webhook Requests. A timestamp further than
 * `toleranceSeconds` from now is refused, so a captured request cannot be replayed later (within
 * the window, sg_event_id already makes a repeat harmless). Pure: no I/O, the clock is given.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';

export const ESP_SIGNATURE_HEADER = 'x-twilio-email-event-webhook-signature';
export const ESP_TIMESTAMP_HEADER = 'x-twilio-email-event-webhook-timestamp';
/** How far the signed timestamp may be from our clock, either way. */
export const ESP_SIGNATURE_TOLERANCE_SECONDS = 300;

export type TEspSignatureCheck =
  | { ok: true }
  | {
      ok: false;
      /**
       * missing: no signature or timestamp header; malformed: the timestamp is not a number of
       * seconds or the signature not base64; stale: the timestamp is outside the window;
       * bad_signature: the signature does not verify over timestamp + body with this key.
       */
      reason: 'missing' | 'malformed' | 'stale' | 'bad_signature';
    };

/** The key object, or undefined when the text is not a base64 DER SPKI EC public key. */
export function parseEspPublicKey(publicKeyBase64: string): KeyObject | undefined {
  const text = publicKeyBase64.replace(/-----(BEGIN|END) PUBLIC KEY-----|\s/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return undefined;
  try {
    const key = createPublicKey({ key: Buffer.from(text, 'base64'), format: 'der', type: 'spki' });
    return key.asymmetricKeyType === 'ec' ? key : undefined;
  } catch {
    return undefined;
  }
}

const keyCache = new Map<string, KeyObject | undefined>();

export function verifyEspSignature(input: {
  publicKeyBase64: string;
  signature: string | undefined;
  timestamp: string | undefined;
  rawBody: Buffer | string;
  /** Milliseconds since the epoch. */
  now: number;
  toleranceSeconds?: number;
}): TEspSignatureCheck {
  const signature = input.signature?.trim();
  const timestamp = input.timestamp?.trim();
  if (!signature || !timestamp) return { ok: false, reason: 'missing' };
  if (!/^\d{1,12}$/.test(timestamp) || !/^[A-Za-z0-9+/]+={0,2}$/.test(signature)) return { ok: false, reason: 'malformed' };
  const tolerance = input.toleranceSeconds ?? ESP_SIGNATURE_TOLERANCE_SECONDS;
  if (Math.abs(input.now / 1000 - Number(timestamp)) > tolerance) return { ok: false, reason: 'stale' };

  if (!keyCache.has(input.publicKeyBase64)) {
    if (keyCache.size > 8) keyCache.clear(); // one configured key in practice; never grows unbounded
    keyCache.set(input.publicKeyBase64, parseEspPublicKey(input.publicKeyBase64));
  }
  const key = keyCache.get(input.publicKeyBase64);
  // A key that does not parse verifies nothing (the route refuses to start with one).
  if (!key) return { ok: false, reason: 'bad_signature' };
  const body = typeof input.rawBody === 'string' ? Buffer.from(input.rawBody, 'utf8') : input.rawBody;
  try {
    const valid = verify(
      'sha256',
      Buffer.concat([Buffer.from(timestamp, 'utf8'), body]),
      { key, dsaEncoding: 'der' },
      Buffer.from(signature, 'base64'),
    );
    return valid ? { ok: true } : { ok: false, reason: 'bad_signature' };
  } catch {
    // A signature that is not DER at all.
    return { ok: false, reason: 'bad_signature' };
  }
}
