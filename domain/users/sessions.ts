/**
 * Console sessions: sign in, look a session up, sign out.
 *
 * The `nurture_session` cookie carries a random 256-bit token; the database keeps only its
 * sha256 (Session.id), so a leaked database row cannot be replayed as a cookie. Each session has
 * its own CSRF token, which state-changing requests must echo in the X-CSRF-Token header. A
 * session ends 12 hours after its last request (idle) and 7 days after sign-in (absolute), on
 * sign-out, and when its user is disabled.
 *
 * Sign-in never says whether an account exists: a wrong password and an unknown email get the
 * same 401 after the same scrypt work, and the lockout after five failures (15 minutes, in the
 * database) is mirrored for unknown emails by an in-memory counter, so both answer the same 429.
 * Attempts are also limited per IP (20 per 15 minutes).
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { PrismaClient } from '../../generated/prisma/client';
import { AppError } from '../../lib/errors';
import { RateLimiter } from '../../lib/security/rate-limit';
import { normalizeEmail } from '../leads/schemas';
import { dummyVerify, verifyPassword } from './passwords';
import { USER_ROLES, type TLoginInput, type TSessionInfo, type TUserRole } from './schemas';

export const SESSION_COOKIE = 'nurture_session';
export const CSRF_HEADER = 'x-csrf-token';

const MINUTE = 60_000;
export const SESSION_LIMITS = {
  /** A session unused this long ends. */
  idleMs: 12 * 60 * MINUTE,
  /** A session ends this long after sign-in, used or not. */
  maxAgeMs: 7 * 24 * 60 * MINUTE,
  /** lastSeenAt is written at most this often. */
  touchEveryMs: MINUTE,
};
export const LOGIN_LIMITS = {
  /** Wrong passwords in a row that lock an account (or, for an unknown email, answer 429). */
  failuresBeforeLock: 5,
  lockMs: 15 * MINUTE,
  perIp: { max: 20, windowMs: 15 * MINUTE },
};

export const MESSAGES = {
  wrongCredentials: 'Wrong email or password',
  tooManyAttempts: 'Too many sign-in attempts; try again in 15 minutes',
  notSignedIn: 'Not signed in',
  expired: 'Your session has expired; sign in again',
  csrf: 'Missing or invalid CSRF token; reload the page and try again',
  disabled: 'This account is disabled; ask an admin',
};

/** Sign-in attempt counters of one API process (see lib/security/rate-limit.ts). */
export type TLoginLimiters = { byIp: RateLimiter; byUnknownEmail: RateLimiter };

export function createLoginLimiters(now: () => number = Date.now): TLoginLimiters {
  return {
    byIp: new RateLimiter(LOGIN_LIMITS.perIp, 10_000, now),
    byUnknownEmail: new RateLimiter({ max: LOGIN_LIMITS.failuresBeforeLock, windowMs: LOGIN_LIMITS.lockMs }, 10_000, now),
  };
}

export type TSessionDeps = {
  prisma: PrismaClient;
  /** Overrides SESSION_LIMITS (idle and absolute timeouts). */
  limits?: Partial<typeof SESSION_LIMITS>;
  now?: () => Date;
};

export const hashSessionToken = (token: string) => createHash('sha256').update(token).digest('hex');

/** Constant-time string comparison (lengths may differ). */
function sameSecret(a: string, b: string): boolean {
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(a), digest(b));
}

const isUserRole = (role: string): role is TUserRole => (USER_ROLES as readonly string[]).includes(role);

async function repEmailOf(prisma: PrismaClient, email: string): Promise<string | null> {
  const rep = await prisma.rep.findUnique({ where: { email }, select: { email: true } });
  return rep?.email ?? null;
}

export type TSignIn = TLoginInput & { ip: string; userAgent?: string | undefined };

/**
 * Checks the credentials and opens a session. Returns the cookie token (shown to no one else)
 * and what the console needs. Throws UNAUTHENTICATED, RATE_LIMITED or FORBIDDEN (disabled).
 */
