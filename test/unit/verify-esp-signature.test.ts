import { generateKeyPairSync, sign } from 'node:crypto';
import { parseEspPublicKey, verifyEspSignature } from '../../domain/deliverability/verify-esp-signature';

/** A key pair like SendGrid's (ECDSA P-256); the public key as SendGrid shows it: base64 DER SPKI. */
const pair = () => {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  return { privateKey, publicKeyBase64: publicKey.export({ type: 'spki', format: 'der' }).toString('base64') };
};
/** What SendGrid sends: base64 of the DER ECDSA signature over timestamp + raw body, SHA-256. */
const sendgridSign = (privateKey: ReturnType<typeof pair>['privateKey'], timestamp: string, body: string) =>
  sign('sha256', Buffer.from(timestamp + body, 'utf8'), { key: privateKey, dsaEncoding: 'der' }).toString('base64');

describe('SendGrid Event Webhook signature', () => {
  const { privateKey, publicKeyBase64 } = pair();
  const now = Date.parse('2026-06-01T12:00:00Z');
  const timestamp = String(now / 1000);
  const body = '[{"email":"lead@example.org","event":"bounce","sg_event_id":"e1","smtp-id":"<a@nurture.test>"}]\r\n';
  const signature = sendgridSign(privateKey, timestamp, body);
  const check = (overrides: Partial<Parameters<typeof verifyEspSignature>[0]> = {}) =>
    verifyEspSignature({ publicKeyBase64, signature, timestamp, rawBody: body, now, ...overrides });

  it('accepts the exact bytes signed with the configured key, as a string or a Buffer, within the window', () => {
    expect(check()).toEqual({ ok: true });
    expect(check({ rawBody: Buffer.from(body, 'utf8') })).toEqual({ ok: true });
    expect(check({ now: now + 299_000 })).toEqual({ ok: true });
    expect(check({ now: now - 299_000 })).toEqual({ ok: true }); // our clock a little behind theirs
    // The key as a PEM block works too (people paste it so).
    const pem = `-----BEGIN PUBLIC KEY-----\n${publicKeyBase64.match(/.{1,64}/g)!.join('\n')}\n-----END PUBLIC KEY-----\n`;
    expect(check({ publicKeyBase64: pem })).toEqual({ ok: true });
  });

  it('refuses a changed body, another timestamp under the same signature, and another key', () => {
    expect(check({ rawBody: body.replace('bounce', 'delivered') })).toEqual({ ok: false, reason: 'bad_signature' });
    expect(check({ rawBody: body.trim() })).toEqual({ ok: false, reason: 'bad_signature' }); // even whitespace counts
    expect(check({ timestamp: String(now / 1000 + 1) })).toEqual({ ok: false, reason: 'bad_signature' });
    expect(check({ publicKeyBase64: pair().publicKeyBase64 })).toEqual({ ok: false, reason: 'bad_signature' });
    expect(check({ signature: sendgridSign(pair().privateKey, timestamp, body) })).toEqual({ ok: false, reason: 'bad_signature' });
    expect(check({ signature: Buffer.from('not a DER signature').toString('base64') })).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses a timestamp more than 5 minutes from now, either way, even when the signature is good', () => {
    expect(check({ now: now + 301_000 })).toEqual({ ok: false, reason: 'stale' });
    expect(check({ now: now - 301_000 })).toEqual({ ok: false, reason: 'stale' });
    const old = String(now / 1000 - 3600);
    expect(check({ timestamp: old, signature: sendgridSign(privateKey, old, body) })).toEqual({ ok: false, reason: 'stale' });
    expect(check({ toleranceSeconds: 60, now: now + 61_000 })).toEqual({ ok: false, reason: 'stale' });
  });

  it('says what is missing or malformed', () => {
    expect(check({ signature: undefined })).toEqual({ ok: false, reason: 'missing' });
    expect(check({ timestamp: undefined })).toEqual({ ok: false, reason: 'missing' });
    expect(check({ signature: '  ' })).toEqual({ ok: false, reason: 'missing' });
    expect(check({ timestamp: '2026-06-01T12:00:00Z' })).toEqual({ ok: false, reason: 'malformed' });
    expect(check({ signature: 'not base64!' })).toEqual({ ok: false, reason: 'malformed' });
  });

  it('reads only EC public keys in base64 DER (or PEM)', () => {
    expect(parseEspPublicKey(publicKeyBase64)?.asymmetricKeyType).toBe('ec');
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 }).publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
    for (const bad of [rsa, 'not a key', 'AAAA', '']) expect(parseEspPublicKey(bad)).toBeUndefined();
    expect(check({ publicKeyBase64: 'AAAA' })).toEqual({ ok: false, reason: 'bad_signature' });
  });
});
