/**
 * Console passwords, hashed with scrypt (memory-hard; node:crypto, no dependency): N = 2^15,
 * r = 8, p = 1 (about 32 MiB and tens of milliseconds per hash), a 16-byte random salt and a
 * 32-byte key, stored as `scrypt$N$r$p$<salt base64url>$<hash base64url>` so the cost can be
 * raised later without invalidating stored hashes.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export const MIN_PASSWORD_LENGTH = 12;
/** scrypt hashes the whole input; an upper bound keeps a sign-in request cheap to refuse. */
export const MAX_PASSWORD_LENGTH = 1024;

const PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const SALT_BYTES = 16;
const KEY_BYTES = 32;
/** Stored parameters above these are refused rather than run (a tampered row must not pin the CPU). */
const MAX_N = 2 ** 20;
const MAX_R = 32;
const MAX_P = 16;

function derive(password: string, salt: Buffer, params: { N: number; r: number; p: number }, keyLength: number): Promise<Buffer> {
  // scrypt needs about 128 · N · r bytes; Node's default ceiling (32 MiB) is exactly that at N = 2^15, r = 8.
  const options: ScryptOptions = { ...params, maxmem: 2 * 128 * params.N * params.r + 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const key = await derive(password, salt, PARAMS, KEY_BYTES);
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

type TParsedHash = { N: number; r: number; p: number; salt: Buffer; key: Buffer };

function parseHash(stored: string): TParsedHash | undefined {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return undefined;
  const [N, r, p] = parts.slice(1, 4).map((v) => (/^\d{1,8}$/.test(v ?? '') ? Number(v) : NaN)) as [number, number, number];
  if (!(N > 1 && N <= MAX_N && (N & (N - 1)) === 0 && r >= 1 && r <= MAX_R && p >= 1 && p <= MAX_P)) return undefined;
  const salt = Buffer.from(parts[4] ?? '', 'base64url');
  const key = Buffer.from(parts[5] ?? '', 'base64url');
  if (salt.length < 8 || key.length < 16 || key.length > 64) return undefined;
  return { N, r, p, salt, key };
}

/** Whether `password` matches `stored`; false (never a throw) for a malformed or tampered hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed) {
    await dummyVerify(password);
    return false;
  }
  const key = await derive(password, parsed.salt, parsed, parsed.key.length);
  return timingSafeEqual(key, parsed.key);
}

const DUMMY_SALT = randomBytes(SALT_BYTES);
const DUMMY_KEY = randomBytes(KEY_BYTES);

/**
 * Spends what a real verification spends and always fails: sign-in runs it for an unknown
 * email, so the response time does not tell whether an account exists.
 */
export async function dummyVerify(password: string): Promise<false> {
  const key = await derive(password, DUMMY_SALT, PARAMS, KEY_BYTES);
  timingSafeEqual(key, DUMMY_KEY);
  return false;
}

/** A strong random password (24 characters, about 143 bits) for `npm run users:create`. */
export function generatePassword(): string {
  return randomBytes(18).toString('base64url');
}
