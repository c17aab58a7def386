import type { ReactElement } from 'react';
import { useQuery } from '@tanstack/react-query';
import { personName } from '../../lib/format';
import { leadQuery } from './lead-queries';
import { useT } from '../../lib/i18n';

/** A lead's name (shares the lead page's cache entry); the id while loading or unknown. */
export function LeadName(props: { id: string }): ReactElement {
  const t = useT();
  const lead = useQuery(leadQuery(props.id));
  return <>{lead.data ? personName(lead.data) : lead.isError ? t('leads.theLead') : t('leads.loadingLead2')}</>;
}
