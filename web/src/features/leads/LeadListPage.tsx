import { useMemo, type ReactElement } from 'react';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { api, data } from '../../api/client';
import { Loading, QueryError } from '../../components/Messages';
import { usePageTitle } from '../../components/PageTitle';
import { canConfigure, repEmailOf } from '../../app/access';
import { useUser } from '../auth/session';
import { LeadFilters } from './LeadFilters';
import { LeadTable } from './LeadTable';
import { SavedViews } from './SavedViews';
import { EnrollSegment } from './EnrollSegmentDialog';
import { useT } from '../../lib/i18n';
import { filtersToParams, parseFilters, toApiQuery, type TLeadFilters } from './search-params';

const PAGE_SIZE = 25;

export default function LeadListPage(): ReactElement {
  const t = useT();
  usePageTitle(t('leads.title'));
  const user = useUser();
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => parseFilters(params), [params]);
  const query = useMemo(() => toApiQuery(filters, repEmailOf(user), PAGE_SIZE), [filters, user]);

  const update = (next: Partial<TLeadFilters>, options: { replace?: boolean } = {}) =>
    setParams(filtersToParams({ ...filters, ...next }), { replace: options.replace ?? false });

  const search = useInfiniteQuery({
    queryKey: ['leads', 'search', query],
    queryFn: ({ pageParam }) => data(api.GET('/leads', { params: { query: pageParam ? { ...query, cursor: pageParam } : query } })),
    initialPageParam: '',
    getNextPageParam: (page) => page.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });

  const leads = search.data?.pages.flatMap((p) => p.items) ?? [];
  const total = search.data?.pages[0]?.total ?? 0;

  return (
    <>
      <div className="page-header">
        <div>
          <h1>{t('leads.title')}</h1>
          <p className="subtitle">{t('leads.subtitle')}</p>
        </div>
        {canConfigure(user) ? <EnrollSegment query={query} disabled={search.isSuccess && total === 0} /> : null}
      </div>
      <SavedViews currentQuery={params.toString()} />
      <LeadFilters filters={filters} onChange={update} />
      <p className="results-summary" role="status">
        {search.isPending
          ? t('leads.searching')
          : search.isSuccess
            ? `${total === 0 ? t('leads.noMatch') : t('leads.showing', { shown: leads.length, total })}${search.isFetching && !search.isFetchingNextPage ? t('leads.updating') : ''}`
            : ''}
      </p>
      {search.isError ? <QueryError error={search.error} retry={() => void search.refetch()} what={t('leads.what')} /> : null}
      {search.isPending ? <Loading label={t('leads.loading')} /> : null}
      {leads.length > 0 ? (
        <LeadTable
          leads={leads}
          hasMore={search.hasNextPage}
          loadingMore={search.isFetchingNextPage}
          onLoadMore={() => search.fetchNextPage()}
          total={total}
        />
      ) : null}
    </>
  );
}
