import { escapeHtml } from '../../lib/mail/render-template';

/** Public POST bodies (one-click unsubscribe, preference centre, questionnaire, referral form) are a few fields. */
export const PUBLIC_FORM_BODY_LIMIT = 16 * 1024;

/**
 * Pages for people (unsubscribe, preferences, questionnaire, referral) hold signed tokens in their
 * URLs: no referrer leaves them, nothing frames them, and they run no script.
 */
export const PAGE_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/** A small, self-contained HTML page for people (no scripts, no external assets). */
export function htmlPage(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:3rem auto;padding:0 1rem;color:#18181b}
button{font:inherit;padding:.6rem 1.2rem;border:0;border-radius:6px;background:#2563eb;color:#fff;cursor:pointer}
table{border-collapse:collapse;width:100%}td,th{text-align:left;padding:.4rem;border-bottom:1px solid #e4e4e7;vertical-align:top}
.muted{color:#71717a;font-size:.875rem}iframe{width:100%;height:32rem;border:1px solid #e4e4e7}pre{white-space:pre-wrap;background:#f4f4f5;padding:1rem}</style>
</head><body>${body}</body></html>`;
}
