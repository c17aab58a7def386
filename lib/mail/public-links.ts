/**
 * The public links a lead's emails carry: unsubscribe (RFC 8058), the preference centre, the
 * win-back refusal questionnaire (each signed for one lead and one purpose), and a customer's
 * referral page (by code). The one place links are made and signed ones read back.
 */
import { signToken, verifyToken } from '../security/signed-token';

export type TLinkConfig = { publicBaseUrl: string; signingSecret: string };

/** What a signed lead link is for; a token for one purpose opens nothing else. */
export type TLeadLinkPurpose = 'unsub' | 'pref' | 'refusal';

const base = (c: Pick<TLinkConfig, 'publicBaseUrl'>) => c.publicBaseUrl.replace(/\/$/, '');
const leadToken = (leadId: string, purpose: TLeadLinkPurpose, c: TLinkConfig) => signToken({ l: leadId, p: purpose }, c.signingSecret);

/** The lead a signed link names, or undefined when it is forged, malformed or for another purpose. */
export function leadIdFromToken(token: string, purpose: TLeadLinkPurpose, signingSecret: string): string | undefined {
  const payload = verifyToken(token, signingSecret);
  return payload?.p === purpose && payload.l ? payload.l : undefined;
}

export const unsubscribeTokenFor = (leadId: string, c: TLinkConfig) => leadToken(leadId, 'unsub', c);
export const unsubscribeUrlFor = (leadId: string, c: TLinkConfig) => `${base(c)}/u/${unsubscribeTokenFor(leadId, c)}`;
export const preferencesUrlFor = (leadId: string, c: TLinkConfig) => `${base(c)}/p/${leadToken(leadId, 'pref', c)}`;
export const refusalUrlFor = (leadId: string, c: TLinkConfig) => `${base(c)}/q/${leadToken(leadId, 'refusal', c)}`;
export const referralUrlFor = (code: string, c: Pick<TLinkConfig, 'publicBaseUrl'>) => `${base(c)}/ref/${encodeURIComponent(code)}`;

/** The List-Unsubscribe header: the one-click HTTPS link first, then the mailto: form. */
export const listUnsubscribeHeader = (leadId: string, c: TLinkConfig & { unsubscribeMailto: string }) =>
  `<${unsubscribeUrlFor(leadId, c)}>, <mailto:${c.unsubscribeMailto}?subject=${encodeURIComponent(`unsubscribe ${unsubscribeTokenFor(leadId, c)}`)}>`;
