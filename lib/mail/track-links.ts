/**
 * Open and click tracking. Links in the HTML part become /t/c/<token>, where the token signs
 * (HMAC, lib/security/signed-token) the message and the destination: the redirect goes only
 * where the email pointed, so there is no open redirect, and a tampered link gets a 4xx page.
 * Our own links (unsubscribe, preferences) and non-HTTP links (mailto:, tel:) stay as they are.
 */
import { signToken } from '../security/signed-token';

export type TTracking = { baseUrl: string; secret: string; messageId: string; opens: boolean; clicks: boolean };

const HREF = /(<a\b[^>]*?\bhref\s*=\s*)(["'])(https?:\/\/[^"'\s]+)\2/gi;
const unescapeAttr = (v: string) => v.replace(/&amp;/g, '&');

export const clickUrlFor = (t: Pick<TTracking, 'baseUrl' | 'secret' | 'messageId'>, url: string) =>
  `${t.baseUrl.replace(/\/$/, '')}/t/c/${signToken({ p: 'click', m: t.messageId, u: url }, t.secret)}`;

export const openUrlFor = (t: Pick<TTracking, 'baseUrl' | 'secret' | 'messageId'>) =>
  `${t.baseUrl.replace(/\/$/, '')}/t/o/${signToken({ p: 'open', m: t.messageId }, t.secret)}.gif`;

export function trackLinks(html: string, tracking: TTracking): string {
  const own = tracking.baseUrl.replace(/\/$/, '');
  let out = html;
  if (tracking.clicks) {
    out = out.replace(HREF, (whole, before: string, quote: string, url: string) => {
      const target = unescapeAttr(url);
      if (target === own || target.startsWith(`${own}/`)) return whole;
      return `${before}${quote}${clickUrlFor(tracking, target)}${quote}`;
    });
  }
  if (tracking.opens) {
    const pixel = `<img src="${openUrlFor(tracking)}" width="1" height="1" alt="" style="display:block;height:1px;width:1px;border:0">`;
    const at = out.lastIndexOf('</body>');
    out = at === -1 ? out + pixel : out.slice(0, at) + pixel + out.slice(at);
  }
  return out;
}
