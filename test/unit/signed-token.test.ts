import { signToken, verifyToken } from '../../lib/security/signed-token';

const SECRET = 's'.repeat(40);

describe('signed tokens', () => {
  it('round-trips its payload', () => {
    expect(verifyToken(signToken({ l: 'lead-1', p: 'unsub' }, SECRET), SECRET)).toEqual({ l: 'lead-1', p: 'unsub' });
  });

  it('refuses a token whose payload was changed, signed with another secret, or malformed', () => {
    const token = signToken({ l: 'lead-1', p: 'unsub' }, SECRET);
    const [, sig] = token.split('.');
    const forged = `${Buffer.from(JSON.stringify({ l: 'lead-2', p: 'unsub' })).toString('base64url')}.${sig}`;
    expect(verifyToken(forged, SECRET)).toBeUndefined();
    expect(verifyToken(token, 't'.repeat(40))).toBeUndefined();
    for (const bad of ['', 'abc', 'a.b.c', `${token}x`, '.']) expect(verifyToken(bad, SECRET)).toBeUndefined();
  });
});
