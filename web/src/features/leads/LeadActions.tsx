import { useRef, useState, type ReactElement } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, data } from '../../api/client';
import { errorMessage } from '../../api/errors';
import type { TLead } from '../../api/types';
import { Alert } from '../../components/Messages';
import { canSell } from '../../app/access';
import { useUser } from '../auth/session';
import { leadKey } from './lead-queries';
import { ConvertForm, DeferForm, EditForm, LostForm } from './LeadForms';
import { EnrolForm, SendEmailForm } from './LeadOutreachForms';
import { useT } from '../../lib/i18n';

type TPanel = 'convert' | 'lost' | 'defer' | 'edit' | 'email' | 'enrol';

const CLOSED_STATUSES = new Set(['CUSTOMER', 'LOST']);

/**
 * What can be done with the lead, by role: sales (and admin) start follow-ups and convert;
 * everyone may mark lost, defer, edit, send one email and enrol in a sequence. Each shows the
 * API's answer or its error message.
 */
export function LeadActions(props: { lead: TLead }): ReactElement {
  const { lead } = props;
  const t = useT();
  const user = useUser();
  const queryClient = useQueryClient();
  const [panel, setPanel] = useState<TPanel>();
  const [result, setResult] = useState<string>();
  const resultRef = useRef<HTMLDivElement>(null);

  const done = async (message: string) => {
    setPanel(undefined);
    setResult(message);
    await queryClient.invalidateQueries({ queryKey: leadKey(lead.id) });
    await queryClient.invalidateQueries({ queryKey: ['leads'] });
    await queryClient.invalidateQueries({ queryKey: ['tasks'] });
    requestAnimationFrame(() => resultRef.current?.focus());
  };

  const followUp = useMutation({
    mutationFn: () => data(api.POST('/leads/{id}/follow-ups', { params: { path: { id: lead.id } }, body: {} })),
    onSuccess: (r) =>
      done(
        r.outcome === 'enrolled'
          ? t('leadActions.started', { owner: r.ownerEmail ?? '' })
          : r.outcome === 'already_active'
            ? t('leadActions.alreadyActive', { owner: r.ownerEmail ?? '' })
            : t('leadActions.notStarted', { outcome: r.outcome.replace(/_/g, ' ') }),
      ),
  });

  const open = (next: TPanel) => {
    setResult(undefined);
    followUp.reset();
    setPanel(panel === next ? undefined : next);
  };
  const closed = CLOSED_STATUSES.has(lead.status);
  const toggle = (name: TPanel, label: string) => (
    <button type="button" className="button button--secondary" aria-expanded={panel === name} onClick={() => open(name)}>
      {label}
    </button>
  );

  return (
    <section className="panel actions-panel" aria-labelledby="lead-actions">
      <h2 id="lead-actions">{t('leadActions.title')}</h2>
      <div className="button-row">
        {canSell(user) && !closed ? (
          <button
            type="button"
            className="button"
            disabled={followUp.isPending}
            onClick={() => {
              setPanel(undefined);
              setResult(undefined);
              followUp.mutate();
            }}
          >
            {followUp.isPending ? t('leadActions.starting') : t('leadActions.start')}
          </button>
        ) : null}
        {canSell(user) && lead.status !== 'CUSTOMER' ? toggle('convert', t('leadActions.convert')) : null}
        {!closed ? toggle('lost', t('leadActions.lost')) : null}
        {!closed ? toggle('defer', t('leadActions.defer')) : null}
        {toggle('edit', t('leadActions.edit'))}
        {toggle('email', t('leadActions.email'))}
        {toggle('enrol', t('leadActions.enrol'))}
      </div>
      <div ref={resultRef} tabIndex={-1} aria-live="polite">
        {result ? (
          <div className="success">
            <p>{result}</p>
          </div>
        ) : null}
      </div>
      {followUp.isError ? <Alert>{errorMessage(followUp.error)}</Alert> : null}
      {panel === 'convert' ? <ConvertForm lead={lead} onDone={done} onCancel={() => setPanel(undefined)} /> : null}
      {panel === 'lost' ? <LostForm lead={lead} onDone={done} onCancel={() => setPanel(undefined)} /> : null}
      {panel === 'defer' ? <DeferForm lead={lead} onDone={done} onCancel={() => setPanel(undefined)} /> : null}
      {panel === 'edit' ? <EditForm lead={lead} onDone={done} onCancel={() => setPanel(undefined)} /> : null}
      {panel === 'email' ? <SendEmailForm lead={lead} onDone={done} onCancel={() => setPanel(undefined)} /> : null}
      {panel === 'enrol' ? <EnrolForm lead={lead} onDone={done} onCancel={() => setPanel(undefined)} /> : null}
      {!canSell(user) ? <p className="muted small">{t('leadActions.salesOnly')}</p> : null}
    </section>
  );
}
