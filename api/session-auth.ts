/**
 * People in the web console authenticate with the `nurture_session` cookie (set by POST
 * /auth/login, see api/routes/session.ts). This authenticator runs after the API-key one, so a
 * request with a key is a machine's and is never affected by a cookie.
 *
 * A session reaches what its user's role reaches (the same `config.roles` as keys), except the
 * webhooks, which are for machines. Every POST, PUT, PATCH and DELETE it makes must carry the
 * session's CSRF token in `X-CSRF-Token` (the cookie is sent by the browser on its own; the
 * header only by the console's script), else 403.
 */
import type { FastifyRequest } from 'fastify';
import type { PrismaClient } from '../generated/prisma/client';
import { AppError } from '../lib/errors';
import { CSRF_HEADER, csrfTokenMatches, findSession, MESSAGES, SESSION_COOKIE, type TSessionDeps } from '../domain/users/sessions';
import type { TAuthenticator } from './auth';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The session cookie's token, if the request has one. */
export function sessionTokenOf(request: FastifyRequest): string | undefined {
  const token = request.cookies?.[SESSION_COOKIE];
  return token ? token : undefined;
}

export function sessionAuthenticator(deps: { prisma: PrismaClient } & Omit<TSessionDeps, 'prisma'>): TAuthenticator {
  return async (request) => {
    const token = sessionTokenOf(request);
    if (!token) return undefined;
    const found = await findSession(deps, token);
    if (found.status === 'expired') throw new AppError('UNAUTHENTICATED', MESSAGES.expired);
    if (found.status === 'none') throw new AppError('UNAUTHENTICATED', MESSAGES.notSignedIn);
    const { user } = found.session;
    if (request.routeOptions.config.roles?.includes('WEBHOOK')) {
      throw new AppError(
        'FORBIDDEN',
        `${request.method} ${request.routeOptions.url} is for machines: it takes an API key, not a console session`,
      );
    }
    if (!SAFE_METHODS.has(request.method) && !csrfTokenMatches(found.session, request.headers[CSRF_HEADER])) {
      throw new AppError('FORBIDDEN', MESSAGES.csrf);
    }
    return { kind: 'session', id: user.id, name: user.name, role: user.role };
  };
}
