import { escapeHtml } from '../../lib/mail/render-template';
import { i18n } from '../../lib/i18n/load-catalogues';
import type { TTranslator } from '../../lib/i18n/translator';

/** Public POST bodies (one-click unsubscribe, preference centre, questionnaire, referral form) are a few fields. */
export const PUBLIC_FORM_BODY_LIMIT = 16 * 1024;

/**
 * Pages for people (unsubscribe, preferences, questionnaire, referral) hold signed tokens in their
 * URLs: no referrer leaves them, nothing frames them, and they run no script.
 */
export const PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** A small, self-contained HTML page for people (no scripts, no external assets), in `lang`. */
export function htmlPage(title: string, body: string, lang = 'en'): string {
  return `<!doctype html><html lang="${escapeHtml(lang)}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:3rem auto;padding:0 1rem;color:#18181b}
button{font:inherit;padding:.6rem 1.2rem;border:0;border-radius:6px;background:#2563eb;color:#fff;cursor:pointer}
table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.4rem;border-bottom:1px solid #e4e4e7;vertical-align:top}
.muted{color:#71717a;font-size:.875rem}iframe{width:100%;height:32rem;border:1px solid #e4e4e7}pre{white-space:pre-wrap;background:#f4f4f5;padding:1rem}</style>
</head><body>${body}</body></html>`;
}

/**
 * The language of a public page: the lead's locale when the link names a lead, otherwise the
 * visitor's Accept-Language; either way down the I18N_FALLBACK chain to English.
 */
export function pageTranslator(acceptLanguage: string | undefined, leadLocale?: string | null): TTranslator {
  return i18n().translator(leadLocale ?? i18n().negotiate(acceptLanguage));
}

/** A page with a heading and one paragraph, all from the catalogue, in the translator's language. */
export function messagePage(tr: TTranslator, title: string, heading: string, body: string): string {
  return htmlPage(tr.t(title), `<h1>${escapeHtml(tr.t(heading))}</h1><p>${escapeHtml(tr.t(body))}</p>`, tr.lang);
}

/** "This link is not valid", with the hint of the page it was meant for. */
export const invalidLinkPage = (tr: TTranslator, hint = 'pages.invalid.body') =>
  messagePage(tr, 'pages.invalid.title', 'pages.invalid.heading', hint);
