/**
 * The footer every marketing email carries, whatever its template says (CAN-SPAM, GDPR and the
 * bulk-sender rules of Gmail, Yahoo and Microsoft): why the person gets it, a preference-centre
 * link, a one-click unsubscribe link and the sender's postal address. In the lead's language
 * (locales/*.json "footer.*", down the I18N_FALLBACK chain; English without a locale).
 */
import { escapeHtml, type TRenderedEmail } from './render-template';
import { i18n } from '../i18n/load-catalogues';

export type TFooter = {
  preferencesUrl: string;
  unsubscribeUrl: string;
  postalAddress: string;
  /** The lead's language tag (e.g. "kk-KZ"); the footer speaks it, down the I18N_FALLBACK chain. */
  locale?: string;
};

export function addComplianceFooter(email: TRenderedEmail, footer: TFooter): TRenderedEmail {
  const { t, lang } = i18n().translator(footer.locale);
  const why = t('footer.why');
  const preferences = t('footer.preferences');
  const unsubscribe = t('footer.unsubscribe');
  const html = `<div lang="${escapeHtml(lang)}" style="font-family:Arial,sans-serif;font-size:12px;line-height:18px;color:#666666;text-align:center;padding:16px 8px">${escapeHtml(why)}<br><a href="${escapeHtml(footer.preferencesUrl)}" style="color:#666666">${escapeHtml(preferences)}</a> · <a href="${escapeHtml(footer.unsubscribeUrl)}" style="color:#666666">${escapeHtml(unsubscribe)}</a><br>${escapeHtml(footer.postalAddress)}</div>`;
  const at = email.html.lastIndexOf('</body>');
  return {
    subject: email.subject,
    html: at === -1 ? email.html + html : email.html.slice(0, at) + html + email.html.slice(at),
    text: `${email.text.trimEnd()}\n\n--\n${why}\n${preferences}: ${footer.preferencesUrl}\n${unsubscribe}: ${footer.unsubscribeUrl}\n${footer.postalAddress}\n`,
  };
}
