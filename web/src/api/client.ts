/**
 * The typed API client: openapi-fetch over the generated `paths` (schema.d.ts, from the API's
 * own OpenAPI document). Requests carry the session cookie; mutations carry the session's CSRF
 * token; a non-2xx answer becomes an ApiError with the server's message; a 401 on anything but
 * the sign-in calls tells the app the session is over.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';
import { toApiError } from './errors';

let csrfToken: string | null = null;
/** Set from POST /auth/login and GET /auth/session; cleared on sign-out. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

type TUnauthorizedListener = (message: string) => void;
const unauthorizedListeners = new Set<TUnauthorizedListener>();
/** Called with the server's message when a data request answers 401 (the session ended). */
export function onUnauthorized(listener: TUnauthorizedListener): () => void {
  unauthorizedListeners.add(listener);
  return () => unauthorizedListeners.delete(listener);
}

const parseJson = (text: string): unknown => {
  try {
    return text ? JSON.parse(text) : undefined;
  } catch {
    return undefined;
  }
};

const MUTATIONS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
/** Calls whose 401 means "wrong password" or "not signed in yet", not "your session ended". */
const SESSION_CALLS = ['/auth/login', '/auth/session', '/auth/logout'];

export const sessionMiddleware: Middleware = {
  onRequest({ request }) {
    if (MUTATIONS.has(request.method) && csrfToken) request.headers.set('X-CSRF-Token', csrfToken);
    return request;
  },
  async onResponse({ request, response }) {
    if (response.ok) return response;
    const error = toApiError(response.status, parseJson(await response.clone().text()));
    const path = new URL(request.url).pathname;
    if (response.status === 401 && !SESSION_CALLS.includes(path)) {
      for (const listener of unauthorizedListeners) listener(error.message);
    }
    throw error;
  },
};

export const api = createClient<paths>({ baseUrl: window.location.origin, credentials: 'include' });
api.use(sessionMiddleware);

/**
 * The data of a successful call. The middleware already threw for every error status, so a
 * missing body here is a 204 (typed as undefined by the schema).
 */
export async function data<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const result = await call;
  return result.data as T;
}
