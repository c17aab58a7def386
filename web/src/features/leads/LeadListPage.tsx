import { useMemo, type ReactElement } from 'react';
import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { api, data } from '../../api/client';
import { Loading, QueryError } from '../../components/Messages';
import { usePageTitle } from '../../components/PageTitle';
import { repEmailOf } from '../../app/access';
import { useUser } from '../auth/session';
import { LeadFilters } from './LeadFilters';
import { LeadTable } from './LeadTable';
import { SavedViews } from './SavedViews';
import { filtersToParams, parseFilters, toApiQuery, type TLeadFilters } from './search-params';

const PAGE_SIZE = 25;

export default function LeadListPage(): ReactElement {
  usePageTitle('Leads');
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
          <h1>Leads</h1>
          <p className="subtitle">Search by name, email, company or phone, in any script.</p>
        </div>
      </div>
      <SavedViews currentQuery={params.toString()} />
      <LeadFilters filters={filters} onChange={update} />
      <p className="results-summary" role="status">
        {search.isPending
          ? 'Searching…'
          : search.isSuccess
            ? `${total === 0 ? 'No leads match' : `Showing ${leads.length} of ${total} lead${total === 1 ? '' : 's'}`}${search.isFetching && !search.isFetchingNextPage ? ' (updating…)' : ''}`
            : ''}
      </p>
      {search.isError ? <QueryError error={search.error} retry={() => void search.refetch()} what="leads" /> : null}
      {search.isPending ? <Loading label="Loading leads…" /> : null}
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
