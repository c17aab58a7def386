import { dummyVerify, generatePassword, hashPassword, verifyPassword } from '../../domain/users/passwords';
import { ZUserCreate } from '../../domain/users/schemas';

describe('console passwords (scrypt)', () => {
  const password = 'correct horse battery staple';
  let stored: string;
  beforeAll(async () => {
    stored = await hashPassword(password);
  });

  it('stores scrypt$N$r$p$salt$hash with N=2^15, r=8, p=1, a 16-byte salt and never the password', () => {
    const [kind, n, r, p, salt, hash, ...rest] = stored.split('$');
    expect([kind, n, r, p]).toEqual(['scrypt', String(2 ** 15), '8', '1']);
    expect(Buffer.from(salt!, 'base64url')).toHaveLength(16);
    expect(Buffer.from(hash!, 'base64url')).toHaveLength(32);
    expect(rest).toEqual([]);
    expect(stored).not.toContain(password);
  });

  it('salts every hash: the same password hashes differently each time', async () => {
    expect(await hashPassword(password)).not.toBe(stored);
  });

  it('verifies the right password and refuses a wrong one', async () => {
    expect(await verifyPassword(password, stored)).toBe(true);
    expect(await verifyPassword('correct horse battery stapler', stored)).toBe(false);
    expect(await verifyPassword('', stored)).toBe(false);
  });

  it('treats Unicode the same in NFC and NFD', async () => {
    const nfc = 'Päivi-salasana-2026';
    expect(await verifyPassword(nfc.normalize('NFD'), await hashPassword(nfc))).toBe(true);
  });

  it('refuses a tampered hash, salt or parameters without throwing', async () => {
    const parts = stored.split('$');
    const flip = (b64: string) => {
      const bytes = Buffer.from(b64, 'base64url');
      bytes[0] = bytes[0]! ^ 0x01;
      return bytes.toString('base64url');
    };
    const withPart = (i: number, v: string) => parts.map((p, j) => (j === i ? v : p)).join('$');
    expect(await verifyPassword(password, withPart(5, flip(parts[5]!)))).toBe(false); // hash
    expect(await verifyPassword(password, withPart(4, flip(parts[4]!)))).toBe(false); // salt
    expect(await verifyPassword(password, withPart(1, String(2 ** 14)))).toBe(false); // weaker N
    expect(await verifyPassword(password, withPart(1, String(2 ** 30)))).toBe(false); // absurd N: refused, not run
    expect(await verifyPassword(password, withPart(1, '1000'))).toBe(false); // not a power of two
    expect(await verifyPassword(password, withPart(0, 'bcrypt'))).toBe(false);
    expect(await verifyPassword(password, stored.split('$').slice(0, 5).join('$'))).toBe(false);
    expect(await verifyPassword(password, '')).toBe(false);
  });

  it('spends real scrypt work on the dummy verification for unknown accounts', async () => {
    const time = async (f: () => Promise<unknown>) => {
      const t = performance.now();
      await f();
      return performance.now() - t;
    };
    await dummyVerify('warm-up-password');
    const real = await time(() => verifyPassword('wrong password here', stored));
    const dummy = await time(() => dummyVerify('wrong password here'));
    expect(await dummyVerify(password)).toBe(false);
    // Same KDF, same cost: within a wide margin (a loaded CI machine is noisy).
    expect(dummy).toBeGreaterThan(real / 4);
    expect(dummy).toBeLessThan(real * 4);
  });

  it('generates strong passwords that meet the policy', () => {
    const a = generatePassword();
    expect(a).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(generatePassword()).not.toBe(a);
    expect(ZUserCreate.safeParse({ email: 'a@b.co', name: 'A', role: 'sales', password: a }).success).toBe(true);
  });

  it('requires at least 12 characters and refuses the webhook role for people', () => {
    const base = { email: ' Ana@Example.COM ', name: 'Ana', role: 'marketing', password: 'twelve-chars' };
    expect(ZUserCreate.parse(base)).toMatchObject({ email: 'ana@example.com', role: 'MARKETING', devSeed: false });
    expect(ZUserCreate.safeParse({ ...base, password: 'eleven-char' }).success).toBe(false);
    expect(ZUserCreate.safeParse({ ...base, role: 'webhook' }).success).toBe(false);
  });
});