export async function signIn(
  deps: TSessionDeps & { limiters: TLoginLimiters },
  input: TSignIn,
): Promise<{ token: string; session: TSessionInfo }> {
  const now = deps.now?.() ?? new Date();
  const limits = { ...SESSION_LIMITS, ...deps.limits };
  const tooMany = new AppError('RATE_LIMITED', MESSAGES.tooManyAttempts);
  const wrong = new AppError('UNAUTHENTICATED', MESSAGES.wrongCredentials);

  if (!deps.limiters.byIp.hit(input.ip).allowed) throw tooMany;
  const email = normalizeEmail(input.email);
  const user = await deps.prisma.user.findUnique({ where: { email } });

  if (!user) {
    // Unknown: the same 429 a locked account gives after as many failures, the same 401 and
    // the same scrypt work otherwise.
    if (!deps.limiters.byUnknownEmail.hit(email).allowed) throw tooMany;
    await dummyVerify(input.password);
    throw wrong;
  }
  if (user.lockedUntil && user.lockedUntil > now) throw tooMany;

  if (!(await verifyPassword(input.password, user.passwordHash))) {
    const { failedLogins } = await deps.prisma.user.update({
      where: { id: user.id },
      data: { failedLogins: { increment: 1 } },
      select: { failedLogins: true },
    });
    if (failedLogins >= LOGIN_LIMITS.failuresBeforeLock) {
      await deps.prisma.user.update({
        where: { id: user.id },
        data: { failedLogins: 0, lockedUntil: new Date(now.getTime() + LOGIN_LIMITS.lockMs) },
      });
    }
    throw wrong;
  }
  // Only someone who knows the password learns that the account is disabled.
  if (user.disabledAt || !isUserRole(user.role)) throw new AppError('FORBIDDEN', MESSAGES.disabled);

  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + limits.maxAgeMs);
  await deps.prisma.$transaction([
    deps.prisma.user.update({ where: { id: user.id }, data: { failedLogins: 0, lockedUntil: null } }),
    // The user's ended sessions are swept here, so the table does not grow without bound.
    deps.prisma.session.deleteMany({
      where: { userId: user.id, OR: [{ expiresAt: { lte: now } }, { lastSeenAt: { lte: new Date(now.getTime() - limits.idleMs) } }] },
    }),
    deps.prisma.session.create({
      data: {
        id: hashSessionToken(token),
        userId: user.id,
        csrfToken,
        createdAt: now,
        lastSeenAt: now,
        expiresAt,
        ip: input.ip.slice(0, 100),
        userAgent: input.userAgent?.slice(0, 500) ?? null,
      },
    }),
  ]);
  return {
    token,
    session: {
      user: { id: user.id, email: user.email, name: user.name, role: user.role, repEmail: await repEmailOf(deps.prisma, user.email) },
      csrfToken,
      expiresAt,
    },
  };
}

export type TActiveSession = TSessionInfo & { sessionId: string };
export type TSessionLookup = { status: 'active'; session: TActiveSession } | { status: 'expired' } | { status: 'none' };

/**
 * The session a cookie token opens, if it is still good: slides lastSeenAt (at most once a
 * minute), deletes it when it has expired or its user is disabled.
 */
export async function findSession(
  deps: TSessionDeps,
  token: string | undefined,
  options: { withRep?: boolean } = {},
): Promise<TSessionLookup> {
  if (!token) return { status: 'none' };
  const now = deps.now?.() ?? new Date();
  const limits = { ...SESSION_LIMITS, ...deps.limits };
  const id = hashSessionToken(token);
  const row = await deps.prisma.session.findUnique({
    where: { id },
    include: { user: { select: { id: true, email: true, name: true, role: true, disabledAt: true } } },
  });
  if (!row) return { status: 'none' };
  const expired = row.expiresAt <= now || row.lastSeenAt.getTime() + limits.idleMs <= now.getTime();
  if (expired || row.user.disabledAt || !isUserRole(row.user.role)) {
    await deps.prisma.session.deleteMany({ where: { id } });
    return expired ? { status: 'expired' } : { status: 'none' };
  }
  const [, repEmail] = await Promise.all([
    now.getTime() - row.lastSeenAt.getTime() >= limits.touchEveryMs
      ? deps.prisma.session.updateMany({ where: { id }, data: { lastSeenAt: now } })
      : undefined,
    options.withRep ? repEmailOf(deps.prisma, row.user.email) : null,
  ]);
  const { id: userId, email, name, role } = row.user;
  return {
    status: 'active',
    session: { sessionId: id, user: { id: userId, email, name, role, repEmail }, csrfToken: row.csrfToken, expiresAt: row.expiresAt },
  };
}

/** Whether a request's X-CSRF-Token header is the session's. */
export function csrfTokenMatches(session: { csrfToken: string }, header: string | string[] | undefined): boolean {
  return typeof header === 'string' && header !== '' && sameSecret(header, session.csrfToken);
}

/**
 * Ends the session a cookie token opens. A live session needs its CSRF token (so another site
 * cannot sign people out); one that is already gone or expired needs nothing.
 */
export async function signOut(
  deps: TSessionDeps,
  input: { token: string | undefined; csrfToken: string | string[] | undefined },
): Promise<void> {
  const found = await findSession(deps, input.token);
  if (found.status !== 'active') return;
  if (!csrfTokenMatches(found.session, input.csrfToken)) throw new AppError('FORBIDDEN', MESSAGES.csrf);
  await deps.prisma.session.deleteMany({ where: { id: found.session.sessionId } });
}
