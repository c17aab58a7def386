import { lazy, Suspense, type ReactElement, type ReactNode } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router';
import { ApiError } from '../api/errors';
import type { TRole } from '../api/types';
import { Loading } from '../components/Messages';
import { ExpiredScreen } from '../features/auth/ExpiredScreen';
import { SessionProvider, useSession } from '../features/auth/session';
import { homeFor, PATHS, safeNext } from './access';
import { Layout } from './Layout';
import { NotAllowed, NotFound } from './StatusPages';

// One chunk per page: the first load carries only the shell.
const SignInPage = lazy(() => import('../features/auth/SignInPage'));
const TasksPage = lazy(() => import('../features/tasks/TasksPage'));
const LeadListPage = lazy(() => import('../features/leads/LeadListPage'));
const LeadPage = lazy(() => import('../features/leads/LeadPage'));
const ImportPage = lazy(() => import('../features/import/ImportPage'));
const SequencesPage = lazy(() => import('../features/sequences/SequencesPage'));
const SequenceEditorPage = lazy(() => import('../features/sequence-editor/SequenceEditorPage'));
const SimulationPage = lazy(() => import('../features/simulation/SimulationPage'));
const TemplatesPage = lazy(() => import('../features/templates/TemplatesPage'));
const TemplateStudioPage = lazy(() => import('../features/templates/TemplateStudioPage'));
const ScoringPage = lazy(() => import('../features/scoring/ScoringPage'));
const CataloguePage = lazy(() => import('../features/catalogue/CataloguePage'));
const SuppressionsPage = lazy(() => import('../features/suppressions/SuppressionsPage'));
const TriggersPage = lazy(() => import('../features/triggers/TriggersPage'));
const DashboardsPage = lazy(() => import('../features/dashboards/DashboardsPage'));
const WebhooksPage = lazy(() => import('../features/webhooks/WebhooksPage'));
const WebhookDeliveriesPage = lazy(() => import('../features/webhooks/WebhookDeliveriesPage'));

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // A 4xx will not change by asking again; network trouble and 5xx get one more try.
        retry: (failures, error) => !(error instanceof ApiError && error.status < 500) && failures < 1,
        staleTime: 15_000,
        refetchOnWindowFocus: false,
      },
    },
  });
}

function RequireRole(props: { roles: readonly TRole[]; children: ReactNode }): ReactElement {
  const { user } = useSession();
  return user && props.roles.includes(user.role) ? <>{props.children}</> : <NotAllowed />;
}

function AppRoutes(): ReactElement {
  const { state, user } = useSession();
  const location = useLocation();
  if (state.status === 'loading') return <Loading label="Loading the console…" />;
  if (state.status === 'expired') return <ExpiredScreen message={state.message} />;

  if (!user) {
    const here = `${location.pathname}${location.search}`;
    if (state.status === 'signed-out' && state.signedOut && location.pathname !== PATHS.signIn)
      return <Navigate to={`${PATHS.signIn}?signedOut=1`} replace />;
    if (location.pathname === PATHS.signIn)
      return (
        <Suspense fallback={<Loading />}>
          <SignInPage />
        </Suspense>
      );
    const next = location.pathname === '/' ? '' : `?next=${encodeURIComponent(here)}`;
    return <Navigate to={`${PATHS.signIn}${next}`} replace />;
  }

  const home = homeFor(user.role);
  return (
    <Routes>
      <Route path={PATHS.signIn} element={<Navigate to={safeNext(new URLSearchParams(location.search).get('next')) ?? home} replace />} />
      <Route element={<Layout />}>
        <Route index element={<Navigate to={home} replace />} />
        <Route path="/app" element={<Navigate to={home} replace />} />
        <Route
          path={PATHS.tasks}
          element={
            <RequireRole roles={['SALES', 'ADMIN']}>
              <TasksPage />
            </RequireRole>
          }
        />
        <Route path={PATHS.leads} element={<LeadListPage />} />
        <Route path={`${PATHS.leads}/:id`} element={<LeadPage />} />
        <Route
          path={PATHS.import}
          element={
            <RequireRole roles={['SALES', 'ADMIN']}>
              <ImportPage />
            </RequireRole>
          }
        />
        <Route
          path={PATHS.sequences}
          element={
            <RequireRole roles={['MARKETING', 'ADMIN']}>
              <SequencesPage />
            </RequireRole>
          }
        />
        <Route path={PATHS.dashboards} element={<DashboardsPage />} />
        <Route
          path={PATHS.sequenceNew}
          element={
            <RequireRole roles={['MARKETING', 'ADMIN']}>
              <SequenceEditorPage />
            </RequireRole>
          }
        />
        <Route
          path={`${PATHS.sequences}/:key/edit`}
          element={
            <RequireRole roles={['MARKETING', 'ADMIN']}>
              <SequenceEditorPage />
            </RequireRole>
          }
        />
        <Route
          path={`${PATHS.sequences}/:key/simulate`}
          element={
            <RequireRole roles={['MARKETING', 'ADMIN']}>
              <SimulationPage />
            </RequireRole>
          }
        />
        <Route
          path={PATHS.templates}
          element={
            <RequireRole roles={['MARKETING', 'ADMIN']}>
              <TemplatesPage />
            </RequireRole>
          }
        />
        <Route
          path={`${PATHS.templates}/:key`}
          element={
            <RequireRole roles={['MARKETING', 'ADMIN']}>
              <TemplateStudioPage />
            </RequireRole>
          }
        />
        <Route
          path={PATHS.triggers}
          element={
            <RequireRole roles={['MARKETING', 'ADMIN']}>
              <TriggersPage />
            </RequireRole>
          }
        />
        <Route path={PATHS.scoring} element={<ScoringPage />} />
        <Route path={PATHS.catalogue} element={<CataloguePage />} />
        <Route
          path={PATHS.suppressions}
          element={
            <RequireRole roles={['MARKETING', 'ADMIN']}>
              <SuppressionsPage />
            </RequireRole>
          }
        />
        <Route
          path={PATHS.webhooks}
          element={
            <RequireRole roles={['ADMIN']}>
              <WebhooksPage />
            </RequireRole>
          }
        />
        <Route
          path={`${PATHS.webhooks}/:id`}
          element={
            <RequireRole roles={['ADMIN']}>
              <WebhookDeliveriesPage />
            </RequireRole>
          }
        />
        <Route path="*" element={<NotFound />} />
      </Route>
    </Routes>
  );
}

export function App(props: { queryClient: QueryClient }): ReactElement {
  return (
    <QueryClientProvider client={props.queryClient}>
      <BrowserRouter>
        <SessionProvider>
          <AppRoutes />
        </SessionProvider>
      </BrowserRouter>
    </QueryClientProvider>
  );
}
