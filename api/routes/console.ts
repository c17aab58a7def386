/**
 * The web console (web/, built into web/dist by Vite), served by the API at `/`:
 *   GET /assets/*  the hashed bundles: cached for a year (a new build has new names);
 *   GET /*         index.html for every other GET a browser makes (Accept: text/html), so the
 *                  console's own paths (/app/leads/…) survive a reload; never cached.
 * Anything else that reaches GET /* (an API client, `Accept: application/json`) gets the API's
 * JSON 404 as before. Both routes are public: they hold no data; everything the console shows
 * comes through the authenticated API. The console's pages get their own CSP (script and
 * connections to this origin only). Registered last, so every API route is more specific.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import fastifyStatic from '@fastify/static';
import { WEB_DIST } from '../../web/scripts/console-dist';
import { htmlPage } from './html-page';

export const CONSOLE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'";

const ASSET_CACHE = 'public, max-age=31536000, immutable';

export type TConsoleOptions = {
  /** The built console; web/dist by default. */
  distDir?: string;
};

/** Whether the request is a browser asking for a page (not an API client asking for JSON). */
function wantsHtml(request: FastifyRequest): boolean {
  const accept = String(request.headers.accept ?? '');
  return /\btext\/html\b/.test(accept);
}

const NOT_BUILT = htmlPage(
  'The console is not built',
  `<h1>The console is not built</h1>
<p>This API serves the web console from <code>web/dist</code>, which does not exist yet.</p>
<p>Build it with <code>npm run web:build</code> (then reload this page), or use <code>npm run dev</code>, which builds it when it is missing or older than <code>web/src</code>.</p>
<p class="muted">The API itself works without it: see <a href="/docs">/docs</a>.</p>`,
);

export const consoleRoutes: FastifyPluginAsync<TConsoleOptions> = async (app, options) => {
  const dist = options.distDir ?? WEB_DIST;
  const indexFile = path.join(dist, 'index.html');

  // Only reply.sendFile from the plugin: the routes are ours, declared public (the deny-by-default
  // check records each route's access when it is added).
  await app.register(fastifyStatic, {
    root: path.join(dist, 'assets'),
    serve: false,
    index: false,
    cacheControl: false,
    lastModified: false,
    etag: true,
    setHeaders: (reply: FastifyReply) => reply.header('cache-control', ASSET_CACHE),
  });
  // Files are looked up per request: a rebuild is served without restarting the API. A path
  // that climbs out of the folder is refused by the file sender; a missing file is the JSON 404.
  app.get<{ Params: { '*': string } }>('/assets/*', { config: { public: true }, schema: { hide: true } }, (request, reply) =>
    reply.sendFile(request.params['*']),
  );

  let cached: { mtimeMs: number; html: string } | undefined;
  const readIndex = (): string | undefined => {
    try {
      const { mtimeMs } = fs.statSync(indexFile);
      if (cached?.mtimeMs !== mtimeMs) cached = { mtimeMs, html: fs.readFileSync(indexFile, 'utf8') };
      return cached.html;
    } catch {
      return undefined;
    }
  };

  const page = async (request: FastifyRequest, reply: FastifyReply) => {
    if (!wantsHtml(request)) {
      reply.callNotFound();
      return reply;
    }
    const html = readIndex();
    reply.header('cache-control', 'no-cache').header('content-security-policy', CONSOLE_CSP).type('text/html; charset=utf-8');
    if (html === undefined) return reply.status(503).send(NOT_BUILT);
    return reply.send(html);
  };

  app.get('/*', { config: { public: true }, schema: { hide: true } }, page);
};
