/**
 * Authentication and role checks, deny by default: every route is private (admin only) unless
 * it declares `config: { roles: [...] }` (who else may call it) or `config: { public: true }`
 * (no credentials at all: health, unsubscribe, tracking, public forms). ADMIN reaches every
 * private route; WEBHOOK keys reach only routes that name them (the ESP and inbound webhooks).
 *
 * Machines authenticate with an API key: `Authorization: Bearer <key>`, `X-Api-Key: <key>`, or
 * Basic auth with the key as the password (https://webhook:<key>@host/… for providers that only
 * take a URL). Keys in the query string are refused: URLs end up in logs.
 * Further authenticators (console sessions) plug in through `registerAuth`'s `authenticators`.
 */
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import type { PrismaClient } from '../generated/prisma/client';
import { AppError } from '../lib/errors';
import { hashApiKey, type TApiRole } from '../lib/security/api-keys';

/** Who is calling: a machine with an API key, or (console) a signed-in person. */
export type TPrincipal = { kind: 'api-key' | 'session'; id: string; name: string; role: TApiRole };

/** Who asked, for the records a request leaves (`console:<person>` or `api:<key name>`). */
export const requestedBy = (principal: TPrincipal | undefined): string =>
  principal?.kind === 'session' ? `console:${principal.name}` : `api:${principal?.name ?? 'unknown'}`;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Roles besides ADMIN that may call the route; `[]` (or no roles and no `public`) is admin only. */
    roles?: readonly TApiRole[];
    /** Reachable without credentials. Must be said explicitly. */
    public?: boolean;
  }
  interface FastifyRequest {
    principal?: TPrincipal;
    /** Set when the caller used an API key (kept for audit trails that name the key). */
    apiKey?: { id: string; name: string; role: TApiRole };
  }
}

export const ROLES = {
  marketing: ['MARKETING'] as const,
  sales: ['SALES'] as const,
  anyone: ['MARKETING', 'SALES'] as const,
  admin: [] as const,
  webhook: ['WEBHOOK'] as const,
};

/** Resolves the caller from the request, `undefined` when it has no credential of this kind; throws when it has a bad one. */
export type TAuthenticator = (request: FastifyRequest) => Promise<TPrincipal | undefined>;

/**
 * One registered route and how it may be reached (the route-walk test reads these). `unmarked`
 * routes declared neither roles nor public: they are admin only, and the test fails on them.
 */
export type TRouteAccess = { method: string; url: string; access: 'public' | 'unmarked' | readonly TApiRole[] };

function keyOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim() || undefined;
  if (header?.startsWith('Basic ')) {
    const decoded = Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8');
    return decoded.slice(decoded.indexOf(':') + 1).trim() || undefined;
  }
  const x = request.headers['x-api-key'];
  if (typeof x === 'string') return x.trim() || undefined;
  return undefined;
}

export function apiKeyAuthenticator(prisma: PrismaClient): TAuthenticator {
  return async (request) => {
    const key = keyOf(request);
    if (!key) return undefined;
    const row = await prisma.apiKey.findUnique({ where: { keyHash: hashApiKey(key) } });
    if (!row || row.revokedAt) throw new AppError('UNAUTHENTICATED', 'Unknown or revoked API key');
    request.apiKey = { id: row.id, name: row.name, role: row.role };
    return { kind: 'api-key', id: row.id, name: row.name, role: row.role };
  };
}

function describe(roles: readonly TApiRole[]): string {
  return roles.length ? roles.map((r) => r.toLowerCase()).join(' or ') : 'admin';
}

/**
 * Installs the check on every route and records each route's access in `routes` (which the
 * caller may pass to read them later). A route registered without `roles` is admin only.
 */
export function registerAuth(app: FastifyInstance, options: { authenticators: readonly TAuthenticator[]; routes?: TRouteAccess[] }): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    const config = (route.config ?? {}) as { roles?: readonly TApiRole[]; public?: boolean };
    for (const method of [route.method].flat()) {
      options.routes?.push({ method, url: route.url, access: config.public ? 'public' : (config.roles ?? 'unmarked') });
    }
  });

  app.addHook('onRequest', async (request) => {
    const config = request.routeOptions.config;
    // Not-found (no route) answers 404 as usual; a declared public route needs nothing.
    if (config.public || request.routeOptions.url === undefined) return;
    const query = request.query as Record<string, unknown> | undefined;
    if (query && typeof query['key'] === 'string') {
      throw new AppError(
        'UNAUTHENTICATED',
        'API keys are not accepted in the URL (URLs are logged): send "Authorization: Bearer <key>", or Basic auth with the key as the password',
      );
    }
    let principal: TPrincipal | undefined;
    for (const authenticate of options.authenticators) {
      principal = await authenticate(request);
      if (principal) break;
    }
    if (!principal) throw new AppError('UNAUTHENTICATED', 'This endpoint needs an API key: send "Authorization: Bearer <key>"');
    const roles = config.roles ?? [];
    const allowed = principal.role === 'ADMIN' || roles.includes(principal.role);
    if (!allowed) {
      throw new AppError(
        'FORBIDDEN',
        `A ${principal.role.toLowerCase()} ${principal.kind === 'session' ? 'user' : 'key'} cannot ${request.method} ${request.routeOptions.url}; it needs ${describe(roles)}`,
      );
    }
    request.principal = principal;
  });
}
