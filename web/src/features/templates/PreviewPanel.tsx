import { useEffect, useId, useRef, useState, type ReactElement } from 'react';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { api, data } from '../../api/client';
import { errorMessage } from '../../api/errors';
import { Alert, Loading, QueryError, Success } from '../../components/Messages';
import { PATHS } from '../../app/access';
import { sampleLocales, variantKeyFor, type TVariant } from './studio-logic';
import { useT } from '../../lib/i18n';

/** The value, once it has stopped changing for `ms` (typing does not fire a request per key). */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  const json = JSON.stringify(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(JSON.parse(json) as T), ms);
    return () => clearTimeout(timer);
  }, [json, ms]);
  return settled;
}

type TLeadChoice = { id: string; name: string; email: string; locale: string };
type TPreviewAs = { kind: 'sample'; locale: string } | { kind: 'lead'; lead: TLeadChoice };
const WIDTHS = { desktop: 680, mobile: 375 } as const;

/**
 * The draft as a person receives it: rendered by the API for a sample in any language or for a
 * real lead, in a sandboxed frame (no scripts, no same-origin access, links inert) at desktop or
 * phone width, with the subject, the plain-text part, and "send me a test".
 */
export function PreviewPanel(props: {
  draft: { subject: string; mjml: string };
  valid: boolean;
  baseKey: string;
  variants: readonly TVariant[];
  editingKey: string;
  /** The language of the template being edited (a variant's), the sample's first language. */
  initialLocale: string | null;
}): ReactElement {
  const t = useT();
  const [as, setAs] = useState<TPreviewAs>({ kind: 'sample', locale: props.initialLocale ?? 'en' });
  const [width, setWidth] = useState<keyof typeof WIDTHS>('desktop');
  const who = as.kind === 'lead' ? { leadId: as.lead.id } : { locale: as.locale };
  const preview = useQuery({
    queryKey: ['template-preview', props.draft, who],
    queryFn: () => data(api.POST('/templates/preview', { body: { template: props.draft, ...who } })),
    enabled: props.valid,
    placeholderData: keepPreviousData,
  });
  const test = useMutation({
    mutationFn: () => data(api.POST('/templates/test', { body: { template: props.draft, ...who } })),
  });
  const testRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (test.isSuccess || test.isError) testRef.current?.focus();
  }, [test.isSuccess, test.isError]);

  const locale = as.kind === 'lead' ? as.lead.locale : as.locale;
  const receives = variantKeyFor(props.baseKey, props.variants, locale);
  const widthId = useId();

  return (
    <section className="studio__preview panel" aria-labelledby="preview-title">
      <h2 id="preview-title">{t('templates.preview')}</h2>
      <fieldset>
        <legend>{t('templates.previewAs')}</legend>
        <div className="checkbox-row">
          <label>
            <input type="radio" name="preview-as" checked={as.kind === 'sample'} onChange={() => setAs({ kind: 'sample', locale })} />
            {t('templates.aSamplePerson')}
          </label>
          <label>
            <input
              type="radio"
              name="preview-as"
              checked={as.kind === 'lead'}
              onChange={() => as.kind !== 'lead' && setAs({ kind: 'lead', lead: { id: '', name: '', email: '', locale } })}
            />
            {t('templates.aLead')}
          </label>
        </div>
        {as.kind === 'sample' ? (
          <div className="field">
            <label htmlFor="sample-locale">{t('templates.languageOfTheSample')}</label>
            <select id="sample-locale" value={as.locale} onChange={(e) => setAs({ kind: 'sample', locale: e.target.value })}>
              {sampleLocales(props.variants, as.locale).map((l) => (
                <option key={l} value={l}>
                  {languageName(l)} ({l})
                </option>
              ))}
            </select>
          </div>
        ) : (
          <LeadPicker chosen={as.lead.id ? as.lead : undefined} onChoose={(lead) => setAs({ kind: 'lead', lead })} />
        )}
      </fieldset>
      {receives !== props.editingKey && (as.kind === 'sample' || as.lead.id) ? (
        <p className="notice">
          {t('templates.peopleWriting')}
          <strong>{locale}</strong>
          {t('templates.receive')}
          <Link to={PATHS.template(receives)}>{receives}</Link>
          {t('templates.notThis')}
          {props.editingKey === props.baseKey ? t('templates.default') : t('templates.variant')}
          {t('templates.thePreviewShowsThe')}
        </p>
      ) : null}

      <fieldset>
        <legend id={widthId}>{t('templates.width')}</legend>
        <div className="checkbox-row">
          {(['desktop', 'mobile'] as const).map((w) => (
            <label key={w}>
              <input type="radio" name="preview-width" checked={width === w} onChange={() => setWidth(w)} />
              {w === 'desktop' ? t('templates.desktopPx', { desktop: WIDTHS.desktop }) : t('templates.mobilePx', { mobile: WIDTHS.mobile })}
            </label>
          ))}
        </div>
      </fieldset>

      {!props.valid ? <p className="notice">{t('templates.thePreviewWaitsUntil')}</p> : null}
      {as.kind === 'lead' && !as.lead.id ? <p className="muted">{t('templates.chooseALeadTo')}</p> : null}
      {preview.isPending && props.valid && (as.kind === 'sample' || as.lead.id) ? (
        <Loading label={t('templates.renderingThePreview')} />
      ) : null}
      {preview.isError ? <QueryError error={preview.error} what={t('templates.thePreview')} retry={() => void preview.refetch()} /> : null}
      {preview.data && (as.kind === 'sample' || as.lead.id) ? (
        <>
          <dl className="preview-meta">
            <div>
              <dt>{t('templates.to')}</dt>
              <dd>{t('templates.text', { name: preview.data.recipient.name, email: preview.data.recipient.email })}</dd>
            </div>
            <div>
              <dt>{t('templates.subject')}</dt>
              <dd data-testid="preview-subject">{preview.data.subject}</dd>
            </div>
          </dl>
          <div className="preview-frame" style={{ maxWidth: `${WIDTHS[width]}px` }}>
            <iframe
              title={t('templates.emailPreviewWidth', { width })}
              sandbox=""
              srcDoc={preview.data.html}
              width={WIDTHS[width]}
              height={560}
              style={{ width: '100%' }}
            />
          </div>
          <details className="plain-text">
            <summary>
              <h3>{t('templates.plainTextPart')}</h3>
            </summary>
            <pre tabIndex={0} aria-label={t('templates.plainTextPart')}>
              {preview.data.text}
            </pre>
          </details>
        </>
      ) : null}

      <div className="button-row spaced">
        <button
          type="button"
          className="button button--secondary"
          disabled={!props.valid || test.isPending || (as.kind === 'lead' && !as.lead.id)}
          onClick={() => test.mutate()}
        >
          {test.isPending ? t('templates.sending') : t('templates.sendMeATest')}
        </button>
      </div>
      <div ref={testRef} tabIndex={-1}>
        {test.isSuccess ? <Success>{t('templates.testSentTo', { to: test.data.to, subject: test.data.subject })}</Success> : null}
        {test.isError ? <Alert>{t('templates.theTestWasNot', { error: errorMessage(test.error) })}</Alert> : null}
      </div>
    </section>
  );
}

