/**
 * Who is signed in. The session is server state (GET /auth/session, kept in the query cache under
 * SESSION_KEY); signing in and out write that entry. Any data request that answers 401 turns it
 * into "expired", which the app shows as its own screen instead of a broken page.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, type ReactElement, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api, onUnauthorized, setCsrfToken } from '../../api/client';
import { ApiError } from '../../api/errors';
import type { TSession, TUser } from '../../api/types';

export const SESSION_KEY = ['session'] as const;
/** The server's words for a session that ran out (GET /auth/session, any 401 from a session). */
const EXPIRED_PATTERN = /expired/i;

export type TSessionState =
  | { status: 'loading' }
  | { status: 'signed-out'; signedOut?: true }
  | { status: 'signed-in'; session: TSession }
  | { status: 'expired'; message: string };

type TStored = Exclude<TSessionState, { status: 'loading' }>;

async function loadSession(): Promise<TStored> {
  try {
    const { data } = await api.GET('/auth/session');
    return data ? { status: 'signed-in', session: data } : { status: 'signed-out' };
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) {
      return EXPIRED_PATTERN.test(e.message) ? { status: 'expired', message: e.message } : { status: 'signed-out' };
    }
    throw e;
  }
}

type TSessionContext = {
  state: TSessionState;
  /** The signed-in user, or undefined. */
  user: TUser | undefined;
  signedIn(session: TSession): void;
  signOut(): Promise<void>;
  /** Leaves the expired screen for the sign-in form. */
  acknowledgeExpiry(): void;
};

const SessionContext = createContext<TSessionContext | undefined>(undefined);

export function SessionProvider(props: { children: ReactNode }): ReactElement {
  const queryClient = useQueryClient();
  const query = useQuery({ queryKey: SESSION_KEY, queryFn: loadSession, staleTime: Infinity, retry: 1 });
  const stored = query.data;

  useEffect(() => {
    setCsrfToken(stored?.status === 'signed-in' ? stored.session.csrfToken : null);
  }, [stored]);

  const set = useCallback(
    (next: TStored) => {
      if (next.status !== 'signed-in') {
        setCsrfToken(null);
        // Nothing of the last user's data survives them.
        queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
      } else {
        setCsrfToken(next.session.csrfToken);
      }
      queryClient.setQueryData(SESSION_KEY, next);
    },
    [queryClient],
  );

  useEffect(
    () =>
      onUnauthorized((message) => {
        const current = queryClient.getQueryData<TStored>(SESSION_KEY);
        if (current?.status !== 'signed-in') return;
        set({ status: 'expired', message: EXPIRED_PATTERN.test(message) ? message : 'Your session has ended; sign in again.' });
      }),
    [queryClient, set],
  );

  const value = useMemo<TSessionContext>(() => {
    const state: TSessionState = stored ?? (query.isError ? { status: 'signed-out' } : { status: 'loading' });
    return {
      state,
      user: state.status === 'signed-in' ? state.session.user : undefined,
      signedIn: (session) => set({ status: 'signed-in', session }),
      signOut: async () => {
        try {
          await api.POST('/auth/logout');
        } catch {
          // Already over (401) or refused: this browser forgets the session either way.
        }
        set({ status: 'signed-out', signedOut: true });
      },
      acknowledgeExpiry: () => set({ status: 'signed-out' }),
    };
  }, [stored, query.isError, set]);

  return <SessionContext.Provider value={value}>{props.children}</SessionContext.Provider>;
}

export function useSession(): TSessionContext {
  const context = useContext(SessionContext);
  if (!context) throw new Error('useSession outside SessionProvider');
  return context;
}

/** The signed-in user; only for pages behind RequireSession. */
export function useUser(): TUser {
  const { user } = useSession();
  if (!user) throw new Error('useUser without a signed-in user');
  return user;
}
