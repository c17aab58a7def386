/**
 * API-key authentication and role checks. A route declares `config: { roles: [...] }`; ADMIN
 * reaches everything. Routes without roles are public (health, docs, unsubscribe, dev mailbox).
 * The key comes as `Authorization: Bearer <key>` or `X-Api-Key: <key>`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { PrismaClient } from '../generated/prisma/client';
import { AppError } from '../lib/errors';
import { hashApiKey, type TApiRole } from '../lib/security/api-keys';

declare module 'fastify' {
  interface FastifyContextConfig {
    roles?: readonly TApiRole[];
    /** Webhooks: also accept the key as `?key=` (providers that cannot send headers). */
    keyInQuery?: boolean;
  }
  interface FastifyRequest {
    apiKey?: { id: string; name: string; role: TApiRole };
  }
}

export const ROLES = {
  marketing: ['MARKETING'] as const,
  sales: ['SALES'] as const,
  anyone: ['MARKETING', 'SALES'] as const,
  admin: [] as const,
};

function keyOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return header.slice('Bearer '.length).trim();
  if (header?.startsWith('Basic ')) {
    // Basic auth with the key as the password (https://webhook:<key>@host/… in a provider's settings).
    const decoded = Buffer.from(header.slice('Basic '.length), 'base64').toString('utf8');
    return decoded.slice(decoded.indexOf(':') + 1).trim() || undefined;
  }
  const x = request.headers['x-api-key'];
  if (typeof x === 'string') return x.trim();
  if (request.routeOptions.config.keyInQuery) {
    const key = (request.query as Record<string, unknown> | undefined)?.['key'];
    return typeof key === 'string' ? key.trim() : undefined;
  }
  return undefined;
}

export function registerAuth(app: FastifyInstance, prisma: PrismaClient): void {
  app.addHook('onRequest', async (request) => {
    const roles = request.routeOptions.config.roles;
    if (!roles) return;
    const key = keyOf(request);
    if (!key) throw new AppError('UNAUTHENTICATED', 'This endpoint needs an API key: send "Authorization: Bearer <key>"');
    const row = await prisma.apiKey.findUnique({ where: { keyHash: hashApiKey(key) } });
    if (!row || row.revokedAt) throw new AppError('UNAUTHENTICATED', 'Unknown or revoked API key');
    if (row.role !== 'ADMIN' && !roles.includes(row.role)) {
      throw new AppError(
        'FORBIDDEN',
        `A ${row.role.toLowerCase()} key cannot ${request.method} ${request.routeOptions.url}; it needs ${roles.length ? roles.map((r) => r.toLowerCase()).join(' or ') : 'admin'}`,
      );
    }
    request.apiKey = { id: row.id, name: row.name, role: row.role };
  });
}
