/** Named shapes of the API's answers, derived from the generated schema (never written by hand). */
import type { paths } from './schema';

type TJson<T> = T extends { content: { 'application/json': infer J } } ? J : never;
/** The JSON body of a route's success answer. */
export type TOk<P extends keyof paths, M extends 'get' | 'post' | 'patch' | 'put' | 'delete'> = paths[P][M] extends {
  responses: infer R;
}
  ? R extends { 200: infer S }
    ? TJson<S>
    : R extends { 201: infer S }
      ? TJson<S>
      : R extends { 202: infer S }
        ? TJson<S>
        : never
  : never;
/** The JSON body a route takes. */
export type TBody<P extends keyof paths, M extends 'post' | 'patch' | 'put'> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;

export type TSession = TOk<'/auth/session', 'get'>;
export type TUser = TSession['user'];
export type TRole = TUser['role'];
export type TTask = TOk<'/tasks', 'get'>['items'][number];
export type TLead = TOk<'/leads/{id}', 'get'>;
export type TTimelineEntry = TOk<'/leads/{id}/timeline', 'get'>['items'][number];
export type THistoryEntry = TOk<'/leads/{id}/history', 'get'>['items'][number];
export type TJourneySummary = TOk<'/leads/{id}/journeys', 'get'>['items'][number];
export type TCustomer = TOk<'/leads/{id}/customer', 'get'>;
export type TConsentRecord = TOk<'/leads/{id}/consents', 'get'>['items'][number];
export type TLeadImport = TOk<'/leads/imports/{id}', 'get'>;
export type TSequenceSummary = TOk<'/sequences', 'get'>['items'][number];
