import type { ReactElement } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Link, useParams } from 'react-router';
import { ApiError } from '../../api/errors';
import { Badge } from '../../components/Badge';
import { Loading, QueryError } from '../../components/Messages';
import { usePageTitle } from '../../components/PageTitle';
import { personName } from '../../lib/format';
import { PATHS } from '../../app/access';
import { LeadActions } from './LeadActions';
import { LeadCard } from './LeadCard';
import { CustomerCard, History, Timeline } from './LeadSections';
import { Journeys } from './LeadJourneys';
import { LogNoteForm } from './LogNoteForm';
import { leadQuery } from './lead-queries';
import { useT } from '../../lib/i18n';

export default function LeadPage(): ReactElement {
  const t = useT();
  const { id = '' } = useParams();
  const lead = useQuery(leadQuery(id));
  usePageTitle(lead.data ? personName(lead.data) : t('leads.lead'));

  if (lead.isPending) return <Loading label={t('leads.loadingLead')} />;
  if (lead.isError) {
    const missing = lead.error instanceof ApiError && (lead.error.status === 404 || lead.error.status === 400);
    return (
      <>
        <h1>{missing ? t('leads.notFound') : t('leads.lead')}</h1>
        <QueryError error={lead.error} retry={missing ? undefined : () => void lead.refetch()} />
        <Link to={PATHS.leads}>{t('leads.backToList')}</Link>
      </>
    );
  }
  const l = lead.data;
  return (
    <>
      <p className="small">
        <Link to={PATHS.leads}>{t('leads.backLink')}</Link>
      </p>
      <div className="page-header">
        <div>
          <h1>{personName(l)}</h1>
          <p className="subtitle">{[l.email, l.company, l.phone].filter(Boolean).join(' · ')}</p>
        </div>
        <div className="button-row">
          <Badge value={l.status} />
          <Badge value={l.heat} />
        </div>
      </div>
      <div className="grid-2">
        <LeadCard lead={l} />
        <div>
          <LeadActions lead={l} />
          <LogNoteForm leadId={l.id} />
        </div>
      </div>
      <CustomerCard leadId={l.id} status={l.status} />
      <Journeys leadId={l.id} />
      <History leadId={l.id} />
      <Timeline leadId={l.id} />
    </>
  );
}
