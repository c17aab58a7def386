/**
 * Sign-in for people (the web console). Public routes: they are how a session starts. The
 * session itself is the `nurture_session` cookie (httpOnly, SameSite=Lax, Secure on https);
 * what it may reach is checked by api/session-auth.ts like an API key's role.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { TRouteDeps } from '../server';
import { ZError } from './error-schema';
import { AppError } from '../../lib/errors';
import { ZLoginInput, ZSessionInfo } from '../../domain/users/schemas';
import {
  CSRF_HEADER,
  createLoginLimiters,
  findSession,
  MESSAGES,
  SESSION_COOKIE,
  signIn,
  type SESSION_LIMITS,
  signOut,
  type TLoginLimiters,
} from '../../domain/users/sessions';
import { sessionTokenOf } from '../session-auth';

export type TSessionRouteOptions = TRouteDeps & {
  /** Sign-in counters (default: fresh ones for this server). */
  loginLimiters?: TLoginLimiters;
  /** Idle and absolute timeouts (default: SESSION_LIMITS); pass the same to sessionAuthenticator. */
  sessionLimits?: Partial<typeof SESSION_LIMITS>;
};

export const sessionRoutes: FastifyPluginAsyncZod<TSessionRouteOptions> = async (app, deps) => {
  const limiters = deps.loginLimiters ?? createLoginLimiters();
  const sessionDeps = { prisma: deps.prisma, ...(deps.sessionLimits ? { limits: deps.sessionLimits } : {}) };
  const secure = new URL(deps.env.PUBLIC_BASE_URL).protocol === 'https:';
  const cookieOptions = { httpOnly: true, sameSite: 'lax', path: '/', secure } as const;
  const clearSessionCookie = (reply: FastifyReply) => reply.clearCookie(SESSION_COOKIE, cookieOptions);

  app.post(
    '/auth/login',
    {
      config: { public: true },
      schema: {
        tags: ['session'],
        security: [],
        summary: 'Sign in (the web console): sets the session cookie',
        description: [
          `Sets the \`${SESSION_COOKIE}\` cookie (httpOnly, SameSite=Lax, Secure on https). Every POST, PUT, PATCH and DELETE made with it must send the returned \`csrfToken\` as the \`X-CSRF-Token\` header.`,
          'The session ends 12 hours after its last request, 7 days after sign-in (`expiresAt`), on sign-out, or when the user is disabled.',
          'A wrong email and a wrong password get the same 401. After 5 wrong passwords an account is locked for 15 minutes (429), and so is any unknown email tried as often; each IP gets 20 attempts per 15 minutes.',
          'The body must be JSON.',
        ].join('\n\n'),
        body: ZLoginInput,
        response: { 200: ZSessionInfo, 400: ZError, 401: ZError, 403: ZError, 429: ZError },
      },
    },
    async (req, reply) => {
      // Forms from other sites can post urlencoded bodies without a preflight; JSON they cannot (login CSRF).
      if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) {
        throw new AppError('VALIDATION_FAILED', 'Send the credentials as JSON (content-type: application/json)');
      }
      const { token, session } = await signIn(
        { ...sessionDeps, limiters },
        { ...req.body, ip: req.ip, userAgent: req.headers['user-agent'] },
      );
      reply.setCookie(SESSION_COOKIE, token, { ...cookieOptions, expires: session.expiresAt });
      return session;
    },
  );

  app.post(
    '/auth/logout',
    {
      config: { public: true },
      schema: {
        tags: ['session'],
        security: [],
        summary: 'Sign out: ends the session and clears its cookie',
        description: 'Needs the `X-CSRF-Token` header while the session is live; without a live session it just clears the cookie.',
        response: { 204: z.null().describe('Signed out'), 403: ZError },
      },
    },
    async (req, reply) => {
      await signOut(sessionDeps, { token: sessionTokenOf(req), csrfToken: req.headers[CSRF_HEADER] });
      clearSessionCookie(reply);
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/auth/session',
    {
      config: { public: true },
      schema: {
        tags: ['session'],
        security: [],
        summary: 'Who is signed in: the user, the CSRF token and when the session ends',
        response: { 200: ZSessionInfo, 401: ZError },
      },
    },
    async (req, reply) => {
      const found = await findSession(sessionDeps, sessionTokenOf(req), { withRep: true });
      if (found.status === 'active') {
        const { sessionId: _id, ...session } = found.session;
        return session;
      }
      if (sessionTokenOf(req)) clearSessionCookie(reply);
      return reply.status(401).send({
        error: { code: 'UNAUTHENTICATED', message: found.status === 'expired' ? MESSAGES.expired : MESSAGES.notSignedIn },
      });
    },
  );
};
