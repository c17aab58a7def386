/**
 * Encrypted Temporal payloads: an AES-256-GCM PayloadCodec, so workflow inputs, results,
 * signals, queries' arguments, activity inputs/results and markers are ciphertext on the server.
 *
 * PAYLOAD_ENCRYPTION_KEYS holds one or more `<key id>:<32-byte key, base64 or 64 hex digits>`,
 * comma-separated. The first key encrypts; every listed key decrypts, chosen by the key id kept
 * in the payload's metadata — so a key is rotated by putting a new one first and keeping the old
 * ones until no open workflow holds payloads written with them.
 *
 * An encrypted payload: metadata { encoding: "binary/encrypted", "encryption-key-id": <id> };
 * data = 12-byte IV ‖ ciphertext ‖ 16-byte GCM tag, over the original payload serialized as JSON
 * ({ metadata: {name: base64}, data: base64 }). The key id is bound as additional data.
 * Payloads without that encoding pass through decode unchanged (history written before
 * encryption was turned on still reads).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { DataConverter, Payload, PayloadCodec } from '@temporalio/common';
import { AppError } from '../errors';

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';

export type TPayloadKey = { id: string; key: Buffer };

const utf8 = new TextEncoder();
const text = new TextDecoder();
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

/** Parses PAYLOAD_ENCRYPTION_KEYS; throws CONFIG_INVALID with every problem. Empty: no keys. */
export function parsePayloadKeys(value: string | undefined): TPayloadKey[] {
  if (!value?.trim()) return [];
  const problems: string[] = [];
  const keys: TPayloadKey[] = [];
  for (const [i, part] of value.split(',').entries()) {
    const entry = part.trim();
    const colon = entry.indexOf(':');
    const id = colon > 0 ? entry.slice(0, colon).trim() : '';
    const material = colon > 0 ? entry.slice(colon + 1).trim() : '';
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(id)) {
      problems.push(`entry ${i + 1}: expected "<key id>:<key>" with a key id of letters, digits, ".", "_" or "-"`);
      continue;
    }
    const key = /^[0-9a-fA-F]{64}$/.test(material) ? Buffer.from(material, 'hex') : Buffer.from(material, 'base64');
    if (key.length !== 32) {
      problems.push(`key "${id}": must be 32 bytes, base64 or 64 hex digits (e.g. \`openssl rand -base64 32\`)`);
      continue;
    }
    if (keys.some((k) => k.id === id)) {
      problems.push(`key "${id}": listed twice`);
      continue;
    }
    keys.push({ id, key });
  }
  if (problems.length) throw new AppError('CONFIG_INVALID', 'PAYLOAD_ENCRYPTION_KEYS is invalid', { details: problems });
  return keys;
}

function serialize(payload: Payload): Buffer {
  const metadata: Record<string, string> = {};
  for (const [name, value] of Object.entries(payload.metadata ?? {})) if (value) metadata[name] = b64(value);
  return Buffer.from(utf8.encode(JSON.stringify({ metadata, data: b64(payload.data ?? new Uint8Array()) })));
}

function deserialize(bytes: Buffer): Payload {
  const parsed = JSON.parse(text.decode(bytes)) as { metadata: Record<string, string>; data: string };
  const metadata: Record<string, Uint8Array> = {};
  for (const [name, value] of Object.entries(parsed.metadata)) metadata[name] = new Uint8Array(Buffer.from(value, 'base64'));
  return { metadata, data: new Uint8Array(Buffer.from(parsed.data, 'base64')) };
}

export class AesGcmPayloadCodec implements PayloadCodec {
  private readonly byId: Map<string, Buffer>;
  private readonly active: TPayloadKey;

  constructor(keys: readonly TPayloadKey[]) {
    const [active] = keys;
    if (!active) throw new AppError('CONFIG_INVALID', 'PAYLOAD_ENCRYPTION_KEYS: at least one key is needed to encrypt payloads');
    this.active = active;
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
  }

  /** The id of the key new payloads are encrypted with. */
  get activeKeyId(): string {
    return this.active.id;
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', this.active.key, iv);
      cipher.setAAD(Buffer.from(this.active.id, 'utf8'));
      const sealed = Buffer.concat([iv, cipher.update(serialize(payload)), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: { encoding: utf8.encode(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: utf8.encode(this.active.id) },
        data: new Uint8Array(sealed),
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const encoding = payload.metadata?.['encoding'];
      if (!encoding || text.decode(encoding) !== ENCRYPTED_ENCODING) return payload;
      const idBytes = payload.metadata?.[KEY_ID_METADATA];
      const keyId = idBytes ? text.decode(idBytes) : '';
      const key = this.byId.get(keyId);
      if (!key) {
        throw new AppError(
          'CONFIG_INVALID',
          `A payload is encrypted with key "${keyId}", which is not in PAYLOAD_ENCRYPTION_KEYS (keys known: ${[...this.byId.keys()].join(', ')}). Keep old keys listed after the new one until no open workflow uses them.`,
        );
      }
      const data = Buffer.from(payload.data ?? new Uint8Array());
      if (data.length < 12 + 16) throw new AppError('VALIDATION_FAILED', `Encrypted payload (key "${keyId}") is truncated`);
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, 12));
      decipher.setAAD(Buffer.from(keyId, 'utf8'));
      decipher.setAuthTag(data.subarray(data.length - 16));
      let plain: Buffer;
      try {
        plain = Buffer.concat([decipher.update(data.subarray(12, data.length - 16)), decipher.final()]);
      } catch (cause) {
        throw new AppError('VALIDATION_FAILED', `Encrypted payload (key "${keyId}") does not authenticate: wrong key or tampered data`, {
          cause,
        });
      }
      return deserialize(plain);
    });
  }
}

/** The data converter for clients and workers: encryption when keys are set, Temporal's default otherwise. */
export function dataConverterFromEnv(env: { PAYLOAD_ENCRYPTION_KEYS?: string | undefined }): DataConverter | undefined {
  const keys = parsePayloadKeys(env.PAYLOAD_ENCRYPTION_KEYS);
  return keys.length ? { payloadCodecs: [new AesGcmPayloadCodec(keys)] } : undefined;
}

/** The codec itself (the codec endpoint needs it), or undefined when encryption is off. */
export function payloadCodecFromEnv(env: { PAYLOAD_ENCRYPTION_KEYS?: string | undefined }): AesGcmPayloadCodec | undefined {
  const keys = parsePayloadKeys(env.PAYLOAD_ENCRYPTION_KEYS);
  return keys.length ? new AesGcmPayloadCodec(keys) : undefined;
}
