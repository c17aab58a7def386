/**
 * How the API serves the web console (api/routes/console.ts), on a stand-in build: pages for
 * browsers, the JSON 404 for everyone else, caching and CSP, and the page shown before a build.
 * No database or Temporal: nothing here reaches a handler that uses them.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildServer, type TApp } from '../../api/server';
import { CONSOLE_CSP } from '../../api/routes/console';
import { parseEnv } from '../../lib/env';

const HTML = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

describe('the console, served by the API', () => {
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'console-route-'));
  let app: TApp;
  const server = (consoleDist: string) =>
    buildServer({
      env: parseEnv({ NODE_ENV: 'test', PUBLIC_BASE_URL: 'http://127.0.0.1:3000', LOG_LEVEL: 'silent' }),
      prisma: {} as never,
      temporal: {} as never,
      mailer: {} as never,
      templates: {} as never,
      health: {} as never,
      consoleDist,
    });

  beforeAll(async () => {
    fs.mkdirSync(path.join(dist, 'assets'));
    fs.writeFileSync(
      path.join(dist, 'index.html'),
      '<!doctype html><title>console</title><script type="module" src="/assets/app-1.js"></script>',
    );
    fs.writeFileSync(path.join(dist, 'assets', 'app-1.js'), 'console.log(1)');
    app = await server(dist);
  });
  afterAll(async () => {
    await app?.close();
    fs.rmSync(dist, { recursive: true, force: true });
  });

  it('answers a browser with the console on / and on its own paths, never cached, with its CSP', async () => {
    for (const url of ['/', '/app/leads/0b6f0c3e-5d5e-4a4b-9a59-8d3f7a1f6b1c', '/app/sign-in?next=%2Fapp%2Ftasks']) {
      const res = await app.inject({ url, headers: HTML });
      expect([url, res.statusCode, res.headers['content-type'], res.headers['cache-control']]).toEqual([
        url,
        200,
        'text/html; charset=utf-8',
        'no-cache',
      ]);
      expect(res.headers['content-security-policy']).toBe(CONSOLE_CSP);
      expect(res.body).toContain('<title>console</title>');
    }
  });

  it('serves hashed assets for a year', async () => {
    const res = await app.inject({ url: '/assets/app-1.js' });
    expect([res.statusCode, res.headers['cache-control'], res.body]).toEqual([
      200,
      'public, max-age=31536000, immutable',
      'console.log(1)',
    ]);
  });

  it('keeps answering API clients in JSON: unknown paths, missing assets, routes that need a key', async () => {
    const unknown = await app.inject({ url: '/no-such-thing', headers: { accept: 'application/json' } });
    expect([unknown.statusCode, unknown.json()]).toEqual([404, { error: { code: 'NOT_FOUND', message: 'No route GET /no-such-thing' } }]);
    expect((await app.inject({ url: '/no-such-thing' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/assets/gone.js', headers: HTML })).json().error.code).toBe('NOT_FOUND');
    expect((await app.inject({ url: '/assets/..%2findex.html' })).statusCode).toBe(403);
    const api = await app.inject({ url: '/leads', headers: HTML });
    expect([api.statusCode, api.json().error.code]).toEqual([401, 'UNAUTHENTICATED']);
    expect((await app.inject({ method: 'POST', url: '/app/leads', headers: HTML })).statusCode).toBe(404);
  });

  it('declares its two routes public, and nothing else', () => {
    const mine = app.routeAccess.filter((r) => r.url === '/*' || r.url.startsWith('/assets'));
    expect(mine.map((r) => `${r.method} ${r.url} ${String(r.access)}`).sort()).toEqual([
      'GET /* public',
      'GET /assets/* public',
      'HEAD /* public',
      'HEAD /assets/* public',
    ]);
  });

  it('says how to build the console when web/dist is missing', async () => {
    const bare = await server(path.join(dist, 'missing'));
    const res = await bare.inject({ url: '/', headers: HTML });
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('npm run web:build');
    await bare.close();
  });
});
