import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { assertProductionSecrets, DEV_SIGNING_SECRET, parseEnv } from '../../lib/env';
import { LINK_TTL_MS, preferencesUrlFor, readLink, signupConfirmUrlFor, unsubscribeUrlFor } from '../../lib/mail/public-links';
import { RateLimiter } from '../../lib/security/rate-limit';
import { redactUrl } from '../../lib/security/redact-url';

const SECRET = 's'.repeat(40);
const links = { publicBaseUrl: 'https://n.example', signingSecret: SECRET };
const tokenOf = (url: string) => url.split('/').at(-1)!;
const DAY = 86_400_000;

describe('signed links expire by purpose', () => {
  it('keeps unsubscribe links valid for good', () => {
    expect(LINK_TTL_MS.unsub).toBeNull();
    expect(readLink(tokenOf(unsubscribeUrlFor('lead-1', links)), 'unsub', SECRET, Date.now() + 3650 * DAY)).toEqual({
      ok: true,
      id: 'lead-1',
    });
  });

  it('opens preferences for 90 days, then says expired', () => {
    const token = tokenOf(preferencesUrlFor('lead-1', links));
    expect(readLink(token, 'pref', SECRET, Date.now() + 89 * DAY)).toEqual({ ok: true, id: 'lead-1' });
    expect(readLink(token, 'pref', SECRET, Date.now() + 91 * DAY)).toEqual({ ok: false, reason: 'expired' });
  });

  it('confirms a sign-up within 7 days only, and never opens another purpose', () => {
    const now = Date.now();
    const token = tokenOf(signupConfirmUrlFor('signup-1', links, now));
    expect(readLink(token, 'signup', SECRET, now + 6 * DAY)).toEqual({ ok: true, id: 'signup-1' });
    expect(readLink(token, 'signup', SECRET, now + 8 * DAY)).toEqual({ ok: false, reason: 'expired' });
    expect(readLink(token, 'unsub', SECRET, now)).toEqual({ ok: false, reason: 'invalid' });
    expect(readLink(token, 'signup', 't'.repeat(40), now)).toEqual({ ok: false, reason: 'invalid' });
  });
});

describe('RateLimiter', () => {
  it('allows max hits per window and tells when to come back', () => {
    let now = 1_000_000;
    const limiter = new RateLimiter({ max: 2, windowMs: 60_000 }, 100, () => now);
    expect([limiter.hit('a'), limiter.hit('a')]).toEqual([{ allowed: true }, { allowed: true }]);
    expect(limiter.hit('a')).toEqual({ allowed: false, retryAfterMs: 60_000 });
    expect(limiter.hit('b')).toEqual({ allowed: true });
    now += 60_000;
    expect(limiter.hit('a')).toEqual({ allowed: true });
  });

  it('keeps memory bounded by forgetting the oldest keys', () => {
    const limiter = new RateLimiter({ max: 1, windowMs: 60_000 }, 3, () => 0);
    for (const k of ['a', 'b', 'c', 'd']) limiter.hit(k);
    expect(limiter.hit('a')).toEqual({ allowed: true }); // forgotten, so counted afresh
    expect(limiter.hit('d')).toMatchObject({ allowed: false });
  });
});

describe('redactUrl', () => {
  it('hides signed tokens and query strings, keeps the rest of the path', () => {
    expect(redactUrl('/u/eyJsIjoi.abc')).toBe('/u/[token]');
    expect(redactUrl('/t/c/eyJ.sig?x=1')).toBe('/t/c/[token]?[redacted]');
    expect(redactUrl('/confirm/tok')).toBe('/confirm/[token]');
    expect(redactUrl('/webhooks/email-events?key=nk_secret')).toBe('/webhooks/email-events?[redacted]');
    expect(redactUrl('/leads/123/timeline')).toBe('/leads/123/timeline');
  });
});

describe('production secrets', () => {
  it('refuses the development signing secret whatever NODE_ENV says', () => {
    for (const NODE_ENV of ['development', 'test'] as const) {
      expect(() => assertProductionSecrets(parseEnv({ NODE_ENV }), 'npm run api')).toThrow(/development signing secret/);
    }
    expect(() => assertProductionSecrets({ SIGNING_SECRET: DEV_SIGNING_SECRET }, 'npm run worker')).toThrow(/npm run worker/);
    expect(() => assertProductionSecrets({ SIGNING_SECRET: 'x'.repeat(32) }, 'npm run api')).not.toThrow();
  });

  it.each([
    ['api', 'api/main.ts'],
    ['worker', 'worker/main.ts'],
  ])('npm run %s without SIGNING_SECRET exits 1 with one clear line, before touching anything', (name, entry) => {
    const root = path.resolve(__dirname, '../..');
    const { SIGNING_SECRET: _s, NODE_ENV: _n, ...rest } = process.env;
    const run = spawnSync(process.execPath, ['--import', 'tsx', entry], {
      cwd: root,
      env: { ...rest, DATABASE_URL: 'postgresql://nobody@127.0.0.1:1/none', SMTP_URL: 'smtp://127.0.0.1:1' },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`✘ npm run ${name} refuses to start with the development signing secret`);
    expect(run.stderr).toContain('SIGNING_SECRET: must be set to a secret of your own');
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });
});
