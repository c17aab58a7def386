import { queryOptions } from '@tanstack/react-query';
import { api, data } from '../../api/client';
import { ApiError } from '../../api/errors';

export const leadKey = (id: string) => ['lead', id] as const;

export const leadQuery = (id: string) =>
  queryOptions({ queryKey: leadKey(id), queryFn: () => data(api.GET('/leads/{id}', { params: { path: { id } } })) });

export const leadPartQuery = <T>(id: string, part: string, load: () => Promise<T>) =>
  queryOptions({ queryKey: [...leadKey(id), part] as const, queryFn: load });

export const historyQuery = (id: string) =>
  leadPartQuery(id, 'history', () => data(api.GET('/leads/{id}/history', { params: { path: { id } } })));
export const timelineQuery = (id: string) =>
  leadPartQuery(id, 'timeline', () => data(api.GET('/leads/{id}/timeline', { params: { path: { id } } })));
export const journeysQuery = (id: string) =>
  leadPartQuery(id, 'journeys', () => data(api.GET('/leads/{id}/journeys', { params: { path: { id } } })));
export const scoreQuery = (id: string) =>
  leadPartQuery(id, 'score', () => data(api.GET('/leads/{id}/score', { params: { path: { id } } })));
export const consentsQuery = (id: string) =>
  leadPartQuery(id, 'consents', () => data(api.GET('/leads/{id}/consents', { params: { path: { id } } })));
/** The customer card, or null while the lead has not converted (404). */
export const customerQuery = (id: string) =>
  leadPartQuery(id, 'customer', async () => {
    try {
      return await data(api.GET('/leads/{id}/customer', { params: { path: { id } } }));
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) return null;
      throw e;
    }
  });
