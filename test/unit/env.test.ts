import { DEV_SIGNING_SECRET, parseEnv } from '../../lib/env';
import { AppError } from '../../lib/errors';

const problemsOf = (source: NodeJS.ProcessEnv): string[] => {
  try {
    parseEnv(source);
  } catch (e) {
    if (e instanceof AppError) return e.details as string[];
    throw e;
  }
  throw new Error('expected the environment to be rejected');
};

describe('parseEnv', () => {
  it('gives working embedded defaults for an empty environment', () => {
    const env = parseEnv({});
    expect(env.DATABASE_URL).toBeUndefined(); // → embedded PGlite
    expect(env.SMTP_URL).toBeUndefined(); // → embedded SMTP capture
    expect(env.TEMPORAL_ADDRESS).toBe('127.0.0.1:7233');
    expect(env.API_PORT).toBe(3000);
  });

  it('treats empty strings as unset, as .env files write them', () => {
    expect(parseEnv({ DATABASE_URL: '', SMTP_URL: '  ' }).DATABASE_URL).toBeUndefined();
  });

  it('coerces numbers and booleans from strings', () => {
    const env = parseEnv({ API_PORT: '8080', TEMPORAL_TLS: 'true', SMTP_POOL_SIZE: '3' });
    expect([env.API_PORT, env.TEMPORAL_TLS, env.SMTP_POOL_SIZE]).toEqual([8080, true, 3]);
  });

  it('names every bad variable on its own line, with what a good value looks like', () => {
    const problems = problemsOf({ DATABASE_URL: 'mysql://x', SMTP_URL: 'http://mail', API_PORT: 'abc', LOG_LEVEL: 'loud' });
    expect(problems).toHaveLength(4);
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^DATABASE_URL: must be a URL like postgresql:/),
        expect.stringMatching(/^SMTP_URL: must be a URL like smtp:/),
        expect.stringMatching(/^API_PORT: must be a port number/),
        expect.stringMatching(/^LOG_LEVEL: /),
      ]),
    );
  });

  it('refuses the public dev signing secret in production, so links cannot be forged', () => {
    expect(problemsOf({ NODE_ENV: 'production', SIGNING_SECRET: DEV_SIGNING_SECRET, MAIL_POSTAL_ADDRESS: 'Street 1, Town' })).toEqual([
      'SIGNING_SECRET: must be set to your own secret in production',
    ]);
    expect(() => parseEnv({ NODE_ENV: 'production', SIGNING_SECRET: 'x'.repeat(40), MAIL_POSTAL_ADDRESS: 'Street 1, Town' })).not.toThrow();
  });

  it('needs a postal address in production, since every marketing email must show one', () => {
    expect(problemsOf({ NODE_ENV: 'production', SIGNING_SECRET: 'x'.repeat(40) })).toEqual([
      'MAIL_POSTAL_ADDRESS: is required in production (CAN-SPAM: marketing email shows a postal address)',
    ]);
  });

  it('checks the deliverability settings and says what a valid value looks like', () => {
    expect(problemsOf({ QUIET_HOURS: '9pm-8am', FREQUENCY_CAP: 'three a week' })).toEqual([
      'QUIET_HOURS: must be "HH:MM-HH:MM" (e.g. 21:00-08:00) or "off"',
      'FREQUENCY_CAP: must be "<emails>/<days>d" (e.g. 3/7d) or "off"',
    ]);
    expect(problemsOf({ QUIET_HOURS: '12:00-13:00' })).toEqual(['QUIET_HOURS: must span midnight (e.g. 21:00-08:00) or start at 00:00']);
    expect(problemsOf({ DKIM_DOMAIN: 'example.com' })).toEqual([
      'DKIM_DOMAIN: DKIM needs DKIM_DOMAIN, DKIM_SELECTOR and DKIM_PRIVATE_KEY (or DKIM_PRIVATE_KEY_PATH) together',
    ]);
    expect(parseEnv({ QUIET_HOURS: 'off', FREQUENCY_CAP: '2/14d' })).toMatchObject({ QUIET_HOURS: 'off', FREQUENCY_CAP: '2/14d' });
  });
});