/** A lead to preview as: search by name, email or company, then choose one. */
function LeadPicker(props: { chosen: TLeadChoice | undefined; onChoose: (lead: TLeadChoice) => void }): ReactElement {
  const t = useT();
  const [q, setQ] = useState('');
  const term = useDebounced(q.trim(), 300);
  const leads = useQuery({
    queryKey: ['leads', 'pick', term],
    queryFn: () => data(api.GET('/leads', { params: { query: { q: term, limit: 6 } } })),
    enabled: term.length >= 2,
  });
  return (
    <div className="lead-picker">
      {props.chosen ? (
        <p>
          {t('templates.previewingAs')}
          <strong>{props.chosen.name}</strong> ({props.chosen.email}
          {t('templates.writes')}
          {props.chosen.locale})
        </p>
      ) : null}
      <div className="field">
        <label htmlFor="preview-lead-search">{t('templates.findALead')}</label>
        <span className="hint" id="preview-lead-search-hint">
          {t('templates.nameEmailOrCompany')}
        </span>
        <input
          id="preview-lead-search"
          type="search"
          aria-describedby="preview-lead-search-hint"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          autoComplete="off"
        />
      </div>
      {leads.isFetching ? <Loading label={t('templates.searching')} /> : null}
      {leads.isError ? <QueryError error={leads.error} what={t('templates.leads')} /> : null}
      {leads.data && term.length >= 2 ? (
        leads.data.items.length === 0 ? (
          <p className="muted" role="status">
            {t('templates.noLeadMatches', { term })}
          </p>
        ) : (
          <ul className="plain-list lead-picker__results" aria-label={t('templates.matchingLeads')}>
            {leads.data.items.map((l) => {
              const name = [l.firstName, l.lastName].filter(Boolean).join(' ');
              return (
                <li key={l.id}>
                  <button
                    type="button"
                    className="button button--quiet"
                    aria-pressed={props.chosen?.id === l.id}
                    onClick={() => props.onChoose({ id: l.id, name, email: l.email, locale: l.locale })}
                  >
                    {name} · {l.email} · {l.locale}
                  </button>
                </li>
              );
            })}
          </ul>
        )
      ) : null}
    </div>
  );
}

/** "fi" → "Finnish (fi)" in the browser's language, or the tag itself. */
function languageName(tag: string): string {
  try {
    return new Intl.DisplayNames([navigator.language || 'en'], { type: 'language' }).of(tag) ?? tag;
  } catch {
    return tag;
  }
}
