/**
 * The footer every marketing email carries, whatever its template says (CAN-SPAM, GDPR and the
 * bulk-sender rules of Gmail, Yahoo and Microsoft): why the person gets it, a preference-centre
 * link, a one-click unsubscribe link and the sender's postal address.
 */
import { escapeHtml, type TRenderedEmail } from './render-template';

export type TFooter = { preferencesUrl: string; unsubscribeUrl: string; postalAddress: string };

const WHY = 'You receive this email because you asked us for information or agreed to hear from us.';

export function addComplianceFooter(email: TRenderedEmail, footer: TFooter): TRenderedEmail {
  const html = `<div style="font-family:Arial,sans-serif;font-size:12px;line-height:18px;color:#666666;text-align:center;padding:16px 8px">${escapeHtml(WHY)}<br><a href="${escapeHtml(footer.preferencesUrl)}" style="color:#666666">Manage preferences</a> · <a href="${escapeHtml(footer.unsubscribeUrl)}" style="color:#666666">Unsubscribe</a><br>${escapeHtml(footer.postalAddress)}</div>`;
  const at = email.html.lastIndexOf('</body>');
  return {
    subject: email.subject,
    html: at === -1 ? email.html + html : email.html.slice(0, at) + html + email.html.slice(at),
    text: `${email.text.trimEnd()}\n\n--\n${WHY}\nManage preferences: ${footer.preferencesUrl}\nUnsubscribe: ${footer.unsubscribeUrl}\n${footer.postalAddress}\n`,
  };
}
